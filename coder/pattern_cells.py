"""The old path of coder/crosssite/pattern_cells.py, kept only for the Word export modules that still import
it from here; removed when they move into coder/reports/."""

from .crosssite.pattern_cells import CellNotes  # noqa: F401
