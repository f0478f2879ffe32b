"""Opening and creating study files; refusing what is not a study; migrations."""

from __future__ import annotations

import sqlite3

import pytest

from coder import Study
from coder.store import schema
from coder.store.errors import NewerStudyError, NotAStudyError


def test_new_study_has_wal_foreign_keys_and_version(tmp_path):
    path = tmp_path / "s.casecoder"
    with Study.create(path, user="ana") as study:
        assert study.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert study.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert study.meta("schema_version") == str(schema.SCHEMA_VERSION)
        assert len(study.study_id) == 36


def test_create_refuses_to_overwrite(tmp_path):
    path = tmp_path / "s.casecoder"
    path.write_text("precious")
    with pytest.raises(FileExistsError):
        Study.create(path)
    assert path.read_text() == "precious"


@pytest.mark.parametrize("content", [b"", b"hello, this is a text file", b"PK\x03\x04zipzip"])
def test_non_study_files_are_refused_unchanged(tmp_path, content):
    path = tmp_path / "thing.casecoder"
    path.write_bytes(content)
    with pytest.raises(NotAStudyError) as info:
        Study.open(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == content


def test_other_sqlite_database_is_refused_unchanged(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotAStudyError, match="not a CaseCoder study"):
        Study.open(path)
    assert path.read_bytes() == before


def test_newer_study_is_refused_unchanged(tmp_path):
    path = tmp_path / "s.casecoder"
    Study.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerStudyError, match="newer CaseCoder"):
        Study.open(path)
    assert path.read_bytes() == before


def test_registered_migration_upgrades_an_old_study(tmp_path, monkeypatch):
    path = tmp_path / "s.casecoder"
    Study.create(path).close()
    ran = []

    def to_next(conn):
        ran.append(True)
        conn.execute("ALTER TABLE codes ADD COLUMN memo TEXT NOT NULL DEFAULT ''")

    current = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(schema.MIGRATIONS, current, to_next)
    monkeypatch.setattr("coder.store.database.SCHEMA_VERSION", current + 1)
    with Study.open(path) as study:
        assert ran == [True]
        assert study.meta("schema_version") == str(current + 1)
        assert "memo" in {c.name for c in study.db["codes"].columns}


def test_failed_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "s.casecoder"
    Study.create(path).close()

    def broken(conn):
        conn.execute("ALTER TABLE codes ADD COLUMN memo TEXT")
        raise RuntimeError("boom")

    current = schema.SCHEMA_VERSION
    monkeypatch.setattr("coder.store.database.SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(schema.MIGRATIONS, current, broken)
    with pytest.raises(RuntimeError):
        Study.open(path)
    monkeypatch.setattr("coder.store.database.SCHEMA_VERSION", current)
    with Study.open(path) as study:
        assert study.meta("schema_version") == str(current)
        assert "memo" not in {c.name for c in study.db["codes"].columns}


def test_every_operation_is_logged_with_author(study):
    study.codes.add_code(path="A/B")
    log = study.changelog()
    assert log[0]["op"] == "add_code"
    assert log[0]["author"] == "tester"
    assert len(log[0]["entities"]) == 2


def test_deletion_leaves_tombstone(study):
    code_id = study.codes.add_code(path="Gone").result
    study.codes.delete_code(code_id=code_id)
    row = study.conn.execute("SELECT entity FROM tombstones WHERE id = ?", (code_id,)).fetchone()
    assert row == ("code",)


def test_failed_operation_rolls_back_everything(study):
    before = study.dump()
    with pytest.raises(RuntimeError):
        with study.operation("test", "half-done"):
            study.codes.add_code(path="Half/Done")
            raise RuntimeError("crash in the middle")
    assert study.dump() == before
    assert not study.history.can_undo()


def test_entities_carry_stamps(study):
    code_id = study.codes.add_code(path="Stamped").result
    row = study.db["codes"].get(code_id)
    assert row["created_by"] == row["modified_by"] == "tester"
    assert row["created_at"].endswith("Z")


def test_version_1_study_upgrades_to_an_index_of_analysed_texts(tmp_path, monkeypatch):
    from coder.sources.sources import PreparedText
    from coder.store.database import connect

    path = tmp_path / "old.casecoder"
    monkeypatch.setattr("coder.store.database.SCHEMA_VERSION", 1)
    Study.create(path).close()
    conn = connect(path)  # rows as version 1 wrote them: plain lemma text, every text indexed
    stamps = ("2025-01-01T00:00:00Z", "ana", "2025-01-01T00:00:00Z", "ana")
    for sid, name, text, lemmas, analysed in (
            ("s1", "analysed", "The teachers were coaching.", "the teacher be coach", 1),
            ("s2", "waiting", "Coaches met teachers.", "", 0)):
        conn.execute("INSERT INTO sources (id, name, chars, created_at, created_by, modified_at, modified_by) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", (sid, name, len(text), *stamps))
        conn.execute("INSERT INTO source_texts (source_id, text, lemmas, analysed) VALUES (?, ?, ?, ?)",
                     (sid, text, lemmas, analysed))
    conn.execute("INSERT INTO codes (id, name, created_at, created_by, modified_at, modified_by) "
                 "VALUES ('k1', 'Coaching', ?, ?, ?, ?)", stamps)
    conn.execute("INSERT INTO codings (id, source_id, code_id, start, end, coder, created_at, created_by, "
                 "modified_at, modified_by) VALUES ('c1', 's1', 'k1', 4, 12, 'ana', ?, ?, ?, ?)", stamps)
    conn.execute("INSERT INTO turns (id, source_id, start, end, body_start, label) VALUES "
                 "('t-uuid', 's1', 0, 27, 0, NULL)")
    assert conn.execute("SELECT count(*) FROM text_fts").fetchone()[0] == 2
    conn.close()
    monkeypatch.setattr("coder.store.database.SCHEMA_VERSION", schema.SCHEMA_VERSION)
    with Study.open(path) as study:
        assert study.meta("schema_version") == str(schema.SCHEMA_VERSION)
        indexed = study.conn.execute("SELECT t.source_id FROM text_fts f JOIN source_texts t ON t.rowid = f.rowid "
                                     "WHERE text_fts MATCH 'teachers'").fetchall()
        assert indexed == [("s1",)]
        for index in ("text_fts", "lemma_fts"):
            study.conn.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)")
        assert {h.source for h in study.search.search("teachers", "exact")} == {"s1", "s2"}
        lemma_hits = study.conn.execute("SELECT rowid FROM lemma_fts WHERE lemma_fts MATCH 'coach'").fetchall()
        assert len(lemma_hits) == 1
        assert study.conn.execute("SELECT unpack_text(lemmas) FROM source_texts WHERE source_id = 's1'"
                                  ).fetchone()[0] == "the teacher be coach"
        [turn] = study.sources.turns("s1")  # turns are keyed by row number now
        assert isinstance(turn.id, int) and (turn.start, turn.end) == (0, 27)
        [coding] = study.codings.for_source("s1")  # codings now refer to sources and codes by number
        assert (coding.id, coding.code_id, coding.start, coding.end) == ("c1", "k1", 4, 12)
        assert study.runs.code_case_counts() == {("k1", None): 1}
        assert study.sources.add_source(name="new", prepared=PreparedText("Fresh text.", [])).result
        assert study.conn.execute("SELECT count(DISTINCT n) FROM sources").fetchone()[0] == 3


def test_version_6_study_upgrades_to_mixed_stances_keeping_the_analyst_s(tmp_path):
    """Version 7 rebuilds claim_stances to allow 'mixed': the stances set before stay."""
    from coder.store.database import connect

    path = tmp_path / "v6.casecoder"
    conn = connect(path)
    schema.create_schema(conn, 6)
    t = "2026-01-01T00:00:00.000Z"
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                     [("app", "casecoder"), ("schema_version", "6"), ("study_id", "x" * 36)])
    conn.execute("INSERT INTO cases (id, kind, name, created_at, created_by, modified_at, modified_by) "
                 "VALUES ('site', 'site', 'Alder', ?, 'a', ?, 'a')", (t, t))
    conn.execute("INSERT INTO outline_items (id, kind, name, created_at, created_by, modified_at, modified_by) "
                 "VALUES ('theme', 'theme', 'Coaching', ?, 'a', ?, 'a')", (t, t))
    conn.execute("INSERT INTO outline_items (id, parent_id, kind, name, created_at, created_by, modified_at, "
                 "modified_by) VALUES ('claim', 'theme', 'claim', 'Coaching is apart', ?, 'a', ?, 'a')", (t, t))
    conn.execute("INSERT INTO claim_stances VALUES ('claim', 'site', 'contradicts', ?, 'okafor')", (t,))
    with pytest.raises(sqlite3.IntegrityError):  # what version 6 could not hold
        conn.execute("UPDATE claim_stances SET stance = 'mixed'")
    conn.commit()
    conn.close()
    with Study.open(path, user="tester") as study:
        assert study.meta("schema_version") == str(schema.SCHEMA_VERSION)
        kept = study.cross_outline.site_stances("claim")[0]
        assert (kept.stance, kept.set_by, kept.derived) == ("contradicts", "okafor", "silent")
        study.cross_outline.set_stance(claim_id="claim", site_id="site", stance="mixed")
        assert study.cross_outline.stances("claim") == {"site": "mixed"}
        study.undo()
        assert study.cross_outline.stances("claim") == {"site": "contradicts"}
