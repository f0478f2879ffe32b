"""Cross-site analysis: pattern tables and their cells, the cross-site outline and its edits.

May import coder.coding and the packages below it. A cell summary starts from a site memo read
through the study (`study.memos.section_text`), never by importing coder.memos.
"""
