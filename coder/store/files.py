"""Writing export files so that a crash or a full disk never leaves half a file under the name
the user chose: everything is written beside it and renamed into place at the end. A disk that
is full or cannot be written stops the export with a message naming the file the user chose and
the likely cause — the study itself is only read, so it is never the one blamed — and the
partial file is removed."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .errors import WriteFailed

T = TypeVar("T")
FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


def save_atomically(out: str | Path, write: Callable[[str], None]) -> Path:
    """Call `write(path)` on a temporary name next to `out`, then rename it to `out`."""
    out = Path(out)
    partial = out.with_name(out.name + ".partial")
    try:
        write(str(partial))
        partial.replace(out)
        return out
    except Exception as exc:  # noqa: BLE001 - the disk's faults reach us wrapped by the writers too
        if not is_disk_fault(exc):
            raise
        error = target_error(out, exc)
        _let_go_quietly(exc)
    finally:
        partial.unlink(missing_ok=True)
    raise error


def writing(out: str | Path, write: Callable[..., T], *args, **kwargs) -> T:
    """`write(*args, **kwargs)`, an export that writes as it goes (a streamed workbook spools its
    rows to temporary files before the save): a disk fault on the way is reported as `out`'s,
    not as a crash."""
    try:
        return write(*args, **kwargs)
    except WriteFailed as exc:  # said already (by save_atomically): the writer's streams go here too
        error = exc
        _let_go_quietly(exc)
    except Exception as exc:  # noqa: BLE001 - see save_atomically
        if not is_disk_fault(exc):
            raise
        error = target_error(out, exc)
        _let_go_quietly(exc)
    raise error


def _let_go_quietly(exc: BaseException) -> None:
    """Free what the failed writer held (its half-written streams), here and silently: freed
    later, openpyxl's writers complain on stderr as their streams close on a full disk."""
    import gc
    import sys

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        seen = 0
        while exc is not None and seen < 10:
            exc.__traceback__ = None  # the writer's frames, and through them its streams
            exc, seen = exc.__cause__ or exc.__context__, seen + 1
        gc.collect()
    finally:
        sys.unraisablehook = hook


def target_error(out: str | Path, exc: BaseException, unchanged: str = "") -> WriteFailed:
    """The message for a file that could not be written at `out`: what happened there, why it
    probably did, and what was left as it was (`unchanged`: "the study", a sentence's subject)."""
    out = Path(out)
    while not isinstance(exc, OSError | sqlite3.DatabaseError) and (exc.__cause__ or exc.__context__):
        exc = exc.__cause__ or exc.__context__  # the disk's own report, under what the writer made of it
    cause = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    code = getattr(exc, "errno", None)
    text = str(exc).lower()
    if code is None and not _can_write_in(out.parent):  # SQLite and lxml keep the system's reason to themselves
        code = errno.EACCES if out.parent.is_dir() else errno.ENOENT
    if code in FULL or "full" in text or "too large" in text or "efbig" in text or "enospc" in text or \
            "i/o" in text:
        advice = f"The disk holding {out.parent} may be full: free some space there, or choose another place."
    elif code in NOT_WRITABLE or "readonly" in text or "read-only" in text or "permission" in text:
        advice = f"{out.parent} cannot be written: choose a folder of yours."
    elif code == errno.ENOENT or "unable to open" in text:
        advice = f"Check that the folder {out.parent} exists and can be written."
    else:
        advice = "Choose another place, or try again."
    kept = f" {unchanged[:1].upper()}{unchanged[1:]} is as it was." if unchanged else ""
    left = "the file already there is as it was" if out.exists() else "nothing was left under that name"
    return WriteFailed(f"{out}: could not be written ({cause}); {left}.{kept} {advice}")


def is_disk_fault(exc: BaseException) -> bool:
    """Whether an error while writing a file is the disk's (full, read-only, gone): an OSError,
    or lxml's own report of one (a SerialisationError naming IO_EFBIG, IO_ENOSPC ...)."""
    seen = 0
    while exc is not None and seen < 10:  # lxml's writer replaces its report while closing its elements
        if isinstance(exc, OSError) or (type(exc).__name__ == "SerialisationError" and "IO_" in str(exc)):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _can_write_in(folder: Path) -> bool:
    import tempfile

    try:
        handle, probe = tempfile.mkstemp(prefix=".casecoder-", dir=folder)
    except OSError:
        return False
    import os

    os.close(handle)
    os.unlink(probe)
    return True


def is_target_fault(exc: BaseException) -> bool:
    """Whether an SQLite error while copying a study into a new file is the new file's (a full
    disk, a folder that cannot be written) rather than the study's own (a damaged file)."""
    if isinstance(exc, OSError):
        return True
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and not ("malformed" in text or "not a database" in text)
