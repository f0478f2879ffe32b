"""How codings look in the text and the margin: coloured runs where they overlap, and lanes."""

from __future__ import annotations

from dataclasses import dataclass
from heapq import heappop, heappush

from coder.coding.codings import Coding


@dataclass(frozen=True)
class Run:
    """An elementary stretch of text covered by the same set of codings."""

    start: int
    end: int
    codings: tuple[Coding, ...]


def coverage_runs(codings: list[Coding]) -> list[Run]:
    """Split the coded text into runs with a constant set of codings (for overlap shading);
    one sweep over start/end events, so 500 codings cost ~1,000 steps."""
    events: dict[int, list[tuple[int, Coding]]] = {}
    for c in codings:
        if not c.detached and c.end > c.start:
            events.setdefault(c.start, []).append((1, c))
            events.setdefault(c.end, []).append((-1, c))
    active: dict[str, Coding] = {}
    runs: list[Run] = []
    cuts = sorted(events)
    if not cuts:
        return runs
    for here, nxt in zip(cuts, cuts[1:] + [None], strict=True):
        for kind, coding in events[here]:
            if kind < 0:
                active.pop(coding.id, None)
        for kind, coding in events[here]:
            if kind > 0:
                active[coding.id] = coding
        if active and nxt is not None:
            runs.append(Run(here, nxt, tuple(active.values())))
    return runs


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans sorted, with those that overlap or touch joined (and empty ones dropped)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def coding_order(coding: Coding) -> tuple[int, int, str]:
    """How a transcript's codings are kept: by start, the longer first (as the study reads them)."""
    return coding.start, -coding.end, coding.id


def assign_lanes(codings: list[Coding], max_lanes: int = 8) -> dict[str, int]:
    """A lane (column) per coding so that overlapping codings never share one: each takes the
    lowest lane free at its start; past `max_lanes` the rest share the last."""
    return LaneLayout(max_lanes).update(codings)


class LaneLayout:
    """The margin's lanes, kept from one change of a transcript's codings to the next.

    Lanes are given greedily in order of start, so a coding's lane depends on every coding
    before it, and a change can move the lanes of those after it. The sweep's state is saved
    every CHECKPOINT codings; after a change it resumes at the last checkpoint before the first
    coding that differs, and stops as soon as its state equals the one saved at the same coding
    last time (from there on, every lane is as it was). A coding added to a transcript of
    thousands re-sweeps a few dozen."""

    CHECKPOINT = 32

    def __init__(self, max_lanes: int = 8) -> None:
        self.max_lanes = max_lanes
        self.order: list[Coding] = []
        self.lanes: dict[str, int] = {}
        self.saved: dict[int, tuple] = {}  # index in `order` -> sweep state before that coding
        self.swept = 0  # how many codings the last update visited (for tests and the benchmark)

    def update(self, codings: list[Coding], ordered: bool = False) -> dict[str, int]:
        """The lanes of `codings` (detached ones have none); `ordered`: they are in
        `coding_order` already, as the document view keeps them."""
        new = [c for c in codings if not c.detached]
        if not ordered:
            new.sort(key=coding_order)
        old, saved = self.order, self.saved
        same = _same_prefix(old, new)
        tail = _same_suffix(old, new, same)
        shift, settled = len(new) - len(old), len(new) - tail  # new[settled:] == old[settled - shift:]
        start = max((i for i in saved if i <= same), default=0)
        busy, free, opened = (list(saved[start][0]), list(saved[start][1]), saved[start][2]) if start else ([], [], 0)
        lanes = self.lanes  # kept for the codings before `start`, and after the sweep settles
        for gone in {c.id for c in old[same:len(old) - tail]} - {c.id for c in new[same:settled]}:
            lanes.pop(gone, None)
        keep = {i: state for i, state in saved.items() if i <= start}
        self.swept = 0
        for i in range(start, len(new)):
            if i > start and i >= settled and (i - shift) in saved:
                state = (tuple(sorted(busy)), tuple(sorted(free)), opened)
                if saved[i - shift] == state:  # the sweep repeats the last one from here
                    keep.update({j + shift: st for j, st in saved.items() if j + shift >= i})
                    break
            if i % self.CHECKPOINT == 0 and i not in keep:
                keep[i] = (tuple(sorted(busy)), tuple(sorted(free)), opened)
            coding = new[i]
            while busy and busy[0][0] <= coding.start:
                heappush(free, heappop(busy)[1])
            if free:
                lane = heappop(free)
                heappush(busy, (coding.end, lane))
            elif opened < self.max_lanes:
                lane, opened = opened, opened + 1
                heappush(busy, (coding.end, lane))
            else:
                lane = self.max_lanes - 1  # shares the last lane and leaves it as it was
            lanes[coding.id] = lane
            self.swept += 1
        self.order, self.lanes, self.saved = new, lanes, keep
        return lanes


def _alike(a: Coding, b: Coding) -> bool:
    return a is b or (a.id, a.start, a.end) == (b.id, b.start, b.end)


def _same_prefix(old: list[Coding], new: list[Coding]) -> int:
    """How many codings the two orders begin with alike (in place and span)."""
    n, i = min(len(old), len(new)), 0
    while i < n and old[i] is new[i]:  # the view keeps the objects of codings that did not change
        i += 1
    while i < n and _alike(old[i], new[i]):
        i += 1
    return i


def _same_suffix(old: list[Coding], new: list[Coding], prefix: int) -> int:
    """How many codings the two orders end with alike, not reaching back into `prefix`."""
    n, i = min(len(old), len(new)) - prefix, 0
    while i < n and old[-1 - i] is new[-1 - i]:
        i += 1
    while i < n and _alike(old[-1 - i], new[-1 - i]):
        i += 1
    return i
