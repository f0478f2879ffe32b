"""Crosstabs: codes (or outline sections, or themes) down, any attribute of the sources across —
role, wave, phase, type, district, site, coder, speaker, or a case or source attribute of the
study's own — or a combination (role within wave), inside any scope a data run can have.

A passage's speaker is the one whose turn it begins in, as a data run's speaker column and its
speaker filter have it; passages in texts without turns (notes, documents) are "(none)".

A cell counts what the data run for its row and column counts: passages, each once however many
coders coded it (codings of one code in one source that overlap are one passage), the sources
they come from, and how many of the column's sources there are, so "3 of 4 teachers" can be said.
Sources a district holds directly (its central-office interviews, its documents) are a place of
their own in site columns, "Harbor Valley — district office", never left out.

The counts come from the codings' index (code, source, coder) and the overlaps the schema keeps,
never from the codings' rows, so a table of 250 codes is one pass over an index; several chosen
coders (whose overlaps the schema does not keep) are counted from their ranges.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from ..coding.run_spec import NO_SPEAKER, RunSpec
from ..coding.runs import count_passages
from ..store.collector import collector_paused
from ..store.errors import ConflictError

FIXED = ("role", "wave", "phase", "type", "district", "site", "coder", "speaker")
NONE = "(none)"


@dataclass
class CrossCell:
    passages: int = 0
    codings: int = 0
    sources: set = field(default_factory=set)


@dataclass
class Crosstab:
    """Rows (key, label), columns (labels, in order), cells by (row key, column)."""

    rows: list[tuple[str, str]]
    cols: list[str]
    by: list[str]
    cells: dict[tuple[str, str], CrossCell]
    sources_in_col: dict[str, int]
    scope_sources: int
    coders: list[str] = field(default_factory=list)  # whose codings count (none: everyone's)

    def cell(self, row: str, col: str) -> CrossCell:
        return self.cells.get((row, col)) or CrossCell()

    def row_total(self, row: str) -> int:
        return sum(self.cell(row, c).passages for c in self.cols)

    def col_total(self, col: str) -> int:
        return sum(self.cell(r, col).passages for r, _ in self.rows)

    def row_percent(self, row: str, col: str) -> float:
        total = self.row_total(row)
        return 100.0 * self.cell(row, col).passages / total if total else 0.0

    def col_percent(self, row: str, col: str) -> float:
        total = self.col_total(col)
        return 100.0 * self.cell(row, col).passages / total if total else 0.0

    def records(self) -> list[dict]:
        """One record per cell, rows and columns in order: what `crosstab --json` prints."""
        return [{"row": label, "col": col, "segments": self.cell(key, col).passages,
                 "sources": len(self.cell(key, col).sources), "sources_in_col": self.sources_in_col.get(col, 0)}
                for key, label in self.rows for col in self.cols]


def crosstab(study, by: list[str] | str, *, rows: str = "codes", items: list[str] | None = None,
             descendants: bool = False, scope: RunSpec | None = None) -> Crosstab:
    """The crosstab of `rows` (codes, sections or themes: `items` ids, None for all) by the
    attribute(s) `by`, inside `scope` (a data run's filters; its codes are ignored)."""
    by = [by] if isinstance(by, str) else list(by)
    if not by:
        raise ConflictError("a crosstab needs an attribute for its columns")
    scope = scope or RunSpec(codes=[])
    row_list, row_ids = _rows(study, rows, items, descendants)
    row_codes = {key: study.codes.numbers(ids) for key, ids in row_ids.items()}
    places = _source_places(study, scope)
    if scope.speakers and NO_SPEAKER not in scope.speakers:  # narrowed to speakers: the sources they speak in
        marks = ",".join("?" * len(scope.speakers))
        spoken_in = {r[0] for r in study.conn.execute(
            f"SELECT DISTINCT source_id FROM turns WHERE speaker_id IN ({marks})", scope.speakers)}
        places = {n: p for n, p in places.items() if p["id"] in spoken_in}
    value_of = _column_values(study, by, places)
    coders = list(scope.coders)
    keys = [b.strip().lower() for b in by]
    per_coder, per_speaker = "coder" in keys, "speaker" in keys
    if per_coder and per_speaker:
        raise ConflictError("a crosstab's columns can be by coder or by speaker, not both")
    if per_coder and scope.speakers:
        raise ConflictError("a crosstab by coder counts every speaker's passages: leave out the speaker filter")
    speakers = _speaker_names(study) if per_speaker or scope.speakers else {}
    # per code and column first (one pass over the counts), then each row adds up its codes:
    # a code counted in four rows (its ancestors', with sub-codes) is read once
    column_of = {n: value_of(n, None) for n in places} if not (per_coder or per_speaker) else None
    by_code: dict[int, dict[str, list]] = defaultdict(dict)
    counts = _counts_by_speaker(study, places, coders, scope.speakers, speakers) if speakers \
        else _counts(study, places, coders, per_coder)
    with collector_paused():  # a list and a set per code and column, none cyclic
        for code_n, source_n, coder, passages, codings in counts:
            col = column_of[source_n] if column_of is not None else value_of(source_n, coder)
            agg = by_code[code_n].get(col)
            if agg is None:
                agg = by_code[code_n][col] = [0, 0, set()]
            agg[0] += passages
            agg[1] += codings
            agg[2].add(source_n)
    cells: dict[tuple[str, str], CrossCell] = {}
    for key, numbers in row_codes.items():
        for n in numbers:
            for col, (passages, codings, sources) in by_code.get(n, {}).items():
                cell = cells.setdefault((key, col), CrossCell())
                cell.passages += passages
                cell.codings += codings
                cell.sources |= sources
    for cell in cells.values():
        cell.sources = {places[n]["id"] for n in cell.sources}
    sources_in_col: dict[str, int] = defaultdict(int)
    seen_cols: set[str] = set()
    if per_speaker:
        spoken: dict[int, set] = defaultdict(set)
        number = {p["id"]: n for n, p in places.items()}
        for source_id, speaker_id in study.conn.execute(
                "SELECT DISTINCT source_id, speaker_id FROM turns WHERE speaker_id IS NOT NULL"):
            if source_id in number and (not scope.speakers or speaker_id in scope.speakers):
                spoken[number[source_id]].add(speakers.get(speaker_id))
        nobody = {None} if not scope.speakers or NO_SPEAKER in scope.speakers else set()
        for source_n in places:
            for name in spoken.get(source_n) or nobody:
                col = value_of(source_n, name)
                sources_in_col[col] += 1
                seen_cols.add(col)
    elif per_coder:
        coder_names = coders or study.codings.coders()
        for source_n in places:
            for coder in coder_names:
                col = value_of(source_n, coder)
                sources_in_col[col] += 1
                seen_cols.add(col)
    else:
        for source_n in places:
            col = value_of(source_n, None)
            sources_in_col[col] += 1
            seen_cols.add(col)
    seen_cols |= {col for _key, col in cells}
    return Crosstab(row_list, sorted(seen_cols, key=_column_order), by, cells, dict(sources_in_col), len(places),
                    coders)


def _column_order(label: str) -> tuple:
    """Waves in number order, "(none)" last, everything else by name."""
    parts = label.split(" · ")
    return tuple((1, "") if p == NONE else (0, f"{int(p[5:]):06d}") if p.startswith("wave ") and p[5:].isdigit()
                 else (0, p.lower()) for p in parts)


# ---------------------------------------------------------------------- rows
def _rows(study, rows: str, items: list[str] | None, descendants: bool) -> tuple[list, dict[str, list[str]]]:
    """(key, label) of each row in order, and the codes (ids) each counts."""
    codes = study.codes.all()
    if rows == "codes":
        chosen = [study.codes.get(i) for i in items] if items is not None else codes
        sets = {c.id: study.codes.counted([c.id], descendants) for c in chosen}
        labels = [(c.id, c.path) for c in chosen]
    elif rows == "sections":
        sections = study.sections.all()
        chosen = [study.sections.find(i) for i in items] if items is not None else sections
        labels = [(s.id, s.path) for s in chosen]
        sets = {s.id: study.codes.counted([c.id for c in codes if c.section_id == s.id], descendants)
                for s in chosen}
    elif rows == "themes":
        outline = study.cross_outline
        themes = [outline.get(i) for i in items] if items is not None else \
            [i for i in outline.items() if i.kind == "theme"]
        labels = [(t.id, t.path) for t in themes]
        sets = {t.id: study.codes.counted(outline.theme_codes(t.id), descendants) for t in themes}
    else:
        raise ConflictError(f"unknown rows {rows!r} (use codes, sections or themes)")
    return labels, sets


# ---------------------------------------------------------------------- columns
def _source_places(study, scope: RunSpec) -> dict[int, dict]:
    """The sources inside `scope`, by number, with what the columns read from them."""
    clause, args = study.runs.source_filter(scope)
    rows = study.conn.execute("SELECT s.n, s.id, s.case_id, s.role, s.wave, s.phase, s.type FROM sources s"
                              + (f" WHERE {clause}" if clause else ""), args).fetchall()
    return {n: {"id": sid, "case": case_id, "role": role, "wave": wave, "phase": phase, "type": kind}
            for n, sid, case_id, role, wave, phase, kind in rows}


def _column_values(study, by: list[str], places: dict[int, dict]):
    """A function (source number, coder) → the column label of that source (and coder)."""
    cases = {c.id: c for c in study.cases.all()}
    site_district = study.cases.places()
    readers = []
    for name in by:
        key = name.strip().lower()
        if key in ("role", "phase", "type"):
            readers.append(lambda n, _c, k=key: _text(places[n][k]))
        elif key == "wave":
            readers.append(lambda n, _c: f"wave {places[n]['wave']}" if places[n]["wave"] is not None else NONE)
        elif key == "district":
            readers.append(lambda n, _c: site_district.get(places[n]["case"], (None, None))[0] or NONE)
        elif key == "site":
            readers.append(lambda n, _c: _site_label(cases, site_district, places[n]["case"]))
        elif key in ("coder", "speaker"):  # of the passage, not the source: the count says which
            readers.append(lambda _n, c: c or NONE)
        else:
            values = _attribute_values(study, name, places, cases)
            readers.append(lambda n, _c, v=values: v.get(n, NONE))
    if len(readers) == 1:
        return readers[0]
    return lambda n, c: " · ".join(read(n, c) for read in readers)


def _text(value) -> str:
    text = "" if value is None else str(value).strip()
    return text or NONE


def _site_label(cases: dict, places: dict, case_id: str | None) -> str:
    """A site's name; a district's own sources as its "district office"; no case: unassigned."""
    if case_id is None or case_id not in cases:
        return "(unassigned)"
    district, site = places.get(case_id, (None, None))
    if site:
        return site
    return f"{district or cases[case_id].name} — district office"


def _attribute_values(study, name: str, places: dict[int, dict], cases: dict) -> dict[int, str]:
    """Each source's value of a source attribute, or of a case attribute (its case's, else the
    nearest ancestor's: a district's value holds for its sites)."""
    source_attr = study.attributes.find("source", name)
    if source_attr is not None:
        by_id = {r[0]: str(r[1]) for r in study.conn.execute(
            "SELECT source_id, value FROM source_values WHERE attr_id = ?", (source_attr.id,))}
        return {n: _text(by_id.get(p["id"])) for n, p in places.items()}
    case_attr = study.attributes.find("case", name)
    if case_attr is None:
        raise ConflictError(f"no attribute named {name!r}: use role, wave, phase, type, district, site, coder, "
                            "speaker or one of the study's case or source attributes")
    by_case = {r[0]: str(r[1]) for r in study.conn.execute(
        "SELECT case_id, value FROM case_values WHERE attr_id = ?", (case_attr.id,))}

    def inherited(case_id: str | None) -> str:
        while case_id is not None:
            if case_id in by_case:
                return _text(by_case[case_id])
            case_id = cases[case_id].parent_id if case_id in cases else None
        return NONE

    return {n: inherited(p["case"]) for n, p in places.items()}


# ---------------------------------------------------------------------- counts
def _counts(study, places: dict[int, dict], coders: list[str], per_coder: bool):
    """(code number, source number, coder or None, passages, codings) for the sources in scope."""
    if len(coders) > 1 and not per_coder:
        yield from _counts_from_ranges(study, places, coders)
        return
    conn = study.conn
    chosen = coders[0] if coders else None
    if per_coder:
        overlaps = {(s, c, who): n for s, c, who, n in conn.execute(
            "SELECT source_n, code_n, coder, n FROM coding_overlaps WHERE coder != ''")}
        rows = conn.execute("SELECT code_n, source_n, coder, count(*) FROM codings WHERE detached = 0 "
                            "GROUP BY code_n, source_n, coder")
        for code_n, source_n, coder, n in rows:
            if source_n in places and (not coders or coder in coders):
                yield code_n, source_n, coder, n - overlaps.get((source_n, code_n, coder), 0), n
        return
    overlaps = {(s, c): n for s, c, n in conn.execute(
        "SELECT source_n, code_n, n FROM coding_overlaps WHERE coder = ?", (chosen or "",))}
    sql = "SELECT code_n, source_n, count(*) FROM codings WHERE detached = 0"
    args: tuple = ()
    if chosen:
        sql, args = sql + " AND coder = ?", (chosen,)
    for code_n, source_n, n in conn.execute(sql + " GROUP BY code_n, source_n", args):
        if source_n in places:
            yield code_n, source_n, None, n - overlaps.get((source_n, code_n), 0), n


def _counts_from_ranges(study, places: dict[int, dict], coders: list[str]):
    """Several coders together: their codings' ranges merged into passages per code and source."""
    spans: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    marks = ",".join("?" * len(coders))
    for code_n, source_n, start, end in study.conn.execute(
            f"SELECT code_n, source_n, start, end FROM codings WHERE detached = 0 AND coder IN ({marks})", coders):
        if source_n in places:
            spans[(code_n, source_n)].append((start, end))
    for (code_n, source_n), ranges in spans.items():
        yield code_n, source_n, None, count_passages((0, a, b) for a, b in ranges), len(ranges)


def _speaker_names(study) -> dict[str, str]:
    return dict(study.conn.execute("SELECT id, name FROM speakers"))


def _counts_by_speaker(study, places: dict[int, dict], coders: list[str], only: list[str],
                       names: dict[str, str]):
    """(code number, source number, speaker's name or None, passages, codings): each coding
    given the speaker of the turn it begins in (the last turn starting at or before it), its
    code's codings in one source by one speaker merged into passages; with `only`, just those
    speakers' passages. One pass over the codings in scope and over their sources' turns."""
    where, args = "detached = 0", []
    if coders:
        where += f" AND coder IN ({','.join('?' * len(coders))})"
        args += coders
    spans: dict[tuple[int, int, str | None], list[tuple[int, int]]] = defaultdict(list)
    by_source: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for code_n, source_n, start, end in study.conn.execute(
            f"SELECT code_n, source_n, start, end FROM codings WHERE {where}", args):
        if source_n in places:
            by_source[source_n].append((code_n, start, end))
    for source_n, codings in by_source.items():
        rows = study.conn.execute("SELECT start, speaker_id FROM turns WHERE source_id = ? ORDER BY start",
                                  (places[source_n]["id"],)).fetchall()
        starts = [r[0] for r in rows]
        for code_n, start, end in codings:
            i = bisect_right(starts, start) - 1
            speaker_id = rows[i][1] if i >= 0 else None
            if only and speaker_id not in only and not (speaker_id is None and NO_SPEAKER in only):
                continue
            spans[(code_n, source_n, names.get(speaker_id) if speaker_id else None)].append((start, end))
    for (code_n, source_n, name), ranges in spans.items():
        yield code_n, source_n, name, count_passages((0, a, b) for a, b in ranges), len(ranges)
