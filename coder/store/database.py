"""Opening, creating and upgrading the SQLite file that holds one study.

The file is opened in WAL mode with foreign keys on. Anything that is not a CaseCoder study,
or a study from a newer CaseCoder, is refused before a single byte is written. A study in a
place that cannot be written (a read-only folder, a CD, a share mounted read-only) is read
through SQLite's read-only, immutable mode: its write-ahead log could not be made beside it.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from .clock import new_id, now
from .errors import NeedsUpgradeError, NewerStudyError, NotAStudyError, ReadOnlyPlaceError
from .schema import APP_ID, MIGRATIONS, SCHEMA_VERSION, UNDOABLE_TABLES, create_schema
from .text import pack_text, text_hash, unpack_text

SQLITE_MAGIC = b"SQLite format 3\x00"


def connect(path: Path, immutable: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are opened explicitly, one per action.
    `immutable`: read-only, for a file in a place that cannot be written (SQLite then takes no
    locks and makes no log file: nothing else can be writing it there)."""
    if immutable:
        uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro&immutable=1"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    # In WAL mode NORMAL keeps every commit atomic and the file consistent after a crash or a
    # kill; only a power cut can lose the last few commits. FULL would fsync on every coding.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MB of page cache: large studies scan big indexes
    # the lemma index reads the compressed lemma sequence through these (schema 2)
    conn.create_function("pack_text", 1, pack_text, deterministic=True)
    conn.create_function("unpack_text", 1, unpack_text, deterministic=True)
    conn.create_function("text_hash", 1, text_hash, deterministic=True)  # schema 6
    return conn


def create_study_file(path: Path, author: str) -> None:
    """Write a new, empty study at `path`; refuse to overwrite an existing file."""
    if path.exists():
        raise FileExistsError(f"{path}: a file of that name already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path)
    try:
        conn.execute("PRAGMA auto_vacuum = INCREMENTAL")  # before any table: see coder.store.compaction
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        create_schema(conn, SCHEMA_VERSION)
        meta = {"app": APP_ID, "schema_version": str(SCHEMA_VERSION), "study_id": new_id(),
                "created_at": now(), "created_by": author}
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
        conn.execute("COMMIT")
    except BaseException:
        conn.close()
        path.unlink(missing_ok=True)
        raise
    conn.close()


def open_study_file(path: Path, upgrade: bool = True, read_only: bool = False,
                    keep_before_upgrade: Callable[[Path, str], object] | None = None) -> sqlite_utils.Database:
    """Open an existing study, upgrading an older schema; refuse anything else unchanged.
    `read_only`: only read it (no upgrade, no change of journal), from a read-only place too.
    ReadOnlyPlaceError when a study to be written lies where nothing can be written.
    `keep_before_upgrade(path, reason)` keeps the study as found before an upgrade changes it (the
    facade passes the backup, coder/store/backup.py, which itself opens files through this module)."""
    if not path.is_file():
        raise NotAStudyError(f"{path}: no such study file")
    with open(path, "rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise NotAStudyError(f"{path}: not a CaseCoder study (not an SQLite database)")
    conn = _connect_readable(path, read_only)
    try:
        version = _read_version(conn, path)
        if version > SCHEMA_VERSION:
            raise NewerStudyError(
                f"{path}: this study was written by a newer CaseCoder (schema {version}); "
                f"this version reads schema {SCHEMA_VERSION} and older. Update CaseCoder.")
        if version < SCHEMA_VERSION and (read_only or not upgrade):
            raise NeedsUpgradeError(f"{path}: this study needs upgrading from version {version}, which only the "
                                 "program writing it can do; open it there first")
        if version < SCHEMA_VERSION:
            if keep_before_upgrade is not None:  # the study as this version found it
                keep_before_upgrade(path, f"before upgrade from version {version}")
            try:
                migrate(conn, version)
            except sqlite3.DatabaseError as exc:  # the upgrade rolled back: the file is as it was
                raise NotAStudyError(f"{path}: this study could not be upgraded from schema {version} ({exc}); "
                                     "it was not changed") from exc
        if not read_only:
            try:
                conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError as exc:
                if writable_place(path):
                    raise
                raise _read_only_place(path) from exc
    except BaseException:
        conn.close()
        raise
    return sqlite_utils.Database(conn)


def _connect_readable(path: Path, read_only: bool) -> sqlite3.Connection:
    """A connection that can read the study: the ordinary one, else (for reading, in a place
    that cannot be written, where SQLite cannot make the log files it reads a study through)
    an immutable one."""
    conn = None
    try:
        conn = connect(path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        if not isinstance(exc, sqlite3.OperationalError) or writable_place(path):
            raise NotAStudyError(f"{path}: not a CaseCoder study ({exc})") from exc
        if not read_only:
            raise _read_only_place(path) from exc
    return connect(path, immutable=True)


def writable_place(path: Path) -> bool:
    """Whether the study file and its folder can both be written (tried, not asked: the
    permission bits say nothing of a read-only mount or an immutable folder)."""
    try:
        fd = os.open(path, os.O_RDWR)
        os.close(fd)
        handle, probe = tempfile.mkstemp(prefix=".casecoder-", dir=Path(path).parent)
        os.close(handle)
        os.unlink(probe)
    except OSError:
        return False
    return True


def _read_only_place(path: Path) -> ReadOnlyPlaceError:
    return ReadOnlyPlaceError("it lies in a folder (or on a disk) that cannot be written; copy it to a folder of "
                              "yours to work in it")


def _read_version(conn: sqlite3.Connection, path: Path) -> int:
    try:
        rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError as exc:
        raise NotAStudyError(f"{path}: not a CaseCoder study ({exc})") from exc
    if rows.get("app") != APP_ID or "schema_version" not in rows:
        raise NotAStudyError(f"{path}: an SQLite database, but not a CaseCoder study")
    try:
        version = int(rows["schema_version"])
    except (TypeError, ValueError) as exc:
        raise NotAStudyError(f"{path}: damaged study (schema version {rows['schema_version']!r})") from exc
    if version < 1:  # studies start at version 1: there is nothing to upgrade from
        raise NotAStudyError(f"{path}: damaged study (schema version {version}, which no CaseCoder writes)")
    return version


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """Run every registered migration from `version` up, all in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](conn)
            version += 1
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def dump_tables(db: sqlite_utils.Database) -> dict[str, list[tuple]]:
    """Every undoable table's rows in a stable order: the study's content, for comparisons. The
    operation log and the exchange bookkeeping are how the content came about, not content."""
    dump = {}
    for table in UNDOABLE_TABLES:
        if table in ("ops", "op_effects", "sync_peers", "sync_conflicts", "source_aliases"):
            continue
        cols = [c.name for c in db[table].columns]
        rows = db.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
        dump[table] = sorted(rows, key=repr)
    return dump
