"""Speaker as a data-run filter and a crosstab axis: a passage belongs to the speaker whose turn
it begins in — the speaker column of its segment — so a run filtered to a speaker, the
crosstab's cell for that speaker and the run behind the cell all agree."""

from __future__ import annotations

import json

import pytest

from coder.cli import main
from coder.coding.run_spec import RunSpec, describe_text
from coder.compare.cells import cells_run
from coder.compare.crosstabs import crosstab
from coder.sources.importing import import_sources, plan_import
from coder.store.errors import ConflictError

from .conftest import code_passage

COACHING = "Leadership configuration/Coaching"


@pytest.fixture
def spoken(coded_study, tmp_path):
    """Coaching coded in a question, in two answers (one by two coders, overlapping), and in a
    passage that begins in a question and runs into the answer."""
    study = coded_study
    teacher = tmp_path / "c_teacher.txt"
    teacher.write_text("Interviewer: How are PLCs going?\n\n"
                       "Teacher: Our PLC time keeps getting taken for testing.\n\n"
                       "Interviewer: And the coach?\n\n"
                       "Teacher: Coaching feels evaluative to me.\n", encoding="utf-8")
    assert not import_sources(study, plan_import([teacher], {"district": "South", "site": "Pine Middle",
                                                             "role": "teacher", "wave": 2})).failed
    code_passage(study, "a_principal", "And coaching?", COACHING)
    code_passage(study, "a_principal", "The coach runs cycles", COACHING)
    code_passage(study, "a_principal", "The coach runs cycles with six teachers", COACHING, coder="okafor")
    code_passage(study, "c_teacher", "Coaching feels evaluative", COACHING)
    source = study.sources.find("c_teacher").id
    text = study.sources.text(source)
    study.codings.apply_code(source_id=source, code_id=study.codes.find(COACHING).id,
                             start=text.index("going?"), end=text.index("keeps"), coder="tester")
    return study


def _speaker(study, name):
    return study.speakers.find(name).id


def test_a_run_keeps_the_passages_begun_in_a_speakers_turns(spoken):
    study = spoken
    code = study.codes.find(COACHING).id
    every = study.runs.run(RunSpec(codes=[code]))
    assert {s.speaker for s in every} == {"Interviewer", "Principal", "Teacher"}
    for name in ("Interviewer", "Principal", "Teacher"):
        spec = RunSpec(codes=[code], speakers=[_speaker(study, name)])
        kept = study.runs.run(spec)
        assert kept == [s for s in every if s.speaker == name]
        assert study.runs.count(spec) == len(kept)
        assert study.runs.page(spec, 1)[1] == len(kept)
    both = RunSpec(codes=[code], speakers=[_speaker(study, "Principal"), _speaker(study, "Teacher")])
    assert study.runs.passage_count(both) == 2  # the principal's two codings overlap: one passage
    interviewer = RunSpec(codes=[code], speakers=[_speaker(study, "Interviewer")])
    assert [s.text for s in study.runs.run(interviewer)][0] == "And coaching?"
    assert "Speakers: Principal, Teacher" in describe_text(study, both)


def test_the_speaker_filter_joins_the_others(spoken):
    study = spoken
    code = study.codes.find(COACHING).id
    teacher = RunSpec(codes=[code], speakers=[_speaker(study, "Interviewer")], roles=["teacher"])
    assert [s.source_name for s in study.runs.run(teacher)] == ["c_teacher"]
    assert not study.runs.run(RunSpec(codes=[code], speakers=[_speaker(study, "Principal")], roles=["teacher"]))
    saved = RunSpec.from_dict(teacher.to_dict())
    assert saved.speakers == teacher.speakers


def test_a_crosstab_by_speaker_counts_what_the_runs_find(spoken):
    study = spoken
    code = study.codes.find(COACHING).id
    table = crosstab(study, "speaker", items=[code])
    # b_teacher's two turns carry no speaker (too few to tell labels from text): "(none)"
    assert table.cols == ["Interviewer", "Principal", "Teacher", "(none)"]
    for col in table.cols[:-1]:
        run = RunSpec(codes=[code], speakers=[_speaker(study, col)])
        assert table.cell(code, col).passages == study.runs.passage_count(run)
        behind = cells_run(study, table, [(code, col)])
        assert study.runs.passage_count(behind.spec) == table.cell(code, col).passages
    assert table.sources_in_col == {"Interviewer": 2, "Principal": 1, "Teacher": 1, "(none)": 1}
    by_role = crosstab(study, ["role", "speaker"], items=[code], scope=RunSpec(codes=[], speakers=[
        _speaker(study, "Principal"), _speaker(study, "Teacher")]))
    assert by_role.cols == ["principal · Principal", "teacher · Teacher"]
    with pytest.raises(ConflictError):
        crosstab(study, ["coder", "speaker"], items=[code])


def test_passages_outside_any_turn_are_nobodys(coded_study, tmp_path):
    study = coded_study
    note = tmp_path / "c_observation.txt"
    note.write_text("The coach models a lesson while the principal watches.\n", encoding="utf-8")
    import_sources(study, plan_import([note], {"site": "Oak Elementary", "type": "observation"}))
    code_passage(study, "c_observation", "The coach models a lesson", COACHING)
    table = crosstab(study, "speaker", items=[study.codes.find(COACHING).id])
    assert table.cell(study.codes.find(COACHING).id, "(none)").passages == 1


def test_the_command_line(spoken, capsys):
    path = str(spoken.path)
    spoken.close()
    assert main(["run", path, "--code", COACHING, "--speaker", "teacher", "--json"]) == 0
    segments = json.loads(capsys.readouterr().out)
    assert [s["speaker"] for s in segments] == ["Teacher"]
    assert main(["crosstab", path, "--cols", "speaker", "--item", COACHING, "--json"]) == 0
    cells = {r["col"]: r["segments"] for r in json.loads(capsys.readouterr().out)}
    assert cells == {"Interviewer": 2, "Principal": 1, "Teacher": 1, "(none)": 0}
    assert main(["run", path, "--code", COACHING, "--speaker", "Nobody"]) == 2  # not found
    assert "no speaker named 'Nobody'" in capsys.readouterr().err


def test_a_crosstab_narrowed_to_speakers_counts_the_sources_they_speak_in(spoken):
    study = spoken
    code = study.codes.find(COACHING).id
    table = crosstab(study, "role", items=[code], scope=RunSpec(codes=[], speakers=[_speaker(study, "Principal")]))
    assert table.scope_sources == 1 and table.sources_in_col == {"principal": 1}
    assert table.cell(code, "principal").passages == 1


def test_nobodys_passages_have_a_filter_and_a_cell_run_of_their_own(coded_study, tmp_path):
    """An observation note's passages and those in a transcript without labels are nobody's: the
    "(none)" cell, the run filtered to no speaker and the run behind the cell agree."""
    from coder.coding.run_spec import NO_SPEAKER

    study = coded_study
    note = tmp_path / "c_observation.txt"
    note.write_text("The coach models a lesson while the principal watches.\n", encoding="utf-8")
    import_sources(study, plan_import([note], {"site": "Oak Elementary", "type": "observation"}))
    code_passage(study, "c_observation", "The coach models a lesson", COACHING)
    code_passage(study, "a_principal", "The coach runs cycles", COACHING)
    code = study.codes.find(COACHING).id
    table = crosstab(study, "speaker", items=[code])
    nobody = RunSpec(codes=[code], speakers=[NO_SPEAKER])
    assert [s.source_name for s in study.runs.run(nobody)] == ["c_observation"]
    assert table.cell(code, "(none)").passages == study.runs.passage_count(nobody) == 1
    behind = cells_run(study, table, [(code, "(none)")])
    assert behind.spec.speakers == [NO_SPEAKER] and study.runs.passage_count(behind.spec) == 1
    both = RunSpec(codes=[code], speakers=[NO_SPEAKER, _speaker(study, "Principal")])
    assert study.runs.passage_count(both) == 2
    assert "(no speaker)" in describe_text(study, nobody)
