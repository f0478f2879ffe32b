"""How codings look in the text and the margin: coloured runs where they overlap, and lanes."""

from __future__ import annotations

from dataclasses import dataclass

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


def assign_lanes(codings: list[Coding], max_lanes: int = 8) -> dict[str, int]:
    """A lane (column) per coding so that overlapping codings never share one."""
    lanes: list[int] = []  # end offset of the last coding in each lane
    out: dict[str, int] = {}
    for coding in sorted((c for c in codings if not c.detached), key=lambda c: (c.start, -c.end)):
        for lane, end in enumerate(lanes):
            if end <= coding.start:
                lanes[lane] = coding.end
                out[coding.id] = lane
                break
        else:
            if len(lanes) < max_lanes:
                lanes.append(coding.end)
                out[coding.id] = len(lanes) - 1
            else:
                out[coding.id] = max_lanes - 1
    return out
