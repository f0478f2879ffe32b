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

The file beside the study can be tampered with: deleted while held (a clean-up, a sync client),
replaced by a folder, or by a link to another file. So the writer also holds a second lock, in
the user's data folder under locks/, named by the study file's device and file number (the same
study however it is reached); a second writer on this computer needs both. The lock file is
opened without following links and written only when it is a plain file of its own (no other
name links to it): a link is refused, never truncated, and so is a folder — the study then
opens read-only, with a message naming the file to remove. The holder checks before each change
that its file is still at the path and puts it back when it is gone.

Studies kept in folders that cloud services synchronise (Dropbox, OneDrive, iCloud, Google
Drive) are named by `cloud_folder`: opened on two computers at once, such a study becomes two
conflicting copies, and the window warns about it.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import getpass
import json
import os
import socket
import stat
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .errors import CaseCoderError

CLOUD_FOLDERS = ("dropbox", "onedrive", "icloud drive", "icloud", "mobile documents", "google drive",
                 "googledrive", "my drive", "box sync", "nextcloud", "owncloud")
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
CANNOT_WRITE = {errno.EACCES, errno.EPERM, errno.EROFS}  # a folder this program may not write in


@dataclass
class _Held:
    holders: int
    beside: tuple[int, Path] | None  # (locked descriptor, its path) of the file beside the study
    guard: tuple[int, Path] | None  # ... and of the one in the data folder

    @property
    def files(self) -> list[tuple[int, Path]]:
        return [f for f in (self.beside, self.guard) if f is not None]


_HELD: dict[str, _Held] = {}  # real path of the study -> its locks
_GUARD = threading.Lock()


class StudyInUseError(CaseCoderError):
    """Another program is writing this study."""


class LockFileUnusable(StudyInUseError):
    """The study's lock path is not a lock file this program may write (a link, a folder): no
    one can be kept out through it, so the study is read, not written, until it is removed."""


class ReadOnlyError(CaseCoderError):
    """The study was opened read-only; nothing can be changed in it here."""


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def guard_path(path: Path) -> Path | None:
    """The second lock of a study, in the data folder: named by the file, not by a path to it."""
    from .settings import data_dir

    try:
        info = os.stat(path)
    except OSError:
        return None
    return data_dir() / "locks" / f"{info.st_dev}-{info.st_ino}.lock"


def acquire(path: Path) -> None:
    """Take (or share, within this program) the study's lock; StudyInUseError when another has it."""
    key = os.path.realpath(path)
    with _GUARD:
        if key in _HELD:
            _HELD[key].holders += 1
            return
        held = _Held(1, None, None)
        try:
            beside = lock_path(Path(os.path.abspath(path)))  # the same file after a change of folder
            fd = _lock_file(Path(path), beside)
            if fd is not None:  # None: a folder we cannot write in (SQLite refuses the writes themselves)
                held.beside = (fd, beside)
            guard = guard_path(Path(path))
            if guard is not None:
                with contextlib.suppress(OSError):
                    guard.parent.mkdir(parents=True, exist_ok=True)
                    _sweep_guards(guard.parent)
                fd = _lock_file(Path(path), guard, where_unusable=False)
                if fd is not None:
                    held.guard = (fd, guard)
        except BaseException:
            for fd, target in held.files:
                _let_go(target, fd)
            raise
        for fd, _target in held.files:
            _write_holder(fd, _holder_info())
        _HELD[key] = held


def _sweep_guards(folder: Path, older_than: float = 3600.0) -> None:
    """Remove the data folder's locks that crashed or killed programs left (unlocked, and not
    written for an hour: a lock being taken right now is never one of them)."""
    import time

    now = time.time()
    for stale in list(folder.glob("*.lock"))[:200]:
        try:
            if now - stale.lstat().st_mtime < older_than:
                continue
            fd = os.open(stale, os.O_RDWR | NO_FOLLOW)
        except OSError:
            continue
        try:
            if _try_lock(fd):
                if _same_file(fd, stale):
                    stale.unlink()
                _unlock(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


def _holder_info() -> bytes:
    return json.dumps({"pid": os.getpid(), "user": getpass.getuser(), "host": socket.gethostname(),
                       "since": datetime.now(UTC).isoformat(timespec="seconds")}).encode("utf-8")


def _write_holder(fd: int, info: bytes) -> None:
    with contextlib.suppress(OSError):  # who holds it is a courtesy; the lock itself is taken
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, info)


def _open_lock(path: Path, target: Path, where_unusable: bool) -> int | None:
    """The lock file at `target`, opened without following a link, and only when it is a plain
    file that no other name shares (None when the folder cannot be written in)."""
    kind = _odd_kind(target)  # before opening too: where links cannot be refused by the open itself
    if kind is not None:
        if not where_unusable:
            return None
        raise _unusable(path, target, kind)
    try:
        fd = os.open(target, os.O_RDWR | os.O_CREAT | NO_FOLLOW, 0o644)
    except OSError as exc:
        kind = _odd_kind(target)
        if kind is None and (exc.errno in CANNOT_WRITE or not where_unusable):
            return None
        raise _unusable(path, target, kind or f"not a file CaseCoder can use ({exc.strerror})") from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
        os.close(fd)
        if not where_unusable:
            return None
        raise _unusable(path, target, "not a plain file of its own (another name links to it)")
    return fd


def _odd_kind(target: Path) -> str | None:
    """What is at the lock's path when it is not a plain file."""
    try:
        info = os.lstat(target)
    except OSError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return "a link to another file"
    if stat.S_ISDIR(info.st_mode):
        return "a folder"
    return None if stat.S_ISREG(info.st_mode) else "not a plain file"


def _unusable(path: Path, target: Path, kind: str) -> LockFileUnusable:
    return LockFileUnusable(f"{path.name}: its lock file {target} is {kind}, not CaseCoder's lock; nothing was "
                            "written to it, and the study cannot be kept from a second writer through it. Remove "
                            f"{target.name}, then open the study again.")


def _lock_file(path: Path, target: Path, where_unusable: bool = True) -> int | None:
    """An open, locked descriptor of the lock file now at `target` (None when it cannot be
    created). A file its holder removed meanwhile is let go and the new one taken."""
    for _attempt in range(20):
        fd = _open_lock(path, target, where_unusable)
        if fd is None:
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
        mine, there = os.fstat(fd), os.lstat(target)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def confirm(path: Path) -> None:
    """Before a change: this program's lock file must still be the one at the study's path. One
    deleted meanwhile is put back (the lock in the data folder kept others out until now);
    StudyInUseError when another program has taken the path meanwhile."""
    key = os.path.realpath(path)
    with _GUARD:
        held = _HELD.get(key)
        if held is None or held.beside is None or _same_file(*held.beside):
            return
        fd, target = held.beside
        try:
            fresh = _lock_file(Path(path), target)  # StudyInUseError when someone else holds the path now
        except LockFileUnusable:
            return  # a folder renamed away, a link put there: the lock in the data folder still holds
        if fresh is not None:
            _unlock(fd)
            os.close(fd)
            _write_holder(fresh, _holder_info())
            held.beside = (fresh, target)


def release(path: Path) -> None:
    """Let go of the study (the last of this program's holders removes the lock files)."""
    key = os.path.realpath(path)
    with _GUARD:
        held = _HELD.get(key)
        if held is None:
            return
        held.holders -= 1
        if held.holders == 0:
            del _HELD[key]
            for fd, target in held.files:
                _let_go(target, fd)


def _let_go(target: Path, fd: int) -> None:
    if os.name != "nt":  # removed while locked: see the module's docstring
        with contextlib.suppress(OSError):
            if _same_file(fd, target):
                target.unlink()
    _unlock(fd)
    os.close(fd)
    if os.name == "nt":  # an open file cannot be removed there; one another program opened stays
        with contextlib.suppress(OSError):
            if _odd_kind(target) is None:
                target.unlink()


@atexit.register
def _release_all() -> None:
    """A program ending without closing its studies still removes its lock files."""
    with _GUARD:
        for key, held in list(_HELD.items()):
            del _HELD[key]
            for fd, target in held.files:
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
