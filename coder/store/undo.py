"""Row-level before/after images that make every operation undoable.

Temporary triggers (they live only on this connection, never in the study file) copy each row an
operation inserts, updates or deletes into `undo_log`, tagged with the operation's step. The log
is a table of the study file (schema 7), written in the operation's own transaction, so the
history outlasts the session (coder/history.py keeps its two stacks). Reverting a step writes the
before-images back in reverse order; that revert is itself captured as a new step, whose revert is
the redo. No operation has to write its own inverse, so nothing a future feature adds can escape
undo. Another connection (the analysis pass, a backup) has no triggers and captures nothing.
"""

from __future__ import annotations

import json
import sqlite3

from .schema import UNDOABLE_TABLES, run_ddl
from .schema_undo import SESSION_TABLES

KEYS = {
    "case_values": ("case_id", "attr_id"),
    "source_values": ("source_id", "attr_id"),
    "source_texts": ("source_id",),
    "speaker_labels": ("label",),
    "memo_reviewers": ("memo_id", "person"),
    "memo_section_marks": ("memo_id", "section"),
    "claim_stances": ("claim_id", "site_id"),
    "theme_codes": ("theme_id", "code_id"),
    "study_settings": ("key",),
    "set_members": ("set_id", "member_id"),
    "op_effects": ("tbl", "key", "op_seq"),
    "sync_peers": ("name",),
    "source_aliases": ("alias",),
}


def install_capture(conn: sqlite3.Connection) -> None:
    """Create the capture triggers on this connection (they write into the file's undo_log)."""
    if conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = 'undo_log'").fetchone() is None:
        # a file older than schema 7, opened without upgrading (only tests do): a session history
        if conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'undo_log'").fetchone() is None:
            run_ddl(conn, SESSION_TABLES)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS undo_state (step INTEGER)")
    if conn.execute("SELECT count(*) FROM temp.undo_state").fetchone()[0] == 0:
        conn.execute("INSERT INTO temp.undo_state (step) VALUES (NULL)")
    for table in UNDOABLE_TABLES:
        cols = _columns(conn, table)
        if not cols:  # a table of a later schema version than this (old) file: nothing to capture
            continue
        keys = KEYS.get(table, ("id",))
        key_cols = [(name, is_blob) for name, is_blob in cols if name in keys]
        if len(key_cols) != len(keys):  # a new table without an id column needs its key in KEYS
            raise RuntimeError(f"undo capture: {table} has no key columns {keys}")
        for kind, when in (("insert", "INSERT"), ("delete", "DELETE"), ("update", "UPDATE")):
            # Reverting an insert only deletes by key; redo re-inserts from the image that the
            # revert's own delete captured. So an insert logs its key, never its (long) text.
            old = _image(cols, "OLD") if kind != "insert" else "NULL"
            new = {"insert": _image(key_cols, "NEW"), "update": _image(key_cols, "NEW"), "delete": "NULL"}[kind]
            conn.execute(
                f"CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_{kind} AFTER {when} ON main.{table} "
                f"WHEN (SELECT step FROM undo_state) IS NOT NULL BEGIN "
                f"INSERT INTO undo_log (step, tbl, kind, old, new) VALUES "
                f"((SELECT step FROM undo_state), '{table}', '{kind}', {old}, {new}); END")


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, bool]]:
    rows = conn.execute(f"PRAGMA main.table_info({table})").fetchall()
    return [(row[1], (row[2] or "").upper() == "BLOB") for row in rows]


def blob_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {name for name, is_blob in _columns(conn, table) if is_blob}


def decode_image(image: dict, blobs: set[str]) -> dict:
    """A logged image with its BLOB columns turned back from hex into bytes."""
    return _decode(image, blobs)


def _image(cols: list[tuple[str, bool]], ref: str) -> str:
    parts = []
    for name, is_blob in cols:
        value = f"hex({ref}.{name})" if is_blob else f"{ref}.{name}"
        parts.append(f"'{name}', {value}")
    return f"json_object({', '.join(parts)})"


def begin_step(conn: sqlite3.Connection, step: int) -> None:
    """Tag every row written from now on with `step`."""
    conn.execute("UPDATE temp.undo_state SET step = ?", (step,))


def end_step(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE temp.undo_state SET step = NULL")


def step_is_empty(conn: sqlite3.Connection, step: int) -> bool:
    return conn.execute("SELECT 1 FROM undo_log WHERE step = ? LIMIT 1", (step,)).fetchone() is None


def revert_step(conn: sqlite3.Connection, step: int) -> None:
    """Write back the before-image of every row `step` touched, newest first."""
    blob_cols = {t: {n for n, b in _columns(conn, t) if b} for t in UNDOABLE_TABLES}
    rows = conn.execute("SELECT tbl, kind, old, new FROM undo_log WHERE step = ? ORDER BY seq DESC",
                        (step,)).fetchall()
    # consecutive writes of one statement go together, in the same order: forty thousand codings
    # taken back cost a few statements, not forty thousand
    batch_write, batch = None, []
    for table, kind, old_json, new_json in rows:
        keys = KEYS.get(table, ("id",))
        if kind == "insert":
            new = json.loads(new_json)
            write, args = (kind, table, keys), [new[k] for k in keys]
        else:
            old = _decode(json.loads(old_json), blob_cols[table])
            names = tuple(old)
            if kind == "delete":
                write, args = (kind, table, names), [old[n] for n in names]
            else:
                new = json.loads(new_json)
                write, args = (kind, table, names, keys), [old[n] for n in names] + [new[k] for k in keys]
        if write != batch_write and batch:
            _write_batch(conn, batch_write, batch)
            batch = []
        batch_write = write
        batch.append(args)
    if batch:
        _write_batch(conn, batch_write, batch)


PER_STATEMENT = 500  # rows a multi-row statement writes (well under SQLite's 32,766 variables)


def _write_batch(conn: sqlite3.Connection, write: tuple, batch: list[list]) -> None:
    """One kind of write's rows — ("insert", table, keys): the inserted rows deleted again;
    ("delete", table, columns): the deleted rows put back; ("update", table, columns, keys).
    Deletes by a one-column key and re-inserts go as multi-row statements (a statement per row
    opens a statement journal for each, the triggers' cost most of an undo of forty thousand
    codings); updates, whose values differ in shape, one by one."""
    kind, table, columns = write[:3]
    if kind == "insert" and len(columns) == 1:
        for at in range(0, len(batch), PER_STATEMENT):
            chunk = [args[0] for args in batch[at:at + PER_STATEMENT]]
            conn.execute(f"DELETE FROM {table} WHERE {columns[0]} IN ({', '.join('?' * len(chunk))})", chunk)
    elif kind == "insert":
        conn.executemany(f"DELETE FROM {table} WHERE {_match(columns)}", batch)
    elif kind == "delete":
        from .bulk import insert_rows

        insert_rows(conn, table, columns, batch)
    else:
        conn.executemany(f"UPDATE {table} SET {', '.join(f'{n} = ?' for n in columns)} WHERE {_match(write[3])}",
                         batch)


def forget_steps(conn: sqlite3.Connection, steps: list[int]) -> None:
    """Drop the captured images of these steps (undone, redone, or no longer redoable)."""
    conn.executemany("DELETE FROM undo_log WHERE step = ?", [(s,) for s in steps])


def forget_steps_before(conn: sqlite3.Connection, step: int) -> None:
    """Drop captured images of steps older than `step` (the history keeps a bounded depth)."""
    conn.execute("DELETE FROM undo_log WHERE step < ?", (step,))


def _match(keys: tuple[str, ...]) -> str:
    return " AND ".join(f"{k} = ?" for k in keys)


def _decode(image: dict, blobs: set[str]) -> dict:
    for name in blobs:
        if name in image and image[name] is not None:
            image[name] = bytes.fromhex(image[name])
    return image
