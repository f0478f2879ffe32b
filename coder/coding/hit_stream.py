"""Search hits found source by source, as far as someone reads them.

A search for a common word, or a regular expression, may match in most of a thousand
transcripts; the window shows a screenful. So the hits are looked for in display order (district,
site, source), one source at a time, only until the rows asked for are found: the first page
costs the sources it comes from, not the study. The window then finds the rest in slices between
events, so the total appears a moment later without the window ever waiting for it; exports and
the command line read every row, which finds them all.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from .lazy_segments import CHUNK, LazySegments

READ_AT_ONCE = 16  # texts read from the study together: one query, a few hundred kilobytes

# (connection, source id, its text or None) -> the (start, end) of each hit in it, in text order
Spans = Callable[[object, str, "str | None"], Iterable[tuple[int, int]]]
# (source id, start, end) -> the hit's row id
HitId = Callable[[str, int, int], str]


class HitStream(LazySegments):
    """The hits found so far, as bare rows in display order, decorated when read; `more` finds
    further ones, `finish` all of them. What is counted or copied from it (its sources, its
    passages, a copy on another connection) is of every hit, so those find all first, except
    `source_ids` and `without`, which pruning uses and which keep the search going. Its length
    is of the hits found so far."""

    def __init__(self, runs, sources: list[str], places: dict[str, tuple], spans: Spans, hit_id: HitId,
                 *, read_text: bool, limit: int, rows: list[tuple] | None = None,
                 texts: dict[str, str] | None = None) -> None:
        """`sources` are those still to look in, in display order; `places` every source's
        (district, site)."""
        super().__init__(runs, rows if rows is not None else [], texts, places)
        self._pending = list(sources)
        self._next = 0
        self._spans = spans
        self._hit_id = hit_id
        self._read_text = read_text
        self._limit = limit
        self._buffer: dict[str, str | None] = {}

    @property
    def complete(self) -> bool:
        """Whether every source has been looked in (or the hit limit reached)."""
        return self._next >= len(self._pending) or len(self._rows) >= self._limit

    @property
    def at_limit(self) -> bool:
        """Whether the search stopped at the most hits it lists (others may be left unfound)."""
        return len(self._rows) >= self._limit

    @property
    def sources_left(self) -> int:
        return 0 if self.complete else len(self._pending) - self._next

    def more(self, rows: int, *, seconds: float | None = None,
             before_adding: Callable[[int, int], None] | None = None) -> int:
        """Look in further sources until `rows` more hits are found, the time given is used, or
        none are left; return how many were found. `before_adding(first, last)` is told the row
        numbers the new hits will take, before they are added (what a Qt model must announce)."""
        found: list[tuple] = []
        texts: dict[str, str] = {}
        deadline = None if seconds is None else time.perf_counter() + seconds
        room = self._limit - len(self._rows)
        while self._next < len(self._pending) and len(found) < min(rows, room):
            source_id = self._pending[self._next]
            text = self._text_of(source_id)
            self._next += 1
            for start, end in self._spans(self._runs.conn, source_id, text):
                found.append((self._hit_id(source_id, start, end), source_id, start, end, None, None, ""))
                if text is not None:
                    texts[source_id] = text
                if len(found) >= room:
                    break
            if deadline is not None and time.perf_counter() >= deadline:
                break
        if found:
            first = len(self._rows)
            if before_adding is not None:
                before_adding(first, first + len(found) - 1)
            if first % CHUNK:  # the last chunk was decorated short of a full one: redo it
                self._chunks.pop(first // CHUNK, None)
            self._rows.extend(found)
            self._texts.update(texts)
        if self.complete:
            self._buffer.clear()
        return len(found)

    def finish(self) -> HitStream:
        """Find every hit still to find."""
        while not self.complete:
            self.more(self._limit)
        return self

    def bare(self) -> tuple[list[tuple], dict[str, str]]:
        """Every hit as a bare row, with the texts read to find them (for decorating at once)."""
        self.finish()
        return self._rows, self._texts

    def _text_of(self, source_id: str) -> str | None:
        """The source's text, read with the next few still to look in (one query for several)."""
        if not self._read_text:
            return None
        if source_id not in self._buffer:
            self._buffer.clear()
            batch = self._pending[self._next:self._next + READ_AT_ONCE]
            marks = ",".join("?" * len(batch))
            self._buffer.update(self._runs.conn.execute(
                f"SELECT source_id, text FROM source_texts WHERE source_id IN ({marks})", batch))
        return self._buffer.pop(source_id, "")

    def __bool__(self) -> bool:
        if not self._rows and not self.complete:
            self.more(1)
        return bool(self._rows)

    # ------------------------------------------------------------ reading all of it
    def __iter__(self):
        self.finish()
        return super().__iter__()

    def passage_count(self) -> int:
        self.finish()
        return super().passage_count()

    def site_count(self) -> int:
        self.finish()
        return super().site_count()

    def ids_of(self, sources: set[str] | None = None) -> set[str]:
        self.finish()
        return super().ids_of(sources)

    def source_count(self) -> int:
        self.finish()
        return len(super().source_ids())

    def source_ids(self) -> set[str]:
        """The sources of the hits found and of those still to look in (what pruning checks)."""
        return super().source_ids() | set(self._pending[self._next:])

    def copy(self) -> HitStream:
        """The search as far as it has got, to go on apart from this one. Taken on the thread
        this one is searched on (between two of its steps), a copy can be handed to a worker
        while this one goes on."""
        return HitStream(self._runs, self._pending[self._next:], self._places, self._spans, self._hit_id,
                         read_text=self._read_text, limit=self._limit, rows=list(self._rows),
                         texts=dict(self._texts))

    def on(self, runs) -> LazySegments:
        """Every hit, the rest found and all decorated through another connection's `runs` (a
        worker's, for an export: a connection serves only the thread that opened it). Called on
        that worker, it must be given a `copy`, not the stream the window goes on searching."""
        rest = self.copy()
        rest._runs = runs
        rest.finish()
        return LazySegments(runs, rest._rows, rest._texts, rest._places)

    def without(self, sources: set[str] = frozenset(), ids: set[str] = frozenset()) -> HitStream:
        """The hits but those of these sources and ids, the search going on in the others."""
        kept = [row for row in self._rows if row[1] not in sources and row[0] not in ids]
        pending = [s for s in self._pending[self._next:] if s not in sources]
        return HitStream(self._runs, pending, self._places, self._spans, self._hit_id, read_text=self._read_text,
                         limit=self._limit, rows=kept, texts=self._texts)
