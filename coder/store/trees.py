"""What the trees of a study (cases, codes, outline sections, the cross-site outline) share:
finding a child by name among its siblings, the next position under a parent, and walking a
tree without trusting it.

A tree arrives from other copies and from files, so its parent links are user data: a loop (a
code its own parent, two codes each under the other) or a chain thousands deep must neither hang
a walk nor exhaust Python's stack. Every walk here is iterative and visits each row once; a row
no walk from the top reaches (it sits in a loop) is shown at the top level, so nothing vanishes
from a tree while `check` reports the loop.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

TREE_TABLES = ("cases", "codes", "sections", "outline_items")

Row = TypeVar("Row")


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


def tree_order(rows: Sequence[Row], ident: Callable[[Row], Hashable] = lambda r: r[0],
               parent: Callable[[Row], Hashable | None] = lambda r: r[1]) -> list[tuple[Row, int | None]]:
    """The rows parents before children, siblings in the order given, each with the index (in the
    result) of the row it is shown under, or None at the top. Iterative; every row appears once:
    one whose parent is missing or that sits in a loop is placed at the top."""
    children: dict[Hashable | None, list[Row]] = {}
    for row in rows:
        children.setdefault(parent(row), []).append(row)
    out: list[tuple[Row, int | None]] = []
    placed: set[Hashable] = set()

    def descend(top: Row, at: int | None) -> None:
        stack = [(top, at)]
        while stack:
            row, under = stack.pop()
            key = ident(row)
            if key in placed:
                continue
            placed.add(key)
            out.append((row, under))
            index = len(out) - 1
            stack.extend((child, index) for child in reversed(children.get(key, ())) if ident(child) not in placed)

    for top in children.get(None, ()):
        descend(top, None)
    for row in rows:  # under a missing parent, or in a loop: at the top
        if ident(row) not in placed:
            descend(row, None)
    return out


def chain(parents: dict, start: Hashable | None) -> list:
    """`start` and its ancestors, nearest first, stopping where a loop would repeat one."""
    out, seen = [], set()
    node = start
    while node is not None and node not in seen and node in parents:
        seen.add(node)
        out.append(node)
        node = parents[node]
    return out


def loops(parents: dict) -> list[list]:
    """Every loop of parent links (each a list of ids, starting from its smallest), smallest first."""
    state: dict = {}  # 1: on the current path, 2: done
    found = []
    for start in parents:
        if start in state:
            continue
        path, node = [], start
        while node is not None and node in parents and node not in state:
            state[node] = 1
            path.append(node)
            node = parents[node]
        if node is not None and state.get(node) == 1:
            ring = path[path.index(node):]
            first = ring.index(min(ring))
            found.append(ring[first:] + ring[:first])
        for item in path:
            state[item] = 2
    return sorted(found)
