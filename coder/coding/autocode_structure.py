"""Coding by a file's structure: every section under a heading (Word heading styles, OpenDocument
headings, Markdown headings), or every caption cue (within a span of time), as one step.

A section can get one chosen code, or a code named after its heading ("Arrival" under a chosen
parent code): the same heading in a hundred observation notes then names one code, which is how
a researcher compares what every note says under "Classroom observation". Nested headings
nest sections (a level-1 section holds its level-2 ones); `levels` keeps only some.
"""

from __future__ import annotations

import re

from ..sources.structure import sections
from ..store.errors import ConflictError
from .autocode import Plan, _plan, _scope_sources, against, codings_inside
from .run_spec import RunSpec


def plan_headings(study, *, scope: RunSpec | None = None, levels: set[int] | None = None,
                  heading: str | None = None, named: bool = False) -> Plan:
    """Every heading's section in the sources of `scope` (of `levels`; with `heading`, only
    those whose heading's words contain it, in any case). Nested sections merge into one
    passage for one code; `named` keeps each heading's own section (for a code per heading:
    `plan.titles` names each passage's heading code, its words without outline numbering)."""
    allowed = _scope_sources(study, scope)
    wanted = (heading or "").strip().casefold()
    spans, titles = [], {}
    for source_id, in study.conn.execute("SELECT s.id FROM sources s ORDER BY s.n"):
        if allowed is not None and source_id not in allowed:
            continue
        structure = study.sources.structure(source_id)
        if not structure.headings:
            continue
        text = study.sources.text(source_id)
        for section in sections(text, structure.headings, levels):
            if wanted and wanted not in section.heading.title.casefold():
                continue
            spans.append((source_id, section.start, section.end))
            titles.setdefault((source_id, section.start, section.end), heading_code_name(section.heading.title))
    at = f"level {' or '.join(str(n) for n in sorted(levels))}" if levels else ""
    if wanted:
        what = f"sections headed '{heading.strip()}'" + (f" at {at}" if at else "")
    else:
        what = f"sections under {at + ' ' if at else ''}headings"
    if not named:
        return _plan(study, spans, what)
    groups: dict[str, list] = {}
    for span in spans:
        groups.setdefault(titles[span], []).append(span)
    plans = [_plan(study, group, what) for group in groups.values()]
    order = {sid: n for n, sid in study.conn.execute("SELECT n, id FROM sources")}
    passages = sorted({p for plan in plans for p in plan.passages}, key=lambda p: (order.get(p[0], 0), p[1], p[2]))
    names = {k: v for plan in plans for k, v in plan.names.items()}
    found = {p: title for title, plan in zip(groups, plans, strict=True) for p in plan.passages}
    return Plan(passages, what, 0, sum(p.merged for p in plans), names, found)


def structure_in(study, scope: RunSpec | None = None) -> tuple[list[int], bool]:
    """The heading levels the sources of `scope` have (in order) and whether any has caption
    cues: what there is to choose from before coding by structure."""
    allowed = _scope_sources(study, scope)
    levels: set[int] = set()
    cues = False
    for source_id, in study.conn.execute("SELECT id FROM sources"):
        if allowed is None or source_id in allowed:
            found = study.sources.structure(source_id)
            levels |= {h.level for h in found.headings}
            cues = cues or bool(found.cues)
    return sorted(levels), cues


def plan_cues(study, *, scope: RunSpec | None = None, start_ms: int | None = None,
              end_ms: int | None = None) -> Plan:
    """Every caption cue in the sources of `scope` (those that begin within [start_ms, end_ms)
    when given): each cue's words."""
    allowed = _scope_sources(study, scope)
    spans, times = [], {}
    for source_id, in study.conn.execute("SELECT s.id FROM sources s WHERE s.format IN ('vtt', 'srt') ORDER BY s.n"):
        if allowed is not None and source_id not in allowed:
            continue
        for cue in study.sources.structure(source_id).cues:
            at = cue.start_ms if cue.start_ms is not None else -1
            if start_ms is not None and at < start_ms or end_ms is not None and at >= end_ms:
                continue
            spans.append((source_id, cue.start, cue.end))
            if cue.start_ms is not None:
                times[(source_id, cue.start, cue.end)] = _clock(cue.start_ms)
    what = "caption cues" + (f" from {_clock(start_ms)}" if start_ms is not None else "") \
        + (f" to {_clock(end_ms)}" if end_ms is not None else "")
    plan = _plan(study, spans, what)
    plan.times = {p: t for p, t in times.items() if p in set(plan.passages)}  # cues never overlap: all kept
    return plan


def parse_span(text: str) -> tuple[int | None, int | None]:
    """"00:10:00-00:20:00", "10:00-", "-5:00" → (start ms, end ms)."""
    from ..sources.turns import TIME, parse_time

    match = re.fullmatch(rf"\s*({TIME})?\s*-\s*({TIME})?\s*", text or "")
    if not match or not (match.group(1) or match.group(2)):
        raise ConflictError(f"time span {text!r}: write FROM-TO, as 00:10:00-00:20:00 (either end may be left out)")
    start, end = parse_time(match.group(1)), parse_time(match.group(2))
    if start is not None and end is not None and end <= start:
        raise ConflictError(f"time span {text!r} ends before it begins")
    return start, end


def _clock(ms: int) -> str:
    seconds = ms // 1000
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


NUMBERING = re.compile(r"^\s*(?:\d+[.)]|\d+(?:\.\d+)+[.)]?|[A-Za-z][.)]|[IVXLCivxlc]+[.)])\s+(?=\S)")


def heading_code_name(title: str) -> str:
    """The code a heading names: its words without outline numbering ("2.1 Arrival", "B) Arrival"
    and "Arrival" are one code), unless the numbering is all there is."""
    name = NUMBERING.sub("", title, count=1).strip()
    return name or title


def code_path_for(parent: str, title: str) -> str:
    """A heading's code path under `parent` (a '/' in the heading is part of its name)."""
    return f"{parent.rstrip('/')}/{title.replace('/', chr(92) + '/')}" if parent else title.replace("/", "\\/")


def autocode_by_heading(study, plan: Plan, parent: str, *, coder: str | None = None):
    """Code each section of `plan` (from plan_headings) with a code named after its heading,
    under the code `parent` (made where missing, with any heading codes missing), as one step;
    what a heading's code already covers is skipped."""
    coder = coder or study.user
    titles = plan.titles
    if not plan.passages or not titles:
        raise ConflictError("no sections under headings to code")
    by_title: dict[str, list[tuple[str, int, int]]] = {}
    for passage in plan.passages:
        by_title.setdefault(titles.get(passage, ""), []).append(passage)
    by_title.pop("", None)
    existing = study.codes.paths()
    ids = {path: cid for cid, path in existing.items()}
    items, skipped = [], plan.skipped
    for title, passages in by_title.items():
        path = code_path_for(parent, title)
        if path in ids:
            sub = against(study, Plan(passages, plan.label), ids[path], coder)
            skipped += sub.skipped
            passages = sub.passages
        items.append((path, passages))
    count = sum(len(p) for _path, p in items)
    label = (f"Auto-code {count} section{'s' if count != 1 else ''} under {len(items)} heading code"
             f"{'s' if len(items) != 1 else ''} in {parent or 'the codebook'} ({plan.label})")
    with study.operation("autocode", label) as rec:
        rows = []
        for path, passages in items:
            code_id = ids.get(path) or study.codes.add_code(path=path).result
            ids[path] = code_id
            rows += [(s, code_id, a, b, coder) for s, a, b in passages]
        inner = study.codings.apply_many(items=rows, label=label) if rows else None
        rec.result = {"codes": len(items), "coded": inner.result if inner else 0, "skipped": skipped}
        rec.touch("codings")
    changes = study.changes_of(rec)
    changes.extra["skipped"] = skipped
    return changes


def uncode_by_heading(study, plan: Plan, parent: str, *, coder: str | None = None):
    """Take each heading's code (under `parent`) off its sections, as one step."""
    paths = {path: cid for cid, path in study.codes.paths().items()}
    doomed = []
    for title in sorted(set(plan.titles.values())):
        code_id = paths.get(code_path_for(parent, title))
        if code_id:
            doomed += codings_inside(study, code_id, [p for p in plan.passages if plan.titles.get(p) == title], coder)
    label = f"Uncode {len(doomed)} section{'s' if len(doomed) != 1 else ''} of the heading codes in {parent}"
    return study.codings.remove_many(coding_ids=doomed, label=f"{label} ({plan.label})")
