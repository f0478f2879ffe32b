"""Keeping each committed action as an operation that another copy of the study can apply.

The undo machinery already logs the before-image of every row an action touches; at the end of
the action this turns those into the action's net effect per logical row (see sync_rows): an
insert with the whole row, an update with the fields that changed, or a delete with the row as
it was. Each written field also keeps the writers it replaced (its heads), which is how an edit
made without seeing another copy's edit of the same field is later recognised as a conflict.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections import defaultdict

from ..store import undo
from ..store.bulk import insert_rows
from ..store.clock import new_id, now
from .rows import LOCAL_TABLES, encode, key_of, logical_columns, logical_image, read_row


def pack(values: dict, raw: bool = False) -> bytes:
    """A row's values as stored in the log: JSON, zlib-compressed (`raw`: values encoded
    already, as a package carries them)."""
    return zlib.compress(json.dumps(values if raw else encode(values), ensure_ascii=False).encode("utf-8"))


def encode_fields(kind: str, fields: list[str]) -> str:
    """An insert writes every field ('*'), a delete none (''), an update the ones it lists."""
    if kind == "insert":
        return "*"
    return "" if kind == "delete" else json.dumps(fields)


def decode_fields(kind: str, fields: str, content: dict | None) -> list[str]:
    if kind == "delete":
        return []
    if fields == "*":
        return [k for k in (content or {}) if not k.startswith("$")]
    return json.loads(fields)


def decode_bases(bases: str) -> dict[str, list[str]]:
    return json.loads(bases) if bases else {}


def retracted(effects) -> set[str]:
    """Operations withdrawn by a later one among a row's effects ((op id, kind, fields, bases, ...))."""
    return {op for effect in effects if effect[3] and "$retract" in effect[3]
            for op in json.loads(effect[3])["$retract"]}


def materialize(conn: sqlite3.Connection, tbl: str, key: str, row: dict | None) -> None:
    """Before a row changes: its inserts that kept their values only in the row keep them now."""
    if row is not None:
        conn.execute(MATERIALIZE, (pack(row), tbl, key))


MATERIALIZE = "UPDATE op_effects SET data = ? WHERE tbl = ? AND key = ? AND data IS NULL"


def _materialize_all(conn: sqlite3.Connection, rows: list[tuple[bytes, str, str]]) -> None:
    """MATERIALIZE for many rows (data, table, key) as one UPDATE from a temporary table: an
    UPDATE each would open a statement journal each (op_effects has undo triggers), which the
    undo of forty thousand codings at once pays for each of them."""
    if len(rows) < 2:
        conn.executemany(MATERIALIZE, rows)
        return
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS sync_materialize (tbl TEXT, key TEXT, data BLOB)")
    conn.executemany("INSERT INTO temp.sync_materialize (data, tbl, key) VALUES (?, ?, ?)",
                     sorted(rows, key=lambda r: (r[1], r[2])))  # in key order: pages in turn
    conn.execute("UPDATE op_effects SET data = m.data FROM temp.sync_materialize m "
                 "WHERE op_effects.tbl = m.tbl AND op_effects.key = m.key AND op_effects.data IS NULL")
    conn.execute("DELETE FROM temp.sync_materialize")


def heads(conn: sqlite3.Connection, tbl: str, key: str) -> dict[str, list[str]]:
    """For each field of a row: the operations whose write of it no later held write replaced."""
    writers: dict[str, list[str]] = defaultdict(list)
    replaced: dict[str, set[str]] = defaultdict(set)
    columns = None
    effects = conn.execute(
        "SELECT o.id, e.kind, e.fields, e.bases FROM op_effects e JOIN ops o ON o.seq = e.op_seq "
        "WHERE e.tbl = ? AND e.key = ?", (tbl, key)).fetchall()
    withdrawn = retracted(effects)
    for op_id, kind, fields, bases in effects:
        if kind == "delete" or op_id in withdrawn:
            continue
        if fields == "*":
            columns = columns or logical_columns(conn, tbl)
            written = list(columns)
        else:
            written = json.loads(fields)
        based = decode_bases(bases)
        for name in written:
            writers[name].append(op_id)
            replaced[name].update(based.get(name, ()))
    return {name: sorted(w for w in ops if w not in replaced[name]) for name, ops in writers.items()}


def record_op(conn: sqlite3.Connection, step: int, *, op: str, label: str, author: str,
              asserted: frozenset = frozenset(), fields: tuple = (),
              retract: str | None = None, origin: str | None = None) -> tuple[str | None, list]:
    """Store the operation of undo step `step`; (its id, the rows it touched). The id is None
    when the step changed nothing another copy holds.

    `asserted` rows are recorded as whole-row inserts: a user who keeps a row another copy
    deleted re-creates it, which outranks that deletion. `fields` ((table, key, field), ...) are
    recorded as written even when their value did not change: a decided conflict. `retract` is an
    operation this one withdraws (an undone decision): every row it touched says so, and settling
    reads them as if it had never been made. `origin` is the copy of the study it was made on."""
    touched, numbers, gone = _touched_rows(conn, step)
    deleted_sources = {json.loads(k)[0] for (t, k), before in touched.items()
                       if t == "sources" and before is not None and read_row(conn, t, k) is None}
    known = _known_rows(conn, [k for k, before in touched.items() if before is None and k not in gone])
    present = _present_codings(conn, [key for (tbl, key), before in touched.items()
                                      if tbl == "codings" and before is not None])
    effects = []
    packed: dict[tuple[str, str], bytes] = {}  # a row's old image, packed once for both its uses
    materialized = []
    for (tbl, key), before in touched.items():
        if tbl == "turns":
            if json.loads(key)[0] in deleted_sources:
                continue  # the turns go with their source, and come back with it
            effects.append((tbl, key, "update", read_row(conn, tbl, key)))
            continue
        if before is None:  # new in this step: its values stay in the row until it changes
            if (tbl, key) in gone:
                continue
            if (tbl, key) in asserted or (tbl, key) in known:
                # back again (an undone deletion) or kept against a deletion: written out, and
                # replacing the writes it follows
                effects.append((tbl, key, "insert", read_row(conn, tbl, key)))
            else:
                effects.append((tbl, key, "insert", None))
            continue
        old = logical_image(conn, tbl, before, numbers)
        packed[(tbl, key)] = pack(old)
        materialized.append((packed[(tbl, key)], tbl, key))
        after = None if tbl == "codings" and key not in present else read_row(conn, tbl, key)
        if (tbl, key) in asserted and after is not None:
            effects.append((tbl, key, "insert", after))
        elif after is None:
            effects.append((tbl, key, "delete", old))
        else:
            changed = {f: v for f, v in after.items() if old.get(f) != v}
            changed.update({f: after[f] for t, k, f in fields if (t, k) == (tbl, key)})
            if changed:
                effects.append((tbl, key, "update", changed))
    # before the row changed, its inserts that kept their values only in the row keep them now
    _materialize_all(conn, materialized)
    if retract:  # the rows go back to what the other operations make them: a mark is all it takes
        effects = [(t, k, "update", {}) for (t, k) in touched]
    if not effects:
        return None, list(touched)
    op_id = new_id()
    lamport, seq = conn.execute("SELECT ifnull(max(lamport), 0) + 1, ifnull(max(seq), 0) + 1 FROM ops").fetchone()
    conn.execute("INSERT INTO ops (id, seq, lamport, op, label, author, at, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (op_id, seq, lamport, op, label, author, now(), origin))
    rows = []
    edited, versions = None, {}
    new_texts = {json.loads(k)[0] for t, k, kind, v in effects if t == "source_texts" and v and "text" in v}
    for tbl, key, kind, values in effects:
        bases = {}
        if kind == "update" or (kind == "insert" and values is not None):
            known = heads(conn, tbl, key)
            bases = {f: known[f] for f in values if known.get(f)}
        if retract:
            bases["$retract"] = [retract]
        data = dict(values) if values is not None else None
        if tbl == "source_texts" and kind == "update" and "text" in values:
            data["$old"] = logical_image(conn, tbl, touched[(tbl, key)], numbers)["text"]
        if tbl == "codings" and kind != "delete" and (values is None or {"start", "end"} & set(values)):
            # the text these offsets are in: a text edited elsewhere meanwhile re-anchors them
            if edited is None:
                edited = _edited_texts(conn) | new_texts
            source = read_row(conn, tbl, key)["source_id"] if edited else None
            if source in edited:
                if source not in versions:
                    versions[source] = [op_id] if source in new_texts else _text_version(conn, source)
                data = data if data is not None else read_row(conn, tbl, key)
                data["$text"] = versions[source]
            elif data is not None:
                data["$text"] = []
        if data is None:
            blob = None
        elif kind == "delete" and not bases and (tbl, key) in packed:
            blob = packed[(tbl, key)]  # the row as it was, packed above
        else:
            blob = pack(data)
        rows.append((seq, tbl, key, kind, encode_fields(kind, list(values or ())),
                     json.dumps(bases) if bases else "", blob))
    rows.sort(key=lambda r: (r[1], r[2]))  # in key order: a quarter of a million new codings go in fast
    # a statement per row would open a statement journal for each (op_effects has undo triggers)
    insert_rows(conn, "op_effects", ("op_seq", "tbl", "key", "kind", "fields", "bases", "data"), rows, or_replace=True)
    return op_id, list(touched)


def _touched_rows(conn: sqlite3.Connection, step: int):
    """Each logical row the step touched, with its first before-image (None: it was new), and
    the rows whose last event was their deletion."""
    touched: dict[tuple[str, str], dict | None] = {}
    numbers: dict[tuple[str, int], str] = {}
    gone: set[tuple[str, str]] = set()
    blobs: dict[str, set[str]] = {}
    skipped = ("turns", *LOCAL_TABLES)  # turns count per source, below; the log's own tables not at all
    for tbl, kind, old, new in conn.execute(  # read as a stream: a whole project's import is one step
            f"SELECT tbl, kind, old, new FROM undo_log WHERE step = ? AND tbl NOT IN ({', '.join('?' * len(skipped))}) "
            "ORDER BY seq", (step, *skipped)):
        image = json.loads(old) if old else None
        if image is not None and tbl not in blobs:
            blobs[tbl] = undo.blob_columns(conn, tbl)
        if image is not None:
            image = undo.decode_image(image, blobs[tbl])
            if tbl in ("sources", "codes"):
                numbers[(tbl, image["n"])] = image["id"]
        key = key_of(tbl, image if image is not None else json.loads(new))
        touched.setdefault((tbl, key), image)
        if kind == "delete":
            gone.add((tbl, key))
        else:
            gone.discard((tbl, key))
    # a source's turns are one logical row: the sources whose turns changed, read in SQL (an
    # import inserts tens of thousands; an inserted turn's image names only its row number)
    for (source,) in conn.execute(
            "SELECT json_extract(old, '$.source_id') FROM undo_log "
            "WHERE step = ? AND tbl = 'turns' AND old IS NOT NULL UNION "
            "SELECT t.source_id FROM undo_log u JOIN turns t ON t.id = json_extract(u.new, '$.id') "
            "WHERE u.step = ? AND u.tbl = 'turns' AND u.old IS NULL", (step, step)):
        touched.setdefault(("turns", json.dumps([source])), {})
    return touched, _Numbers(conn, numbers), gone


def _present_codings(conn: sqlite3.Connection, keys: list[str]) -> set[str]:
    """Which of these codings' keys are still in the file after the step: one pass over a
    temporary table rather than a look-up per coding (a bulk uncoding takes tens of thousands)."""
    if len(keys) < 50:
        return {k for k in keys if conn.execute("SELECT 1 FROM codings WHERE id = ?", json.loads(k)).fetchone()}
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS sync_coding_keys (key TEXT, id TEXT)")
    conn.execute("DELETE FROM temp.sync_coding_keys")
    conn.executemany("INSERT INTO temp.sync_coding_keys (key, id) VALUES (?, ?)",
                     [(k, json.loads(k)[0]) for k in keys])
    found = {k for (k,) in conn.execute("SELECT t.key FROM temp.sync_coding_keys t JOIN codings c ON c.id = t.id")}
    conn.execute("DELETE FROM temp.sync_coding_keys")
    return found


def _known_rows(conn: sqlite3.Connection, rows: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these new rows the log has seen before (an undone deletion come back): one join
    instead of a look-up per row."""
    if not rows:
        return set()
    if len(rows) < 50:
        return {r for r in rows if conn.execute("SELECT 1 FROM op_effects WHERE tbl = ? AND key = ? LIMIT 1",
                                                r).fetchone()}
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS sync_new_rows (tbl TEXT, key TEXT)")
    conn.execute("DELETE FROM temp.sync_new_rows")
    conn.executemany("INSERT INTO temp.sync_new_rows (tbl, key) VALUES (?, ?)", rows)
    found = set(conn.execute("SELECT DISTINCT n.tbl, n.key FROM temp.sync_new_rows n JOIN op_effects e "
                             "ON e.tbl = n.tbl AND e.key = n.key"))
    conn.execute("DELETE FROM temp.sync_new_rows")
    return found


def _edited_texts(conn: sqlite3.Connection) -> set[str]:
    """Sources whose text was ever corrected: only codings on them need to say which text their
    offsets are in (on any other, it is the text as imported)."""
    return {json.loads(k)[0] for (k,) in conn.execute(
        "SELECT DISTINCT key FROM op_effects WHERE tbl = 'source_texts' AND kind = 'update'")}


def _text_version(conn: sqlite3.Connection, source: str) -> list[str]:
    """The corrections of a source's text that no later held correction replaced."""
    writers, replaced = [], set()
    for op_id, bases in conn.execute(
            "SELECT o.id, e.bases FROM op_effects e JOIN ops o ON o.seq = e.op_seq WHERE e.tbl = 'source_texts' "
            "AND e.key = ? AND e.kind = 'update'", (json.dumps([source]),)):
        writers.append(op_id)
        replaced.update(decode_bases(bases).get("text", ()))
    return sorted(w for w in writers if w not in replaced)


class _Numbers(dict):
    """Row numbers of sources and codes to UUIDs: those the step deleted, then the file's."""

    def __init__(self, conn: sqlite3.Connection, deleted: dict) -> None:
        super().__init__(deleted)
        self.conn = conn

    def get(self, key, default=None):
        if key not in self:
            tbl, n = key
            row = self.conn.execute(f"SELECT id FROM {tbl} WHERE n = ?", (n,)).fetchone()
            self[key] = row[0] if row else default
        return self[key]


