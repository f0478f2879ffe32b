"""What the study is about and what it reads: cases, attributes, sets, sources and their text.

The case tree and typed attributes, sets, sources, the importers (one reader per format) and the
batch import, speaker turns and the per-study speaker list, the language analysis, and re-anchoring
codings when a transcript is corrected. May import coder.store only.
"""
