"""Settling rows from the operations a study holds, so that the order they arrived in never matters.

For each row, the held effects are folded in stamp order (Lamport counter, then operation UUID):
the newest insert or delete decides whether the row exists, and a field takes the value of its
write that no other held write replaced. When two copies wrote a field without seeing each
other's write (two renames of one code), the one made later by the clock stands (its operation's
time, `ops.at`; the greater operation UUID when the times are equal), and both are listed for the
user to decide. Every copy holds the same operations with the same times, so every order of
imports gives the same value. Then nothing is lost: a row one copy deleted while another still uses it (a code
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

from .alias import equivalent_keys, recognise, translate_key, translate_row
from .log import decode_bases, decode_fields, materialize, retracted
from .rows import (
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
    # field -> its writes (op id, writers it replaced, value, author, time), in stamp order
    writers: dict[str, list[tuple[str, list[str], object, str, str]]] = field(default_factory=dict)
    deleted_by: tuple[str, str] | None = None
    text_base: list[str] | None = None  # a coding: the text versions its offsets were set in
    first_old: str | None = None  # a source's text: what it was before the first held edit
    winners: dict[str, str] = field(default_factory=dict)  # field -> the operation whose write stands


def unpack(data: bytes) -> dict:
    return decode(json.loads(zlib.decompress(data)))


def _image(content: dict) -> dict:
    """An effect's row without the notes kept beside it ($text, $old)."""
    return {k: v for k, v in content.items() if not k.startswith("$")}


def standing_write(writes: list[tuple]) -> tuple:
    """The write of a field that stands: the one no other write replaced; of several such
    (concurrent writes on two copies), the latest by the clock, then the greater operation UUID."""
    replaced = {base for write in writes for base in write[1]}
    heads = [w for w in writes if w[0] not in replaced] or writes[-1:]
    return max(heads, key=lambda w: (w[4], w[0]))


def fold(conn: sqlite3.Connection, tbl: str, key: str) -> Folded | None:
    """The row as the held operations make it; None when no operation touched it."""
    keys = equivalent_keys(conn, tbl, key)
    effects = conn.execute(
        "SELECT o.id, e.kind, e.fields, e.bases, e.data, o.author, o.at FROM op_effects e "
        f"JOIN ops o ON o.seq = e.op_seq WHERE e.tbl = ? AND e.key IN ({', '.join('?' * len(keys))}) "
        "ORDER BY o.lamport, o.id", (tbl, *keys)).fetchall()
    if not effects:
        return None
    current = read_row(conn, tbl, key)
    image = dict(current) if current is not None else None
    exists = current is not None
    withdrawn = retracted([(e[0], e[1], e[2], e[3]) for e in effects])
    writers: dict[str, list] = defaultdict(list)
    deleted_by = None
    text_of: dict[str, list[str]] = {}  # a coding: each placing write's text versions
    first_old = None
    for op_id, kind, fields, bases, data, author, at in effects:
        if op_id in withdrawn:
            continue
        # an insert of this copy's whose row never changed keeps its values in the row
        content = unpack(data) if data is not None else dict(current or {})
        if kind == "delete":
            exists, deleted_by = False, (op_id, author)
            if image is None:
                image = _image(content)
            continue
        if kind == "insert":
            exists, deleted_by = True, None
            if image is None:
                image = _image(content)
        based = decode_bases(bases)
        written = decode_fields(kind, fields, content)
        for name in written:
            writers[name].append((op_id, based.get(name, []), content[name], author, at))
        if tbl == "codings" and {"start", "end"} & set(written):
            text_of[op_id] = content.get("$text", [])  # none: made on the text as first imported
        if "$old" in content and first_old is None:
            first_old = content["$old"]
    stands = {name: standing_write(writes) for name, writes in writers.items()}
    values = {name: write[2] for name, write in stands.items()}
    # the text a coding's offsets are in: that of the later (in stamp order) standing write of them
    order = {effect[0]: i for i, effect in enumerate(effects)}
    placed = [stands[name][0] for name in ("start", "end") if name in stands and stands[name][0] in text_of]
    text_base = text_of[max(placed, key=order.__getitem__)] if placed else None
    if tbl == "turns" and image is None:
        image = {"source_id": json.loads(key)[0], "rows": []}
    row = translate_row(conn, tbl, {**image, **values}) if image is not None else None
    return Folded(row, exists and row is not None, dict(writers), deleted_by, text_base, first_old,
                  {name: write[0] for name, write in stands.items()})


def field_conflicts(folded: Folded) -> dict[str, list[dict]]:
    """Fields whose latest writes did not see each other and disagree: {field: [write, ...]}."""
    found = {}
    for name, writes in folded.writers.items():
        if name in QUIET_FIELDS or len(writes) < 2:
            continue
        replaced = {base for write in writes for base in write[1]}
        heads = [w for w in writes if w[0] not in replaced]
        if len({json.dumps(w[2], sort_keys=True, default=str) for w in heads}) > 1:
            found[name] = [{"op": w[0], "author": w[3], "value": w[2], "at": w[4]} for w in heads]
    return found


@dataclass
class Settled:
    """What settling changed, for the import summary."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    recognised: int = 0
    tables: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    written: set[tuple[str, str]] = field(default_factory=set)  # the rows placed, for the checks after


def settle(conn: sqlite3.Connection, touched: Iterable[tuple[str, str]]) -> Settled:
    """Bring every touched row, and every row they refer to, to what the held operations say."""
    report = Settled()
    touched = list(dict.fromkeys(touched))
    # rows that waited for what they refer to: it may have come with this package
    found = [tuple(r) for r in conn.execute("SELECT tbl, key FROM sync_conflicts WHERE kind = 'missing'")]
    for tbl, key in touched:  # know every recognised transcript before anything refers to one
        if tbl == "sources":
            found += _recognise(conn, translate_key(conn, tbl, key), report)
    work = deque(dict.fromkeys(touched + found))
    texts: dict = {}
    queued = set(work)
    while work:
        tbl, key = work.popleft()
        queued.discard((tbl, key))
        key = translate_key(conn, tbl, key)
        current = read_row(conn, tbl, key)
        folded = fold(conn, tbl, key)
        if folded is None:
            folded = Folded(current, current is not None)
        alive = folded.exists
        if tbl == "sources" and current is None:
            found = _recognise(conn, key, report)
            if found:
                for item in found:
                    if item not in queued:
                        queued.add(item)
                        work.append(item)
                continue
        if tbl in ("source_texts", "turns"):  # a source's text and turns live and die with it
            alive = folded.row is not None and conn.execute(
                "SELECT 1 FROM sources WHERE id = ?", json.loads(key)).fetchone() is not None
        _clear_conflicts(conn, tbl, key)
        if not alive and folded.row is not None and tbl not in ("source_texts", "turns"):
            keepers = [r for r in referred_to(conn, tbl, key) if r[0] not in ("source_texts", "turns")]
            if keepers:
                alive = True
                _note_kept(conn, tbl, key, folded, keepers)
        for name, writes in field_conflicts(folded).items():
            _note(conn, "field", tbl, key, name, {"writes": writes})
        if tbl == "codings" and alive and folded.row is not None:
            anchored = reanchor(conn, folded, texts)
            if anchored is not None:
                folded.row = anchored
                if anchored["detached"]:
                    _note(conn, "detached", tbl, key, "", {"text": anchored["detached_text"]})
        changed = False
        if alive and folded.row is not None and folded.row != current:
            if not _ensure_references(conn, tbl, key, folded.row, report):
                _note(conn, "missing", tbl, key, "", {"row": key})
                continue
            materialize(conn, tbl, key, current)
            _write(conn, tbl, key, folded.row)
            report.added += current is None
            report.changed += current is not None
            changed = True
        elif not alive and current is not None:
            materialize(conn, tbl, key, current)
            delete_row(conn, tbl, key)
            report.removed += 1
            changed = True
        if not changed:
            continue
        report.tables[tbl] += 1
        report.written.add((tbl, key))
        follow = references(conn, tbl, current) if current else []
        if folded.row is not None:
            follow += references(conn, tbl, folded.row)
        if tbl == "sources":
            follow += [("source_texts", key), ("turns", key)]
        if tbl == "source_texts":  # codings made on another version of the text move onto this one
            follow += [("codings", json.dumps([c])) for (c,) in conn.execute(
                "SELECT c.id FROM codings c JOIN sources s ON s.n = c.source_n WHERE s.id = ?", json.loads(key))]
        for item in follow:
            if item not in queued:
                queued.add(item)
                work.append(item)
    return report


def reanchor(conn: sqlite3.Connection, folded: Folded, cache: dict) -> dict | None:
    """A coding whose offsets were set in another version of its source's text than the one that
    stands, moved onto that text (or detached when its words are gone); None when it is in place."""
    from ..sources.anchoring import PositionMap, anchor_range

    row = folded.row
    if folded.text_base is None or row.get("detached"):
        return None
    text = fold(conn, "source_texts", json.dumps([row["source_id"]]))
    if text is None or not text.writers.get("text"):
        return None
    standing = text.winners["text"]
    if standing in folded.text_base:
        return None
    versions = {w[0]: w[2] for w in text.writers["text"]}
    seen = [w[0] for w in text.writers["text"] if w[0] in folded.text_base]  # in stamp order
    old = versions[seen[-1]] if seen else text.first_old
    new = text.row["text"]
    if old is None or old == new:
        return None
    pair = (seen[-1] if seen else "", standing)
    if pair not in cache:
        cache[pair] = PositionMap(old, new)
    start, end, status = anchor_range(cache[pair], old, new, row["start"], row["end"])
    if status == "detached":
        return {**row, "start": start, "end": end, "detached": 1, "detached_text": old[row["start"]:row["end"]]}
    return {**row, "start": start, "end": end}


def _recognise(conn: sqlite3.Connection, key: str, report: Settled) -> list[tuple[str, str]]:
    """When a source this file lacks is a transcript it already holds under another id: the rows
    to settle into the one source; else nothing."""
    if read_row(conn, "sources", key) is not None:
        return []
    folded = fold(conn, "sources", key)
    if folded is None or folded.row is None:
        return []
    canon, alias = recognise(conn, json.loads(key)[0], folded.row.get("origin_hash"))
    if alias is None:
        return []
    report.recognised += 1
    return _source_rows(conn, canon, alias)


def _source_rows(conn: sqlite3.Connection, canon: str, alias: str) -> list[tuple[str, str]]:
    """Every logical row that settles into a source once `alias` is known to be `canon`."""
    rows = [("sources", json.dumps([canon])), ("source_texts", json.dumps([canon])), ("turns", json.dumps([canon]))]
    for source in (canon, alias):
        rows += [("source_values", k) for (k,) in conn.execute(
            "SELECT DISTINCT key FROM op_effects WHERE tbl = 'source_values' AND key LIKE ?",
            (json.dumps([source])[:-1] + ",%",))]
    return rows


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
        report.written.add((ptbl, pkey))
        if not parent.exists:
            _note_kept(conn, ptbl, pkey, parent, [(tbl, key)])
        if ptbl == "sources":
            for companion in ("source_texts", "turns"):
                folded = fold(conn, companion, pkey)
                if folded is not None and folded.row is not None:
                    _write(conn, companion, pkey, folded.row)
    return True


def _write(conn: sqlite3.Connection, tbl: str, key: str, row: dict) -> None:
    """Write a row; when it would take another row's unique name or place, the later UUID yields."""
    from .unique import clash, yielded

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
                    materialize(conn, tbl, json.dumps([other]), read_row(conn, tbl, json.dumps([other])))
                    delete_row(conn, tbl, json.dumps([other]))
                    continue
                return
            if mine < other:
                other_key = json.dumps([other])
                theirs = read_row(conn, tbl, other_key)
                materialize(conn, tbl, other_key, theirs)
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


def _note_kept(conn: sqlite3.Connection, tbl: str, key: str, folded: Folded, keepers: list) -> None:
    """A row another copy deleted, kept because work here uses it."""
    by = folded.deleted_by or ("", "")
    _note(conn, "deleted_in_use", tbl, key, "", {"deleted_by": by[1], "deleted_op": by[0],
                                                 "used_by": [list(k) for k in keepers]})


def _clear_conflicts(conn: sqlite3.Connection, tbl: str, key: str, keep_loops: bool = False) -> None:
    """Forget a row's conflicts before it is looked at again (a loop is looked at by the import
    that breaks it: a local action keeps it listed until a decision settles it)."""
    kept = "('same_name', 'loop')" if keep_loops else "('same_name')"
    conn.execute(f"DELETE FROM sync_conflicts WHERE tbl = ? AND key = ? AND kind NOT IN {kept}", (tbl, key))


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
                for part in ((tbl, "turns", "source_texts") if tbl == "sources" else (tbl,)):
                    materialize(conn, part, key, read_row(conn, part, key))
                    delete_row(conn, part, key)
                _clear_conflicts(conn, tbl, key)
                gone += 1
        if not gone:
            return


def refresh_conflicts(conn: sqlite3.Connection, rows: Iterable[tuple[str, str]], every: bool = False) -> None:
    """After a local action: drop the conflicts its writes settled (it saw every side); with
    `every` (a decision withdrawn), look at each row again, so its conflict is listed again."""
    if not every and conn.execute("SELECT 1 FROM sync_conflicts LIMIT 1").fetchone() is None:
        return
    for tbl, key in rows:
        if every or conn.execute("SELECT 1 FROM sync_conflicts WHERE tbl = ? AND key = ? LIMIT 1",
                                 (tbl, key)).fetchone():
            folded = fold(conn, tbl, key)
            _clear_conflicts(conn, tbl, key, keep_loops=True)
            if folded is None:
                continue
            for name, writes in field_conflicts(folded).items():
                _note(conn, "field", tbl, key, name, {"writes": writes})
            if not folded.exists and read_row(conn, tbl, key) is not None:
                keepers = referred_to(conn, tbl, key)
                if keepers:
                    _note_kept(conn, tbl, key, folded, keepers)
