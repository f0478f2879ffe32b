"""Coding many passages at once: every hit of a search (widened to its sentence, paragraph,
speaker turn or N words either side), every turn of a speaker or of a role's respondents or of
the interviewers, every segment of a data run — planned first, so a researcher sees the
passages and their counts per source and can leave some out, then applied (or uncoded) as one
undoable step, one operation in the team log, recorded under the coder's name and labelled in
the study's history ("Auto-code 412 passages as Coaching (search 'coaching cycle', sentence)").

A plan's passages are merged where they overlap within a source (two hits in one sentence are
one passage); a passage the code already covers (a coding of that code by that coder holding the
whole range) is skipped and counted as skipped, never coded twice.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..store.changes import Changes
from ..store.errors import ConflictError
from .run_spec import RunSpec

UNITS = ("hit", "sentence", "paragraph", "turn")
WORDISH = re.compile(r"\S+")
ALL_HITS = 1_000_000  # a search for coding takes every hit, not the panel's first page


@dataclass
class Plan:
    """What a bulk coding would code: passages (source id, start, end) in source and text order."""

    passages: list[tuple[str, int, int]]
    label: str  # how it was found: "search 'coaching cycle', sentence"
    skipped: int = 0  # already carrying the code (known once a code is chosen: see `against`)
    merged: int = 0  # found passages joined with an overlapping one
    names: dict[str, str] = field(default_factory=dict)  # source id → name
    titles: dict[tuple[str, int, int], str] = field(default_factory=dict)  # passage → its heading (by structure)
    times: dict[tuple[str, int, int], str] = field(default_factory=dict)  # passage → its cue's time (captions)

    def per_source(self) -> Counter:
        return Counter(s for s, _a, _b in self.passages)

    def record(self) -> dict:
        """What `casecoder autocode --json` prints."""
        return {"passages": len(self.passages), "sources": len(self.per_source()), "skipped": self.skipped,
                "items": [{"source": s, "start": a, "end": b,
                           **({"heading": self.titles[(s, a, b)]} if (s, a, b) in self.titles else {}),
                           **({"time": self.times[(s, a, b)]} if (s, a, b) in self.times else {})}
                          for s, a, b in self.passages]}

    def without(self, left_out: set[tuple[str, int, int]]) -> Plan:
        """The plan less the passages a researcher deselected in the preview."""
        kept = [p for p in self.passages if p not in left_out]
        return Plan(kept, self.label, self.skipped, self.merged, self.names,
                    {p: t for p, t in self.titles.items() if p not in left_out},
                    {p: t for p, t in self.times.items() if p not in left_out})


def parse_unit(unit: str) -> tuple[str, int]:
    """"hit", "sentence", "paragraph", "turn" or "words:N" → (kind, N)."""
    text = (unit or "hit").strip().lower()
    if text in UNITS:
        return text, 0
    kind, _colon, n = text.partition(":")
    if kind == "words" and n.isdigit() and 0 < int(n) <= 500:
        return "words", int(n)
    raise ConflictError(f"unit {unit!r}: use hit, sentence, paragraph, turn or words:N (N from 1 to 500)")


# ---------------------------------------------------------------------- planning
def plan_search(study, query: str, *, mode: str = "exact", unit: str = "hit", scope: RunSpec | None = None,
                threshold: float = 80.0) -> Plan:
    """Every hit of a search in `scope`, widened to `unit`."""
    kind, n = parse_unit(unit)
    if kind == "sentence" or mode == "lemma":
        _finish_analysis(study)
    hits = study.search.search(query, mode, spec=scope, threshold=threshold, limit=ALL_HITS)
    spans = [(h.source, h.start, h.end) for h in hits]
    return _plan(study, _widen(study, spans, kind, n), f"search '{query}'" + (f" ({mode})" if mode != "exact" else "")
                 + f", {unit}")


def plan_turns(study, *, speaker: str | None = None, role: str | None = None, interviewers: bool = False,
               scope: RunSpec | None = None) -> Plan:
    """Every turn of one speaker, or of a role's respondents (the turns of sources with that role
    that are not an interviewer's; in a transcript with speaker labels, only labelled turns, so
    a header paragraph is nobody's), or of the interviewers, in `scope`; each turn's words, after
    its speaker's label."""
    from ..sources.speakers import interviewer_turns

    if sum(bool(x) for x in (speaker, role, interviewers)) != 1:
        raise ConflictError("choose one: a speaker, a role, or the interviewers")
    allowed = _scope_sources(study, scope)
    asked = interviewer_turns(study)
    rows = study.conn.execute(
        "SELECT t.source_id, t.start, t.body_start, t.end, t.speaker_id, s.role FROM turns t "
        "JOIN sources s ON s.id = t.source_id ORDER BY s.n, t.start")
    wanted_speaker = study.speakers.find(speaker).id if speaker else None
    asked_sets = {sid: set(turns) for sid, turns in asked.items()}
    texts = _Texts(study)
    labelled = {r[0] for r in study.conn.execute("SELECT DISTINCT source_id FROM turns WHERE speaker_id IS NOT NULL")} \
        if role else set()
    spans = []
    for source_id, start, body, end, speaker_id, source_role in rows:
        if allowed is not None and source_id not in allowed:
            continue
        questioned = (start, end) in asked_sets.get(source_id, ())
        if speaker and speaker_id != wanted_speaker:
            continue
        if role and ((source_role or "").lower() != role.lower() or questioned or
                     (speaker_id is None and source_id in labelled)):
            continue
        if interviewers and not questioned:
            continue
        words = _trim(texts[source_id], body, end)
        if words:
            spans.append((source_id, *words))
    what = f"speaker {speaker}" if speaker else f"the {role}s' turns" if role else "the interviewers' turns"
    return _plan(study, spans, what)


def speakers_and_roles(study, scope: RunSpec) -> tuple[list[str], list[str]]:
    """Who speaks in the sources of `scope` (speakers' names) and the respondent roles there:
    what "Code turns…" offers to choose from."""
    clause, args = study.runs.source_filter(scope)
    where = f" WHERE {clause}" if clause else ""
    names = [r[0] for r in study.conn.execute(
        "SELECT DISTINCT sp.name FROM turns t JOIN sources s ON s.id = t.source_id JOIN speakers sp "
        f"ON sp.id = t.speaker_id{where} ORDER BY sp.name", args)]
    roles = [r[0] for r in study.conn.execute(
        f"SELECT DISTINCT s.role FROM sources s{where}{' AND' if clause else ' WHERE'} s.role IS NOT NULL "
        "AND s.role != '' ORDER BY s.role", args)]
    return names, roles


def plan_run(study, spec: RunSpec, *, only: set[str] | None = None) -> Plan:
    """Every segment of a data run (or those whose ids are in `only`: a selection of its rows)."""
    segments = study.runs.run(spec)
    spans = [(s.source, s.start, s.end) for s in segments if only is None or s.id in only]
    codes = ", ".join(study.codes.get(c).path for c in spec.codes[:3]) + ("…" if len(spec.codes) > 3 else "")
    return _plan(study, spans, f"data run of {codes}")


def _plan(study, spans, label: str) -> Plan:
    merged, joined = _merge(spans)
    names = dict(study.conn.execute("SELECT id, name FROM sources").fetchall())
    order = {sid: n for n, sid in study.conn.execute("SELECT n, id FROM sources")}
    merged.sort(key=lambda p: (order.get(p[0], 0), p[1], p[2]))
    return Plan(merged, label, 0, joined, {s: names.get(s, s) for s, _a, _b in merged})


def _merge(spans) -> tuple[list[tuple[str, int, int]], int]:
    """Overlapping (or identical) passages of one source joined; how many were joined away."""
    by_source: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for source_id, start, end in spans:
        if end > start:
            by_source[source_id].append((start, end))
    out, joined = [], 0
    for source_id, ranges in by_source.items():
        ranges.sort()
        current = list(ranges[0])
        for start, end in ranges[1:]:
            if start < current[1]:
                current[1] = max(current[1], end)
                joined += 1
            else:
                out.append((source_id, current[0], current[1]))
                current = [start, end]
        out.append((source_id, current[0], current[1]))
    return out, joined


# ---------------------------------------------------------------------- widening
def _widen(study, spans, kind: str, n: int) -> list[tuple[str, int, int]]:
    """Each hit grown to the unit(s) holding it: its sentence(s), paragraph(s), turn(s), or `n`
    words either side; then trimmed of the whitespace at its ends."""
    if kind == "hit":
        return list(spans)
    by_source: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for source_id, start, end in spans:
        by_source[source_id].append((start, end))
    out = []
    for source_id, ranges in by_source.items():
        text = study.sources.text(source_id)
        if kind == "words":  # within the speaker's turn: never into the next speaker's label and words
            bodies = [(t.body_start, t.end) for t in study.sources.turns(source_id)]
            grown = [_within(bodies, a, b, *_words_around(text, a, b, n)) for a, b in ranges]
        else:
            if kind == "sentence":
                units = study.sources.sentences(source_id) or _paragraph_units(text)
            elif kind == "paragraph":
                units = _paragraph_units(text)
            else:
                units = [(t.body_start, t.end) for t in study.sources.turns(source_id)] or _paragraph_units(text)
            grown = [_units_holding(units, a, b) for a, b in ranges]
        for start, end in grown:
            trimmed = _trim(text, start, end)
            if trimmed:
                out.append((source_id, *trimmed))
    return out


def _units_holding(units: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """From the first unit holding `start` to the last holding `end` (the hit itself where it
    falls between units)."""
    starts = [u[0] for u in units]
    i = bisect_right(starts, start) - 1
    first = units[i][0] if i >= 0 and units[i][1] > start else start
    j = bisect_right(starts, max(start, end - 1)) - 1
    last = units[j][1] if j >= 0 and units[j][1] >= end else end
    return min(first, start), max(last, end)


def _paragraph_units(text: str) -> list[tuple[int, int]]:
    from ..store.text import paragraphs

    return paragraphs(text)


def _within(bodies: list[tuple[int, int]], start: int, end: int, wide_start: int, wide_end: int) -> tuple[int, int]:
    """A widened hit cut to the turn body holding the hit (as it was where the hit is in none)."""
    i = bisect_right([b[0] for b in bodies], start) - 1
    if i >= 0 and start >= bodies[i][0] and end <= bodies[i][1]:
        return max(wide_start, bodies[i][0]), min(wide_end, bodies[i][1])
    return wide_start, wide_end


def _words_around(text: str, start: int, end: int, n: int) -> tuple[int, int]:
    """The hit and `n` words either side of it."""
    before = [m.start() for m in WORDISH.finditer(text, max(0, start - 40 * n), start)]
    after = [m.end() for m in WORDISH.finditer(text, end, min(len(text), end + 40 * n))]
    return (before[-n] if len(before) >= n else (before[0] if before else start),
            after[n - 1] if len(after) >= n else (after[-1] if after else end))


class _Texts(dict):
    """Sources' texts, each read once."""

    def __init__(self, study) -> None:
        super().__init__()
        self.study = study

    def __missing__(self, source_id: str) -> str:
        text = self[source_id] = self.study.sources.text(source_id)
        return text


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A passage without the whitespace at its ends (a coding starts and ends on words)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _scope_sources(study, scope: RunSpec | None) -> set[str] | None:
    if scope is None:
        return None
    clause, args = study.runs.source_filter(scope)
    if not clause:
        return None
    return {r[0] for r in study.conn.execute(f"SELECT s.id FROM sources s WHERE {clause}", args)}


def _finish_analysis(study) -> None:
    from ..sources.analysis import finish_for_reading

    waiting = finish_for_reading(study)
    if waiting:
        raise ConflictError(f"{len(waiting)} sources still await the language analysis (sentences, lemmas): "
                            f"{', '.join(waiting[:5])}; try again when it has finished")


# ---------------------------------------------------------------------- applying
def against(study, plan: Plan, code_id: str, coder: str) -> Plan:
    """The plan less the passages `code_id` already covers for `coder` (counted as skipped)."""
    code_n = study.conn.execute("SELECT n FROM codes WHERE id = ?", (code_id,)).fetchone()
    if code_n is None:
        raise ConflictError(f"no code with id {code_id}")
    held: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for source_id, start, end in study.conn.execute(
            "SELECT s.id, c.start, c.end FROM codings c JOIN sources s ON s.n = c.source_n "
            "WHERE c.code_n = ? AND c.coder = ? AND c.detached = 0", (code_n[0], coder)):
        held[source_id].append((start, end))
    kept = [p for p in plan.passages if not any(a <= p[1] and p[2] <= b for a, b in held.get(p[0], ()))]
    return Plan(kept, plan.label, plan.skipped + len(plan.passages) - len(kept), plan.merged, plan.names)


def autocode(study, plan: Plan, code_id: str | None = None, *, code_path: str | None = None,
             coder: str | None = None) -> Changes:
    """Code every passage of `plan` with `code_id` (or a new code at `code_path`) as one step —
    the code's creation included — what the code already covers skipped; the study's history
    says how the passages were found. `changes.extra["skipped"]`: how many were skipped."""
    coder = coder or study.user
    if code_id is None and not code_path:
        raise ConflictError("choose the code to apply")
    if code_id is not None:
        plan = against(study, plan, code_id, coder)
    name = study.codes.get(code_id).name if code_id else code_path.replace("\\/", "\0").rsplit("/", 1)[-1] \
        .replace("\0", "/")
    label = f"Auto-code {len(plan.passages)} passage{'s' if len(plan.passages) != 1 else ''} as {name} ({plan.label})"
    with study.operation("autocode", label) as rec:
        if code_id is None:
            code_id = study.codes.add_code(path=code_path).result
        inner = study.codings.apply_many(items=[(s, code_id, a, b, coder) for s, a, b in plan.passages],
                                         label=label)
        rec.result = {"code_id": code_id, "coded": inner.result, "skipped": plan.skipped}
        rec.touch("codings")
    changes = study.changes_of(rec)
    changes.extra["skipped"] = plan.skipped
    return changes


def uncode(study, plan: Plan, code_id: str, *, coder: str | None = None) -> Changes:
    """Remove `code_id`'s codings inside the plan's passages (by `coder`, or anyone's) as one step."""
    doomed = codings_inside(study, code_id, plan.passages, coder)
    name = study.codes.get(code_id).name
    return study.codings.remove_many(coding_ids=doomed, label=f"Uncode {len(doomed)} passage"
                                     f"{'s' if len(doomed) != 1 else ''} of {name} ({plan.label})")


def codings_inside(study, code_id: str, passages, coder: str | None = None) -> list[str]:
    """The ids of `code_id`'s codings (by `coder`, or anyone's) lying inside one of `passages`."""
    code_n = study.conn.execute("SELECT n FROM codes WHERE id = ?", (code_id,)).fetchone()
    if code_n is None:
        raise ConflictError(f"no code with id {code_id}")
    inside: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for source_id, start, end in passages:
        inside[source_id].append((start, end))
    doomed = []
    for coding_id, source_id, start, end, who in study.conn.execute(
            "SELECT c.id, s.id, c.start, c.end, c.coder FROM codings c JOIN sources s ON s.n = c.source_n "
            "WHERE c.code_n = ?", (code_n[0],)):
        if coder and who != coder:
            continue
        if any(a <= start and end <= b for a, b in inside.get(source_id, ())):
            doomed.append(coding_id)
    return doomed
