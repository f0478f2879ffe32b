"""The command line does what the window does: change one coding, the case tree, the case outline,
sets, speakers and claim evidence — each command one undoable action with JSON on --json."""

from __future__ import annotations

import pytest

from coder.cli import (
    commands_cases,
    commands_codes,
    commands_codings,
    commands_outline,
    commands_runs,
    commands_sets,
    commands_study,
)

from .test_cli import run


class _Held:
    """The study a command opens, kept open afterwards so the test can undo what it did."""

    def __init__(self, study) -> None:
        self.study = study

    def __enter__(self):
        return self.study

    def __exit__(self, *exc) -> None:
        return None


@pytest.fixture
def held(demo_study, monkeypatch):
    for module in (commands_cases, commands_codes, commands_codings, commands_outline, commands_runs, commands_sets,
                   commands_study):
        monkeypatch.setattr(module, "open_study", lambda args, reading=False: _Held(demo_study))
    return demo_study


def undoable(capsys, study, *argv):
    """Run a command; it changed the study in one step that undoes and redoes exactly."""
    before = study.dump()
    code, data, err = run(capsys, *argv)
    assert code == 0, err
    after = study.dump()
    assert after != before, "the command changed nothing"
    study.undo()
    assert study.dump() == before
    study.redo()
    assert study.dump() == after
    return data


def coding(study, source="alder_coach_w1", index=0):
    return study.codings.for_source(study.sources.find(source).id)[index]


def test_one_coding_is_recoded_resized_noted(held, capsys):
    s, path = held, held.path
    c = coding(s)
    data = undoable(capsys, s, "coding", "recode", path, c.id, "--code", "Supports/Professional development",
                    "--json")
    assert (data["was"], data["code"], data["changed"]) == (c.code_path, "Supports/Professional development", True)
    assert s.codings.get(c.id).code_path == "Supports/Professional development"
    data = undoable(capsys, s, "coding", "resize", path, c.id, "--start", c.start, "--end", c.end + 20, "--json")
    assert (data["start"], data["end"]) == (c.start, c.end + 20)
    text = s.sources.text(c.source_id)
    words = text[c.end + 40:c.end + 80].split(" ", 1)[1][:25].strip()
    data = undoable(capsys, s, "coding", "resize", path, c.id, "--find", words, "--json")  # moved elsewhere
    assert data["text"] == words and data["start"] == text.index(words)
    data = undoable(capsys, s, "coding", "note", path, c.id, "--text", "Check with the coach", "--json")
    assert s.codings.get(c.id).note == "Check with the coach" == data["note"]
    code, _, err = run(capsys, "coding", "resize", path, c.id, "--start", 5, "--end", 2)
    assert code == 1 and "is not a passage" in err


def test_a_detached_coding_is_listed_placed_or_dropped(held, capsys, tmp_path):
    s, path = held, held.path
    first, second = coding(s, index=0), coding(s, index=1)
    text = s.sources.text(first.source_id)
    for c in (first, second):
        text = text.replace(text[c.start:c.end], "")
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(text, encoding="utf-8")
    code, report, err = run(capsys, "source", "edit", path, "alder_coach_w1", "--file", corrected, "--json")
    assert code == 0, err
    detached = {d["id"] for d in report["detached"]}
    assert {first.id, second.id} <= detached
    code, rows, _ = run(capsys, "codings", path, "--detached", "--json")
    assert {r["id"] for r in rows} == detached and all(r["detached"] for r in rows)
    code, out, _ = run(capsys, "codings", path, "--detached")
    assert first.id in out and "DETACHED" in out
    words = text[200:260].split(" ", 1)[1][:30].strip()
    data = undoable(capsys, s, "coding", "place", path, first.id, "--find", words, "--json")
    assert not data["detached"] and data["text"] == words
    data = undoable(capsys, s, "coding", "drop", path, second.id, "--json")
    assert data["id"] == second.id
    code, _, err = run(capsys, "coding", "drop", path, first.id)  # placed: no longer detached
    assert code == 2 and "uncode" in err


def test_apply_by_words_and_uncode(held, capsys):
    s, path = held, held.path
    text = s.sources.text(s.sources.find("alder_coach_w1").id)
    words = "the recorder's going"
    data = undoable(capsys, s, "apply", path, "--source", "alder_coach_w1", "--code", "Challenges/Resistance",
                    "--find", words.replace(" ", "  "), "--coder", "zoe", "--json")
    assert text[data["start"]:data["end"]] == words and data["created"]
    code, _, err = run(capsys, "apply", path, "--source", "alder_coach_w1", "--code", "Challenges/Resistance",
                       "--find", "words nobody said", "--json")
    assert code == 1 and "has no 'words nobody said'" in err
    code, _, err = run(capsys, "apply", path, "--source", "alder_coach_w1", "--code", "Challenges/Resistance")
    assert code == 2 and "--start and --end" in err
    some = coding(s)
    data = undoable(capsys, s, "uncode", path, some.id, "--json")
    assert data["code"] == some.code_path


def test_cases_are_added_renamed_moved_and_deleted(held, capsys):
    s, path = held, held.path
    data = undoable(capsys, s, "case", "add", path, "Lakeside", "--json")
    assert (data["kind"], data["path"]) == ("district", "Lakeside")
    data = undoable(capsys, s, "case", "add", path, "Juniper Elementary", "--under", "Lakeside", "--json")
    assert (data["kind"], data["path"]) == ("site", "Lakeside/Juniper Elementary")
    data = undoable(capsys, s, "case", "rename", path, "Cedar Ridge High School", "Cedar Ridge High", "--json")
    assert data["path"] == "Harbor Valley/Cedar Ridge High" and data["was"] == "Harbor Valley/Cedar Ridge High School"
    data = undoable(capsys, s, "case", "move", path, "Alder Street Elementary", "--under", "Lakeside", "--json")
    assert data["path"] == "Lakeside/Alder Street Elementary"
    alder = {x.name for x in s.sources.all() if x.site == "Alder Street Elementary"}
    data = undoable(capsys, s, "case", "delete", path, "Alder Street Elementary", "--json")
    assert set(data["unassigned_sources"]) == alder
    assert all(x.case_id is None for x in s.sources.all() if x.name in alder)


def test_outline_sections_are_added_renamed_moved_and_deleted(held, capsys):
    s, path = held, held.path
    data = undoable(capsys, s, "section", "add", path, "7 Sustainability", "--description", "What lasts", "--json")
    assert (data["path"], data["description"]) == ("7 Sustainability", "What lasts")
    data = undoable(capsys, s, "section", "rename", path, "3.2 Teacher leaders and coaches", "3.2 Coaching",
                    "--json")
    assert data["path"] == "3 Leadership configuration/3.2 Coaching" and data["memos_renamed"] == 1
    assert "# 3.2 Coaching" in s.memos.text(s.memos.find("Alder Street Elementary").id)
    data = undoable(capsys, s, "section", "move", path, "3.2 Coaching", "--up", "--json")
    assert [x.name for x in s.sections.all() if x.path.startswith("3 Leadership configuration/")][:2] == [
        "3.2 Coaching", "3.1 Principal and assistant principals"]
    data = undoable(capsys, s, "section", "move", path, "3.2 Coaching", "--under", "", "--json")
    assert data["path"] == "3.2 Coaching"
    data = undoable(capsys, s, "section", "delete", path, "5 Challenges and tensions", "--json")
    assert data["unlinked_codes"]
    assert not [c for c in s.codes.all() if c.path in data["unlinked_codes"] and c.section_id]
    code, rows, _ = run(capsys, "sections", path, "--json")
    assert "5 Challenges and tensions" not in {r["path"] for r in rows}


def test_sets_are_made_filled_emptied_renamed_and_deleted(held, capsys):
    s, path = held, held.path
    data = undoable(capsys, s, "set", "create", path, "Principals", "alder_principal_w1", "bayview_principal_w1",
                    "--kind", "source", "--json")
    assert data["members"] == {"source": ["alder_principal_w1", "bayview_principal_w1"]}
    data = undoable(capsys, s, "set", "add", path, "Principals", "fairmont_principal_w1", "granite_principal_w1",
                    "--json")
    assert data["added"] == 2 and len(data["members"]["source"]) == 4
    code, segs, err = run(capsys, "run", path, "--code", "Leadership configuration", "--descendants", "--set",
                          "Principals", "--json")
    assert code == 0 and segs and {seg["role"] for seg in segs} == {"principal"}
    data = undoable(capsys, s, "set", "remove", path, "Principals", "granite_principal_w1", "--json")
    assert data["members"]["source"] == ["alder_principal_w1", "bayview_principal_w1", "fairmont_principal_w1"]
    code, _, err = run(capsys, "set", "remove", path, "Principals", "granite_principal_w1")
    assert code == 2 and "is not in the set" in err
    undoable(capsys, s, "set", "rename", path, "Principals", "School leaders", "--json")
    data = undoable(capsys, s, "set", "delete", path, "School leaders", "--json")
    assert data["deleted"] == "School leaders"
    code, out, _ = run(capsys, "sets", path)
    assert out.startswith("no sets yet")


def test_a_speaker_label_is_split(held, capsys):
    s, path = held, held.path
    undoable(capsys, s, "speakers", path, "--split", "Teacher", "Granite teacher", "--in", "granite_teacher_w2",
             "--json")
    code, rows, _ = run(capsys, "speakers", path, "--json")
    turns = {r["name"]: r["turns"] for r in rows}
    assert turns["Granite teacher"] == 21 and turns["Teacher"] == 24
    bayview = s.sources.find("bayview_teacher_w1").id
    late = [t for t in s.sources.turns(bayview) if t.label == "Teacher"][-1]
    undoable(capsys, s, "speakers", path, "--split", "Teacher", "Second teacher", "--in", "bayview_teacher_w1",
             "--turn", late.start + 3, "--json")
    assert s.sources.turn_at(bayview, late.start).speaker == "Second teacher"
    code, _, err = run(capsys, "speakers", path, "--split", "Teacher", "X", "--turn", 10)
    assert code == 2 and "exactly one --in" in err


def test_claim_evidence_is_read_the_other_way(held, capsys):
    s, path = held, held.path
    claim = next(i for i in s.cross_outline.items() if i.kind == "claim" and s.cross_outline.evidence(i.id))
    evidence = s.cross_outline.evidence(claim.id)[0]
    other = "contradicts" if evidence.stance == "supports" else "supports"
    data = undoable(capsys, s, "outline", "flip", path, evidence.id, "--json")
    assert (data["was"], data["stance"], data["claim"]) == (evidence.stance, other, claim.id)
    assert data["checks"] == s.cross_outline.check(claim.id)
    code, out, _ = run(capsys, "outline", "flip", path, evidence.id, "--to", other)
    assert code == 0 and out.strip() == f"now {other} its claim"  # already so: nothing to change
    code, _, err = run(capsys, "outline", "flip", path, "no-such-evidence")
    assert code == 2 and "no evidence link" in err
