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

from .errors import WriteFailed

FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


def save_atomically(out: str | Path, write: Callable[[str], None]) -> Path:
    """Call `write(path)` on a temporary name next to `out`, then rename it to `out`."""
    out = Path(out)
    partial = out.with_name(out.name + ".partial")
    try:
        write(str(partial))
        partial.replace(out)
    except OSError as exc:
        raise target_error(out, exc) from exc
    finally:
        partial.unlink(missing_ok=True)
    return out


def target_error(out: str | Path, exc: BaseException, unchanged: str = "") -> WriteFailed:
    """The message for a file that could not be written at `out`: what happened there, why it
    probably did, and what was left as it was (`unchanged`: "the study", a sentence's subject)."""
    out = Path(out)
    cause = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    code = getattr(exc, "errno", None)
    text = str(exc).lower()
    if code in FULL or "full" in text or "too large" in text:
        advice = f"The disk holding {out.parent} may be full: free some space there, or choose another place."
    elif code in NOT_WRITABLE or "readonly" in text or "read-only" in text or "permission" in text:
        advice = f"{out.parent} cannot be written: choose a folder of yours."
    elif code == errno.ENOENT or "unable to open" in text:
        advice = f"Check that the folder {out.parent} exists and can be written."
    else:
        advice = "Choose another place, or try again."
    kept = f" {unchanged[:1].upper()}{unchanged[1:]} is as it was." if unchanged else ""
    return WriteFailed(f"{out}: could not be written ({cause}); nothing was left under that name.{kept} {advice}")


def is_target_fault(exc: BaseException) -> bool:
    """Whether an SQLite error while copying a study into a new file is the new file's (a full
    disk, a folder that cannot be written) rather than the study's own (a damaged file)."""
    if isinstance(exc, OSError):
        return True
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and not ("malformed" in text or "not a database" in text)
