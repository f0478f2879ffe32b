"""Coding many passages at once: search hits widened to each unit, a speaker's, a role's and the
interviewers' turns, a data run's segments; nothing coded twice, overlapping results merged,
one undo step that restores the study as it was, one operation in the team log, and the
command line's dry run and apply."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.cli import main
from coder.coding import autocode as auto
from coder.coding.run_spec import RunSpec
from coder.store.errors import ConflictError

from .conftest import assert_undoable

PRINCIPAL = RunSpec(codes=[], roles=["principal"])


def _texts(study, plan):
    return [study.sources.text(s)[a:b] for s, a, b in plan.passages]


def test_each_unit_around_the_hits(coded_study):
    study = coded_study
    hits = auto.plan_search(study, "teachers", mode="lemma", scope=PRINCIPAL)
    assert _texts(study, hits) == ["Teachers", "teachers"]
    sentences = auto.plan_search(study, "teachers", mode="lemma", scope=PRINCIPAL, unit="sentence")
    assert _texts(study, sentences) == ["Teachers meet in PLCs every Wednesday to look at data.",
                                        "The coach runs cycles with six teachers."]
    paragraphs = auto.plan_search(study, "teachers", mode="lemma", scope=PRINCIPAL, unit="paragraph")
    assert len(paragraphs.passages) == 2 and _texts(study, paragraphs)[0].startswith("Principal: Our focus")
    turns = auto.plan_search(study, "teachers", mode="lemma", scope=PRINCIPAL, unit="turn")
    assert _texts(study, turns)[0].startswith("Our focus is student talk")  # the words, not the label
    around = auto.plan_search(study, "six", unit="words:2")
    assert _texts(study, around) == ["cycles with six teachers. Some"]
    # N words either side stay inside the speaker's turn: never the next label and its words
    edge = auto.plan_search(study, "data", scope=PRINCIPAL, unit="words:5")
    assert _texts(study, edge) == ["every Wednesday to look at data."]
    asked = auto.plan_search(study, "coaching", scope=PRINCIPAL, unit="words:3")
    assert _texts(study, asked) == ["And coaching?"]
    both = auto.plan_search(study, "PLC", mode="lemma", unit="sentence")
    assert both.per_source() and all(p[2] > p[1] for p in both.passages)


def test_hits_in_one_unit_merge_and_nothing_is_coded_twice(coded_study):
    study = coded_study
    code = study.codes.find("Leadership configuration/Coaching").id
    plan = auto.plan_search(study, "t", mode="regex", unit="paragraph")  # many hits, few paragraphs
    assert plan.merged > 0 and len(plan.passages) == len(set(plan.passages))
    first = auto.autocode(study, plan, code)
    assert first.extra["skipped"] == 0
    coded = study.conn.execute("SELECT count(*) FROM codings").fetchone()[0]
    again = auto.autocode(study, plan, code)
    assert again.extra["skipped"] == len(plan.passages)
    assert study.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == coded


def test_one_step_undone_restores_the_study_and_is_one_team_operation(coded_study):
    study = coded_study
    code = study.codes.find("Supports/Professional learning communities").id
    plan = auto.plan_search(study, "Our", unit="sentence")
    ops_before = study.conn.execute("SELECT count(*) FROM ops").fetchone()[0]
    changes = auto.autocode(study, plan, code, coder="okafor")
    assert changes.label == "Auto-code 2 passages as Professional learning communities (search 'Our', sentence)"
    assert study.conn.execute("SELECT count(*) FROM ops").fetchone()[0] == ops_before + 1  # one operation
    study.undo()
    assert_undoable(study, lambda: auto.autocode(study, plan, code, coder="okafor"))
    removed = assert_undoable(study, lambda: auto.uncode(study, plan, code))
    assert removed.result == 2


def test_a_new_code_and_its_codings_are_one_step(coded_study):
    study = coded_study
    plan = auto.plan_search(study, "coach", unit="sentence")
    assert_undoable(study, lambda: auto.autocode(study, plan, code_path="Auto/Coach mentions"))


def test_turns_of_a_speaker_a_role_and_the_interviewers(coded_study):
    study = coded_study
    principal = auto.plan_turns(study, speaker="Principal")
    assert len(principal.passages) == 2 and _texts(study, principal)[0].startswith("Our focus")
    asked = auto.plan_turns(study, interviewers=True)
    assert [t.split()[0] for t in _texts(study, asked)] == ["What", "And"]
    role = auto.plan_turns(study, role="principal")
    assert role.passages == principal.passages  # the principal's source, less the interviewer's turns
    with pytest.raises(ConflictError):
        auto.plan_turns(study, speaker="Principal", interviewers=True)


def test_a_data_runs_segments_get_another_code(demo_study):
    study = demo_study
    coaching = study.codes.find("Leadership configuration/Coaching").id
    spec = RunSpec(codes=[coaching], waves=[1])
    plan = auto.plan_run(study, spec)
    segments = study.runs.run(spec)
    assert len(plan.passages) <= len(segments) and plan.passages
    target = study.codes.add_code(path="Phase 1 evidence").result
    changes = auto.autocode(study, plan, target, coder="tester")
    assert changes.result["coded"] == len(plan.passages)
    marked = study.runs.run(RunSpec(codes=[target]))
    assert {(s.source, s.start, s.end) for s in marked} == set(plan.passages)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 40)), max_size=30))
def test_merged_passages_never_overlap_and_cover_every_hit(spans):
    hits = [("s", a, a + n) for a, n in spans]
    merged, joined = auto._merge(hits)
    ordered = sorted(merged)
    assert all(a[2] <= b[1] for a, b in zip(ordered, ordered[1:], strict=False))
    assert all(any(m[1] <= h[1] and h[2] <= m[2] for m in merged) for h in hits)
    assert len(merged) + joined == len(hits)


def test_the_command_line(coded_study, capsys):
    path = str(coded_study.path)
    coded_study.close()
    assert main(["autocode", path, "--code", "Auto/PLC", "--search", "Our", "--unit", "sentence", "--dry-run",
                 "--json"]) == 0
    planned = json.loads(capsys.readouterr().out)
    assert planned["passages"] == 2 and planned["sources"] == 2 and planned["skipped"] == 0
    assert set(planned["items"][0]) == {"source", "start", "end"}
    assert main(["autocode", path, "--code", "Auto/PLC", "--search", "Our", "--unit", "sentence", "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["passages"] == 2
    assert main(["autocode", path, "--code", "Auto/PLC", "--search", "Our", "--unit", "sentence", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {**done, "passages": 0, "sources": 0, "skipped": 2, "items": []}
    assert main(["undo", path]) == 0  # the first autocode, with its new code, was one step
    assert main(["undo", path]) == 1  # and the second, which found nothing to code, none
    assert "Auto-code 2 passages as PLC (search 'Our', sentence)" in capsys.readouterr().out
    assert main(["autocode", path, "--code", "Auto/PLC", "--search", "Our", "--dry-run"]) == 0
    assert "would code 2 passages" in capsys.readouterr().out
    assert main(["autocode", path, "--code", "X", "--search", "Our", "--speaker", "Principal"]) == 1


def test_who_speaks_where(coded_study):
    names, roles = auto.speakers_and_roles(coded_study, RunSpec(codes=[], roles=["principal"]))
    assert "Principal" in names and "Interviewer" in names and roles == ["principal"]
    _names, every = auto.speakers_and_roles(coded_study, RunSpec(codes=[]))
    assert every == ["principal", "teacher"]


def test_a_roles_turns_leave_out_a_transcripts_unlabelled_header(coded_study, tmp_path):
    from coder.sources.importing import import_sources, plan_import

    study = coded_study
    path = tmp_path / "c_teacher.txt"
    path.write_text("Pine Middle School, interview with a teacher. Interviewed by M. Okafor.\n\n"
                    "Interviewer: How do you plan?\n\nTeacher: With my grade team.\n\n"
                    "Interviewer: And the coach?\n\nTeacher: She visits on Thursdays.\n", encoding="utf-8")
    import_sources(study, plan_import([path], {"site": "Pine Middle", "role": "teacher"}))
    scope = RunSpec(codes=[], sources=[study.sources.find("c_teacher").id])
    role = auto.plan_turns(study, role="teacher", scope=scope)
    assert _texts(study, role) == ["With my grade team.", "She visits on Thursdays."]
    assert role.passages == auto.plan_turns(study, speaker="Teacher", scope=scope).passages
