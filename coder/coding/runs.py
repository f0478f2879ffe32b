"""Coded data runs: every passage coded X, filtered by case, source attributes and coder.

Codes combine with OR (any of them), AND (passages of the first code that overlap — or share a
turn with — a passage of every other code) and NOT (drop passages that meet a coding of the
excluded codes). Each filter takes several values (see run_spec); the speaker filter keeps the
passages that begin in a chosen speaker's turn, as the segment's speaker column says. Each segment carries its
citation and the speaker turn around it.

A run lists codings: a passage two coders coded alike is two segments, one per coder. Counts
(the code-by-site matrix, pattern tables) count *passages* instead: the codings of one code in one
source that overlap or are identical are one passage, whoever made them (coder/store/schema_counts.py);
`passages(segments)` counts a run's segments that way, so a count and the run behind it agree.
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from ..store.characters import csv_row
from ..store.errors import ConflictError, NotFoundError
from ..store.until_write import UntilWrite
from .concordance import READING, concordance
from .lazy_segments import LazySegments
from .passages import count_passages
from .run_spec import NO_SPEAKER, RunSpec


@dataclass(frozen=True)
class Segment:
    """One retrieved passage with its citation."""

    id: str
    source: str
    source_name: str
    district: str | None
    site: str | None
    speaker: str | None
    role: str | None
    wave: int | None
    type: str
    start: int
    end: int
    text: str
    code: str | None
    coder: str | None
    note: str
    context: dict

    def to_json(self) -> dict:
        return asdict(self)

    @property
    def citation(self) -> str:
        place = " / ".join(p for p in (self.district, self.site) if p)
        who = self.speaker or self.role or self.type
        wave = f", wave {self.wave}" if self.wave is not None else ""
        return f"{self.source_name} ({place}{wave}; {who}) [{self.start}-{self.end}]"


def passages(segments: Iterable[Segment]) -> int:
    """How many passages a run's segments make (see count_passages): the number a count beside a
    run (a matrix cell, a pattern table cell) gives for it."""
    return count_passages(((s.source, s.code), s.start, s.end) for s in segments)


def _marks(items: list) -> str:
    return ",".join("?" * len(items))


# Up to this many hits in a source, decorate looks up each hit's turn through the index; above
# it, reading all the source's turns once is cheaper.
FEW_HITS = 8


class Runs:
    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn
        self._in_order = UntilWrite(self.conn, self._read_sources_in_order)

    def spec_from_names(self, *, codes: list[str], not_codes: list[str] = (), districts: list[str] = (),
                        sites: list[str] = (), **rest) -> RunSpec:
        """A RunSpec from code paths and case names as users type them."""
        return RunSpec(codes=[self.study.codes.find(c).id for c in codes],
                       not_codes=[self.study.codes.find(c).id for c in not_codes],
                       districts=[self.study.cases.find(d).id for d in districts],
                       sites=[self.study.cases.find(s).id for s in sites], **rest)

    # ------------------------------------------------------------------ filters
    def _case_ids(self, roots: list[str]) -> list[str]:
        """The given cases and every case below them."""
        out: list[str] = []
        for root in roots:
            out += [r[0] for r in self.conn.execute(
                "WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT c.id FROM cases c JOIN sub "
                "ON c.parent_id = sub.id) SELECT id FROM sub", (root,)).fetchall()]
        return out

    def source_filter(self, spec: RunSpec, alias: str = "s") -> tuple[str, list]:
        """SQL (and its arguments) keeping the sources `spec`'s filters keep, for a query over
        `sources` named `alias`: what a crosstab or a word count takes as its scope."""
        return self._source_filter(spec, alias)

    def _source_filter(self, spec: RunSpec, alias: str = "s") -> tuple[str, list]:
        clauses, args = [], []
        if spec.districts:
            ids = self._case_ids(spec.districts)
            clauses.append(f"{alias}.case_id IN ({_marks(ids)})")
            args += ids
        if spec.sites:
            ids = self._case_ids(spec.sites)
            clauses.append(f"{alias}.case_id IN ({_marks(ids)})")
            args += ids
        for column, values in (("role", spec.roles), ("wave", spec.waves), ("type", spec.types),
                               ("id", spec.sources)):
            if values:
                if column == "role":
                    clauses.append(f"lower({alias}.role) IN ({_marks(values)})")
                    args += [v.lower() for v in values]
                else:
                    clauses.append(f"{alias}.{column} IN ({_marks(values)})")
                    args += list(values)
        for name, values in spec.attrs.items():
            clause, more = self._attr_filter(name, values, alias)
            clauses.append(clause)
            args += more
        return " AND ".join(clauses), args

    def _attr_filter(self, name: str, values: list[str], alias: str) -> tuple[str, list]:
        """A source whose attribute `name` (its own, or its case's, inherited from the district
        down) has any of `values`, compared without case."""
        lowered = sorted({v.lower() for v in values}) or [""]
        source_attr = self.study.attributes.find("source", name)
        if source_attr:
            return (f"EXISTS (SELECT 1 FROM source_values v WHERE v.source_id = {alias}.id AND v.attr_id = ? "
                    f"AND lower(v.value) IN ({_marks(lowered)}))", [source_attr.id, *lowered])
        case_attr = self.study.attributes.find("case", name)
        if case_attr is None:
            raise NotFoundError(f"no case or source attribute named {name!r}")
        matching = [r[0] for r in self.conn.execute(
            f"SELECT case_id FROM case_values WHERE attr_id = ? AND lower(value) IN ({_marks(lowered)})",
            (case_attr.id, *lowered)).fetchall()]
        ids = self._case_ids(matching) or ["-"]
        return f"{alias}.case_id IN ({_marks(ids)})", ids

    def _code_set(self, code_id: str, descendants: bool) -> list[str]:
        """The row numbers of the code (and its descendants), as codings refer to codes."""
        return self.study.codes.numbers(self.study.codes.descendants(code_id) if descendants else [code_id])

    def _meets(self, other_codes: list[int], scope: str, coder_clause: str) -> str:
        """SQL: coding `c` overlaps, or shares a turn with, a coding of `other_codes`."""
        if scope == "turn":
            near = ("EXISTS (SELECT 1 FROM turns t WHERE t.source_id = s.id AND t.start < c.end "
                    "AND c.start < t.end AND t.start < o.end AND o.start < t.end)")
        else:
            near = "o.start < c.end AND c.start < o.end"
        return (f"EXISTS (SELECT 1 FROM codings o WHERE o.source_n = c.source_n AND o.detached = 0 "
                f"AND o.code_n IN ({_marks(other_codes)}){coder_clause} AND {near})")

    def code_case_counts(self, coders: list[str] | None = None) -> dict[tuple[str, str | None], int]:
        """Codings (not detached) per (code, case the source belongs to), read from the counts
        the schema's triggers keep as codings change. A passage coded by two coders is two
        codings here; the heat map counts `code_case_passages`."""
        where, args = "", []
        if coders:
            where, args = f"WHERE cc.coder IN ({_marks(coders)})", list(coders)
        rows = self.conn.execute(f"SELECT k.id, cc.case_key, sum(cc.n) FROM code_case_counts cc JOIN codes k "
                                 f"ON k.n = cc.code_n {where} GROUP BY cc.code_n, cc.case_key HAVING sum(cc.n) > 0",
                                 args)
        return {(code, case or None): n for code, case, n in rows}

    def code_case_passages(self, coder: str | None = None) -> dict[tuple[str, str | None], int]:
        """Coded passages per (code, case), for the code-by-site heat map: every coder's codings
        together with each passage counted once (None), or one coder's. Equal to `passages` of
        the data run for that code and case (and coder): the codings counted by the triggers'
        tables, less the codings beyond their passages where codings overlap."""
        counts = self.code_case_counts([coder] if coder else None)
        for code, case, extra in self.conn.execute(
                "SELECT k.id, s.case_id, sum(o.n) FROM coding_overlaps o JOIN codes k ON k.n = o.code_n "
                "JOIN sources s ON s.n = o.source_n WHERE o.coder = ? GROUP BY o.code_n, s.case_id", (coder or "",)):
            left = counts.get((code, case), 0) - extra
            if left > 0:
                counts[(code, case)] = left
            else:
                counts.pop((code, case), None)
        return counts

    # ------------------------------------------------------------------ the run
    def _query(self, spec: RunSpec) -> tuple[str, list]:
        """The WHERE clause and arguments selecting the codings `spec` asks for."""
        if not spec.codes:
            raise ConflictError("a data run needs at least one code")
        if spec.op not in ("or", "and"):
            raise ConflictError(f"unknown operator {spec.op!r} (use or, and)")
        if spec.and_scope not in ("overlap", "turn"):
            raise ConflictError(f"unknown AND scope {spec.and_scope!r} (use overlap, turn)")
        sets = [self._code_set(c, spec.descendants) for c in spec.codes]
        where, args = ["c.detached = 0"], []
        coder_clause, coder_args = "", []
        if spec.coders:
            coder_clause = f" AND o.coder IN ({_marks(spec.coders)})"
            coder_args = list(spec.coders)
            where.append(f"c.coder IN ({_marks(spec.coders)})")
            args += spec.coders
        if spec.op == "or":
            first = sorted({c for s in sets for c in s})
            where.append(f"c.code_n IN ({_marks(first)})")
            args += first
        else:
            where.append(f"c.code_n IN ({_marks(sets[0])})")
            args += sets[0]
            for other in sets[1:]:
                where.append(self._meets(other, spec.and_scope, coder_clause))
                args += other + coder_args
        if spec.not_codes:
            excluded = sorted({c for n in spec.not_codes for c in self._code_set(n, spec.descendants)})
            where.append("NOT " + self._meets(excluded, spec.and_scope, coder_clause))
            args += excluded + coder_args
        source_clause, source_args = self._source_filter(spec)
        if spec.speakers:
            # the speaker of the turn a coding begins in (the turn `decorate` gives the segment),
            # one probe of the turns index per coding of the sources those speakers speak in
            whose = ("(SELECT t.speaker_id FROM turns t WHERE t.source_id = s.id AND t.start <= c.start "
                     "ORDER BY t.start DESC LIMIT 1)")
            named = [v for v in spec.speakers if v != NO_SPEAKER]
            either = [f"{whose} IN ({_marks(named)})"] if named else []
            args += named
            if NO_SPEAKER in spec.speakers:  # no turn, or a turn without a label: nobody's
                either.append(f"{whose} IS NULL")
            else:
                spoken = f"s.id IN (SELECT source_id FROM turns WHERE speaker_id IN ({_marks(named)}))"
                source_clause = " AND ".join(c for c in (source_clause, spoken) if c)
                source_args = source_args + named
            where.append(f"({' OR '.join(either)})")
        if source_clause:
            # resolve the (few) matching sources first, so the codings index on (code, source)
            # is probed with both lists instead of checking every coding of the codes
            numbers = [r[0] for r in self.conn.execute(f"SELECT s.n FROM sources s WHERE {source_clause}",
                                                       source_args)] or [0]
            where.append(f"c.source_n IN ({_marks(numbers)})")
            args += numbers
        return " AND ".join(where), args

    def count(self, spec: RunSpec) -> int:
        """How many segments `spec` retrieves, without fetching them."""
        where, args = self._query(spec)
        return self.conn.execute(f"SELECT count(*) FROM codings c JOIN sources s ON s.n = c.source_n "
                                 f"WHERE {where}", args).fetchone()[0]

    def passage_count(self, spec: RunSpec) -> int:
        """How many passages the segments `spec` retrieves make (see `passages`), from their
        ranges alone: what a matrix or pattern-table cell for the same codes, case and filters says."""
        where, args = self._query(spec)
        return count_passages(((n, code), start, end) for n, code, start, end in self.conn.execute(
            f"SELECT c.source_n, c.code_n, c.start, c.end FROM codings c JOIN sources s ON s.n = c.source_n "
            f"WHERE {where}", args))

    def page(self, spec: RunSpec, limit: int = 500) -> tuple[list[Segment], int]:
        """The first `limit` segments in display order (district, site, source, position) with
        the total count: what the window shows first. Only the light columns of every match are
        read and sorted; only the page is decorated with texts and turns."""
        where, args = self._query(spec)
        rows = self.conn.execute(f"SELECT c.rowid, c.source_n, c.start, c.end FROM codings c "
                                 f"JOIN sources s ON s.n = c.source_n WHERE {where}", args).fetchall()
        rank = {n: i for i, (_id, n, _place) in enumerate(self.sources_in_order())}
        first = sorted(rows, key=lambda r: (rank[r[1]], r[2], r[3]))[:limit]
        marks = ",".join("?" * len(first))
        detail = {r[0]: r[1:] for r in self.conn.execute(
            "SELECT c.rowid, c.id, s.id, k.id, c.start, c.end, c.coder, c.note FROM codings c JOIN sources s "
            f"ON s.n = c.source_n JOIN codes k ON k.n = c.code_n WHERE c.rowid IN ({marks})",
            [r[0] for r in first])} if first else {}
        paths = self.study.codes.paths()
        hits = []
        for rowid, *_ in first:
            cid, source_id, code_id, start, end, coder, note = detail[rowid]
            hits.append((cid, source_id, start, end, paths.get(code_id), coder, note))
        return self.decorate(hits), len(rows)

    def run(self, spec: RunSpec, limit: int | None = None) -> list[Segment]:
        """Retrieve the segments `spec` asks for, in district, site, source and text order
        (only the first `limit` when given: see `page`)."""
        if limit is not None:
            return self.page(spec, limit)[0]
        where, args = self._query(spec)
        rows = self.conn.execute(
            "SELECT c.id, s.id, k.id, c.start, c.end, c.coder, c.note FROM codings c "
            f"JOIN sources s ON s.n = c.source_n JOIN codes k ON k.n = c.code_n WHERE {where}", args).fetchall()
        paths = self.study.codes.paths()
        return self.decorate([(r[0], r[1], r[3], r[4], paths.get(r[2]), r[5], r[6]) for r in rows])

    def lazy(self, spec: RunSpec) -> LazySegments:
        """What `run` retrieves, in the same order, each segment decorated (citation, turn, words
        around) only when read: the window shows a screenful of a run of thousands at once, and
        an export decorates them all in its worker. The codings' source and code ids are looked up
        here from their numbers, and the rows sorted once, as read."""
        where, args = self._query(spec)
        ordered = self.sources_in_order()
        rank = {n: i for i, (_id, n, _place) in enumerate(ordered)}
        source_of = {n: source_id for source_id, n, _place in ordered}
        paths = self.study.codes.paths()
        path_of = {n: paths.get(code_id) for n, code_id in self.conn.execute("SELECT n, id FROM codes")}
        rows = self.conn.execute(f"SELECT c.id, c.source_n, c.code_n, c.start, c.end, c.coder, c.note FROM codings c "
                                 f"JOIN sources s ON s.n = c.source_n WHERE {where}", args).fetchall()
        rows.sort(key=lambda r: (rank[r[1]], r[3], r[4], path_of[r[2]] or "", r[5]))
        return LazySegments(self, [(r[0], source_of[r[1]], r[3], r[4], path_of[r[2]], r[5], r[6]) for r in rows],
                            places={source_id: place for source_id, _n, place in ordered})

    def in_display_order(self, hits: list[tuple]) -> tuple[list[tuple], dict[str, tuple]]:
        """(id, source, start, end, code, coder, note) tuples sorted as `decorate` sorts its
        segments (district, site, source, position), from one read of the sources; and each
        source's (district, site)."""
        ordered = self.sources_in_order()
        rank = {source_id: i for i, (source_id, _n, _place) in enumerate(ordered)}  # compared as numbers
        where = {source_id: place for source_id, _n, place in ordered}
        return sorted(hits, key=lambda h: (rank[h[1]], h[2], h[3], h[4] or "", h[5] or "")), where

    def sources_in_order(self) -> list[tuple[str, int, tuple]]:
        """Every source as (id, number, (district, site)), in display order: district (sources
        outside one last), site, name; kept until the study is written to."""
        return self._in_order.read()

    def _read_sources_in_order(self) -> list[tuple[str, int, tuple]]:
        places = self.study.cases.places()
        rows = [(source_id, n, places.get(case_id, (None, None)), name)
                for source_id, n, case_id, name in self.conn.execute("SELECT id, n, case_id, name FROM sources")]
        rows.sort(key=lambda r: (r[2][0] or "\uffff", r[2][1] or "", r[3].lower(), r[1]))
        return [(source_id, n, place) for source_id, n, place, _name in rows]

    def decorate(self, hits: list[tuple], texts: dict[str, str] | None = None) -> list[Segment]:
        """Attach citation fields, text and surrounding turn to (id, source, start, end, code,
        coder, note) tuples; used by runs and by search (which passes the texts it has read)."""
        texts = dict(texts or {})
        infos: dict[str, tuple] = {}
        turns: dict[str, tuple[list[int], list[tuple]]] = {}
        places = self.study.cases.places()
        speakers = dict(self.conn.execute("SELECT id, name FROM speakers").fetchall())
        per_source = Counter(h[1] for h in hits)
        if len(per_source) > 50:  # one read of every source beats a query for each of many
            infos = {r[0]: r[1:] for r in self.conn.execute(
                "SELECT id, name, case_id, role, wave, type FROM sources")}
        out = []
        for hid, source_id, start, end, code, coder, note in hits:
            if source_id not in infos:
                infos[source_id] = self.conn.execute(
                    "SELECT name, case_id, role, wave, type FROM sources WHERE id = ?", (source_id,)).fetchone()
            if source_id not in texts:
                texts[source_id] = self.study.sources.text(source_id)
            if per_source[source_id] > FEW_HITS and source_id not in turns:  # read all its turns once
                rows = self.conn.execute("SELECT start, end, speaker_id FROM turns WHERE source_id = ? "
                                         "ORDER BY start", (source_id,)).fetchall()
                turns[source_id] = ([r[0] for r in rows], rows)
            name, case_id, role, wave, stype = infos[source_id]
            district, site = places.get(case_id, (None, None))
            text = texts[source_id]
            if source_id in turns:
                starts, rows = turns[source_id]
                i = bisect_right(starts, start) - 1
                turn = rows[i] if i >= 0 else None
            else:  # a few hits: look up just the turn each one starts in
                turn = self.conn.execute("SELECT start, end, speaker_id FROM turns WHERE source_id = ? AND "
                                         "start <= ? ORDER BY start DESC LIMIT 1", (source_id, start)).fetchone()
            if turn is not None:
                t_start, t_end, speaker_id = turn
                speaker = speakers.get(speaker_id)
                context = {"start": t_start, "end": max(t_end, end), "text": text[t_start:max(t_end, end)]}
            else:  # notes and documents have no turns: the paragraph the passage is in
                speaker = None
                p_start = text.rfind("\n\n", 0, start)
                p_start = 0 if p_start < 0 else p_start + 2
                p_end = text.find("\n\n", end)
                p_end = len(text) if p_end < 0 else p_end
                context = {"start": min(p_start, start), "end": max(p_end, end), "text": text[min(p_start, start):
                                                                                          max(p_end, end)]}
            out.append(Segment(hid, source_id, name, district, site, speaker, role, wave, stype, start, end,
                               text[start:end], code, coder, note or "", context))
        out.sort(key=lambda s: (s.district or "\uffff", s.site or "", s.source_name.lower(), s.start, s.end,
                                s.code or "", s.coder or ""))
        return out


def segments_csv(segments: list[Segment], description: list[tuple[str, str]] | None = None) -> str:
    """Segments with their citations as CSV (the data-run export of the CLI and the window). A
    description (run_spec.describe) goes first, a row "# what", "which" each (a reader told that
    "#" starts a comment skips them), as a file saved from the window has it; the CLI prints the
    bare table for other programs to read."""
    out = io.StringIO()
    writer = csv.writer(out)
    for what, which in description or ():
        writer.writerow(csv_row([f"# {what}", which]))
    writer.writerow(csv_row(["source", "district", "site", "speaker", "role", "wave", "code", "coder",
                     "start", "end", "text", "note", "in context"]))
    for s in segments:  # a search hit is the few words found: "in context" has the words around it
        writer.writerow(csv_row([s.source_name, s.district or "", s.site or "", s.speaker or "", s.role or "",
                         "" if s.wave is None else s.wave, s.code or "", s.coder or "", s.start, s.end,
                         s.text, s.note, "" if s.code else concordance(s, READING)]))
    return out.getvalue()
