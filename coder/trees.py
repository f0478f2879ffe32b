"""The old path of coder/store/trees.py, kept only for the Word export modules that still import
it from here; removed when they move into coder/reports/."""

from .store.trees import chain  # noqa: F401
