"""Rows from two copies that claim the same unique name or place, and how the later one yields.

Two laptops can each create a code "Trust" under the same parent, a site memo for the same
site, or a source with the same file name. Both are kept: the row with the greater UUID takes
its author's name in brackets (or, for a second memo on one subject, becomes a free memo), so
every copy settles on the same names whatever order the work arrived in, and the user can merge
them from the conflict list.
"""

from __future__ import annotations

import sqlite3

NAMED = {
    "codes": "ifnull(parent_id, '') = ifnull(?, '') AND lower(name) = lower(?)",
    "cases": "ifnull(parent_id, '') = ifnull(?, '') AND lower(name) = lower(?)",
    "sections": "ifnull(parent_id, '') = ifnull(?, '') AND lower(name) = lower(?)",
    "attribute_defs": "scope = ? AND lower(name) = lower(?)",
    "sources": "name = ?",
    "speakers": "lower(name) = lower(?)",
    "saved_queries": "lower(name) = lower(?)",
    "pattern_tables": "lower(name) = lower(?)",
}


def clash(conn: sqlite3.Connection, tbl: str, row: dict) -> str | None:
    """The id of the other row that holds `row`'s unique name or place."""
    for where, args in _claims(conn, tbl, row):
        hit = conn.execute(f"SELECT id FROM {tbl} WHERE ({where}) AND id != ? LIMIT 1",
                           (*args, row["id"])).fetchone()
        if hit:
            return hit[0]
    return None


def _claims(conn: sqlite3.Connection, tbl: str, row: dict) -> list[tuple[str, tuple]]:
    if tbl in NAMED:
        first = {"codes": "parent_id", "cases": "parent_id", "sections": "parent_id",
                 "attribute_defs": "scope"}.get(tbl)
        return [(NAMED[tbl], ((row[first],) if first else ()) + (row["name"],))]
    if tbl == "memos":
        claims = []
        if row.get("subject_id") is not None:
            claims.append(("kind = ? AND subject_id = ?", (row["kind"], row["subject_id"])))
        if row.get("kind") == "free":
            claims.append(("kind = 'free' AND lower(title) = lower(?)", (row["title"],)))
        return claims
    if tbl == "pattern_cells":
        return [("table_id = ? AND site_id = ? AND column_key = ?",
                 (row["table_id"], row["site_id"], row["column_key"]))]
    if tbl == "codings":
        return [("source_n = (SELECT n FROM sources WHERE id = ?) AND code_n = (SELECT n FROM codes WHERE id = ?) "
                 "AND coder = ? AND start = ? AND end = ?",
                 (row["source_id"], row["code_id"], row["coder"], row["start"], row["end"]))]
    return []


def yielded(conn: sqlite3.Connection, tbl: str, row: dict) -> dict:
    """`row` moved out of the way: a name marked with its author (numbered if that is taken)."""
    row = dict(row)
    author = row.get("created_by") or "another copy"
    if tbl == "memos":
        row.update(kind="free", subject_id=None)
        return _free_name(conn, tbl, row, "title", author)
    if tbl == "pattern_cells":
        row["column_key"] = f"{row['column_key']}~{row['id'][:8]}"
        return row
    return _free_name(conn, tbl, row, "name", author)


def _free_name(conn: sqlite3.Connection, tbl: str, row: dict, column: str, author: str) -> dict:
    base = f"{row[column]} ({author})"
    for n in range(1, 100):
        row[column] = base if n == 1 else f"{base} {n}"
        if clash(conn, tbl, row) is None:
            return row
    row[column] = f"{base} {row['id'][:8]}"
    return row
