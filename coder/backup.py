"""Rotating backups of a study, and restoring one.

A backup is a complete study file written with SQLite's online backup API — a consistent copy
even while the window goes on writing — to a partial name, checked, and renamed into place. They
live in the user's data folder under backups/<study name>-<study id>/, newest first; the oldest
beyond KEEP are removed. Restoring checks the chosen backup, backs up the study as it is now
(so a restore can itself be undone), and then replaces the study's content in one transaction.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime
from pathlib import Path

from .errors import CaseCoderError, NotAStudyError
from .settings import data_dir
from .store import APP_ID, SQLITE_MAGIC

KEEP = 10  # backups kept per study
BUDGET = 1 << 30  # ... and no more bytes of them than this, but always the newest two
STAMP = re.compile(r" (\d{4}-\d\d-\d\d \d{6})(?: \((\d+)\))?(?: [^()]*)?\.casecoder$")
EVERY_MINUTES = 10  # the window backs up after this much time with changes


def backups_dir(study_path: Path, study_id: str) -> Path:
    return data_dir() / "backups" / f"{_safe(Path(study_path).stem)}-{study_id[:8]}"


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("_") or "study"


def make_backup(study_path: str | Path, folder: str | Path | None = None, keep: int = KEEP,
                reason: str = "") -> Path:
    """Write a backup of the study; the path written."""
    study_path = Path(study_path)
    source = sqlite3.connect(f"file:{study_path}?mode=ro", uri=True)
    try:
        study_id = _study_id(source, study_path)
        target_dir = Path(folder) if folder else backups_dir(study_path, study_id)
        target_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y-%m-%d %H%M%S")
        suffix = f" {reason}" if reason else ""
        # several in one second are numbered, whatever their reason, so the newest sorts first
        taken = [int(m.group(2) or 1) for m in (STAMP.search(p.name) for p in target_dir.glob("*.casecoder"))
                 if m and m.group(1) == stamp]
        count = f" ({max(taken) + 1})" if taken else ""
        target = target_dir / f"{study_path.stem} {stamp}{count}{suffix}.casecoder"
        partial = target.with_name(target.name + ".partial")
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise CaseCoderError(f"{study_path.name}: the backup did not check out; the study may be damaged "
                                     "(run 'casecoder check')")
        finally:
            copy.close()
        os.replace(partial, target)
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
    source = sqlite3.connect(f"file:{study_path}?mode=ro", uri=True)
    try:
        _study_id(source, study_path)
        partial = out.with_name(out.name + ".partial")
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            with copy:
                forget_identity(copy, coder)
            copy.execute("PRAGMA journal_mode = DELETE")
            forget_history(copy)
        finally:
            copy.close()
        os.replace(partial, out)
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
    """The study's backups, newest first: path, when, size."""
    study_path = Path(study_path)
    if folder is None:
        try:
            source = sqlite3.connect(f"file:{study_path}?mode=ro", uri=True)
            try:
                folder = backups_dir(study_path, _study_id(source, study_path))
            finally:
                source.close()
        except (sqlite3.DatabaseError, CaseCoderError):
            return []
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.casecoder"):
        made = STAMP.search(path.name)
        if made:
            at = datetime.strptime(made.group(1), "%Y-%m-%d %H%M%S")
            found.append({"path": path, "at": at.isoformat(timespec="seconds"), "bytes": path.stat().st_size,
                          "order": (made.group(1), int(made.group(2) or 1))})
    found.sort(key=lambda b: b.pop("order"), reverse=True)  # by the time in the name, not the file's
    return found


def restore_backup(backup: str | Path, study_path: str | Path) -> Path:
    """Replace the study's content with a backup's; returns the backup made of it first."""
    backup, study_path = Path(backup), Path(study_path)
    if not backup.is_file():
        raise NotAStudyError(f"{backup}: no such backup")
    with open(backup, "rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise NotAStudyError(f"{backup.name}: not a CaseCoder backup (not an SQLite database)")
    from . import lock

    lock.acquire(study_path)  # another program writing the study: StudyInUseError, nothing restored
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        backup_id = _study_id(source, backup)
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise NotAStudyError(f"{backup.name}: this backup is damaged; choose another")
        target = sqlite3.connect(study_path)
        try:
            current_id = _study_id(target, study_path)
            if current_id != backup_id:
                raise CaseCoderError(f"{backup.name} is a backup of another study; it was not restored")
            before = make_backup(study_path, reason="before restore")
            source.backup(target)  # page by page inside one transaction of the target
        finally:
            target.close()
    finally:
        source.close()
        lock.release(study_path)
    return before


def _study_id(conn: sqlite3.Connection, path: Path) -> str:
    try:
        rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError as exc:
        raise NotAStudyError(f"{path.name}: not a CaseCoder study ({exc})") from exc
    if rows.get("app") != APP_ID:
        raise NotAStudyError(f"{path.name}: not a CaseCoder study")
    return rows.get("study_id", "")
