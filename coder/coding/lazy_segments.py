"""Segments given their citations, speaker and context only when read.

A search for a common word finds thousands of hits and a data run of a top code thousands of
segments; the window shows a screenful. Decorating a segment (its source's name and place, the
turn it is in, the words around it) costs a look-up or two each, so the rows are kept bare, in
the order the table shows them, and decorated a chunk at a time as the table asks for them.
Exports and the command line read every row, which decorates them all.
"""

from __future__ import annotations

from collections.abc import Sequence

CHUNK = 100  # rows decorated together: a screenful and some, one set of look-ups


class LazySegments(Sequence):
    """Bare rows (id, source id, start, end, code path, coder, note) in display order, read
    as decorated `Segment`s (coder.coding.runs)."""

    def __init__(self, runs, rows: list[tuple], texts: dict[str, str] | None = None,
                 places: dict[str, tuple] | None = None) -> None:
        """`places` (each source's district and site) says the rows are in display order already."""
        self._runs = runs
        self._rows, self._places = (rows, places) if places is not None else runs.in_display_order(rows)
        self._texts = texts or {}
        self._chunks: dict[int, list] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("segment index out of range")
        chunk = index // CHUNK
        if chunk not in self._chunks:
            self._chunks[chunk] = self._runs.decorate(self._rows[chunk * CHUNK:(chunk + 1) * CHUNK], self._texts)
        return self._chunks[chunk][index - chunk * CHUNK]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    @property
    def decorated(self) -> int:
        """How many rows have been decorated so far (what reading the table cost)."""
        return sum(len(chunk) for chunk in self._chunks.values())

    def source_ids(self) -> set[str]:
        """The sources the rows come from, without decorating them."""
        return {row[1] for row in self._rows}

    def source_count(self) -> int:
        return len(self.source_ids())

    def site_count(self) -> int:
        """At how many sites (or districts, for sources outside a site) the rows are."""
        return len({self._places[source][1] or self._places[source][0] for source in self.source_ids()})

    def passage_count(self) -> int:
        """The passages the rows make (what `count_passages` gives), from their ranges in one
        pass: in display order a source's rows of one code already come by start."""
        reach: dict[tuple, int] = {}
        total = 0
        for _id, source, start, end, code, *_rest in self._rows:
            group = (source, code)
            last = reach.get(group)
            if last is None or start >= last:
                total += 1
                reach[group] = end
            elif end > last:
                reach[group] = end
        return total

    def ids_of(self, sources: set[str] | None = None) -> set[str]:
        """The rows' own ids (coding ids, for a run), of some sources or all."""
        return {row[0] for row in self._rows if sources is None or row[1] in sources}

    def on(self, runs) -> LazySegments:
        """The same rows, decorated through another connection's `runs` (a worker's snapshot of
        the study: a connection serves only the thread that opened it)."""
        return LazySegments(runs, self._rows, self._texts, self._places)

    def without(self, sources: set[str] = frozenset(), ids: set[str] = frozenset()) -> LazySegments:
        """The rows but those of these sources (deleted, or their text corrected) and these ids
        (codings taken off), still bare."""
        kept = [row for row in self._rows if row[1] not in sources and row[0] not in ids]
        return LazySegments(self._runs, kept, self._texts, self._places)
