"""The old path of coder/coding/runs.py, kept only for the Word export modules that still import
it from here; removed when they move into coder/reports/."""

from .coding.runs import RunSpec, Segment  # noqa: F401
