"""Espoused and enacted, for a report: per site, per code, what the leaders said beside what
the teachers said — two columns of quotations with their citations, headed by each side's
count ("5 passages from 2 sources") — after a title block that states the roles on each side,
the codes and the scope. A side that says nothing where the other speaks says so in its column,
since silence is itself a finding."""

from __future__ import annotations

from pathlib import Path

from ..compare.espoused import Comparison, Side
from ..store.words import plural
from .options import PLAIN, about, running

SHOWN = 12  # quotations per side and code; the rest are counted ("and 9 more")


def _head(name: str, side: Side) -> str:
    """A column's heading; the roles of each side are said once, in the title block."""
    return f"{name}: {plural(side.passages, 'passage')} from {plural(len(side.sources), 'source')}"


def write_espoused_docx(study, comparison: Comparison, out: str | Path, *, scope=None, descendants: bool = True,
                        options=None) -> Path:
    from ..coding.run_spec import describe
    from .document import Document

    options = options or PLAIN
    doc = Document(template=options.template)
    title = "Espoused and enacted"
    codes = list(dict.fromkeys(p.code for p in comparison.pairs))
    where = [w for w in describe(study, scope) if w[0] != "Filters"] if scope is not None else []
    doc.title_block(title, "What leaders say beside what teachers say, inside each site",
                    about(study, ("Leaders", ", ".join(comparison.leaders)),
                          ("Teachers", ", ".join(comparison.teachers)),
                          ("Codes", f"{len(codes)}" + (" (with sub-codes)" if descendants else "")), *where,
                          ("Counted", "passages, each once however many coders coded it; a district's own sources "
                                      "belong to no site and are left out")),
                    running=running(study, title))
    if not comparison.pairs:
        doc.paragraph("Neither side has passages on these codes in this scope.")
    page = doc.text_width() / 914400
    site = None
    for pair in comparison.pairs:
        if pair.site != site:
            site = pair.site
            doc.heading(site, 1)
        doc.heading(pair.code, 2)
        grid = doc.table([_head("Leaders", pair.leaders), _head("Teachers", pair.teachers)])
        grid.widths([page / 2, page / 2])
        left, right = pair.leaders.segments[:SHOWN], pair.teachers.segments[:SHOWN]
        for i in range(max(len(left), len(right), 1)):  # a row a pair of quotations: each kept whole
            cells = grid.row(["", ""], whole=True)
            for cell, shown, side, name in ((cells[0], left, pair.leaders, "leaders"),
                                            (cells[1], right, pair.teachers, "teachers")):
                if not shown and i == 0:
                    cell.paragraph().add(f"The {name} say nothing coded here.", italic=True)
                if i < len(shown):
                    segment = shown[i]
                    cell.paragraph().add("“" + " ".join(segment.text.split()) + "”")
                    code = (segment.code or "").rsplit("/", 1)[-1]  # two codes on one passage: why it shows twice
                    cell.paragraph().add(f"— {segment.citation} · {code}", italic=True, size=8)
                rest = len(side.segments) - len(shown)
                if rest > 0 and i == max(len(left), len(right), 1) - 1:
                    cell.paragraph().add(f"… and {rest} more (casecoder run gives them all)", italic=True)
    return doc.save(out)
