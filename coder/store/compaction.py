"""Giving back the space a study no longer uses.

Dropped history (undo images trimmed or cleared, as a REFI-QDA import clears its new study's),
team-log rows rewritten and text rows rewritten by the analysis free pages: the large benchmark
study had 27 MB of them. SQLite reuses them for later writes, but the file keeps its size. New
studies are made with incremental auto-vacuum, so those pages can be handed back to the file
system a few at a time, each batch its own short transaction: a coding made in the window
meanwhile waits for one batch at most, and a kill leaves the study whole (a batch is written like
any other transaction). A study made before this is unchanged: its free pages are reused as before.
"""

from __future__ import annotations

import sqlite3

INCREMENTAL = 2  # PRAGMA auto_vacuum's value for incremental
BATCH_PAGES = 256  # 1 MB of 4 KB pages a transaction
WORTH_IT = 20  # free pages worth giving back: at least a twentieth of the file (and a batch)


def give_back_free_pages(conn: sqlite3.Connection) -> int:
    """Shrink the file by its free pages when there are enough of them to matter; how many pages
    were given back (0 for a study without incremental auto-vacuum)."""
    if conn.execute("PRAGMA auto_vacuum").fetchone()[0] != INCREMENTAL:
        return 0
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    if free < max(BATCH_PAGES, pages // WORTH_IT):
        return 0
    given = 0
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA incremental_vacuum({BATCH_PAGES})").fetchall()
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        left = conn.execute("PRAGMA freelist_count").fetchone()[0]
        if left >= free:
            break
        given += free - left
        free = left
        if free == 0:
            break
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()  # the file shrinks as its log goes back (no wait)
    return given
