"""One transcript imported on two laptops is one source.

Each copy gives its import a new UUID, but the text's hash (taken when it was imported) is the
same, so settling recognises the second as the first: the smaller UUID names the source, the
other becomes its alias, and every row that names the alias (its text, turns, attribute values,
the codings made on it) is read and written under the canonical id. Which UUID is canonical
depends only on the UUIDs, so every copy settles on the same one whatever the order of imports.
"""

from __future__ import annotations

import json
import sqlite3

# tables whose key starts with a source id, and the columns elsewhere that name a source
SOURCE_KEYED = ("sources", "source_texts", "turns", "source_values")
SOURCE_COLUMNS = {"sources": "id", "source_texts": "source_id", "turns": "source_id", "source_values": "source_id",
                  "codings": "source_id", "memo_evidence": "source_id", "claim_evidence": "source_id",
                  "pattern_quotes": "source_id"}
PHYSICAL_CHILDREN = ("source_texts", "turns", "source_values", "memo_evidence", "claim_evidence", "pattern_quotes")


def canonical(conn: sqlite3.Connection, source_id: str | None) -> str | None:
    if source_id is None:
        return None
    row = conn.execute("SELECT canonical FROM source_aliases WHERE alias = ?", (source_id,)).fetchone()
    return row[0] if row else source_id


def translate_key(conn: sqlite3.Connection, tbl: str, key: str) -> str:
    if tbl not in SOURCE_KEYED:
        return key
    parts = json.loads(key)
    parts[0] = canonical(conn, parts[0])
    return json.dumps(parts)


def equivalent_keys(conn: sqlite3.Connection, tbl: str, key: str) -> list[str]:
    """The logical keys that settle into this (canonical) row."""
    if tbl not in SOURCE_KEYED:
        return [key]
    parts = json.loads(key)
    aliases = [r[0] for r in conn.execute("SELECT alias FROM source_aliases WHERE canonical = ? ORDER BY alias",
                                          (parts[0],))]
    return [key] + [json.dumps([a, *parts[1:]]) for a in aliases]


def translate_row(conn: sqlite3.Connection, tbl: str, row: dict | None) -> dict | None:
    if row is None:
        return None
    column = SOURCE_COLUMNS.get(tbl)
    if column and row.get(column) is not None:
        row = {**row, column: canonical(conn, row[column])}
    if tbl == "set_members" and row.get("kind") == "source":
        row = {**row, "member_id": canonical(conn, row["member_id"])}
    return row


def recognise(conn: sqlite3.Connection, source_id: str, origin_hash: str | None) -> tuple[str, str | None]:
    """(canonical id, the id that became an alias) when another source holds the same imported
    text; (source_id, None) when none does. The physical row is re-keyed when the newcomer's
    UUID is the smaller, so codings (which refer to the row number) stay attached."""
    if not origin_hash:
        return source_id, None
    row = conn.execute("SELECT id FROM sources WHERE origin_hash = ? AND id != ? ORDER BY id LIMIT 1",
                       (origin_hash, source_id)).fetchone()
    if row is None:
        return source_id, None
    other = row[0]
    if other < source_id:
        _alias(conn, source_id, other)
        return other, source_id
    _alias(conn, other, source_id)
    from .log import materialize
    from .rows import read_row

    for tbl, key in [("sources", json.dumps([other])), ("source_texts", json.dumps([other]))] + [
            ("source_values", json.dumps([other, a])) for (a,) in conn.execute(
                "SELECT attr_id FROM source_values WHERE source_id = ?", (other,)).fetchall()]:
        materialize(conn, tbl, key, read_row(conn, tbl, key))  # its values, before its key changes
    conn.execute("UPDATE sources SET id = ? WHERE id = ?", (source_id, other))
    for tbl in PHYSICAL_CHILDREN:
        conn.execute(f"UPDATE {tbl} SET source_id = ? WHERE source_id = ?", (source_id, other))
    conn.execute("UPDATE set_members SET member_id = ? WHERE member_id = ? AND kind = 'source'", (source_id, other))
    return source_id, other


def _alias(conn: sqlite3.Connection, alias: str, target: str) -> None:
    conn.execute("UPDATE source_aliases SET canonical = ? WHERE canonical = ?", (target, alias))
    conn.execute("INSERT OR REPLACE INTO source_aliases (alias, canonical) VALUES (?, ?)", (alias, target))
