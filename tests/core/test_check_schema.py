"""`check` compares the schema with CaseCoder's: a trigger, view, index or table another program
added is reported, and `check --repair` removes it after backing the study up; one of CaseCoder's
triggers or indexes changed or dropped is put back."""

from __future__ import annotations

from coder import Study
from coder.check import check_study
from coder.cli import main
from coder.store.backup import list_backups
from coder.store.check_schema import compare_schema

WIPER = ("CREATE TRIGGER keep_only_mine AFTER INSERT ON codings WHEN NEW.coder != 'okafor' BEGIN "
         "DELETE FROM codings WHERE coder != 'okafor'; END")


def test_the_demo_schema_is_casecoders(demo_study):
    assert compare_schema(demo_study.conn) is None


def test_a_foreign_trigger_is_reported_and_removed_after_a_backup(demo_study, capsys):
    demo_study.conn.execute(WIPER)
    demo_study.conn.execute("CREATE VIEW everyone AS SELECT DISTINCT coder FROM codings")
    demo_study.conn.execute("CREATE TABLE spy (x)")
    demo_study.conn.execute("CREATE INDEX by_coder_again ON codings (coder)")
    path = demo_study.path
    demo_study.close()
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "schema differs" in out and "trigger keep_only_mine" in out and "view everyone" in out
    assert "table spy" in out and "index by_coder_again" in out and "no problems found" not in out
    assert main(["check", str(path), "--repair"]) == 0
    out = capsys.readouterr().out
    assert "removed the trigger 'keep_only_mine'" in out and "backed up in" in out
    assert any("before repair" in b["path"].name for b in list_backups(path))
    with Study.open(path) as study:
        assert compare_schema(study.conn) is None and check_study(study.conn)["ok"]
        source = study.sources.all()[0]
        code = next(c for c in study.codes.all() if c.codable)
        study.codings.apply_code(source_id=source.id, code_id=code.id, start=0, end=10, coder="lindqvist")
        assert study.conn.execute("SELECT count(*) FROM codings WHERE coder = 'lindqvist'").fetchone()[0] > 1


def test_a_changed_or_missing_trigger_of_casecoders_is_put_back(demo_study, capsys):
    conn = demo_study.conn
    name, sql = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").fetchone()
    conn.execute(f'DROP TRIGGER "{name}"')
    index = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                         "ORDER BY name").fetchone()[0]
    conn.execute(f'DROP INDEX "{index}"')
    path = demo_study.path
    demo_study.close()
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"missing: trigger {name}" in out and f"missing: index {index}" in out
    assert main(["check", str(path), "--repair"]) == 0
    with Study.open(path) as study:
        assert compare_schema(study.conn) is None
        again = study.conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
        assert again == sql


def test_a_table_of_casecoders_changed_is_reported_not_rebuilt(demo_study, capsys):
    demo_study.conn.execute("ALTER TABLE codes ADD COLUMN colour_of_mood TEXT")
    path = demo_study.path
    demo_study.close()
    assert main(["check", str(path), "--repair"]) == 1
    out = capsys.readouterr().out
    assert "changed by another program: table codes" in out and "repairable" not in out.split("table codes")[0][-80:]
