"""Espoused against enacted: inside each site, what its leaders say about a code's matter
beside what its teachers say — the triangulation the design interviews rank-and-file teachers
for ("to triangulate espoused practice and directions with actual practice").

For each site and each chosen code, the leaders' passages (principals, assistant principals,
coaches, teacher leaders: any roles chosen) and the teachers' passages, each once however many
coders coded it, with the sources they come from. A district's own sources (its central office)
belong to no site and are not compared here. The counts come from one crosstab (each site within
each role, summed over a side's roles), so the view of every site and code costs one pass over
the codings' index; the passages are those of the data runs for the code with each side's roles
in that site, read for all pairs at once for an export or for the one pair a researcher is
reading (test: tests/core/test_espoused.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from ..coding.run_spec import RunSpec
from ..coding.runs import Segment
from ..store.errors import ConflictError
from .crosstabs import crosstab

LEADING = re.compile(r"principal|leader|leadership|coach|director|head|dean|administrator", re.IGNORECASE)
TEACHING = re.compile(r"^\s*(classroom |rank-and-file )?(teacher|teachers|aide|paraprofessional)s?\s*$", re.IGNORECASE)


def default_sides(roles: list[str]) -> tuple[list[str], list[str]]:
    """The study's roles split as the design reads them: leaders (principals, assistant
    principals, leadership-team members, teacher leaders, coaches) and rank-and-file teachers
    (teachers, aides); roles of neither (central office, parents) on no side."""
    teachers = [r for r in roles if TEACHING.match(r)]
    leaders = [r for r in roles if r not in teachers and LEADING.search(r)]
    return leaders, teachers


@dataclass
class Side:
    passages: int = 0
    sources: set[str] = field(default_factory=set)
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Pair:
    """One site's leaders and teachers on one code."""

    site_id: str
    site: str
    code_id: str
    code: str
    leaders: Side
    teachers: Side
    filled: bool = False  # its passages read (the counts always are)

    @property
    def silent_side(self) -> str | None:
        """Which side says nothing where the other speaks: worth a look either way."""
        if self.leaders.passages and not self.teachers.passages:
            return "teachers"
        if self.teachers.passages and not self.leaders.passages:
            return "leaders"
        return None


@dataclass
class Comparison:
    leaders: list[str]
    teachers: list[str]
    pairs: list[Pair]
    scope: RunSpec = field(default_factory=lambda: RunSpec(codes=[]))
    descendants: bool = True

    def records(self) -> list[dict]:
        """What `casecoder espoused --json` prints: one record per site and code."""
        def side(s: Side) -> dict:
            return {"passages": s.passages, "sources": len(s.sources),
                    "segments": [{"source": g.source, "start": g.start, "end": g.end, "text": g.text,
                                  "citation": g.citation, "coder": g.coder} for g in s.segments]}

        return [{"site": p.site, "code": p.code, "leaders": side(p.leaders), "teachers": side(p.teachers)}
                for p in self.pairs]


def espoused_enacted(study, *, items: list[str] | None = None, descendants: bool = True,
                     scope: RunSpec | None = None, leaders: list[str] | None = None,
                     teachers: list[str] | None = None, keep_empty: bool = False,
                     passages: bool = True) -> Comparison:
    """Each site in `scope` by each code of `items` (ids; None: the top-level codes): the
    leaders' passages beside the teachers'. Pairs where neither side speaks are left out unless
    `keep_empty`. The counts come from one crosstab (site within role); the passages themselves
    only with `passages` (else `fill_passages` gives one pair's when it is looked at)."""
    scope = scope or RunSpec(codes=[])
    default_leaders, default_teachers = default_sides(study.sources.roles())
    leaders = list(leaders if leaders is not None else default_leaders)
    teachers = list(teachers if teachers is not None else default_teachers)
    if not leaders or not teachers:
        raise ConflictError("choose the leaders' roles and the teachers' roles to compare "
                            f"(this study's roles: {', '.join(study.sources.roles()) or 'none'})")
    if set(leaders) & set(teachers):
        raise ConflictError(f"a role is on both sides: {', '.join(sorted(set(leaders) & set(teachers)))}")
    codes = [study.codes.get(i) for i in items] if items is not None else \
        [c for c in study.codes.all() if not c.parent_id]
    side_of = {r: "leaders" for r in _within(leaders, scope)} | {r: "teachers" for r in _within(teachers, scope)}
    sides: dict[tuple[str, str, str], Side] = defaultdict(Side)  # (site name, code id, side)
    if side_of and codes:
        table = crosstab(study, ["site", "role"], items=[c.id for c in codes], descendants=descendants,
                         scope=replace(scope, roles=list(side_of)))
        for code_id, _path in table.rows:
            for col in table.cols:
                cell = table.cell(code_id, col)
                site, _dot, role = col.partition(" · ")
                if cell.passages and role in side_of:
                    side = sides[(site, code_id, side_of[role])]
                    side.passages += cell.passages
                    side.sources |= cell.sources
    comparison = Comparison(leaders, teachers, [], scope, descendants)
    for site in (c for c in study.cases.all() if c.kind == "site"):
        for code in codes:
            both = [sides.get((site.name, code.id, n), Side()) for n in ("leaders", "teachers")]
            if keep_empty or any(s.passages for s in both):
                comparison.pairs.append(Pair(site.id, site.name, code.id, code.path, *both))
    if passages:
        _fill_all(study, comparison, codes)
    return comparison


def _within(roles: list[str], scope: RunSpec) -> list[str]:
    return [r for r in roles if not scope.roles or r in scope.roles]


def fill_passages(study, comparison: Comparison, pair: Pair) -> Pair:
    """One pair's passages (the two data runs for its code in its site, one per side), for the
    row a researcher is reading; a pair filled once stays filled."""
    if pair.filled:
        return pair
    for side, roles in ((pair.leaders, comparison.leaders), (pair.teachers, comparison.teachers)):
        roles = _within(roles, comparison.scope)
        found = study.runs.run(replace(comparison.scope, codes=[pair.code_id], op="or", roles=roles,
                                       descendants=comparison.descendants, sites=[pair.site_id])) if roles else []
        side.segments = _merged(study, found)
    pair.filled = True
    return pair


def _fill_all(study, comparison: Comparison, codes) -> None:
    """Every pair's passages from two data runs (one per side) over all the codes: what a Word
    file or `--json` needs, cheaper than two runs per pair."""
    rows_of = _rows_of(study, codes, comparison.descendants)
    found: dict[tuple[str, str, str], list[Segment]] = defaultdict(list)
    for name, roles in (("leaders", comparison.leaders), ("teachers", comparison.teachers)):
        roles = _within(roles, comparison.scope)
        if not roles:
            continue
        spec = replace(comparison.scope, codes=[c.id for c in codes], op="or", descendants=comparison.descendants,
                       roles=roles)
        for segment in study.runs.run(spec):
            if segment.site is None:
                continue  # a district's own source: no site to compare inside
            for code_id in rows_of.get(segment.code, ()):
                found[(segment.site, code_id, name)].append(segment)
    for pair in comparison.pairs:
        pair.leaders.segments = _merged(study, found.get((pair.site, pair.code_id, "leaders"), []))
        pair.teachers.segments = _merged(study, found.get((pair.site, pair.code_id, "teachers"), []))
        pair.filled = True


def _rows_of(study, codes, descendants: bool) -> dict[str, list[str]]:
    """A segment's code path → the chosen codes it counts for (itself; its ancestors with sub-codes)."""
    out: dict[str, list[str]] = defaultdict(list)
    paths = study.codes.paths()
    for code in codes:
        for code_id in study.codes.counted([code.id], descendants):
            out[paths[code_id]].append(code.id)
    return out


def _merged(study, segments: list[Segment]) -> list[Segment]:
    """One passage per stretch of text: a code's overlapping codings in one source (two coders',
    or one coder's twice) become one passage spanning them all, its coders named together, as a
    data run counts them; passages in source and text order, so the count and the list agree."""
    groups: dict[tuple[str, str | None], list[Segment]] = defaultdict(list)
    for g in segments:
        groups[(g.source, g.code)].append(g)
    merged: list[Segment] = []
    texts: dict[str, str] = {}
    for (source, _code), group in groups.items():
        group.sort(key=lambda g: (g.start, g.end))
        run = [group[0]]
        for g in group[1:] + [None]:
            if g is not None and g.start < max(r.end for r in run):
                run.append(g)
                continue
            first = run[0]
            end = max(r.end for r in run)
            if len(run) > 1:
                text = texts.setdefault(source, study.sources.text(source))
                coders = ", ".join(dict.fromkeys(r.coder for r in run if r.coder))
                first = replace(first, end=end, text=text[first.start:end], coder=coders or None)
            merged.append(first)
            if g is not None:
                run = [g]
    merged.sort(key=lambda g: (g.source_name, g.start, g.end, g.code or ""))
    return merged
