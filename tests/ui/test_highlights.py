"""How overlapping codings are shaded and laid out in lanes (pure functions, no window)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coder.coding.codings import Coding
from ui.coding.highlights import assign_lanes, coverage_runs
from ui.widgets.text_offsets import QtOffsets

# Qt's text classes, as the window uses them: with an application (run first on a test worker,
# without one, Qt warns that the thread's event dispatcher is gone)
pytestmark = pytest.mark.usefixtures("qapp")


def coding(i: int, start: int, end: int) -> Coding:
    return Coding(f"c{i}", "s", "k", "Code", "#112233", start, end, "ana", "", False, "")


def test_no_codings_no_runs():
    assert coverage_runs([]) == [] and assign_lanes([]) == {}


ranges = st.lists(st.tuples(st.integers(0, 200), st.integers(1, 60)), max_size=30)


@given(ranges)
def test_runs_cover_exactly_the_coded_characters(spans):
    codings = [coding(i, s, s + n) for i, (s, n) in enumerate(spans)]
    runs = coverage_runs(codings)
    for run in runs:
        assert run.start < run.end
        for c in codings:
            inside = c.start < run.end and run.start < c.end
            assert inside == (c in run.codings)
    covered = {p for r in runs for p in range(r.start, r.end)}
    assert covered == {p for c in codings for p in range(c.start, c.end)}


@given(ranges)
def test_overlapping_codings_get_different_lanes(spans):
    codings = [coding(i, s, s + n) for i, (s, n) in enumerate(spans)]
    lanes = assign_lanes(codings, max_lanes=100)
    for a in codings:
        for b in codings:
            if a.id < b.id and a.start < b.end and b.start < a.end:
                assert lanes[a.id] != lanes[b.id]


@given(st.text(alphabet=st.sampled_from("ab😀é\n"), max_size=40))
def test_qt_offsets_round_trip(text):
    offsets = QtOffsets(text)
    for i in range(len(text) + 1):
        q = offsets.to_qt(i)
        assert q == len(text[:i].encode("utf-16-le")) // 2
        assert offsets.from_qt(q) == i
