"""The error log: what went wrong unexpectedly, written where a researcher can find it and send it.

An unexpected exception (a bug, not bad input) must not cost work or leave the user guessing:
the action it interrupted was rolled back by its transaction, and the details go to one log
file in the user's data folder, which the window and the command line name. The log holds the
traceback and versions, never study content beyond what the exception's message says.
"""

from __future__ import annotations

import os
import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path

from .settings import data_dir
from .version import __version__

MAX_LOG_BYTES = 1_000_000  # past this the log starts afresh (the previous one kept as .1)


def log_path() -> Path:
    return data_dir() / "logs" / "casecoder-errors.log"


def describe_error(kind: type[BaseException], value: BaseException, tb) -> str:
    """The report of one error: when, versions, the traceback."""
    lines = [f"CaseCoder {__version__} · Python {platform.python_version()} · {platform.platform()}",
             f"{datetime.now().astimezone().isoformat(timespec='seconds')}",
             "".join(traceback.format_exception(kind, value, tb)).rstrip()]
    return "\n".join(lines)


def error_signature(kind: type[BaseException], tb) -> tuple:
    """Where an error was raised (type, file, line): the same bug twice has the same one."""
    frames = traceback.extract_tb(tb)
    last = frames[-1] if frames else None
    return (kind.__name__, last.filename if last else "", last.lineno if last else 0)


def write_error(kind: type[BaseException], value: BaseException, tb) -> tuple[Path | None, str]:
    """Append the report to the log; returns (the log's path, or None if it cannot be written;
    the report)."""
    report = describe_error(kind, value, tb)
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            os.replace(path, path.with_suffix(".log.1"))
        with open(path, "a", encoding="utf-8") as log:
            log.write(report + "\n" + "-" * 72 + "\n")
    except OSError as exc:
        print(f"casecoder: could not write the error log {path}: {exc}", file=sys.stderr)
        return None, report
    return path, report
