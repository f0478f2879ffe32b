"""Multi-row inserts: every row lands once, across chunk boundaries, duplicates ignored on request."""

from __future__ import annotations

import sqlite3

import pytest

from coder.store.bulk import insert_rows


@pytest.mark.parametrize("count", [0, 1, 499, 500, 501, 1234])
def test_every_row_lands_in_order(count):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT, c BLOB)")
    rows = [(i, f"row {i}", bytes([i % 256])) for i in range(count)]
    insert_rows(conn, "t", ("a", "b", "c"), rows)
    assert conn.execute("SELECT a, b, c FROM t ORDER BY a").fetchall() == rows


def test_duplicates_are_ignored_only_when_asked():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a INTEGER, b TEXT, UNIQUE (a, b))")
    rows = [(i % 700, "x") for i in range(1400)]
    insert_rows(conn, "t", ("a", "b"), rows, or_ignore=True)
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 700
    with pytest.raises(sqlite3.IntegrityError):
        insert_rows(conn, "t", ("a", "b"), [(1, "x")])


def test_exports_are_written_whole_or_not_at_all(tmp_path):
    from coder.store.errors import WriteFailed
    from coder.store.files import save_atomically

    out = tmp_path / "report.docx"
    out.write_text("the previous export")

    def broken(path: str) -> None:
        with open(path, "w") as handle:
            handle.write("half")
        raise OSError("disk full")

    with pytest.raises(WriteFailed, match="disk full.*the file already there is as it was"):
        save_atomically(out, broken)
    assert out.read_text() == "the previous export" and list(tmp_path.iterdir()) == [out]
    assert save_atomically(out, lambda path: open(path, "w").write("new")) == out and out.read_text() == "new"
