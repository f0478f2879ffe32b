"""One writer per study: an operating-system lock, which a crashed or killed program releases.

A study being written is locked through `<study>.lock` beside it (an advisory lock on that
file, never on the study itself: SQLite's own locks on the study must not be disturbed). Inside
one program the lock is shared, so the window's background exports and analysis open the study
freely. A second program gets StudyInUseError naming who holds it, and can open the study
read-only instead. The lock file says who holds it; it is left in place (removing it could
let two programs lock two different files).

Studies kept in folders that cloud services synchronise (Dropbox, OneDrive, iCloud, Google
Drive) are named by `cloud_folder`: opened on two computers at once, such a study becomes two
conflicting copies, and the window warns about it.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import threading
from datetime import UTC, datetime
from pathlib import Path

from .errors import CaseCoderError

CLOUD_FOLDERS = ("dropbox", "onedrive", "icloud drive", "icloud", "mobile documents", "google drive",
                 "googledrive", "my drive", "box sync", "nextcloud", "owncloud")
_HELD: dict[str, list] = {}
_GUARD = threading.Lock()


class StudyInUseError(CaseCoderError):
    """Another program is writing this study."""


class ReadOnlyError(CaseCoderError):
    """The study was opened read-only; nothing can be changed in it here."""


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def acquire(path: Path) -> None:
    """Take (or share, within this program) the study's lock; StudyInUseError when another has it."""
    key = os.path.realpath(path)
    with _GUARD:
        if key in _HELD:
            _HELD[key][1] += 1
            return
        try:
            fd = os.open(lock_path(Path(path)), os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return  # a folder we cannot write in: SQLite refuses the writes themselves
        if not _try_lock(fd):
            holder = _read_holder(fd)
            os.close(fd)
            raise StudyInUseError(f"{Path(path).name} is open in another CaseCoder window or program ({holder}). "
                                  "Open it read-only, or close it there first.")
        info = {"pid": os.getpid(), "user": getpass.getuser(), "host": socket.gethostname(),
                "since": datetime.now(UTC).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(info).encode("utf-8"))
        _HELD[key] = [fd, 1]


def release(path: Path) -> None:
    key = os.path.realpath(path)
    with _GUARD:
        held = _HELD.get(key)
        if held is None:
            return
        held[1] -= 1
        if held[1] == 0:
            del _HELD[key]
            _unlock(held[0])
            os.close(held[0])


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        info = json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
    except (OSError, ValueError):
        return "holder unknown"
    if not info:
        return "holder unknown"
    return f"{info.get('user', '?')} on {info.get('host', '?')}, since {info.get('since', '?')}"


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def cloud_folder(path: Path) -> str | None:
    """The cloud service whose synchronised folder holds the study, if any."""
    for part in Path(path).resolve().parts:
        folded = part.casefold()
        for name in CLOUD_FOLDERS:
            if folded == name or folded.startswith(name + " ") or folded.startswith(name + "-"):
                return part
    return None
