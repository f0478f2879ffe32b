"""The normalisation that REFI positions are carried through is exactly the one every import
applies (coder.store.text.normalize_text), and its boundary map is monotonic and complete."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coder.exchange.refi.positions import normalize_with_map
from coder.store.text import normalize_text

PIECES = st.sampled_from([*"ab \t\r\n\x00é", "e\u0301", "\u1100\u1161", "😀", "\u00a0", "\u2028", "\x0c",
                          "A\u030a", "\r\n", "  \n", "\x0b", "\x01", "\x1b", "\x85", "\x7f", "\ufffe", "\x1f"])


@given(st.lists(PIECES, max_size=40).map("".join))
@settings(max_examples=400, deadline=None)
def test_the_map_follows_the_import_normalisation(raw):
    text, boundaries = normalize_with_map(raw)
    assert text == normalize_text(raw)[0]
    assert len(boundaries) == len(raw) + 1 and boundaries[0] == 0 and boundaries[-1] == len(text)
    assert all(a <= b for a, b in zip(boundaries, boundaries[1:], strict=False))
