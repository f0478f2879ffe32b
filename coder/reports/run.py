"""A data run or search result to Word (grouped by site, then source, each segment a cited
quotation) or to a spreadsheet (one row per segment with its code path and every case and source
attribute). Each says what was asked for (run_spec.describe: the codes and every filter with all
its values): Word under the title, Excel on a sheet of its own after the segments.

The Word document is written through coder.reports.document, whose paragraph copier keeps thirteen
thousand segments fast.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..coding.concordance import READING, concordance
from ..coding.runs import Segment
from ..store.files import save_atomically, writing
from ..store.progress import CancelToken, Progress, no_progress
from ..store.trees import chain
from ..store.words import plural
from .document import Document
from .options import PLAIN, WordOptions, about, running
from .passages import passages, under

STEP = 500  # segments between progress reports and cancel checks


def _report(i: int, total: int, progress: Progress, token: CancelToken | None) -> None:
    if i % STEP == 0:
        progress(i, total, "")
        if token is not None:
            token.check()


def _attributes(study, segments: list[Segment]) -> tuple[list[str], dict[str, dict[str, str]]]:
    """Attribute names (case attributes, then source attributes) and each source's values, case
    values inherited from the site and its district."""
    conn = study.conn
    case_attrs = [a.name for a in study.attributes.definitions("case")]
    source_attrs = [a.name for a in study.attributes.definitions("source")]
    case_values: dict[str, dict[str, str]] = defaultdict(dict)
    for case_id, name, value in conn.execute(
            "SELECT v.case_id, d.name, v.value FROM case_values v JOIN attribute_defs d ON d.id = v.attr_id"):
        case_values[case_id][name] = value
    parent = dict(conn.execute("SELECT id, parent_id FROM cases").fetchall())
    case_of = dict(conn.execute("SELECT id, case_id FROM sources").fetchall())
    values: dict[str, dict[str, str]] = {}
    for source_id in {s.source for s in segments}:
        merged: dict[str, str] = {}
        for node in chain(parent, case_of.get(source_id)):  # nearer cases win over the district above
            for k, v in case_values.get(node, {}).items():
                merged.setdefault(k, v)
        for name, value in conn.execute(
                "SELECT d.name, v.value FROM source_values v JOIN attribute_defs d ON d.id = v.attr_id "
                "WHERE v.source_id = ?", (source_id,)):
            merged[name] = value
        values[source_id] = merged
    return case_attrs + [a for a in source_attrs if a not in case_attrs], values


Description = list[tuple[str, str]]  # (what, which): run_spec.describe


def write_segments_xlsx(study, segments: list[Segment], out: str | Path, progress: Progress = no_progress,
                        token: CancelToken | None = None, description: Description | None = None) -> Path:
    """One row per segment on "Segments"; what the run asked for on "Run" (when described). A full
    disk on the way (the rows are spooled to temporary files first) is said of `out`."""
    return writing(out, _segments_xlsx, study, segments, out, progress, token, description)


def _segments_xlsx(study, segments: list[Segment], out: str | Path, progress: Progress,
                   token: CancelToken | None, description: Description | None) -> Path:
    from openpyxl import Workbook

    from ..store.characters import append_row

    names, values = _attributes(study, segments)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Segments")
    header = ["district", "site", "source", "type", "role", "wave", "speaker", "code", "coder", "start", "end",
              "text", "note", *names]
    append_row(sheet, header)
    for i, s in enumerate(segments):
        _report(i, len(segments), progress, token)
        append_row(sheet, [s.district or "", s.site or "", s.source_name, s.type, s.role or "", s.wave, s.speaker or "",
                      s.code or "", s.coder or "", s.start, s.end, s.text, s.note,
                      *[values[s.source].get(n, "") for n in names]])
    if description:
        about = book.create_sheet("Run")
        for what, which in description:
            append_row(about, [what, which])
        append_row(about, ["Segments", len(segments)])
    return save_atomically(out, book.save)


def write_segments_docx(study, segments: list[Segment], out: str | Path, title: str = "Data run",
                        progress: Progress = no_progress, token: CancelToken | None = None,
                        description: Description | None = None, options: WordOptions = PLAIN) -> Path:
    """The passages grouped by site, then source; each as a block quote with its citation, its
    codes and (when several coded it) its coders, once however many codings it has. The title
    block says exactly what the run asked for, a line per filter, and what it found."""
    found = passages(segments)
    doc = Document(template=options.template)
    sources, sites = len({s.source for s in segments}), len({s.site for s in segments if s.site})
    coders = len({s.coder for s in segments if s.coder})
    by = f" by {plural(coders, 'coder')}" if coders else ""
    hits = bool(segments) and all(s.code is None for s in segments)  # a search's: no codings
    counts = (f"{plural(len(found), 'hit')} from " if hits else
              f"{plural(len(found), 'passage')} ({plural(len(segments), 'coding')}{by}) from ")
    counts += f"{plural(sources, 'source')} at {plural(sites, 'site')}"
    what = "Search results" if title.startswith("Search") else "Data run"
    doc.title_block(title, what, about(study, *(description or ()), ("Found", counts)),
                    running=running(study, title))
    if not found:
        doc.paragraph("Nothing matches what was asked for.", "note")
    citations = {sid: study.memos.citation(sid) for sid in {s.source for s in segments}}
    many_codes = len({c for p in found for c in p.codes}) > 1
    site, source = object(), object()
    for i, passage in enumerate(found):
        _report(i, len(found), progress, token)
        s = passage.segment
        if s.site != site:
            site, source = s.site, object()
            doc.heading(s.site or s.district or "No site", 1)
        if s.source != source:
            source = s.source
            doc.heading(s.source_name, 2)
        if hits:  # a hit is read in the words around it, marked as the window marks it
            doc.quotation(concordance(s, READING), citations[s.source], after=under(s.speaker or ""))
            continue
        label = passage.label(codes=many_codes or len(passage.codes) > 1)
        doc.quotation(s.text, citations[s.source], after=under(label))
    return doc.save(out)
