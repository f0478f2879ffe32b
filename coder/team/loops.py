"""Moves made on two copies that together would make a loop, and how settling breaks it.

On one laptop code A goes under B, on the other B under A. Each move is ordinary, and neither
replaced the other (they write different rows), so folding keeps both, and the codebook would
hold A under B under A: a tree no walk can finish. After every import the trees (cases, codes,
outline sections, the cross-site outline) are searched for loops, and each is broken the same
way on every copy, whatever order the work arrived in: of the moves that close the loop, the one
made later by the clock (the operation's time, then the greater operation UUID) is set aside —
its row goes back to where that move took it from, or to the top when that, too, would loop —
and the loop is listed for the user to decide which move to set aside. A decision is an
ordinary action that writes every member's place having seen every move, so it settles on
every copy.

The file may hold a row away from what its operations say only while such a conflict lists it:
the next import first puts those rows back where the operations put them, so breaking depends
only on the operations held, never on the order they came in.
"""

from __future__ import annotations

import json
import sqlite3

from ..store.trees import TREE_TABLES, chain, loops
from .log import materialize
from .merge import Settled, _note, _write, fold
from .rows import read_row

KIND = "loop"


def break_loops(conn: sqlite3.Connection, report: Settled) -> None:
    """Break every loop of parents in the trees an import touched (or that held a loop before)."""
    held = {tbl for (tbl,) in conn.execute("SELECT DISTINCT tbl FROM sync_conflicts WHERE kind = ?", (KIND,))}
    for tbl in TREE_TABLES:
        if tbl in report.tables or tbl in held:
            _break_table(conn, tbl, report)


def intended_parents(conn: sqlite3.Connection, tbl: str) -> dict[str, str | None]:
    """Each row's parent as the held operations place it: the file's, except for rows a loop
    conflict holds elsewhere, which go back to their folded place."""
    parents = dict(conn.execute(f"SELECT id, parent_id FROM {tbl}").fetchall())
    for (key,) in conn.execute("SELECT key FROM sync_conflicts WHERE kind = ? AND tbl = ?", (KIND, tbl)).fetchall():
        (row_id,) = json.loads(key)
        folded = fold(conn, tbl, key)
        if row_id in parents and folded is not None and folded.row is not None:
            parents[row_id] = folded.row.get("parent_id")
    return parents


def moves(conn: sqlite3.Connection, tbl: str, ring: list[str]) -> list[dict]:
    """The standing move of each row of a loop: who made it, when, and where it came from."""
    out = []
    for row_id in ring:
        folded = fold(conn, tbl, json.dumps([row_id]))
        writes = folded.writers.get("parent_id", []) if folded is not None else []
        stand = next((w for w in writes if w[0] == folded.winners.get("parent_id")), None) if writes else None
        before = [w for w in writes if stand is not None and w[0] in stand[1]]
        out.append({"id": row_id, "op": stand[0] if stand else "", "author": stand[3] if stand else "",
                    "at": stand[4] if stand else "", "parent": stand[2] if stand else None,
                    "from": before[-1][2] if before else None})
    return out


def place_back(parents: dict[str, str | None], row_id: str, before: str | None) -> str | None:
    """Where a row whose move is set aside goes: where the move took it from, unless that is
    gone or would loop again; else the top."""
    if before is None or before not in parents or row_id in chain(parents, before):
        return None
    return before


def _break_table(conn: sqlite3.Connection, tbl: str, report: Settled) -> None:
    parents = intended_parents(conn, tbl)
    conn.execute("DELETE FROM sync_conflicts WHERE kind = ? AND tbl = ?", (KIND, tbl))
    notes = []
    for ring in loops(parents):
        made = moves(conn, tbl, ring)
        aside = max(made, key=lambda m: (m["at"], m["op"], m["id"]))
        parents[aside["id"]] = place_back(parents, aside["id"], aside["from"])
        notes.append((aside["id"], {"ring": ring, "moves": made, "aside": aside["id"],
                                    "placed": parents[aside["id"]]}))
    current = dict(conn.execute(f"SELECT id, parent_id FROM {tbl}").fetchall())
    for row_id in sorted(row for row, parent in parents.items() if current.get(row) != parent):
        key = json.dumps([row_id])
        row = read_row(conn, tbl, key)
        materialize(conn, tbl, key, row)
        _write(conn, tbl, key, {**row, "parent_id": parents[row_id]})
        report.changed += 1
        report.tables[tbl] += 1
        report.written.add((tbl, key))
    for row_id, detail in notes:
        _note(conn, KIND, tbl, json.dumps([row_id]), "", detail)
