"""The old path of coder/store/errors.py, kept only for the Word export modules that still import
it from here; removed when they move into coder/reports/."""

from .store.errors import ConflictError  # noqa: F401
