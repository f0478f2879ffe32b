"""One writer per study: an operating-system lock, which a crashed or killed program releases.

A study being written is locked through `<study>.lock` beside it (an advisory lock on that
file, never on the study itself: SQLite's own locks on the study must not be disturbed). Inside
one program the lock is shared, so the window's background exports and analysis open the study
freely. A second program gets StudyInUseError naming who holds it, and can open the study
read-only instead. The lock file says who holds it. The program that holds it removes it when
it lets go (closing the study, or at exit): removed while still locked, so that a program
waiting on the old file sees, once it gets the lock, that the file is no longer the one at that
path and takes the lock again on the new one — two programs can never hold two different files.
A program that crashed leaves its file behind, unlocked: the operating-system lock is what
counts, so the next program simply takes it.

Studies kept in folders that cloud services synchronise (Dropbox, OneDrive, iCloud, Google
Drive) are named by `cloud_folder`: opened on two computers at once, such a study becomes two
conflicting copies, and the window warns about it.
"""

from __future__ import annotations

import atexit
import contextlib
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
_HELD: dict[str, list] = {}  # real path -> [descriptor, holders, lock file]
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
        target = lock_path(Path(os.path.abspath(path)))  # the same file after a change of folder
        fd = _lock_file(Path(path), target)
        if fd is None:
            return  # a folder we cannot write in: SQLite refuses the writes themselves
        info = {"pid": os.getpid(), "user": getpass.getuser(), "host": socket.gethostname(),
                "since": datetime.now(UTC).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(info).encode("utf-8"))
        _HELD[key] = [fd, 1, target]


def _lock_file(path: Path, target: Path) -> int | None:
    """An open, locked descriptor of the lock file now at `target` (None when it cannot be
    created). A file its holder removed meanwhile is let go and the new one taken."""
    for _attempt in range(20):
        try:
            fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return None
        if not _try_lock(fd):
            holder = _read_holder(fd)
            os.close(fd)
            raise StudyInUseError(f"{path.name} is open in another CaseCoder window or program ({holder}). "
                                  "Open it read-only, or close it there first.")
        if _same_file(fd, target):
            return fd
        _unlock(fd)
        os.close(fd)
    return None


def _same_file(fd: int, target: Path) -> bool:
    try:
        mine, there = os.fstat(fd), os.stat(target)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def release(path: Path) -> None:
    """Let go of the study (the last of this program's holders removes the lock file)."""
    key = os.path.realpath(path)
    with _GUARD:
        held = _HELD.get(key)
        if held is None:
            return
        held[1] -= 1
        if held[1] == 0:
            del _HELD[key]
            _let_go(held[2], held[0])


def _let_go(target: Path, fd: int) -> None:
    if os.name != "nt":  # removed while locked: see the module's docstring
        with contextlib.suppress(OSError):
            if _same_file(fd, target):
                target.unlink()
    _unlock(fd)
    os.close(fd)
    if os.name == "nt":  # an open file cannot be removed there; one another program opened stays
        with contextlib.suppress(OSError):
            target.unlink()


@atexit.register
def _release_all() -> None:
    """A program ending without closing its studies still removes its lock files."""
    with _GUARD:
        for key, (fd, _count, target) in list(_HELD.items()):
            del _HELD[key]
            with contextlib.suppress(OSError):
                _let_go(target, fd)


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
