"""Reshaping the analytic case outline and the case tree: rename, move, reorder, delete — each one
undoable, and a section's rename carried into the site memos written by it."""

from __future__ import annotations

import pytest

from coder.memos.text import section_spans
from coder.store.errors import ConflictError

from .conftest import assert_undoable


def paths(study) -> list[str]:
    return [s.path for s in study.sections.all()]


def test_a_section_moves_under_another_and_among_its_siblings(demo_study):
    s = demo_study
    focus = s.sections.find("2.1 Focus and goals")
    agenda = s.sections.find("3 Leadership configuration")
    assert_undoable(s, lambda: s.sections.move_section(section_id=focus.id, parent_id=agenda.id, position=0))
    assert paths(s)[paths(s).index("3 Leadership configuration") + 1] == \
        "3 Leadership configuration/2.1 Focus and goals"
    coaches = s.sections.find("3.2 Teacher leaders and coaches")
    assert_undoable(s, lambda: s.sections.shift_section(section_id=coaches.id, by=-1))
    under = [p.split("/")[-1] for p in paths(s) if p.startswith("3 Leadership configuration/")]
    assert under == ["2.1 Focus and goals", "3.2 Teacher leaders and coaches",
                     "3.1 Principal and assistant principals", "3.3 Distribution and coordination"]
    assert_undoable(s, lambda: s.sections.move_section(section_id=coaches.id, parent_id=None))
    assert paths(s)[-1] == "3.2 Teacher leaders and coaches"


def test_a_section_never_moves_inside_itself_or_onto_a_namesake(demo_study):
    s = demo_study
    top = s.sections.find("3 Leadership configuration")
    with pytest.raises(ConflictError, match="inside itself"):
        s.sections.move_section(section_id=top.id, parent_id=s.sections.find("3.2 Teacher leaders and coaches").id)
    other = s.sections.add_section(path="1 Context/3.1 Principal and assistant principals").result
    with pytest.raises(ConflictError, match="already has a section"):
        s.sections.move_section(section_id=other, parent_id=top.id)


def test_renaming_a_section_renames_it_in_the_site_memos(demo_study):
    s = demo_study
    site = s.cases.find("Alder Street Elementary").id
    memo = s.memos.write(kind="site", subject_id=site, author="okafor",
                         text="# 3.2 Teacher leaders and coaches\n\nThe coach runs cycles.\n").result
    coding = s.codings.for_source(s.sources.find("alder_coach_w1").id)[0]
    s.memos.quote(memo_id=memo, coding_id=coding.id, section="3.2 Teacher leaders and coaches")
    s.memos.mark_section(memo_id=memo, section="3.2 Teacher leaders and coaches", by="lindqvist")
    versions = len(s.memos.versions(memo))
    section = s.sections.find("3.2 Teacher leaders and coaches")
    changes = assert_undoable(s, lambda: s.sections.rename_section(section_id=section.id, name="3.2 Coaching"))
    assert changes.result == {"memos": 1}
    text = s.memos.text(memo)
    body = {name: text[a:b] for name, a, b in section_spans(text) if name}
    assert "The coach runs cycles." in body["3.2 Coaching"] and "Unsorted" not in body
    assert "3.2 Teacher leaders and coaches" not in text
    assert len(s.memos.versions(memo)) == versions + 1
    filed = {e.section for e in s.memos.evidence(memo)}
    assert "3.2 Coaching" in filed and "3.2 Teacher leaders and coaches" not in filed
    marks = s.memos.section_marks(memo)
    assert "3.2 Coaching" in marks and "3.2 Teacher leaders and coaches" not in marks
