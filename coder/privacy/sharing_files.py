"""Where a copy for sharing is made: never beside the copy the user asked for.

Until every name is replaced, the copy holds the real ones; killed at that moment, a file beside
the output (`shared.casecoder.partial`) would sit where the user goes to send the copy, holding
everything the copy promises to hide. So the copy is made in a working folder of its own under
the data folder (sharing/<random>/), held by an operating-system lock while the share runs, and
removed when it ends however it ends. A share that was killed leaves a folder no one holds: the
next share, or the next command, removes it. Only the finished copy comes to the output's
folder, under a hidden name, and is renamed into place.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

from ..store.files import target_error
from ..store.settings import data_dir

HELD = "in-use"


def sharing_root() -> Path:
    return data_dir() / "sharing"


def sweep_unfinished_shares() -> int:
    """Remove what killed shares left (folders whose share no longer runs); how many."""
    from ..store.lock import _try_lock, _unlock

    root = sharing_root()
    if not root.is_dir():
        return 0
    removed = 0
    for folder in root.iterdir():
        if not folder.is_dir() or folder.is_symlink():
            continue
        try:
            fd = os.open(folder / HELD, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            continue
        try:
            if not _try_lock(fd):
                continue  # a share running now
            _unlock(fd)
        finally:
            os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


@contextlib.contextmanager
def working_folder(out: Path) -> Iterator[Path]:
    """A path for the copy being made, in a folder of its own that is removed afterwards."""
    from ..store.lock import _try_lock, _unlock

    sweep_unfinished_shares()
    folder = sharing_root() / uuid.uuid4().hex
    try:
        folder.mkdir(parents=True)
        os.chmod(folder, 0o700)  # the real names, readable by this user only
        fd = os.open(folder / HELD, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise target_error(folder / "copy.casecoder", exc, "the study") from exc
    try:
        _try_lock(fd)
        try:
            yield folder / "copy.casecoder"
        except sqlite3.DatabaseError as exc:  # the working copy's disk (the data folder's) full
            raise target_error(folder / "copy.casecoder", exc, "the study") from exc
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)


def place_copy(partial: Path, out: Path, study_path: Path) -> None:
    """The finished copy to `out`: copied beside it under a hidden name, then renamed. A disk
    that is full or cannot be written is said of `out`; nothing is left there."""
    hidden = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        shutil.copyfile(partial, hidden)
        with open(hidden, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(hidden, out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            hidden.unlink(missing_ok=True)
        raise target_error(out, exc, f"the study {Path(study_path).name}") from exc
