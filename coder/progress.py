"""The old path of coder/store/progress.py, kept only for the Word export modules that still import
it from here; removed when they move into coder/reports/."""

from .store.progress import CancelToken, Progress, no_progress  # noqa: F401
