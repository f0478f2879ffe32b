"""Counting passages: what a count beside a run, a matrix cell or a pattern-table cell says."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def count_passages(spans: Iterable[tuple[object, int, int]]) -> int:
    """Passages among (group, start, end) ranges: within a group (a source and a code), ranges
    that overlap or are identical are one passage; ranges that only touch are two."""
    by_group: dict[object, list[tuple[int, int]]] = defaultdict(list)
    for group, start, end in spans:
        by_group[group].append((start, end))
    total = 0
    for ranges in by_group.values():
        reach = None
        for start, end in sorted(ranges):
            if reach is None or start >= reach:
                total += 1
                reach = end
            else:
                reach = max(reach, end)
    return total
