"""What the window says before deleting a case or a source is what the deletion does; each
edit of the case tree is one undoable step; a speaker's labels are listed as the transcripts
write them, with their turns."""

from __future__ import annotations

import pytest

from coder.store.errors import ConflictError

from .conftest import assert_undoable


def test_a_districts_deletion_summary_counts_what_delete_case_does(demo_study):
    s = demo_study
    district = s.cases.find("Harbor Valley")
    held = [src.id for src in s.sources.all() if src.district == "Harbor Valley"]
    summary = s.cases.deletion_summary(district.id)
    assert summary.path == "Harbor Valley"
    assert summary.cases_below == ("Harbor Valley/Alder Street Elementary", "Harbor Valley/Bayview Middle School",
                                   "Harbor Valley/Cedar Ridge High School")
    assert summary.sources == len(held) == 13
    assert summary.attributes == sum(len(s.attributes.values("case", c)) for c in s.cases.subtree(district.id))
    assert summary.memos == 1 and summary.cell_notes == 2
    codings = s.codings.counts_by_source()
    assert_undoable(s, lambda: s.cases.delete_case(case_id=district.id))
    assert [c.path for c in s.cases.all()] == [c.path for c in s.cases.all() if c.path.startswith("Prairie Ridge")]
    assert all(s.sources.get(i).case_id is None for i in held)  # the sources stay, unassigned
    assert s.codings.counts_by_source() == codings  # with every coding
    assert any(m.kind == "site" for m in s.memos.all())  # the site memo is kept


def test_a_sources_deletion_summary_counts_its_codings_and_quotations(demo_study):
    s = demo_study
    source = s.sources.find("alder_coach_w1")
    summary = s.sources.deletion_summary(source.id)
    assert (summary.codings, summary.coders) == (26, ("lindqvist", "okafor"))
    assert (summary.memo_quotes, summary.claim_evidence, summary.pinned_quotes) == (1, 1, 1)
    assert_undoable(s, lambda: s.sources.delete_source(source_id=source.id))
    assert not s.sources.exists(source.id)


def test_case_tree_edits_are_undoable_and_refuse_what_cannot_be(demo_study):
    s = demo_study
    district = s.cases.find("Prairie Ridge").id
    site = s.cases.find("Granite Falls High School").id
    new = assert_undoable(s, lambda: s.cases.add_case(name="Lakeside", kind="district")).result
    assert_undoable(s, lambda: s.cases.rename_case(case_id=site, name="Granite Falls High"))
    assert_undoable(s, lambda: s.cases.move_case(case_id=site, parent_id=new))
    assert s.cases.get(site).path == "Lakeside/Granite Falls High"
    assert s.sources.find("granite_ap_w1").district == "Lakeside"  # its sources move with it
    before = s.dump()
    with pytest.raises(ConflictError, match="inside itself"):
        s.cases.move_case(case_id=new, parent_id=site)
    with pytest.raises(ConflictError, match="already exists"):
        s.cases.add_case(name="Granite Falls High", parent_id=new)
    with pytest.raises(ConflictError, match="already exists"):
        s.cases.rename_case(case_id=district, name="Lakeside")
    assert s.dump() == before
    assert s.cases.subtree(district) == [district] + [c.id for c in s.cases.all() if c.parent_id == district]


def test_label_uses_list_each_speakers_labels_as_written(demo_study):
    s = demo_study
    uses = s.speakers.label_uses()
    interviewer = s.speakers.find("Interviewer")
    assert [(u.label, u.turns) for u in uses[interviewer.id]] == [("Interviewer", 320), ("Int.", 4)]
    assert sum(u.turns for u in uses[interviewer.id]) == interviewer.turns
    granite = s.sources.find("granite_teacher_w2").id
    s.speakers.split_speaker(label="Teacher", name="Granite teacher", source_ids=[granite])
    uses = s.speakers.label_uses()
    moved = uses[s.speakers.find("Granite teacher").id]
    assert [(u.label, u.key, u.turns, u.sources) for u in moved] == [("Teacher", "teacher", 21, ((granite, 21),))]
    assert [u.turns for u in uses[s.speakers.find("Teacher").id]] == [24]  # the label stays the teacher's elsewhere
    assert s.speakers.label_owner("TEACHER") == s.speakers.find("Teacher").id  # and in later imports
    s.speakers.split_label(label="Int.", name="Second interviewer")
    assert s.speakers.label_owner("int") == s.speakers.find("Second interviewer").id
    assert s.speakers.label_owner("Nobody") is None
