"""Segments given their citations, speaker and context only when read.

A search for a common word finds thousands of hits and a data run of a top code thousands of
segments; the window shows a screenful. Decorating a segment (its source's name and place, the
turn it is in, the words around it) costs a look-up or two each, so the rows are kept bare, in
the order the table shows them, and decorated a chunk at a time as the table asks for them.
Exports and the command line read every row, which decorates them all.
"""

from __future__ import annotations

from collections.abc import Sequence

from .runs import Segment

CHUNK = 100  # rows decorated together: a screenful and some, one set of look-ups


class LazySegments(Sequence):
    """Bare rows (id, source id, start, end, code path, coder, note) in display order, read
    as decorated `Segment`s."""

    def __init__(self, runs, rows: list[tuple], texts: dict[str, str] | None = None) -> None:
        self._runs = runs
        self._rows = runs.in_display_order(rows)
        self._texts = texts or {}
        self._chunks: dict[int, list[Segment]] = {}

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

    def on(self, runs) -> LazySegments:
        """The same rows, decorated through another connection's `runs` (a worker's snapshot of
        the study: a connection serves only the thread that opened it)."""
        twin = LazySegments.__new__(LazySegments)
        twin._runs, twin._rows, twin._texts, twin._chunks = runs, self._rows, self._texts, {}
        return twin

    def without_sources(self, gone: set[str]) -> LazySegments:
        """The rows of every source but these (deleted, or their text corrected), still bare."""
        twin = self.on(self._runs)
        twin._rows = [row for row in self._rows if row[1] not in gone]
        return twin
