"""A data run's segments as the passages a reader sees: one per stretch of text.

A run returns one segment per coding, so a passage two coders both coded (or one coded with two
of the run's codes) is two segments — and two coders seldom mark exactly the same words, so the
two usually overlap rather than match. Printed as they come, the same words appear twice in a
row and a reader counts them twice; a report shows the stretch once (the union of the codings
that overlap in a source) and names its codes and coders.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..coding.runs import Segment


@dataclass
class Passage:
    segment: Segment  # the first of its segments: its text, source and place
    codes: list[str] = field(default_factory=list)
    coders: list[str] = field(default_factory=list)

    def label(self, *, codes: bool = True) -> str:
        """The line under the passage's citation: "its codes · coded by its coders" ('' for none)."""
        parts = []
        if codes and self.codes:
            parts.append(", ".join(self.codes))
        if self.coders:
            parts.append("coded by " + ", ".join(sorted(self.coders)))
        return " · ".join(parts)


def passages(segments: Iterable[Segment]) -> list[Passage]:
    """The segments merged where they overlap in a source (a chain of overlaps is one passage),
    in the order of each passage's first segment, its codes and coders in the order met. A
    merged passage's text runs from its first character to its last; `segment` keeps the first
    segment's other fields."""
    by_source: dict[str, list[tuple[int, Segment]]] = {}
    for order, s in enumerate(segments):
        by_source.setdefault(s.source, []).append((order, s))
    merged: list[tuple[int, Passage]] = []
    for found in by_source.values():
        stretch: list[tuple[int, Segment]] = []
        reach = -1
        for order, s in sorted(found, key=lambda x: (x[1].start, -x[1].end)):
            if stretch and s.start >= reach:
                merged.append(_merge(stretch))
                stretch = []
            stretch.append((order, s))
            reach = max(reach, s.end) if len(stretch) > 1 else s.end
        if stretch:
            merged.append(_merge(stretch))
    return [p for _order, p in sorted(merged, key=lambda m: m[0])]


def _merge(stretch: list[tuple[int, Segment]]) -> tuple[int, Passage]:
    """One passage of overlapping segments (sorted by start): the union of their text, and the
    place of its earliest segment in the run."""
    text, end = stretch[0][1].text, stretch[0][1].end
    for _order, s in stretch[1:]:
        if s.end > end:
            text += s.text[end - s.start:]
            end = s.end
    ordered = sorted(stretch, key=lambda x: x[0])
    order, first = ordered[0]
    if len(stretch) > 1:
        first = replace(first, start=stretch[0][1].start, end=end, text=text)
    passage = Passage(first)
    for _order, s in ordered:
        if s.code and s.code not in passage.codes:
            passage.codes.append(s.code)
        if s.coder and s.coder not in passage.coders:
            passage.coders.append(s.coder)
    return order, passage


def under(label: str) -> str:
    """`label` on a line of its own under a citation ('' stays '')."""
    return "\n" + label if label else ""
