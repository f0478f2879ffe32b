"""The cross-site outline to Word, as the report's skeleton: a title block, the contents, themes
as headings whose level follows their depth in the outline (Heading 1, 2, 3 …), claims as
paragraphs, each with its checks on a short line and its evidence as cited block quotes, the
study's saved pattern tables as Word tables (on landscape pages when they are wide), and an
appendix of every theme's evidence grouped by site followed by the data runs of the codes made for
the theme, also grouped by site, each passage once with the coders who coded it.

A theme with no claim anywhere under it is left out (in the body and the appendix) unless the
options keep empty sections, as bare headings for a reviewer's checklist.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..store.progress import CancelToken, Progress, no_progress
from .document import Document
from .options import PLAIN, WordOptions, about, running
from .passages import passages, under


def _check_line(check: dict) -> str:
    tri = "triangulated" if check["triangulated"] else "not triangulated"
    return (f"{check['supporting_sites']} site(s) support, {check['mixed_sites']} mixed, "
            f"{check['contradicting_sites']} contradict"
            f"{' (disconfirming evidence)' if check['disconfirming'] else ''}, {check['silent_sites']} silent; "
            f"{tri}: {len(check['source_types'])} source type(s), {len(check['roles'])} role(s)")


def _stance_line(stances) -> str | None:
    """The sites behind the counts, by stance; the analyst's own judgements marked with *."""
    parts = []
    for stance in ("supports", "mixed", "contradicts"):
        names = [s.site + ("*" if s.set_by_analyst else "") for s in stances if s.stance == stance]
        if names:
            parts.append(f"{stance}: {', '.join(names)}")
    if not parts:
        return None
    judged = any(s.set_by_analyst for s in stances)
    return "Sites — " + "; ".join(parts) + (" (* the analyst's judgement; the others from their evidence)"
                                            if judged else " (from their evidence)")


class _Quotes:
    """Cited quotations, each source's citation read once."""

    def __init__(self, doc: Document, study) -> None:
        self.doc, self.study = doc, study
        self.citations: dict[str, str] = {}

    def add(self, words: str, source_id: str, prefix: str = "", after: str = "") -> None:
        if source_id not in self.citations:
            self.citations[source_id] = self.study.memos.citation(source_id)
        self.doc.quotation(words, self.citations[source_id], prefix=prefix, after=after)


def _with_claims(items) -> set[str]:
    """The ids of the themes with a claim somewhere under them (and of the claims)."""
    full: set[str] = set()
    by_id = {i.id: i for i in items}
    for item in items:
        if item.kind == "claim":
            node = item
            while node is not None and node.id not in full:
                full.add(node.id)
                node = by_id.get(node.parent_id)
    return full


def write_outline(study, out: str | Path, title: str = "Cross-site analysis", progress: Progress = no_progress,
                  token: CancelToken | None = None, options: WordOptions = PLAIN) -> Path:
    """Write the outline; an empty outline gives a valid document that says so. `progress` hears
    of each item as it is written; a cancelled `token` stops before anything is saved."""
    o = study.cross_outline
    every = o.items()
    full = _with_claims(every)
    items = every if options.keep_empty else [i for i in every if i.id in full]
    doc = Document(template=options.template)
    claims = sum(1 for i in every if i.kind == "claim")
    themes = sum(1 for i in every if i.kind == "theme")
    left_out = len(every) - len(items)
    doc.title_block(title, "Cross-site outline: themes, claims and their evidence",
                    about(study, ("Outline", f"{themes} themes, {claims} claims"
                                  + (f"; {left_out} theme(s) with no claim yet left out" if left_out else ""))),
                    running=running(study, title))
    if not items:
        doc.paragraph("The cross-site outline has no claims yet: add themes and claims to it first."
                      if every else "The cross-site outline is empty: add themes and claims to it first.")
    else:
        doc.contents()
        quotes = _Quotes(doc, study)
        for done, item in enumerate(items):
            progress(done, 2 * len(items), item.name)
            if token is not None:
                token.check()
            if item.kind == "theme":
                heading = doc.heading(item.name, min(9, item.depth + 1))
                if item.owner:
                    heading.add(f"  ({item.owner}{', ' + item.status if item.status else ''})", italic=True)
                continue
            doc.paragraph(item.name, "claim")
            doc.paragraph(_check_line(o.check(item.id)), "note")
            sites = _stance_line(o.site_stances(item.id))
            if sites:
                doc.paragraph(sites, "note")
            for e in o.evidence(item.id):
                quotes.add(e.quote, e.source_id, "[contradicts] " if e.stance == "contradicts" else "")
        uncited = o.uncited_sites()
        doc.heading("Representation", 1)
        doc.paragraph("Sites never cited: " + (", ".join(uncited) if uncited else "none — every site is cited."))
        _pattern_tables(doc, study, token, options.heat)
        _appendix(doc, study, items, quotes, lambda done, name: progress(len(items) + done, 2 * len(items), name),
                  token, options.keep_empty)
    return doc.save(out)


def _pattern_tables(doc: Document, study, token: CancelToken | None, heat: bool) -> None:
    """Every saved pattern table (the text view where the analysts wrote in its cells, the
    counts where they did not), on landscape pages when any of them is too wide for a portrait
    one, each under a line saying what it counts."""
    from contextlib import nullcontext

    from ..crosssite.pattern_tables import build_table, saved_names, saved_spec
    from .pattern import add_docx_table, describe_table, needs_landscape

    tables = []
    for name in saved_names(study):
        spec = saved_spec(study, name)
        notes = study.cells.notes(name)
        tables.append((name, spec, build_table(study, **spec), notes, "text" if notes else "counts"))
    if not tables:
        return
    wide = any(needs_landscape(doc, table, view) for _n, _s, table, _no, view in tables)
    with doc.landscape_pages() if wide else nullcontext():
        if not wide:
            doc.new_page()
        doc.heading("Pattern tables", 1)
        for name, spec, table, notes, view in tables:
            if token is not None:
                token.check()
            doc.heading(name, 2)
            doc.paragraph("; ".join(f"{what}: {which}" for what, which in describe_table(study, table, spec)) + ".",
                          "caption")
            add_docx_table(doc, table, view, notes, study.memos.citation, heat=heat)


def _appendix(doc: Document, study, items, quotes: _Quotes, progress, token: CancelToken | None,
              keep_empty: bool) -> None:
    """Every top theme's evidence, grouped by site, then the data runs of the codes made for it
    (or any of its sub-themes): the data behind each chapter."""
    o = study.cross_outline
    places = study.cases.places()
    case_of = dict(study.conn.execute("SELECT id, case_id FROM sources").fetchall())

    def site_name(source_id: str) -> str:
        district, site = places.get(case_of.get(source_id), (None, None))
        return site or district or "No site"

    doc.new_page()
    doc.heading("Appendix: evidence by theme and site", 1)
    top_of: dict[str, str] = {}
    for item in items:
        top_of[item.id] = item.id if item.parent_id is None else top_of[item.parent_id]
    for theme in (i for i in items if i.parent_id is None):
        progress(items.index(theme), theme.name)
        if token is not None:
            token.check()
        by_site: dict[str, list] = defaultdict(list)
        seen: set[tuple[str, str]] = set()  # a passage cited for two claims of the theme: once here
        for claim in (i for i in items if i.kind == "claim" and top_of[i.id] == theme.id):
            for e in o.evidence(claim.id):
                key = (e.source_id, " ".join(e.quote.split()))
                if key not in seen:
                    seen.add(key)
                    by_site[site_name(e.source_id)].append(e)
        codes = list(dict.fromkeys(c for i in items if i.kind == "theme" and top_of[i.id] == theme.id
                                   for c in o.theme_codes(i.id)))
        if not by_site and not codes and not keep_empty:
            continue
        doc.heading(theme.name, 2)
        if not by_site:
            doc.paragraph("No evidence cited yet.", "note")
        for site in sorted(by_site):
            doc.heading(site, 3)
            for e in by_site[site]:
                quotes.add(e.quote, e.source_id)
        if codes:
            _data_runs(doc, study, theme.name, codes, quotes)


def _data_runs(doc: Document, study, theme: str, codes: list[str], quotes: _Quotes) -> None:
    """The passages of a theme's codes (with their sub-codes), grouped by site, each once with the
    codes and coders it has: the additional data runs for it."""
    from ..coding.runs import RunSpec

    found = passages(study.runs.run(RunSpec(codes=codes, descendants=True)))
    doc.heading(f"{theme}: data runs", 2)
    paths = ", ".join(study.codes.path_of(c) for c in codes)
    doc.paragraph(f"{len(found)} passage(s) coded {paths} or a sub-code." if found else
                  f"Nothing is coded {paths} yet.", "note")
    by_site: dict[str, list] = defaultdict(list)
    for passage in found:
        seg = passage.segment
        by_site[seg.site or seg.district or "No site"].append(passage)
    for site in sorted(by_site):
        doc.heading(f"{site} ({theme})", 3)
        for passage in by_site[site]:
            quotes.add(passage.segment.text, passage.segment.source, after=under(passage.label()))
