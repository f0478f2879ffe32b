"""How overlapping codings are shaded and laid out in lanes (pure functions, no window)."""

from __future__ import annotations

from bisect import insort

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coder.coding.codings import Coding
from ui.coding.highlights import LaneLayout, assign_lanes, coding_order, coverage_runs, merge_spans
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


def greedy_lanes(codings: list[Coding], max_lanes: int) -> dict[str, int]:
    """The rule, written plainly: in order of start (longer first), the lowest lane whose last
    coding has ended; past the limit, the last lane."""
    ends: list[int] = []
    out = {}
    for c in sorted((c for c in codings if not c.detached), key=lambda c: (c.start, -c.end, c.id)):
        free = [lane for lane, end in enumerate(ends) if end <= c.start]
        if free:
            ends[free[0]] = c.end
            out[c.id] = free[0]
        elif len(ends) < max_lanes:
            ends.append(c.end)
            out[c.id] = len(ends) - 1
        else:
            out[c.id] = max_lanes - 1
    return out


edits = st.lists(st.tuples(st.sampled_from(["add", "drop", "move", "many"]), st.integers(0, 400),
                           st.integers(1, 80), st.integers(0, 10**6)), max_size=25)


@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 80)), max_size=120), edits, st.sampled_from([1, 3, 8]))
def test_lanes_kept_across_changes_are_the_lanes_drawn_afresh(spans, changes, max_lanes):
    """After each change a LaneLayout re-sweeps only from the change on; its lanes are always
    those of a sweep over all the codings."""
    codings = [coding(i, s, s + n) for i, (s, n) in enumerate(spans)]
    layout = LaneLayout(max_lanes)
    assert layout.update(codings) == greedy_lanes(codings, max_lanes)
    for n, (kind, start, length, pick) in enumerate(changes):
        if kind == "add" or not codings:
            codings.append(coding(1000 + n, start, start + length))
        elif kind == "drop":
            codings.pop(pick % len(codings))
        elif kind == "move":
            i = pick % len(codings)
            codings[i] = coding(int(codings[i].id[1:]), start, start + length)
        else:
            at = [(start + 7 * k) % 400 for k in range(30)]
            codings += [coding(5000 + 40 * n + k, a, a + length) for k, a in enumerate(at)]
        codings.sort(key=coding_order)
        assert layout.update(codings, ordered=True) == greedy_lanes(codings, max_lanes)


def test_a_coding_added_among_thousands_re_sweeps_only_near_it():
    codings = sorted((coding(i, (i * 37) % 60000, (i * 37) % 60000 + 300) for i in range(4300)), key=coding_order)
    layout = LaneLayout()
    layout.update(codings, ordered=True)
    insort(codings, coding(99999, 30000, 30200), key=coding_order)
    assert layout.update(codings, ordered=True) == greedy_lanes(codings, 8)
    assert layout.swept < 200


@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100))))
def test_merged_spans_cover_the_same_characters(spans):
    merged = merge_spans(spans)
    assert {p for a, b in merged for p in range(a, b)} == {p for a, b in spans for p in range(a, b)}
    assert all(a < b for a, b in merged) and all(x[1] < y[0] for x, y in zip(merged, merged[1:], strict=False))
