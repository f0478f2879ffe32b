"""The old path of coder/crosssite/pattern_tables.py, kept only for the Word export modules that still import
it from here; removed when they move into coder/reports/."""

from .crosssite.pattern_tables import PatternTable, build_table, saved_names, saved_spec  # noqa: F401
