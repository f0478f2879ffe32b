"""The word-level comparison of two memo versions: accept all gives one, reject all the other,
any mix a text made of the two whose headings and code blocks stay whole."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coder.memos.merge import compare, tokens
from coder.memos.text import HEADING

WORDS = st.sampled_from(["calibration", "coach", "six", "eight", "teachers", "the", "PLC", "talk", "—", ",",
                         ".", "*stress*", "**firm**", "é", "😀"])
SPACE = st.sampled_from([" ", "  ", "\t"])


@st.composite
def paragraph(draw) -> str:
    words = draw(st.lists(WORDS, min_size=1, max_size=8))
    gaps = draw(st.lists(SPACE, min_size=len(words) - 1, max_size=len(words) - 1))
    text = words[0] + "".join(g + w for g, w in zip(gaps, words[1:], strict=True))
    kind = draw(st.sampled_from(["plain", "plain", "quote", "item", "heading", "code"]))
    if kind == "quote":
        return f"> {text}\n>\n> — Alder, principal, wave 1"
    if kind == "item":
        return f"- {text}"
    if kind == "heading":
        return f"# {draw(st.sampled_from(['1 Context', '2 Learning agenda', '3.2 Coaches', 'Unsorted']))}"
    if kind == "code":
        return f"```\n{text}\n```"
    return text


MEMO = st.lists(paragraph(), max_size=7).map(lambda ps: "\n\n".join(ps) + ("\n" if ps else ""))


@st.composite
def pair(draw) -> tuple[str, str, str]:
    """A base memo and two versions written on it (each edits some paragraphs)."""
    base = draw(st.lists(paragraph(), max_size=6))

    def edit(paragraphs: list[str]) -> str:
        out = list(paragraphs)
        for _ in range(draw(st.integers(0, 3))):
            action = draw(st.sampled_from(["insert", "delete", "replace", "retype"]))
            at = draw(st.integers(0, len(out)))
            if action == "insert" or not out:
                out.insert(at, draw(paragraph()))
            elif action == "delete":
                out.pop(min(at, len(out) - 1))
            elif action == "replace":
                out[min(at, len(out) - 1)] = draw(paragraph())
            else:  # a word changed inside a paragraph
                i = min(at, len(out) - 1)
                out[i] = out[i].replace(draw(WORDS), draw(WORDS), 1)
        return "\n\n".join(out) + ("\n" if out else "")

    return "\n\n".join(base) + ("\n" if base else ""), edit(base), edit(base)


def headings(text: str) -> set[str]:
    return {line for line in text.split("\n") if HEADING.match(line)}


def fences(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.lstrip().startswith("```"))


@settings(max_examples=400, deadline=None)
@given(versions=pair(), data=st.data())
def test_accepting_all_gives_the_revised_rejecting_all_the_original_and_a_mix_is_made_of_both(versions, data):
    base, original, revised = versions
    comparison = compare(original, revised, base)
    numbers = [c.number for c in comparison.changes]
    assert numbers == list(range(1, len(numbers) + 1))
    assert comparison.text(set(numbers)) == revised
    assert comparison.text(set()) == original
    chosen = set(data.draw(st.lists(st.sampled_from(numbers), unique=True)) if numbers else [])
    mixed = comparison.text(chosen)
    # made of the two: every unit of the mix is a unit of one of them, every heading one of theirs
    assert set(tokens(mixed)) <= set(tokens(original)) | set(tokens(revised))
    assert headings(mixed) <= headings(original) | headings(revised)
    if fences(original) % 2 == 0 and fences(revised) % 2 == 0:
        assert fences(mixed) % 2 == 0  # no code block left open
    for change in comparison.changes:  # each change says where it is on both sides
        assert original[change.start:change.end] == change.original
        assert revised[change.revised_start:change.revised_end] == change.revised
        assert change.original != change.revised and change.by in ("original", "revised", "both")
    # keeping both sides' edits: where only one side changed a paragraph, its change is kept
    combined = comparison.text(comparison.combined())
    assert headings(combined) <= headings(original) | headings(revised)


@settings(max_examples=200, deadline=None)
@given(original=MEMO, revised=MEMO)
def test_any_two_memos_compare_whole(original, revised):
    comparison = compare(original, revised)
    assert comparison.text({c.number for c in comparison.changes}) == revised
    assert comparison.text() == original
    assert all(c.by == "" for c in comparison.changes)


def test_words_are_never_split_and_whitespace_is_kept():
    original = "# 1 Context\n\nThe coach runs calibration cycles with six teachers.\n"
    revised = "# 1 Context\n\nThe coach runs  calibrated cycles with six\tteachers, weekly.\n"
    changes = compare(original, revised).changes
    assert [(c.original, c.revised, c.kind) for c in changes] == [
        (" calibration", "  calibrated", "replacement"), (" ", "\t", "replacement"),
        ("", ", weekly", "insertion")]


def test_neighbouring_word_changes_are_one_change_and_each_says_who_made_it():
    base = "# 1 Context\n\nThe cat sat here.\n\n# 2 Agenda\n\nTalk.\n"
    mine = "# 1 Context\n\nThe cat sat here. Mine.\n\n# 2 Agenda\n\nTalk.\n"
    theirs = "# 1 Context\n\nA dog sat here.\n\n# 2 Agenda\n\nTalk and writing.\n"
    comparison = compare(mine, theirs, base)
    summary = [(c.original, c.revised, c.by, c.section) for c in comparison.changes]
    assert summary == [("The cat", "A dog", "revised", "1 Context"), (" Mine.", "", "original", "1 Context"),
                       ("", " and writing", "revised", "2 Agenda")]
    assert comparison.text(comparison.combined()) == \
        "# 1 Context\n\nA dog sat here. Mine.\n\n# 2 Agenda\n\nTalk and writing.\n"


def test_a_change_that_opens_a_code_block_takes_it_whole():
    original = "Intro.\n\nx = 1\n\nEnd.\n"
    revised = "Intro.\n\n```\nx = 1\n```\n\nEnd.\n"
    [change] = compare(original, revised).changes
    assert change.original == "x = 1\n" and change.revised == "```\nx = 1\n```\n"


def test_the_position_map_puts_each_side_s_characters_where_they_landed():
    original, revised = "one two three\n", "one 2 three four\n"
    comparison = compare(original, revised)
    accepted = {comparison.changes[0].number}  # "two" -> "2" taken, " four" rejected
    mixed = comparison.text(accepted)
    assert mixed == "one 2 three\n"
    mine = comparison.position_map(accepted, "original")
    assert mine.map_range(original.index("three"), original.index("three") + 5) == (6, 11)
    theirs = comparison.position_map(accepted, "revised")
    assert theirs.map_range(revised.index("2"), revised.index("2") + 1) == (4, 5)
