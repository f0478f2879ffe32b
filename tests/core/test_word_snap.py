"""A selection codes whole words: dragged from inside one word to inside another, it widens to
both words' edges; it never narrows what was chosen, and snapping twice changes nothing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coder.store.text import snap_to_words


def test_a_selection_inside_words_widens_to_them():
    text = "I was an assistant principal at Lincoln for six years."
    start = text.index("ssistant")
    end = text.index("Lincoln") + 2
    assert text[slice(*snap_to_words(text, start, end))] == "assistant principal at Lincoln"
    assert snap_to_words(text, 0, 1) == (0, 1)
    assert text[slice(*snap_to_words(text, text.index("don") if "don" in text else 2, 4))] == "was"
    assert snap_to_words("  ", 0, 2) == (2, 2)
    quote = "we don’t do walkthroughs"
    assert quote[slice(*snap_to_words(quote, quote.index("on’"), quote.index("walk") + 2))] == "don’t do walkthroughs"


text_st = st.text(alphabet=st.sampled_from(list("ab c’.\n-é1")), min_size=0, max_size=40)


@given(text_st, st.integers(0, 45), st.integers(0, 45))
def test_snapping_keeps_what_was_chosen_and_lands_on_word_edges(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    s, e = snap_to_words(text, start, end)
    assert 0 <= s <= e <= len(text)
    if s < e:
        chosen = text[start:end].strip()
        assert chosen in text[s:e]
        assert not text[s].isspace() and not text[e - 1].isspace()
        inside = lambda ch: ch.isalnum() or ch in "'’_"  # noqa: E731
        assert s == 0 or not (inside(text[s - 1]) and inside(text[s]))
        assert e == len(text) or not (inside(text[e - 1]) and inside(text[e]))
        assert snap_to_words(text, s, e) == (s, e)
