"""Rotating backups of a study, and restoring one.

A backup is a complete study file written with SQLite's online backup API — a consistent copy
even while the window goes on writing — to a partial name, checked, and renamed into place. They
live in the user's data folder under backups/<study name>-<copy>/, newest first; the oldest
beyond KEEP are removed. <copy> is the first characters of the file's copy identity
(coder/copies.py), which a copy made by `casecoder copy` or by a file manager does not share:
two copies of one study, even under one file name, never rotate or list each other's backups.
(Folders named by the study's identity, as earlier versions made them, are still read: a backup
there counts as this copy's when it carries this copy's identity, or none.) Restoring checks
the chosen backup — this study, this copy unless told otherwise, a schema this version reads —
backs up the study as it is now (so a restore can itself be undone), and then replaces the
study's content in one transaction; the file keeps its own copy identity.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from .database import APP_ID, SCHEMA_VERSION, SQLITE_MAGIC, connect, writable_place
from .errors import CaseCoderError, NewerStudyError, NotAStudyError
from .files import is_target_fault, target_error
from .settings import data_dir

KEEP = 10  # backups kept per study
BUDGET = 1 << 30  # ... and no more bytes of them than this, but always the newest two
STAMP = re.compile(r" (\d{4}-\d\d-\d\d \d{6})(?: \((\d+)\))?(?: [^()]*)?\.casecoder$")
EVERY_MINUTES = 10  # the window backs up after this much time with changes
IDENTITY = ("copy_id", "copy_host", "copy_path", "copy_file")


def backups_dir(study_path: Path, copy: str) -> Path:
    """Where this copy's backups go: a folder already holding them (the study renamed since),
    else one named by the file's name and its copy identity."""
    root, tag = data_dir() / "backups", copy[:8]
    named = root / f"{_safe(Path(study_path).stem)}-{tag}"
    if not named.is_dir() and root.is_dir():
        for folder in sorted(root.glob(f"*-{tag}")):
            if folder.is_dir():
                return folder
    return named


def _legacy_dir(study_path: Path, study_id: str) -> Path:
    return data_dir() / "backups" / f"{_safe(Path(study_path).stem)}-{study_id[:8]}"


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("_") or "study"


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that only reads the study, in a folder that cannot be written too (where
    SQLite cannot make the files it reads a study in WAL mode through)."""
    path = Path(path)
    conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if writable_place(path):
            raise
    return connect(path, immutable=True)


def _open_source(study_path: Path) -> sqlite3.Connection:
    if not study_path.is_file():
        raise NotAStudyError(f"{study_path}: no such study file")
    try:
        return read_only_connection(study_path)
    except sqlite3.DatabaseError as exc:
        raise NotAStudyError(f"{study_path.name}: the study could not be read ({exc})") from exc


def make_backup(study_path: str | Path, folder: str | Path | None = None, keep: int = KEEP,
                reason: str = "") -> Path:
    """Write a backup of the study; the path written."""
    from .copies import file_identity

    study_path = Path(study_path)
    source = _open_source(study_path)
    try:
        _study_id(source, study_path)
        mine = None if folder else file_identity(study_path, source)
        target_dir = Path(folder) if folder else backups_dir(study_path, mine)
        stamp = datetime.now().strftime("%Y-%m-%d %H%M%S")
        suffix = f" {reason}" if reason else ""
        try:
            target_dir.mkdir(parents=True, exist_ok=True)
            # several in one second are numbered, whatever their reason, so the newest sorts first
            taken = [int(m.group(2) or 1) for m in (STAMP.search(p.name) for p in target_dir.glob("*.casecoder"))
                     if m and m.group(1) == stamp]
        except OSError as exc:
            raise target_error(target_dir / f"{study_path.stem} {stamp}.casecoder", exc,
                               f"the study {study_path.name}") from exc
        count = f" ({max(taken) + 1})" if taken else ""
        target = target_dir / f"{study_path.stem} {stamp}{count}{suffix}.casecoder"
        _write_copy(source, study_path, target, lambda copy: None)
    finally:
        source.close()
    if keep:  # the copy kept before a schema upgrade is never rotated away
        rotating = [b for b in list_backups(study_path, target_dir) if "before upgrade" not in b["path"].name]
        total = 0
        for i, backup in enumerate(rotating):
            total += backup["bytes"]
            if i >= keep or (i >= 2 and total > BUDGET):  # a large study keeps fewer, not gigabytes
                backup["path"].unlink(missing_ok=True)
    return target


def _write_copy(source: sqlite3.Connection, study_path: Path, target: Path, prepare) -> None:
    """The study, whole, at `target`: written to a partial name, `prepare`d (a function of the
    new file's connection), checked and renamed into place. A full disk or a folder that cannot
    be written is said of the target, never of the study, and leaves nothing behind."""
    partial = target.with_name(target.name + ".partial")
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            prepare(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise CaseCoderError(f"{study_path.name}: the backup did not check out; the study may be damaged "
                                     "(run 'casecoder check')")
        finally:
            copy.close()
        os.replace(partial, target)
    except (sqlite3.DatabaseError, OSError) as exc:
        _remove_partial(partial)
        if not is_target_fault(exc):
            raise
        raise target_error(target, exc, f"the study {study_path.name}") from exc
    except BaseException:
        _remove_partial(partial)
        raise


def _remove_partial(partial: Path) -> None:
    for leftover in (partial, partial.with_name(partial.name + "-journal"), partial.with_name(partial.name + "-wal"),
                     partial.with_name(partial.name + "-shm")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass


def copy_study(study_path: str | Path, out: str | Path, coder: str | None = None) -> Path:
    """A copy of the study for a teammate, whole even while the study is open and being written
    (a file manager's copy can miss what SQLite still holds in its log). The copy shares the
    study's identity and operation log, so the two exchange work (File > Team) from then on; it takes
    an identity of its own as a copy, and `coder` is the name the teammate's work goes under there
    unless they chose a "Coding as" name on their computer (coder/copies.py). Its undo history
    starts empty, since the teammate's Undo must not take back my actions as theirs (a backup, in
    contrast, keeps the history it had)."""
    from .copies import forget_identity

    study_path, out = Path(study_path), Path(out)
    if out.exists():
        raise CaseCoderError(f"{out.name} exists already; choose a new name for the copy")
    coder = " ".join((coder or "").split()) or None
    source = _open_source(study_path)

    def prepare(copy: sqlite3.Connection) -> None:
        with copy:
            forget_identity(copy, coder)
        forget_history(copy)

    try:
        _study_id(source, study_path)
        _write_copy(source, study_path, out, prepare)
    finally:
        source.close()
    return out


def forget_history(conn: sqlite3.Connection) -> None:
    """Empty the undo history (schema 7) of a copy, in one transaction."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE name IN ('undo_steps', 'undo_log')")}
    with conn:
        for table in sorted(tables):
            conn.execute(f"DELETE FROM {table}")


def list_backups(study_path: str | Path, folder: str | Path | None = None) -> list[dict]:
    """This copy's backups, newest first: path, when, size."""
    from .copies import identity_here, placed_identity

    study_path = Path(study_path)
    folders, mine = [], None
    if folder is None:
        try:
            source = _open_source(study_path)
            try:
                study_id = _study_id(source, study_path)
                mine = identity_here(source, study_path)
                folders.append((backups_dir(study_path, mine or placed_identity(study_path, source)), False))
            finally:
                source.close()
        except (sqlite3.DatabaseError, CaseCoderError):
            return []
        folders.append((_legacy_dir(study_path, study_id), True))
    else:
        folders.append((Path(folder), False))
    found, seen = [], set()
    for where, legacy in folders:
        if not where.is_dir() or where in seen:
            continue
        seen.add(where)
        for path in where.glob("*.casecoder"):
            made = STAMP.search(path.name)
            if not made or (legacy and _identity_of(path).get("copy_id") not in (None, mine)):
                continue
            at = datetime.strptime(made.group(1), "%Y-%m-%d %H%M%S")
            found.append({"path": path, "at": at.isoformat(timespec="seconds"), "bytes": path.stat().st_size,
                          "order": (made.group(1), int(made.group(2) or 1))})
    found.sort(key=lambda b: b.pop("order"), reverse=True)  # by the time in the name, not the file's
    return found


def _identity_of(path: Path) -> dict[str, str]:
    """The copy identity a backup file carries (empty when it carries none, or cannot be read)."""
    try:
        conn = sqlite3.connect(f"file:{quote(str(Path(path).resolve()))}?mode=ro", uri=True)
        try:
            marks = ",".join("?" * len(IDENTITY))
            return dict(conn.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", IDENTITY).fetchall())
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return {}


def restore_backup(backup: str | Path, study_path: str | Path, any_copy: bool = False) -> Path:
    """Replace the study's content with a backup's; returns the backup made of it first. A
    backup of another copy of the study is refused unless `any_copy`; the study keeps its own
    copy identity either way."""
    from .copies import file_identity

    backup, study_path = Path(backup), Path(study_path)
    if not backup.is_file():
        raise NotAStudyError(f"{backup}: no such backup")
    with open(backup, "rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise NotAStudyError(f"{backup.name}: not a CaseCoder backup (not an SQLite database)")
    from . import lock

    lock.acquire(study_path)  # another program writing the study: StudyInUseError, nothing restored
    source = _open_source(backup)
    try:
        backup_id = _study_id(source, backup)
        _check_version(source, backup)
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise NotAStudyError(f"{backup.name}: this backup is damaged; choose another")
        target = connect(study_path)
        try:
            current_id = _study_id(target, study_path)
            if current_id != backup_id:
                raise CaseCoderError(f"{backup.name} is a backup of another study; it was not restored")
            mine = file_identity(study_path, target)
            theirs = _identity_of(backup)
            if theirs.get("copy_id") not in (None, mine) and not any_copy:
                where = theirs.get("copy_path") or "another file"
                raise CaseCoderError(f"{backup.name} is a backup of another copy of this study ({where}), not of "
                                     f"{study_path.name}; it was not restored. Restore it with --any-copy to put "
                                     "that copy's work here instead.")
            own = dict(target.execute(f"SELECT key, value FROM meta WHERE key IN ({','.join('?' * len(IDENTITY))})",
                                      IDENTITY).fetchall())
            before = make_backup(study_path, reason="before restore")
            source.backup(target)  # page by page inside one transaction of the target
            if own.get("copy_id") and own != {k: theirs.get(k) for k in own}:
                with target:  # this file stays the copy it was (a kill before this: it takes a new one)
                    target.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", own.items())
        finally:
            target.close()
    finally:
        source.close()
        lock.release(study_path)
    return before


def _check_version(conn: sqlite3.Connection, path: Path) -> None:
    """A backup this version can open: not of a newer schema, nor of a schema it cannot name."""
    value = dict(conn.execute("SELECT key, value FROM meta").fetchall()).get("schema_version", "")
    try:
        version = int(value)
    except ValueError:
        raise NotAStudyError(f"{path.name}: this backup is damaged (schema version {value!r}); choose another; "
                             "nothing was restored") from None
    if version > SCHEMA_VERSION:
        raise NewerStudyError(f"{path.name} was written by a newer CaseCoder (schema {version}); this version reads "
                              f"schema {SCHEMA_VERSION} and older. Nothing was restored: update CaseCoder to "
                              "restore it.")
    if version < 1:
        raise NotAStudyError(f"{path.name}: this backup is damaged (schema version {version}); choose another; "
                             "nothing was restored")


def _study_id(conn: sqlite3.Connection, path: Path) -> str:
    try:
        rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError as exc:
        raise NotAStudyError(f"{path.name}: not a CaseCoder study ({exc})") from exc
    if rows.get("app") != APP_ID:
        raise NotAStudyError(f"{path.name}: not a CaseCoder study")
    return rows.get("study_id", "")
