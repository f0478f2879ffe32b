"""Completing the language analysis (sentences, lemmas, search indexes) of imported sources.

Import stores text and turns first, so a source is codable at once; this pass adds the rest. It
works on its own connection, one short transaction per source, outside the undo history (the
analysis is derived from the text, and the `analysed` flag travels with the text row, so undo
and redo can never leave a source half-analysed). It can stop at any point and resume later.

spaCy's tokenizer holds the GIL, so a large batch is analysed in worker processes, one per core;
this process only reads texts and writes results (and the index triggers run on its writes).
Workers start with the 'spawn' method: forking a process that runs Qt threads is unsafe.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from ..store.compaction import give_back_free_pages
from ..store.database import connect
from ..store.errors import WriteFailed
from ..store.progress import CancelToken, Progress, no_progress
from ..store.text import analyse, pack_spans, pack_text

# Below this much waiting text, starting worker processes (about a second each, to import
# spaCy) costs more than it saves.
PARALLEL_MIN_CHARS = 3_000_000


def pending_count(conn) -> int:
    return conn.execute("SELECT count(*) FROM source_texts WHERE analysed = 0").fetchone()[0]


def waiting_sources(conn) -> list[str]:
    """The names of the sources whose analysis has not been done (an import or a correction
    stopped before it; the window's background pass not yet there)."""
    return [r[0] for r in conn.execute("SELECT s.name FROM source_texts t JOIN sources s ON s.id = t.source_id "
                                       "WHERE t.analysed = 0 ORDER BY s.name")]


def finish_for_reading(study, progress: Progress = no_progress) -> list[str]:
    """Before a reading that needs the analysis (lemma search, sentences): complete what an
    interrupted import left; the names of the sources still waiting (none, unless the study
    cannot be written or another program holds it in a long change). The analysis is derived
    data written source by source on its own connection, as the window's background pass does,
    so a reader may complete it without taking the writer's lock; a writer waits at most one
    source's short transaction."""
    if pending_count(study.conn) == 0:
        return []
    try:
        analyse_pending(study.path, progress)
    except (WriteFailed, sqlite3.DatabaseError):
        pass  # reported below: what is still waiting is named
    return waiting_sources(study.conn)


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def analyse_pending(path: str | Path, progress: Progress = no_progress, cancel: CancelToken | None = None,
                    workers: int | None = None) -> int:
    """Analyse every source still waiting; return how many were done. Cancelling stops after
    the current source; the rest waits for the next run."""
    conn = connect(Path(path))
    done = 0
    try:
        waiting = conn.execute("SELECT source_id, length(text) FROM source_texts WHERE analysed = 0").fetchall()
        names = dict(conn.execute("SELECT id, name FROM sources").fetchall())
        chars = sum(n for _sid, n in waiting)
        workers = default_workers() if workers is None else workers
        if workers < 2 or chars < PARALLEL_MIN_CHARS or len(waiting) < 2:
            results = (_analyse_job(job) for job in _jobs(conn, waiting))
            done = _store_all(conn, results, waiting, names, progress, cancel)
        else:
            with multiprocessing.get_context("spawn").Pool(workers) as pool:
                results = _in_parallel(pool, _jobs(conn, waiting), workers * 2)
                done = _store_all(conn, results, waiting, names, progress, cancel)
                pool.terminate()  # on cancel, drop what is still in flight
        if done:
            give_back_free_pages(conn)  # the rows it rewrote left their old pages free
        progress(len(waiting), len(waiting), "")
    finally:
        conn.close()
    return done


def _jobs(conn, waiting) -> Iterator[tuple[str, str, list[tuple[int, int]]]]:
    """(source id, text, analysis blocks) for each waiting source still unanalysed."""
    from .sources import analysis_blocks

    for source_id, _chars in waiting:
        row = conn.execute("SELECT text FROM source_texts WHERE source_id = ? AND analysed = 0",
                           (source_id,)).fetchone()
        if row is None:  # edited (and analysed) or deleted meanwhile
            continue
        turns = conn.execute("SELECT start, end, body_start FROM turns WHERE source_id = ? ORDER BY start",
                             (source_id,)).fetchall()
        yield source_id, row[0], analysis_blocks(row[0], [_Turn(*t) for t in turns])


def _analyse_job(job: tuple[str, str, list[tuple[int, int]]]) -> tuple[str, str, bytes, str, bytes]:
    """Run in a worker (or here): the packed analysis of one text."""
    source_id, text, blocks = job
    result = analyse(text, blocks)
    return source_id, text, pack_spans(result.sentences), pack_text(result.lemma_text), pack_spans(result.lemma_spans)


def _in_parallel(pool, jobs: Iterator, in_flight: int) -> Iterator[tuple]:
    """Results in submission order, keeping a few jobs queued so no worker waits; the jobs are
    read here, on the connection's own thread."""
    queue: deque = deque()
    for job in jobs:
        queue.append(pool.apply_async(_analyse_job, (job,)))
        if len(queue) >= in_flight:
            yield queue.popleft().get()
    while queue:
        yield queue.popleft().get()


def _store_all(conn, results: Iterator[tuple], waiting, names, progress: Progress,
               cancel: CancelToken | None) -> int:
    done = 0
    for i, (source_id, text, sentences, lemmas, lemma_spans) in enumerate(results):
        progress(i, len(waiting), f"analysing {names.get(source_id, source_id)}")
        if cancel is not None and cancel.cancelled:
            break
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("UPDATE source_texts SET sentences = ?, lemmas = ?, lemma_spans = ?, analysed = 1 "
                         "WHERE source_id = ? AND analysed = 0 AND text = ?",
                         (sentences, lemmas, lemma_spans, source_id, text))
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:  # a full disk: this source waits for the next pass
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise WriteFailed(f"the analysis of {names.get(source_id, source_id)} could not be saved ({exc}); "
                              "the source stays codable and is analysed again next time. The disk may be "
                              "full.") from exc
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        done += 1
    return done


class _Turn:
    __slots__ = ("start", "end", "body_start")

    def __init__(self, start: int, end: int, body_start: int) -> None:
        self.start, self.end, self.body_start = start, end, body_start
