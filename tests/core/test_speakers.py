"""One transcript label that names two people becomes two speakers: in some transcripts, or for
some turns; undoable, and kept when the transcript is corrected afterwards."""

from __future__ import annotations

import pytest

from coder.store.errors import ConflictError, NotFoundError

from .conftest import assert_undoable


def speakers_of(study, source_name: str, label: str = "Teacher") -> set[str]:
    return {t.speaker for t in study.sources.turns(study.sources.find(source_name).id) if t.label == label}


def test_a_label_is_split_between_two_transcripts(demo_study):
    s = demo_study
    granite = s.sources.find("granite_teacher_w2").id
    changes = assert_undoable(s, lambda: s.speakers.split_speaker(label="Teacher", name="Granite teacher",
                                                                   source_ids=[granite]))
    assert changes.result["turns"] == 21
    assert speakers_of(s, "granite_teacher_w2") == {"Granite teacher"}
    assert speakers_of(s, "bayview_teacher_w1") == {"Teacher"}  # the label keeps its speaker elsewhere
    text = s.sources.text(granite)
    s.sources.edit_text(source_id=granite, text="Transcriber's note: checked against the audio.\n\n" + text)
    assert speakers_of(s, "granite_teacher_w2") == {"Granite teacher"}  # a correction keeps the split
    assert {sp.name: sp.turns for sp in s.speakers.all()}["Granite teacher"] == 21


def test_some_turns_of_one_transcript_go_to_a_second_person(demo_study):
    s = demo_study
    bayview = s.sources.find("bayview_teacher_w1").id
    turns = [t for t in s.sources.turns(bayview) if t.label == "Teacher"]
    later = [t.id for t in turns[10:]]
    assert_undoable(s, lambda: s.speakers.split_speaker(label="teacher", name="Second teacher", turn_ids=later))
    after = {t.id: t.speaker for t in s.sources.turns(bayview) if t.label == "Teacher"}
    assert [after[t.id] for t in turns] == ["Teacher"] * 10 + ["Second teacher"] * (len(turns) - 10)


def test_a_wrong_scope_is_refused_and_changes_nothing(demo_study):
    s = demo_study
    before = s.dump()
    principal = s.sources.find("bayview_principal_w1").id
    with pytest.raises(NotFoundError, match="no turn of bayview_principal_w1 is labelled 'Teacher'"):
        s.speakers.split_speaker(label="Teacher", name="X", source_ids=[principal])
    interviewer = next(t for t in s.sources.turns(principal) if t.label != "Principal")
    with pytest.raises(ConflictError, match="not 'Principal'"):
        s.speakers.split_speaker(label="Principal", name="X", turn_ids=[interviewer.id])
    assert s.dump() == before
