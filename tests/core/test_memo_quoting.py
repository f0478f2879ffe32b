"""Quoting where the cursor is: the section under a position, a quotation placed as a paragraph
of its own there, and a cursor carried through a save that arranged the memo by the outline."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.memos.text import arrange, carry_position, insert_at, section_at
from coder.store.errors import ConflictError

from .conftest import assert_undoable

TEXT = "# A\n\npara one\nline two\n\n# B\n\nfoo\n"


@pytest.mark.parametrize(("position", "section"), [(0, "A"), (2, "A"), (8, "A"), (23, "A"), (24, "B"),
                                                    (len(TEXT), "B")])
def test_the_section_under_a_position_includes_its_heading_line(position, section):
    assert section_at(TEXT, position) == section
    assert section_at("before\n\n# A\n", 3) is None


@pytest.mark.parametrize(("position", "expected"), [
    (0, "# A\n\n> Q\n\npara one\nline two\n\n# B\n\nfoo\n"),  # on a heading: right below it
    (4, "# A\n\n> Q\n\npara one\nline two\n\n# B\n\nfoo\n"),  # on the blank line
    (5, "# A\n\n> Q\n\npara one\nline two\n\n# B\n\nfoo\n"),  # at the start of a paragraph: before it
    (8, "# A\n\npara one\nline two\n\n> Q\n\n# B\n\nfoo\n"),  # inside: after the whole paragraph
    (22, "# A\n\npara one\nline two\n\n> Q\n\n# B\n\nfoo\n"),  # at its end
    (len(TEXT), "# A\n\npara one\nline two\n\n# B\n\nfoo\n\n> Q\n"),
])
def test_a_quotation_goes_where_the_cursor_is_as_a_paragraph_of_its_own(position, expected):
    text, start, end = insert_at(TEXT, position, "> Q")
    assert text == expected and text[start:end] == "> Q"


def test_a_cursor_inside_a_code_block_puts_the_quotation_after_the_block():
    text = "# A\n\n```\ncode\n\n# not a heading\n```\n\nafter\n"
    new, start, _end = insert_at(text, text.index("code"), "> Q")
    assert new == "# A\n\n```\ncode\n\n# not a heading\n```\n\n> Q\n\nafter\n" and new[start:].startswith("> Q")
    assert section_at(text, text.index("after")) == "A"


LINE = st.one_of(st.sampled_from(["# A", "# B", "```", "> a quote", ">", "- item", ""]),
                 st.text(alphabet="ab #>\t", max_size=8))


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(LINE, max_size=12), fraction=st.floats(0, 1))
def test_inserting_keeps_every_word_and_stands_alone_in_the_section_under_the_cursor(lines, fraction):
    text = "\n".join(lines)
    position = round(fraction * len(text))
    new, start, end = insert_at(text, position, "> Q\n>\n> — cite")
    assert new[start:end] == "> Q\n>\n> — cite"
    assert start == 0 or new[:start].endswith("\n\n")
    assert new[end:] == "\n" or new[end:].startswith("\n\n")
    assert (new[:start] + new[end:]).split() == text.split()  # nothing lost, nothing added
    if "```" not in text:
        assert section_at(new, start) == section_at(text, position)


def test_a_cursor_in_text_the_outline_moved_goes_with_its_line():
    outline = ["1 Context", "2 Agenda"]
    old = "First thoughts.\n\n# 1 Context\n\nSome context.\n\n# 2 Agenda\n"
    new = arrange(old, outline)
    assert new.endswith("# Unsorted\n\nFirst thoughts.\n")
    assert carry_position(old, new, len("First")) == new.index("First thoughts.") + len("First")
    at = old.index("context.")
    assert carry_position(old, new, at) == new.index("context.")
    assert carry_position(new, new, 7) == 7


def test_quoting_at_a_position_lands_there_and_reports_where(demo_study):
    s = demo_study
    alder = s.cases.find("Alder Street Elementary")
    memo = s.memos.for_subject("site", alder.id)
    text = s.memos.text(memo.id)
    words = "The principal describes the coach"
    at = text.index(words) + len(words)
    source = next(x for x in s.sources.all() if x.case_id == alder.id and x.role == "teacher")
    coding = s.codings.for_source(source.id)[0]
    changes = assert_undoable(s, lambda: s.memos.quote(memo_id=memo.id, coding_id=coding.id, at=at))
    new = s.memos.text(memo.id)
    start, end = changes.extra["quoted"]
    assert new[start:end].startswith("> ") and new[start:end].endswith(s.memos.citation(source.id))
    assert new.index(words) < start < new.index("> Nadia does not tell me")  # after the paragraph, before the rest
    assert section_at(new, start) == "3.2 Teacher leaders and coaches"
    [link] = [e for e in s.memos.evidence(memo.id) if e.coding_id == coding.id]
    assert link.section == "3.2 Teacher leaders and coaches"  # the section under the cursor, not the code's
    with pytest.raises(ConflictError, match="is in section '3.2 Teacher leaders and coaches', not '1 Context'"):
        s.memos.quote(memo_id=memo.id, coding_id=coding.id, at=at, section="1 Context")
    with pytest.raises(ConflictError, match="not inside the memo"):
        s.memos.quote(memo_id=memo.id, coding_id=coding.id, at=len(new) + 1)


def test_quoting_without_a_position_still_appends_to_the_section_and_reports_where(demo_study):
    s = demo_study
    memo = s.memos.all()[0]
    coding = s.codings.for_source(s.sources.all()[0].id)[0]
    changes = s.memos.quote(memo_id=memo.id, coding_id=coding.id, section="6 Evidence of change")
    text = s.memos.text(memo.id)
    start, end = changes.extra["quoted"]
    assert text[start:end].startswith("> ") and section_at(text, start) == "6 Evidence of change"
    assert text[end:] == "\n"
