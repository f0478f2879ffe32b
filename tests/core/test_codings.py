"""Coding passages: apply, no duplicates, remove, note, in-vivo, recode — each undoable."""

from __future__ import annotations

import pytest

from coder.store.errors import ConflictError

from .conftest import assert_undoable, code_passage


def _source(s, name="a_principal"):
    info = s.sources.find(name)
    return info.id, s.sources.text(info.id)


def test_apply_and_undo_redo(coded_study):
    s = coded_study
    sid, text = _source(s)
    code = s.codes.find("Supports/Professional learning communities").id
    start = text.index("Teachers meet")
    changes = assert_undoable(s, lambda: s.codings.apply_code(source_id=sid, code_id=code, start=start,
                                                             end=start + 20, coder="ana"))
    coding = s.codings.get(changes.result)
    assert (coding.start, coding.end, coding.coder) == (start, start + 20, "ana")


def test_same_code_same_passage_same_coder_not_duplicated(coded_study):
    s = coded_study
    sid, _ = _source(s)
    code = s.codes.find("Context").id
    first = s.codings.apply_code(source_id=sid, code_id=code, start=0, end=10, coder="ana")
    again = s.codings.apply_code(source_id=sid, code_id=code, start=0, end=10, coder="ana")
    assert again.result == first.result and again.step is None and again.warnings
    other = s.codings.apply_code(source_id=sid, code_id=code, start=0, end=10, coder="ben")
    overlapping = s.codings.apply_code(source_id=sid, code_id=code, start=5, end=15, coder="ana")
    assert len({first.result, other.result, overlapping.result}) == 3
    assert len(s.codings.for_source(sid)) == 3
    assert [c.coder for c in s.codings.for_source(sid, ["ben"])] == ["ben"]


@pytest.mark.parametrize("start,end", [(-1, 5), (5, 5), (10, 3), (0, 10_000)])
def test_out_of_range_passages_refused(coded_study, start, end):
    s = coded_study
    sid, _ = _source(s)
    with pytest.raises(ConflictError):
        s.codings.apply_code(source_id=sid, code_id=s.codes.find("Context").id, start=start, end=end)


def test_default_coder_is_the_study_user(coded_study):
    s = coded_study
    sid, _ = _source(s)
    changes = s.codings.apply_code(source_id=sid, code_id=s.codes.find("Context").id, start=0, end=4)
    assert s.codings.get(changes.result).coder == "tester"


def test_remove_note_recode(coded_study):
    s = coded_study
    sid, _ = _source(s)
    cid = s.codings.apply_code(source_id=sid, code_id=s.codes.find("Context").id, start=0, end=11).result
    assert_undoable(s, lambda: s.codings.set_note(coding_id=cid, note="  worth a memo "))
    assert s.codings.get(cid).note == "worth a memo"
    assert_undoable(s, lambda: s.codings.recode(coding_id=cid, code_id=s.codes.find("Challenges").id))
    assert s.codings.get(cid).code_path == "Challenges"
    assert_undoable(s, lambda: s.codings.remove_coding(coding_id=cid))
    assert s.codings.for_source(sid) == []


def test_recode_onto_existing_collapses(coded_study):
    s = coded_study
    sid, _ = _source(s)
    a = s.codings.apply_code(source_id=sid, code_id=s.codes.find("Context").id, start=0, end=11).result
    s.codings.apply_code(source_id=sid, code_id=s.codes.find("Challenges").id, start=0, end=11)
    s.codings.recode(coding_id=a, code_id=s.codes.find("Challenges").id)
    assert len(s.codings.for_source(sid)) == 1


def test_in_vivo_creates_code_from_words_in_one_step(coded_study):
    s = coded_study
    sid, text = _source(s)
    start = text.index("close their doors")
    parent = s.codes.find("Challenges").id
    changes = assert_undoable(s, lambda: s.codings.code_in_vivo(source_id=sid, start=start, end=start + 17,
                                                               parent_id=parent))
    code = s.codes.get(changes.result["code_id"])
    assert code.name == "“close their doors”" and code.parent_id == parent
    assert s.codings.get(changes.result["coding_id"]).start == start
    undone_count = len(s.history.undo_stack)
    assert undone_count >= 1


def test_undo_walks_back_a_whole_session(coded_study):
    s = coded_study
    sid, _ = _source(s)
    start = s.dump()
    code = s.codes.add_code(path="New/Deep").result
    c1 = s.codings.apply_code(source_id=sid, code_id=code, start=0, end=5).result
    s.codings.set_note(coding_id=c1, note="n")
    s.codes.rename_code(code_id=code, name="Deeper")
    s.codes.delete_code(code_id=s.codes.find("New").id)
    end = s.dump()
    while s.history.can_undo():
        s.undo()
    assert s.dump() == start
    while s.history.can_redo():
        s.redo()
    assert s.dump() == end


def test_new_action_clears_redo(coded_study):
    s = coded_study
    s.codes.add_code(path="X")
    s.undo()
    assert s.history.can_redo()
    s.codes.add_code(path="Y")
    assert not s.history.can_redo()
    assert s.history.undo_label() == "New code Y"


def test_apply_many_is_one_step_and_skips_duplicates(coded_study):
    s = coded_study
    sid, _ = _source(s)
    code = s.codes.find("Context").id
    first = s.codings.apply_code(source_id=sid, code_id=code, start=0, end=5, coder="ana")
    assert first.step
    items = [(sid, code, 0, 5, "ana"), (sid, code, 2, 9, "ana"), (sid, code, 2, 9, "ben")]
    changes = assert_undoable(s, lambda: s.codings.apply_many(items=items))
    assert changes.result == 2
    with pytest.raises(ConflictError):
        s.codings.apply_many(items=[(sid, code, 5, 100_000, "ana")])


def test_coders_are_listed_while_they_have_codings(coded_study):
    s = coded_study
    before = s.codings.coders()
    cid = code_passage(s, "a_principal", "student talk", "Context", coder="visitor")
    assert s.codings.coders() == sorted(set(before) | {"visitor"})
    s.codings.remove_coding(coding_id=cid)
    assert s.codings.coders() == before
    s.undo()
    assert "visitor" in s.codings.coders()
