"""Writing many rows in few statements.

Inside an operation, every statement that fires triggers (the undo capture does, on every
undoable table) opens a statement journal and copies into it each page it touches that the
transaction had already changed. One INSERT per row pays that for every row: about 25 us a turn
at import, three quarters of the cost of storing it. A multi-row INSERT pays it once per chunk.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

MAX_VARIABLES = 32_000  # SQLite's default limit is 32,766 bound parameters per statement


def insert_rows(conn: sqlite3.Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence],
                or_ignore: bool = False, or_replace: bool = False) -> None:
    """INSERT `rows` (tuples in `columns` order) with as few statements as the limits allow."""
    if not rows:
        return
    width = len(columns)
    per_chunk = max(1, min(500, MAX_VARIABLES // width))
    verb = "INSERT OR IGNORE" if or_ignore else "INSERT OR REPLACE" if or_replace else "INSERT"
    head = f"{verb} INTO {table} ({', '.join(columns)}) VALUES "
    one = "(" + ", ".join("?" * width) + ")"
    full = head + ", ".join([one] * per_chunk)
    for at in range(0, len(rows), per_chunk):
        chunk = rows[at:at + per_chunk]
        sql = full if len(chunk) == per_chunk else head + ", ".join([one] * len(chunk))
        conn.execute(sql, [value for row in chunk for value in row])
