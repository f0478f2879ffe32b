"""Memos: versions, Markdown text by the case outline, heading matching, comments, merging, review packages.

May import coder.crosssite (reading one section across sites uses the pattern table) and the
packages below it.
"""
