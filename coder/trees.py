"""What the three trees of a study (cases, codes, outline sections) share: finding a child by
name among its siblings, and the next position under a parent."""

from __future__ import annotations

import sqlite3

TREE_TABLES = ("cases", "codes", "sections", "outline_items")


def child_id(conn: sqlite3.Connection, table: str, parent_id: str | None, name: str) -> str | None:
    """The id of `parent_id`'s child named `name` (case-insensitive), if any."""
    assert table in TREE_TABLES
    row = conn.execute(
        f"SELECT id FROM {table} WHERE ifnull(parent_id, '') = ifnull(?, '') AND lower(name) = lower(?)",
        (parent_id, name)).fetchone()
    return row[0] if row else None


def next_position(conn: sqlite3.Connection, table: str, parent_id: str | None) -> int:
    """The position after the last child of `parent_id` (top level when None)."""
    assert table in TREE_TABLES
    return conn.execute(f"SELECT ifnull(max(position) + 1, 0) FROM {table} WHERE ifnull(parent_id, '') = "
                        "ifnull(?, '')", (parent_id,)).fetchone()[0]
