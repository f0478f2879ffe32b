"""Keeping the data-run and search results honest.

Results are a snapshot taken when the researcher ran them. When another study opens they belong
to nothing here and are cleared; when codings or sources they show are removed (an uncode, a
deleted source, an undo) or a source's text is corrected (its offsets moved), those rows go, so a
double-click or a citation never reaches for a passage that is no longer there. Only the rows a
change names are checked, so a coding action costs nothing here unless its results are shown.
"""

from __future__ import annotations

from coder.coding.lazy_segments import LazySegments

CHUNK = 900  # ids per query, well under SQLite's variable limit


def clear_results(window) -> None:
    """Another study is open: nothing shown may come from the last one."""
    window.runs.clear_results()
    window.search.clear_results()
    window.document.find_box.clear()
    window.codebook.quick.clear()


def prune_results(window, changes) -> None:
    """Drop result rows whose coding or source the change removed, or whose text it corrected."""
    areas = changes.areas
    if not areas & {"codings", "sources", "text", "codes"}:
        return
    study = window.session.study
    touched = set(changes.ids)
    for panel in (window.runs, window.search):
        segments = panel.table.segments.segments
        if not segments:
            continue
        if isinstance(segments, LazySegments):  # still bare: judged from their ids and sources
            corrected = touched if "text" in areas else set()
            gone = {s for s in segments.source_ids() if (not touched or s in touched)
                    and (s in corrected or not study.sources.exists(s))}
            coded = [] if panel is not window.runs else sorted(segments.ids_of() & touched if touched
                                                                else segments.ids_of())  # hits are no codings
            taken = set(coded) - _alive(study, coded)
            if gone or taken:
                kept = segments.without(sources=gone, ids=taken)
                panel.show_segments(kept)
                _say_taken_off(window, len(segments) - len(kept))
            continue
        suspects = [s for s in segments if not touched or s.id in touched or s.source in touched]
        if not suspects:
            continue
        alive = _alive(study, [s.id for s in suspects if s.code])
        sources = {s.source: study.sources.exists(s.source) for s in suspects}
        corrected = touched if "text" in areas else set()
        gone = {id(s) for s in suspects
                if not sources[s.source] or s.source in corrected or (s.code and s.id not in alive)}
        if gone:
            panel.show_segments([s for s in segments if id(s) not in gone])
            _say_taken_off(window, len(gone))


def _alive(study, coded: list[str]) -> set[str]:
    """Which of these codings are still on the text: a query per CHUNK of them."""
    alive: set[str] = set()
    for i in range(0, len(coded), CHUNK):
        alive |= {c.id for c in study.codings.by_ids(coded[i:i + CHUNK]) if not c.detached}
    return alive


def _say_taken_off(window, count: int) -> None:
    window.statusBar().showMessage(f"{count} result{'s' if count != 1 else ''} no longer in the study "
                                   f"{'were' if count != 1 else 'was'} taken off the list", 8000)
