"""Bringing copies of a study together: the operation log, rows as copies exchange them, merge,
aliases, unique names, work packages, conflicts in words and their resolution.

May import every method package; the facade (coder/study.py) calls the log and the settling from
`Study.operation`, so nothing below imports this package.
"""
