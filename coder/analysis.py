"""Completing the language analysis (sentences, lemmas, lemma index) of imported sources.

Import stores text and turns first, so a source is codable at once; this pass adds the rest. It
works on its own connection, one short transaction per source, outside the undo history (the
analysis is derived from the text, and the `analysed` flag travels with the text row, so undo
and redo can never leave a source half-analysed). It can stop at any point and resume later.
"""

from __future__ import annotations

from pathlib import Path

from .progress import CancelToken, Progress, no_progress
from .store import connect
from .text import analyse, pack_spans


def pending_count(conn) -> int:
    return conn.execute("SELECT count(*) FROM source_texts WHERE analysed = 0").fetchone()[0]


def analyse_pending(path: str | Path, progress: Progress = no_progress, cancel: CancelToken | None = None) -> int:
    """Analyse every source still waiting; return how many were done. Cancelling stops after
    the current source; the rest waits for the next run."""
    from .sources import analysis_blocks

    conn = connect(Path(path))
    done = 0
    try:
        waiting = [r[0] for r in conn.execute("SELECT source_id FROM source_texts WHERE analysed = 0")]
        names = dict(conn.execute("SELECT id, name FROM sources").fetchall())
        for i, source_id in enumerate(waiting):
            progress(i, len(waiting), f"analysing {names.get(source_id, source_id)}")
            if cancel is not None and cancel.cancelled:
                break
            row = conn.execute("SELECT text FROM source_texts WHERE source_id = ? AND analysed = 0",
                               (source_id,)).fetchone()
            if row is None:  # edited (and analysed) or deleted meanwhile
                continue
            text = row[0]
            turns = conn.execute("SELECT start, end, body_start FROM turns WHERE source_id = ? ORDER BY start",
                                 (source_id,)).fetchall()
            blocks = analysis_blocks(text, [_Turn(*t) for t in turns])
            result = analyse(text, blocks)
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("UPDATE source_texts SET sentences = ?, lemmas = ?, lemma_spans = ?, analysed = 1 "
                             "WHERE source_id = ? AND analysed = 0 AND text = ?",
                             (pack_spans(result.sentences), result.lemma_text, pack_spans(result.lemma_spans),
                              source_id, text))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            done += 1
        progress(len(waiting), len(waiting), "")
    finally:
        conn.close()
    return done


class _Turn:
    __slots__ = ("start", "end", "body_start")

    def __init__(self, start: int, end: int, body_start: int) -> None:
        self.start, self.end, self.body_start = start, end, body_start
