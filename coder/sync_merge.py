"""Settling rows from the operations a study holds, so that the order they arrived in never matters.

For each row, the held effects are folded in stamp order (Lamport counter, then operation UUID):
the newest write of a field decides that field, the newest insert or delete decides whether the
row exists. Then nothing is lost: a row one copy deleted while another still uses it (a code
deleted on one laptop and applied on another) stays, and is listed; two rows that would take
the same name keep both, the later UUID's name marked with its author; an identical coding made
on two laptops is kept once. Fields two copies changed without seeing each other's change are
listed as conflicts; the newer value stands until the user decides.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from .sync_rows import (
    QUIET_FIELDS,
    decode,
    delete_row,
    read_row,
    references,
    referred_to,
    write_row,
)


@dataclass
class Folded:
    """What the held operations say a row should be."""

    row: dict | None
    exists: bool
    writers: dict[str, list[tuple[str, list[str], object, str]]] = field(default_factory=dict)
    deleted_by: tuple[str, str] | None = None


def unpack(data: bytes) -> dict:
    return decode(json.loads(zlib.decompress(data)))


def fold(conn: sqlite3.Connection, tbl: str, key: str) -> Folded | None:
    """The row as the held operations make it; None when no operation touched it."""
    effects = conn.execute(
        "SELECT e.op_id, e.kind, e.fields, e.bases, e.data, o.author FROM op_effects e "
        "JOIN ops o ON o.id = e.op_id WHERE e.tbl = ? AND e.key = ? ORDER BY o.lamport, o.id",
        (tbl, key)).fetchall()
    if not effects:
        return None
    current = read_row(conn, tbl, key)
    image = dict(current) if current is not None else None
    exists = current is not None
    values: dict = {}
    writers: dict[str, list] = defaultdict(list)
    deleted_by = None
    for op_id, kind, fields, bases, data, author in effects:
        content = unpack(data)
        if kind == "delete":
            exists, deleted_by = False, (op_id, author)
            if image is None:
                image = dict(content)
            continue
        if kind == "insert":
            exists, deleted_by = True, None
            if image is None:
                image = dict(content)
        based = json.loads(bases)
        for name in json.loads(fields):
            values[name] = content[name]
            writers[name].append((op_id, based.get(name, []), content[name], author))
    if tbl == "turns" and image is None:
        image = {"source_id": json.loads(key)[0], "rows": []}
    row = {**image, **values} if image is not None else None
    return Folded(row, exists and row is not None, dict(writers), deleted_by)


def field_conflicts(folded: Folded) -> dict[str, list[dict]]:
    """Fields whose latest writes did not see each other and disagree: {field: [write, ...]}."""
    found = {}
    for name, writes in folded.writers.items():
        if name in QUIET_FIELDS or len(writes) < 2:
            continue
        replaced = {base for _, bases, _, _ in writes for base in bases}
        heads = [w for w in writes if w[0] not in replaced]
        if len({json.dumps(w[2], sort_keys=True, default=str) for w in heads}) > 1:
            found[name] = [{"op": w[0], "author": w[3], "value": w[2]} for w in heads]
    return found


@dataclass
class Settled:
    """What settling changed, for the import summary."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    tables: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def settle(conn: sqlite3.Connection, touched: Iterable[tuple[str, str]]) -> Settled:
    """Bring every touched row, and every row they refer to, to what the held operations say."""
    report = Settled()
    work = deque(dict.fromkeys(touched))
    queued = set(work)
    while work:
        tbl, key = work.popleft()
        queued.discard((tbl, key))
        current = read_row(conn, tbl, key)
        folded = fold(conn, tbl, key)
        if folded is None:
            folded = Folded(current, current is not None)
        alive = folded.exists
        if tbl in ("source_texts", "turns"):  # a source's text and turns live and die with it
            alive = folded.row is not None and conn.execute(
                "SELECT 1 FROM sources WHERE id = ?", json.loads(key)).fetchone() is not None
        _clear_conflicts(conn, tbl, key)
        if not alive and folded.row is not None and tbl not in ("source_texts", "turns"):
            keepers = [r for r in referred_to(conn, tbl, key) if r[0] not in ("source_texts", "turns")]
            if keepers:
                alive = True
                _note(conn, "deleted_in_use", tbl, key, "", {
                    "deleted_by": folded.deleted_by[1] if folded.deleted_by else "",
                    "deleted_op": folded.deleted_by[0] if folded.deleted_by else "",
                    "used_by": [list(k) for k in keepers]})
        for name, writes in field_conflicts(folded).items():
            _note(conn, "field", tbl, key, name, {"writes": writes})
        changed = False
        if alive and folded.row is not None and folded.row != current:
            if not _ensure_references(conn, tbl, key, folded.row, report):
                _note(conn, "missing", tbl, key, "", {"row": key})
                continue
            _write(conn, tbl, key, folded.row)
            report.added += current is None
            report.changed += current is not None
            changed = True
        elif not alive and current is not None:
            delete_row(conn, tbl, key)
            report.removed += 1
            changed = True
        if not changed:
            continue
        report.tables[tbl] += 1
        follow = references(conn, tbl, current) if current else []
        if folded.row is not None:
            follow += references(conn, tbl, folded.row)
        if tbl == "sources":
            follow += [("source_texts", key), ("turns", key)]
        for item in follow:
            if item not in queued:
                queued.add(item)
                work.append(item)
    return report


def _ensure_references(conn: sqlite3.Connection, tbl: str, key: str, row: dict, report: Settled,
                       depth: int = 0) -> bool:
    """Before a row is written, bring back what it refers to that this file no longer has (a
    code another copy deleted while this work used it). False when a referred row was never
    seen at all (its package has not been imported), so the row cannot be placed yet."""
    for ptbl, pkey in references(conn, tbl, row):
        if read_row(conn, ptbl, pkey) is not None:
            continue
        parent = fold(conn, ptbl, pkey)
        if parent is None or parent.row is None or depth > 50:
            return False
        if not _ensure_references(conn, ptbl, pkey, parent.row, report, depth + 1):
            return False
        _write(conn, ptbl, pkey, parent.row)
        report.added += 1
        report.tables[ptbl] += 1
        if not parent.exists:
            _note(conn, "deleted_in_use", ptbl, pkey, "", {
                "deleted_by": parent.deleted_by[1] if parent.deleted_by else "",
                "deleted_op": parent.deleted_by[0] if parent.deleted_by else "",
                "used_by": [[tbl, key]]})
        if ptbl == "sources":
            for companion in ("source_texts", "turns"):
                folded = fold(conn, companion, pkey)
                if folded is not None and folded.row is not None:
                    _write(conn, companion, pkey, folded.row)
    return True


def _write(conn: sqlite3.Connection, tbl: str, key: str, row: dict) -> None:
    """Write a row; when it would take another row's unique name or place, the later UUID yields."""
    from .sync_unique import clash, yielded

    for _ in range(20):
        try:
            write_row(conn, tbl, key, row)
            return
        except sqlite3.IntegrityError as exc:
            if "UNIQUE" not in str(exc):
                raise
            other = clash(conn, tbl, row)
            if other is None:
                raise
            mine = json.loads(key)[0]
            if tbl == "codings":  # the same passage coded alike on two laptops: one coding
                if mine < other:
                    delete_row(conn, tbl, json.dumps([other]))
                    continue
                return
            if mine < other:
                other_key = json.dumps([other])
                theirs = read_row(conn, tbl, other_key)
                write_row(conn, tbl, other_key, yielded(conn, tbl, theirs))
                _note(conn, "same_name", tbl, other_key, "", {"kept": mine, "renamed": other})
            else:
                row = yielded(conn, tbl, row)
                _note(conn, "same_name", tbl, key, "", {"kept": other, "renamed": mine})
    raise RuntimeError(f"could not place {tbl} {key} beside the rows it clashes with")


def _note(conn: sqlite3.Connection, kind: str, tbl: str, key: str, name: str, detail: dict) -> None:
    conn.execute("INSERT OR REPLACE INTO sync_conflicts (id, kind, tbl, key, field, detail) VALUES (?, ?, ?, ?, ?, ?)",
                 (f"{kind}:{tbl}:{key}:{name}", kind, tbl, key, name,
                  json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)))


def _clear_conflicts(conn: sqlite3.Connection, tbl: str, key: str) -> None:
    conn.execute("DELETE FROM sync_conflicts WHERE tbl = ? AND key = ? AND kind != 'same_name'", (tbl, key))


def settle_kept(conn: sqlite3.Connection) -> None:
    """Inside a local action: rows kept only because other work used them go once it no longer
    does (an action that deleted the last coding of a code another copy had deleted)."""
    while True:
        gone = 0
        for tbl, key in conn.execute("SELECT tbl, key FROM sync_conflicts WHERE kind = 'deleted_in_use'").fetchall():
            folded = fold(conn, tbl, key)
            if folded is not None and folded.exists:
                continue  # kept by the user since (or never deleted): its values are the action's
            if not referred_to(conn, tbl, key):
                delete_row(conn, tbl, key)
                if tbl == "sources":
                    delete_row(conn, "turns", key)
                    delete_row(conn, "source_texts", key)
                _clear_conflicts(conn, tbl, key)
                gone += 1
        if not gone:
            return


def refresh_conflicts(conn: sqlite3.Connection, rows: Iterable[tuple[str, str]]) -> None:
    """After a local action: drop the conflicts its writes settled (it saw every side)."""
    if conn.execute("SELECT 1 FROM sync_conflicts LIMIT 1").fetchone() is None:
        return
    for tbl, key in rows:
        if conn.execute("SELECT 1 FROM sync_conflicts WHERE tbl = ? AND key = ? LIMIT 1", (tbl, key)).fetchone():
            folded = fold(conn, tbl, key)
            _clear_conflicts(conn, tbl, key)
            if folded is None:
                continue
            for name, writes in field_conflicts(folded).items():
                _note(conn, "field", tbl, key, name, {"writes": writes})
            if not folded.exists and read_row(conn, tbl, key) is not None:
                keepers = referred_to(conn, tbl, key)
                if keepers:
                    _note(conn, "deleted_in_use", tbl, key, "", {
                        "deleted_by": folded.deleted_by[1] if folded.deleted_by else "",
                        "deleted_op": folded.deleted_by[0] if folded.deleted_by else "",
                        "used_by": [list(k) for k in keepers]})
