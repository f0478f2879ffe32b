"""The old path of coder/store/files.py, kept only for the Word export modules that still import
it from here; removed when they move into coder/reports/."""

from .store.files import save_atomically, writing  # noqa: F401
