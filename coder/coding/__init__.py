"""Coding and reading coded data: codings, data runs and their specs, search, saved queries, agreement.

May import the packages below it (coder.store, coder.sources, coder.codebook).
"""
