"""A study gives back the pages dropped rows left free: the file shrinks, nothing in it changes."""

from __future__ import annotations

import sqlite3

from coder import Study
from coder.check import check_study
from coder.sources.importing import import_sources, plan_import
from coder.store.compaction import give_back_free_pages
from coder.store.database import connect
from tests.conftest import CORPUS


def _pages(path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA page_count").fetchone()[0], conn.execute("PRAGMA freelist_count").fetchone()[0]
    finally:
        conn.close()


def _imported(tmp_path, name: str, copies: int = 3):
    """A study of the sample transcripts, several times over, its history of it then cleared (as
    a REFI-QDA import clears the history of the study it makes): the undo images go."""
    path = tmp_path / name
    with Study.create(path, user="tester") as study:
        for copy in range(copies):
            folder = tmp_path / f"{name}-{copy}"
            folder.mkdir()
            for f in sorted((CORPUS / "sources").glob("*.txt")):
                (folder / f"{copy}_{f.name}").write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
            import_sources(study, plan_import(sorted(folder.glob("*.txt"))))
        theme = study.codes.add_code(path="Theme").result
        study.codings.apply_many(items=[(s.id, theme, 0, 5, "tester") for s in study.sources.all()])
        study.history.clear()
        texts = dict(study.conn.execute("SELECT source_id, text FROM source_texts"))
        free = study.conn.execute("PRAGMA freelist_count").fetchone()[0]
    return path, texts, free


def test_closing_gives_back_the_pages_cleared_history_left(tmp_path, monkeypatch):
    monkeypatch.setattr("coder.store.compaction.BATCH_PAGES", 8)  # a small study: several small batches
    monkeypatch.setattr("coder.store.compaction.WORTH_IT", 1000)  # and worth it from a few pages
    with monkeypatch.context() as kept:
        kept.setattr("coder.study.give_back_free_pages", lambda conn: 0)
        kept_path, _texts, _free = _imported(tmp_path, "kept.casecoder")
    pages_kept, free_kept = _pages(kept_path)
    path, texts, free = _imported(tmp_path, "study.casecoder")
    pages, left = _pages(path)
    assert free_kept >= 16 and free >= 16 and left < 8 and pages <= pages_kept - free_kept + 8
    with Study.open(path, user="tester") as study:
        assert dict(study.conn.execute("SELECT source_id, text FROM source_texts")) == texts
        report = check_study(study.conn)
        assert report["ok"] and not report["problems"], report["problems"]
        assert len(study.runs.run(study.runs.spec_from_names(codes=["Theme"]))) == len(texts)
        study.codings.apply_code(source_id=next(iter(texts)), code_id=study.codes.find("Theme").id, start=10, end=20)
        study.history.undo()


def test_a_study_made_before_keeps_its_free_pages_and_is_left_as_it_is(tmp_path):
    """A file without incremental auto-vacuum (every study made before it) is not touched."""
    path = tmp_path / "old.casecoder"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x BLOB)")
    conn.execute("INSERT INTO t VALUES (zeroblob(4000000))")
    conn.commit()
    conn.execute("DELETE FROM t")
    conn.commit()
    conn.close()
    size = path.stat().st_size
    conn = connect(path)
    try:
        assert give_back_free_pages(conn) == 0
    finally:
        conn.close()
    assert path.stat().st_size == size
