"""Rows as copies of a study exchange them: keyed by UUIDs, free of what is local to one file.

A study file keeps a few things that mean something only inside it: the row numbers `n` of
sources and codes (codings refer to those), the integer ids of turns, and the language analysis
of a text. The logical row leaves them out: a coding names its source and code by UUID, a
source's text is just its words, and a source's turns travel together as one value keyed by the
source. Reading and writing here translate between the two.
"""

from __future__ import annotations

import base64
import json
import sqlite3

from ..store.schema import UNDOABLE_TABLES
from ..store.undo import KEYS

LOCAL_TABLES = ("ops", "op_effects", "sync_peers", "sync_conflicts", "source_aliases")
SYNC_TABLES = tuple(t for t in UNDOABLE_TABLES if t not in LOCAL_TABLES)
LOCAL_COLUMNS = {"sources": {"n"}, "codes": {"n"}, "codings": {"source_n", "code_n"}}
TURN_FIELDS = ("start", "end", "body_start", "label", "speaker_id", "time_ms")
# who/when stamps change with every edit: two copies stamping a row differently is no conflict
QUIET_FIELDS = {"created_at", "created_by", "modified_at", "modified_by", "chars", "origin_hash"}


# which part of the window a table's rows show in: importing work and deciding conflicts refresh it
AREAS = {
    "cases": "cases", "attribute_defs": "attributes", "case_values": "attributes", "source_values": "attributes",
    "sources": "sources", "source_texts": "text", "turns": "text", "speakers": "speakers",
    "speaker_labels": "speakers", "sections": "sections", "codes": "codes", "codings": "codings",
    "saved_queries": "queries", "sets": "sets", "set_members": "sets", "pattern_tables": "tables",
    "pattern_cells": "tables", "pattern_quotes": "tables",
}


def area_of(tbl: str) -> str:
    """The part of the window a table's rows show in (what to refresh after they change)."""
    return AREAS.get(tbl, "memos" if tbl.startswith("memo") else "outline")


def key_columns(tbl: str) -> tuple[str, ...]:
    if tbl == "turns":
        return ("source_id",)
    return KEYS.get(tbl, ("id",))


def key_of(tbl: str, row: dict) -> str:
    """A row's key as the log stores it: the JSON list of its key values."""
    names = key_columns(tbl)
    if len(names) == 1:
        value = row[names[0]]
        if isinstance(value, str) and '"' not in value and "\\" not in value and value.isascii() \
                and value.isprintable():
            return f'["{value}"]'  # a UUID, as json.dumps writes it, without the encoder's cost
    return json.dumps([row[k] for k in names])


def encode(values: dict) -> dict:
    return {k: {"$b": base64.b64encode(v).decode("ascii")} if isinstance(v, bytes) else v
            for k, v in values.items()}


def decode(values: dict) -> dict:
    return {k: base64.b64decode(v["$b"]) if isinstance(v, dict) and "$b" in v else v
            for k, v in values.items()}


_COLUMNS: dict[str, tuple[str, ...]] = {}


def columns(conn: sqlite3.Connection, tbl: str) -> tuple[str, ...]:
    """A table's columns; every open study has the current schema, so they are read once."""
    if tbl not in _COLUMNS:
        _COLUMNS[tbl] = tuple(r[1] for r in conn.execute(f"PRAGMA main.table_info({tbl})"))
    return _COLUMNS[tbl]


def logical_columns(conn: sqlite3.Connection, tbl: str) -> tuple[str, ...]:
    if tbl not in _LOGICAL:  # asked for every row a package or a settlement reads
        _LOGICAL[tbl] = _logical_columns(conn, tbl)
    return _LOGICAL[tbl]


_LOGICAL: dict[str, tuple[str, ...]] = {}


def _logical_columns(conn: sqlite3.Connection, tbl: str) -> tuple[str, ...]:
    if tbl == "turns":
        return ("source_id", "rows")
    if tbl == "source_texts":
        return ("source_id", "text", "structure")
    cols = [c for c in columns(conn, tbl) if c not in LOCAL_COLUMNS.get(tbl, ())]
    if tbl == "codings":
        cols[1:1] = ["source_id", "code_id"]
    return tuple(cols)


def read_row(conn: sqlite3.Connection, tbl: str, key: str) -> dict | None:
    """The logical row under `key` as this file holds it now, or None."""
    values = json.loads(key)
    if tbl == "turns":
        rows = conn.execute(f"SELECT {', '.join(TURN_FIELDS)} FROM turns WHERE source_id = ? ORDER BY start",
                            values).fetchall()
        return {"source_id": values[0], "rows": [list(r) for r in rows]}
    if tbl == "source_texts":
        row = conn.execute("SELECT source_id, text, structure FROM source_texts WHERE source_id = ?",
                           values).fetchone()
        return {"source_id": row[0], "text": row[1], "structure": row[2]} if row else None
    if tbl == "codings":
        return read_codings(conn, [key]).get(key)
    where = " AND ".join(f"{k} = ?" for k in key_columns(tbl))
    cur = conn.execute(f"SELECT * FROM {tbl} WHERE {where}", values)
    row = cur.fetchone()
    if row is None:
        return None
    names = [d[0] for d in cur.description]
    full = dict(zip(names, row, strict=True))
    return {c: full[c] for c in logical_columns(conn, tbl)}


def read_codings(conn: sqlite3.Connection, keys: list[str]) -> dict[str, dict]:
    """`read_row` for many codings at once, by key: one query per 900 of them, not one each
    (a package of a study's whole work holds a quarter of a million), each row read as its
    logical columns straight away."""
    names = logical_columns(conn, "codings")
    select = ", ".join({"source_id": "s.id", "code_id": "k.id"}.get(c, f"c.{c}") for c in names)
    at_id = names.index("id")
    out: dict[str, dict] = {}
    ids = {_single_id(k): k for k in keys}
    wanted = list(ids)
    for at in range(0, len(wanted), 900):
        chunk = wanted[at:at + 900]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f"SELECT {select} FROM codings c JOIN sources s ON s.n = c.source_n "
                                f"JOIN codes k ON k.n = c.code_n WHERE c.id IN ({marks})", chunk):
            out[ids[row[at_id]]] = dict(zip(names, row, strict=True))
    return out


def _single_id(key: str) -> str:
    """The id in a one-column key ('["<uuid>"]'), read without the JSON parser when it is plain."""
    inner = key[2:-2]
    if key.startswith('["') and key.endswith('"]') and '"' not in inner and "\\" not in inner:
        return inner
    return json.loads(key)[0]


def row_exists(conn: sqlite3.Connection, tbl: str, key: str) -> bool:
    if tbl == "turns":
        return True
    if tbl == "source_texts":
        return conn.execute("SELECT 1 FROM source_texts WHERE source_id = ?", json.loads(key)).fetchone() is not None
    where = " AND ".join(f"{k} = ?" for k in key_columns(tbl))
    return conn.execute(f"SELECT 1 FROM {tbl} WHERE {where}", json.loads(key)).fetchone() is not None


def logical_image(conn: sqlite3.Connection, tbl: str, image: dict, numbers: dict) -> dict:
    """A physical before-image (from the undo log) as a logical row; `numbers` maps
    ('sources'|'codes', n) to UUIDs, including rows the same operation deleted."""
    if tbl == "source_texts":
        return {"source_id": image["source_id"], "text": image["text"], "structure": image.get("structure", "")}
    row = dict(image)
    if tbl == "codings":
        row["source_id"] = numbers.get(("sources", row["source_n"]))
        row["code_id"] = numbers.get(("codes", row["code_n"]))
    return {c: row.get(c) for c in logical_columns(conn, tbl)}


def write_row(conn: sqlite3.Connection, tbl: str, key: str, row: dict) -> None:
    """Make the file hold `row` under `key` (insert or update)."""
    values = json.loads(key)
    if tbl == "turns":
        conn.execute("DELETE FROM turns WHERE source_id = ?", values)
        conn.executemany(f"INSERT INTO turns (source_id, {', '.join(TURN_FIELDS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [(values[0], *r) for r in row["rows"]])
        return
    if tbl == "source_texts":
        # a copy older than schema 9 sends no structure: the text then keeps none
        held = conn.execute("SELECT text, structure FROM source_texts WHERE source_id = ?", values).fetchone()
        structure = row.get("structure") or ""
        if held is None:
            conn.execute("INSERT INTO source_texts (source_id, text, analysed, structure) VALUES (?, ?, 0, ?)",
                         (values[0], row["text"], structure))
        elif held[0] != row["text"]:  # a new text waits for the analysis pass, as imports do
            conn.execute("UPDATE source_texts SET text = ?, lemmas = x'', lemma_spans = x'', sentences = x'', "
                         "analysed = 0, structure = ? WHERE source_id = ?", (row["text"], structure, values[0]))
        elif held[1] != structure and "structure" in row:
            conn.execute("UPDATE source_texts SET structure = ? WHERE source_id = ?", (structure, values[0]))
        return
    physical = dict(row)
    if tbl == "codings":
        physical["source_n"] = _number(conn, "sources", physical.pop("source_id"))
        physical["code_n"] = _number(conn, "codes", physical.pop("code_id"))
    keys = key_columns(tbl)
    where = " AND ".join(f"{k} = ?" for k in keys)
    exists = conn.execute(f"SELECT 1 FROM {tbl} WHERE {where}", values).fetchone()
    if exists:
        names = [n for n in physical if n not in keys]
        if names:
            conn.execute(f"UPDATE {tbl} SET {', '.join(f'{n} = ?' for n in names)} WHERE {where}",
                         [physical[n] for n in names] + values)
    else:
        names = list(physical)
        conn.execute(f"INSERT INTO {tbl} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                     [physical[n] for n in names])


def delete_row(conn: sqlite3.Connection, tbl: str, key: str) -> None:
    values = json.loads(key)
    if tbl == "turns":
        conn.execute("DELETE FROM turns WHERE source_id = ?", values)
        return
    where = " AND ".join(f"{k} = ?" for k in key_columns(tbl))
    conn.execute(f"DELETE FROM {tbl} WHERE {where}", values)


def _number(conn: sqlite3.Connection, tbl: str, uuid: str | None) -> int | None:
    row = conn.execute(f"SELECT n FROM {tbl} WHERE id = ?", (uuid,)).fetchone()
    return row[0] if row else None


_RELATIONS: list[tuple[str, str, str]] = []


def relations(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(child table, logical column, parent table) for every declared reference."""
    if _RELATIONS:
        return _RELATIONS
    found = []
    for tbl in SYNC_TABLES:
        if tbl in ("turns", "source_texts", "codings"):
            continue
        for fk in conn.execute(f"PRAGMA main.foreign_key_list({tbl})"):
            found.append((tbl, fk[3], fk[2]))
    found += [("codings", "source_id", "sources"), ("codings", "code_id", "codes"),
              ("source_texts", "source_id", "sources"), ("turns", "source_id", "sources")]
    _RELATIONS.extend(found)
    return _RELATIONS


def references(conn: sqlite3.Connection, tbl: str, row: dict) -> list[tuple[str, str]]:
    """The (table, key) of every row `row` refers to."""
    refs = [(parent, json.dumps([row[col]])) for child, col, parent in relations(conn)
            if child == tbl and row.get(col) is not None]
    if tbl == "turns":
        refs += [("speakers", json.dumps([s])) for s in {r[4] for r in row["rows"]} if s]
    return refs


def referred_to(conn: sqlite3.Connection, tbl: str, key: str) -> list[tuple[str, str]]:
    """Rows of this file that refer to (tbl, key): they keep it alive."""
    if len(key_columns(tbl)) != 1:
        return []  # every reference points at a table keyed by one id
    value = json.loads(key)[0]
    found = []
    for child, col, parent in relations(conn):
        if parent != tbl or child == "turns":
            continue
        if child == "codings":
            n = _number(conn, tbl, value)
            hits = conn.execute(f"SELECT id FROM codings WHERE {'source_n' if tbl == 'sources' else 'code_n'} = ?"
                                " ORDER BY id LIMIT 3", (n,)).fetchall() if n is not None else []
            found += [("codings", json.dumps([h[0]])) for h in hits]
            continue
        keys = key_columns(child)
        order = ", ".join(keys)
        hits = conn.execute(f"SELECT {order} FROM {child} WHERE {col} = ? ORDER BY {order} LIMIT 3",
                            (value,)).fetchall()
        found += [(child, json.dumps(list(h))) for h in hits]
    if tbl == "speakers":
        hits = conn.execute("SELECT DISTINCT source_id FROM turns WHERE speaker_id = ? ORDER BY source_id LIMIT 3",
                            (value,)).fetchall()
        found += [("turns", json.dumps([h[0]])) for h in hits]
    return found


def logical_dump(conn: sqlite3.Connection) -> dict[str, list]:
    """Every row as copies exchange it, in a stable order: two copies that hold the same work give
    the same dump, whatever row numbers each file gave its sources and codes."""
    dump = {}
    for tbl in SYNC_TABLES:
        cols = ", ".join(c for c in columns(conn, tbl) if c not in LOCAL_COLUMNS.get(tbl, ()))
        if tbl == "turns":
            rows = conn.execute(f"SELECT source_id, {', '.join(TURN_FIELDS)} FROM turns").fetchall()
        elif tbl == "source_texts":
            rows = conn.execute("SELECT source_id, text FROM source_texts").fetchall()
        elif tbl == "codings":
            rows = conn.execute(f"SELECT {', '.join('c.' + c for c in cols.split(', '))}, s.id, k.id FROM codings c "
                                "JOIN sources s ON s.n = c.source_n JOIN codes k ON k.n = c.code_n").fetchall()
        else:
            rows = conn.execute(f"SELECT {cols} FROM {tbl}").fetchall()
        dump[tbl] = sorted(rows, key=repr)
    return dump
