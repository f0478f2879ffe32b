"""The old path of coder/coding/agreement.py, kept only for the Word export modules that still import
it from here; removed when they move into coder/reports/."""

from .coding.agreement import Agreement, over_text  # noqa: F401
