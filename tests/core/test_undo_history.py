"""The undo history is kept in the study: it outlasts closing the study, is shared by the window
and the command line, stays bounded, and does not travel in copies made for others."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

import coder.store.history
from coder import Study
from coder.cli import main
from coder.sources.importing import import_sources, plan_import
from coder.store.backup import copy_study, make_backup, restore_backup
from coder.store.errors import NothingToUndoError
from coder.store.schema import SCHEMA_VERSION, create_schema
from coder.team.rows import logical_dump

from .conftest import code_passage


def _reopen(study: Study) -> Study:
    path, user = study.path, study.user
    study.close()
    return Study.open(path, user=user)


def _session_of_work(s: Study) -> None:
    code = s.codes.add_code(path="New/Deep").result
    source = s.sources.all()[0]
    coding = s.codings.apply_code(source_id=source.id, code_id=code, start=0, end=5).result
    s.codings.set_note(coding_id=coding, note="a note")
    s.codes.rename_code(code_id=code, name="Deeper")
    s.codes.delete_code(code_id=s.codes.find("New").id)


def test_every_action_is_undone_and_redone_after_the_study_is_closed_and_opened(coded_study):
    start = coded_study.dump()
    _session_of_work(coded_study)
    end = coded_study.dump()
    s = _reopen(coded_study)
    assert s.history.undo_label() == "Delete code New"
    undone = 0
    while s.history.can_undo():
        s.undo()
        undone += 1
        if undone == 2:  # half-way through, another restart
            s = _reopen(s)
            assert s.history.redo_label() == "Rename code Deep to Deeper"
    assert undone == 5
    assert s.dump() == start
    s = _reopen(s)
    while s.history.can_redo():
        s.redo()
    assert s.dump() == end
    s.close()


def test_a_new_action_after_a_restart_clears_what_could_be_redone(coded_study):
    coded_study.codes.add_code(path="X")
    coded_study.codes.add_code(path="Y")
    coded_study.undo()
    s = _reopen(coded_study)
    assert s.history.can_redo()
    s.codes.add_code(path="Z")
    s = _reopen(s)
    assert not s.history.can_redo()
    assert [c.label for c in s.history.undo_stack] == ["New code X", "New code Z"]
    s.undo()
    s.undo()
    assert not s.history.can_undo() and [c.name for c in s.codes.all() if c.name in "XYZ"] == []
    s.close()


def test_nothing_to_undo_is_a_clear_error_that_changes_nothing(study):
    before = study.dump()
    with pytest.raises(NothingToUndoError, match="test.casecoder: nothing to undo"):
        study.undo()
    with pytest.raises(NothingToUndoError, match="nothing to redo"):
        study.redo()
    assert study.dump() == before


def test_the_history_is_bounded_and_keeps_only_its_steps_images(tmp_path, monkeypatch):
    monkeypatch.setattr(coder.store.history, "DEPTH", 5)
    with Study.create(tmp_path / "s.casecoder", user="tester") as s:
        for i in range(8):
            s.codes.add_code(path=f"Code {i}")
        assert [c.label for c in s.history.undo_stack] == [f"New code Code {i}" for i in range(3, 8)]
        steps = {c.step for c in s.history.undo_stack}
        logged = {r[0] for r in s.conn.execute("SELECT DISTINCT step FROM undo_log")}
        assert logged == steps  # the images of forgotten steps went with them
        s.undo()
        s.undo()
        s.codes.add_code(path="After")  # the undone two can no longer be redone: their images go
        assert {r[0] for r in s.conn.execute("SELECT DISTINCT step FROM undo_log")} == \
            {c.step for c in s.history.undo_stack}
        while s.history.can_undo():
            s.undo()
        assert sorted(c.name for c in s.codes.all()) == ["Code 0", "Code 1", "Code 2"]


def test_an_import_is_kept_in_the_history_by_its_keys(tmp_path):
    from coder.demo import CORPUS

    with Study.create(tmp_path / "s.casecoder", user="tester") as s:
        files = sorted((CORPUS / "sources").glob("*"))
        report = import_sources(s, plan_import(files, {"district": "D", "site": "S"}))
        assert len(report.imported) == len(files)
        text = s.conn.execute("SELECT sum(length(text)) FROM source_texts").fetchone()[0]
        logged = s.conn.execute("SELECT sum(length(ifnull(old, '')) + length(ifnull(new, ''))) FROM undo_log "
                                "WHERE tbl = 'source_texts'").fetchone()[0]
        assert logged < text / 100  # the texts themselves are not copied into the history
        assert s.conn.execute("SELECT count(*) FROM undo_log WHERE tbl = 'source_texts' AND old IS NOT NULL"
                              ).fetchone()[0] == 0


def test_the_history_is_neither_captured_by_undo_nor_exchanged(demo_study_file, tmp_path):
    ana_path, lead_path = tmp_path / "ana.casecoder", tmp_path / "lead.casecoder"
    shutil.copy(demo_study_file[0], ana_path)
    shutil.copy(demo_study_file[0], lead_path)
    with Study.open(ana_path, user="ana") as ana:
        ana.codes.add_code(path="By Ana")
        ana.undo()
        ana.redo()
        assert {r[0] for r in ana.conn.execute("SELECT DISTINCT tbl FROM undo_log")} <= {"codes"}
        ana.sync.export_work(tmp_path / "ana.ccwork")
    with Study.open(lead_path, user="lead") as lead:
        before = logical_dump(lead.conn)
        lead.sync.import_work(tmp_path / "ana.ccwork")
        assert [c.label for c in lead.history.undo_stack] == ["Import work from ana (ana)"]  # not her steps
    with Study.open(lead_path, user="lead") as lead:  # undone after a restart: her operations go back out
        assert lead.codes.find("By Ana")
        lead.undo()
        assert logical_dump(lead.conn) == before
        assert lead.conn.execute("SELECT count(*) FROM ops WHERE author = 'ana'").fetchone()[0] == 0


def test_a_decided_conflict_is_undone_and_redone_across_restarts(demo_study_file, tmp_path):
    paths = {}
    for name in ("ana", "ben"):
        paths[name] = tmp_path / f"{name}.casecoder"
        shutil.copy(demo_study_file[0], paths[name])
    with Study.open(paths["ana"], user="ana") as a, Study.open(paths["ben"], user="ben") as b:
        doomed = a.codes.all()[6]
        a.codes.delete_code(code_id=doomed.id)
        b.codings.apply_code(source_id=b.sources.all()[0].id, code_id=doomed.id, start=0, end=10, coder="ben")
        b.sync.export_work(tmp_path / "b.ccwork")
        a.sync.import_work(tmp_path / "b.ccwork")
        [conflict] = a.sync.conflicts()
        before_keep = a.dump()
        a.sync.resolve(conflict.id, "keep")
        after_keep = a.dump()
    with Study.open(paths["ana"], user="ana") as a:
        a.undo()  # the decision is withdrawn: its conflict is listed again
        assert a.dump() == before_keep
        assert [c.kind for c in a.sync.conflicts()] == ["deleted_in_use"]
    with Study.open(paths["ana"], user="ana") as a:
        a.redo()  # decided again
        assert a.dump() == after_keep and a.sync.conflicts() == []


def test_two_connections_to_one_study_share_one_history(demo_study):
    with Study.open(demo_study.path, user="second") as second:
        demo_study.codes.add_code(path="First")
        second.codes.add_code(path="Second")
        assert demo_study.history.undo_label() == "New code Second"
        demo_study.undo()
        assert second.history.redo_label() == "New code Second"
        second.undo()
        assert not any(c.name in ("First", "Second") for c in demo_study.codes.all())


def test_cli_undo_and_redo_with_steps_and_json(demo_study, capsys):
    path = str(demo_study.path)
    demo_study.close()
    assert main(["undo", path]) == 1
    assert "demo.casecoder: nothing to undo" in capsys.readouterr().err
    for name in ("One", "Two", "Three"):
        assert main(["code", "add", path, f"CLI/{name}"]) == 0
    capsys.readouterr()
    assert main(["undo", path, "--steps", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [u["label"] for u in out["undone"]] == ["New code Three", "New code Two"]
    assert out["undone"][0]["op"] == "add_code" and out["undone"][0]["areas"] == ["codes"]
    assert out["next_undo"] == "New code One" and out["next_redo"] == "New code Two"
    assert main(["undo", path, "--list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [u["label"] for u in listed["undo"]] == ["New code One"]
    assert [r["label"] for r in listed["redo"]] == ["New code Two", "New code Three"]
    assert main(["redo", path, "--steps", "3"]) == 1  # only two can be redone: none is
    assert "only 2 actions can be redone, not 3; nothing was redone" in capsys.readouterr().err
    assert main(["redo", path]) == 0
    assert capsys.readouterr().out == "redone: New code Two\n"
    with Study.open(path) as s:
        assert {c.path for c in s.codes.all() if c.path.startswith("CLI")} == {"CLI", "CLI/One", "CLI/Two"}
    with pytest.raises(SystemExit) as bad:
        main(["undo", path, "--steps", "0"])
    assert bad.value.code == 2 and "not a number of actions" in capsys.readouterr().err


def test_cli_undo_is_refused_while_another_program_writes_the_study(demo_study, capsys):
    import os
    import subprocess
    import sys
    from pathlib import Path

    demo_study.codes.add_code(path="Kept")
    path = demo_study.path
    demo_study.close()
    hold = ("import sys, time; from coder import Study; s = Study.open(sys.argv[1]); print('ready', flush=True); "
            "time.sleep(60)")
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-c", hold, str(path)], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=str(root)))
    try:
        assert proc.stdout.readline().strip() == "ready"
        assert main(["undo", str(path)]) == 1
        err = capsys.readouterr().err
        assert "Opened read-only" in err and "is open read-only" in err and "this change was not made" in err
        assert main(["undo", str(path), "--list"]) == 0  # reading it is allowed
        assert "New code Kept" in capsys.readouterr().out
    finally:
        proc.kill()
        proc.wait()
    with Study.open(path) as s:
        assert s.codes.find("Kept") and s.history.undo_label() == "New code Kept"


def test_a_copy_for_a_teammate_starts_with_no_history_and_a_backup_keeps_it(demo_study, tmp_path):
    code_passage(demo_study, "alder_coach_w1", "coach", "Leadership configuration/Coaching")
    copy = copy_study(demo_study.path, tmp_path / "for-ben.casecoder")
    with Study.open(copy, user="ben") as ben:
        assert not ben.history.can_undo()
        assert ben.conn.execute("SELECT count(*) FROM undo_log").fetchone()[0] == 0
    assert demo_study.history.can_undo()  # mine is untouched
    backup = make_backup(demo_study.path, folder=tmp_path / "backups")
    demo_study.codes.add_code(path="After the backup")
    path = demo_study.path
    demo_study.close()
    restore_backup(backup, path)
    with Study.open(path) as restored:
        assert [c.label for c in restored.history.undo_stack] == ["Code Coaching"]
        restored.undo()
        assert not any(c.coder == "tester" for c in restored.codings.for_source(
            restored.sources.find("alder_coach_w1").id))


def test_a_shareable_copy_carries_no_history(demo_study, tmp_path):
    from coder.privacy.pseudonyms import write_shareable_copy

    demo_study.pseudonyms.set_all(pairs=[("Alder Street Elementary", "Site A")])
    site = demo_study.cases.find("Alder Street Elementary")
    demo_study.cases.rename_case(case_id=site.id, name="Alder Street Elementary School")
    demo_study.cases.rename_case(case_id=site.id, name="Alder Street Elementary")
    out = tmp_path / "shared.casecoder"
    write_shareable_copy(demo_study, out, allow_remaining=True)  # only the site is listed here
    with Study.open(out) as shared:
        assert not shared.history.can_undo() and not shared.history.can_redo()
        assert shared.conn.execute("SELECT count(*) FROM undo_log").fetchone()[0] == 0
    assert b"Alder Street Elementary" not in out.read_bytes()


def test_a_version_6_study_is_upgraded_to_a_stored_history(tmp_path):
    path = tmp_path / "v6.casecoder"
    conn = sqlite3.connect(path)
    from coder.store.database import connect

    conn.close()
    conn = connect(path)
    conn.execute("BEGIN")
    create_schema(conn, 6)
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                     [("app", "casecoder"), ("schema_version", "6"), ("study_id", "x" * 36)])
    conn.execute("COMMIT")
    conn.close()
    assert SCHEMA_VERSION >= 7
    with Study.open(path, user="tester") as s:
        assert s.meta("schema_version") == str(SCHEMA_VERSION)  # through 7 (the stored history) to now
        s.codes.add_code(path="Upgraded")
    with Study.open(path, user="tester") as s:
        assert s.history.undo_label() == "New code Upgraded"
        s.undo()
        assert s.codes.all() == []
