"""A pattern table out of the study: JSON, CSV, Excel and a real Word table.

Two views of the same table. Counts: each cell the coded passages (each once across coders, or
one coder's: the table says which; with sources and roles in Word), a totals row of "n of N
sites". Text: each cell the analyst's summary and the quotations
pinned to it, cited (site, role, source, wave) as everywhere else. The CSV contract of `casecoder
matrix` (district, site, one integer column per item) is the counts view; the text view is asked
for. Excel carries both, on two sheets.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from ..crosssite.pattern_cells import CellNotes
from ..crosssite.pattern_tables import PatternTable
from ..store.characters import csv_row
from ..store.files import save_atomically
from .document import Document, bind_citation
from .options import PLAIN, WordOptions, about, running
from .tables import column_groups

Notes = dict[tuple[str, str], CellNotes]
VIEWS = ("counts", "text")


def _quote_line(words: str, citation: str) -> str:
    return f"“{' '.join(words.split())}” — {citation}"


def _text_of(notes: Notes, site: str, key: str, cite: Callable[[str], str]) -> str:
    cell = notes.get((site, key))
    if cell is None:
        return ""
    return "\n".join([cell.summary, *(_quote_line(q.quote, cite(q.source_id)) for q in cell.quotes)]).strip()


def counting(table: PatternTable) -> str:
    """What a counts cell is, in words, for the legend of every export."""
    if table.coder:
        return f"coded passages by {table.coder} only"
    return "coded passages, each counted once however many coders coded it"


def table_json(table: PatternTable, notes: Notes | None = None, cite: Callable[[str], str] | None = None) -> dict:
    notes = notes or {}

    def cell(site: str, key: str) -> dict:
        out = table.cell(site, key).as_dict()
        written = notes.get((site, key))
        if written is not None:
            out["summary"] = written.summary
            out["quotes"] = [{"quote": q.quote, "source_id": q.source_id, "coding_id": q.coding_id,
                              "citation": cite(q.source_id) if cite else ""} for q in written.quotes]
        return out

    return {"counting": counting(table),
            "columns": [{"key": k, "label": label} for k, label in table.columns],
            "rows": [{"district": d, "site": name, "cells": [cell(site, k) for k, _l in table.columns]}
                     for d, site, name in table.rows],
            "totals": [table.totals()[k] for k, _l in table.columns],
            "missing": list(table.missing)}  # chosen columns deleted since the table was saved


def table_csv(table: PatternTable, view: str = "counts", notes: Notes | None = None,
              cite: Callable[[str], str] | None = None) -> str:
    """district, site, then one column per chosen item: passage counts, or (text view) each
    cell's summary followed by its cited quotations."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_row(["district", "site", *[label for _k, label in table.columns]]))
    for district, site, name in table.rows:
        if view == "text":
            cells = [_text_of(notes or {}, site, k, cite) for k, _l in table.columns]
        else:
            cells = [table.cell(site, k).segments for k, _l in table.columns]
        writer.writerow(csv_row([district, name, *cells]))
    return out.getvalue()


def write_xlsx(table: PatternTable, out: str | Path, notes: Notes | None = None,
               cite: Callable[[str], str] | None = None) -> Path:
    """Counts on the first sheet with the "n of N sites" row; the text matrix on a second sheet
    when any cell has a summary or a pinned quotation."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from ..store.characters import append_row

    book = Workbook()
    sheet = book.active
    sheet.title = "Counts"
    header = ["district", "site", *[label for _k, label in table.columns]]
    append_row(sheet, header)
    for district, site, name in table.rows:
        append_row(sheet, [district, name, *[table.cell(site, k).segments for k, _l in table.columns]])
    totals = table.totals()
    append_row(sheet, ["", "n of N sites", *[f"{totals[k]['sites_present']} of {totals[k]['sites']}"
                                       for k, _l in table.columns]])
    append_row(sheet, [])
    append_row(sheet, ["", f"Cells: {counting(table)}."])
    sheets = [sheet]
    if notes:
        text = book.create_sheet("Summaries")
        append_row(text, header)
        for district, site, name in table.rows:
            append_row(text, [district, name, *[_text_of(notes, site, k, cite) for k, _l in table.columns]])
        for row in text.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for column in range(3, len(header) + 1):
            text.column_dimensions[text.cell(1, column).column_letter].width = 45
        sheets.append(text)
    for each in sheets:
        for cell in each[1]:
            cell.font = Font(bold=True)
        each.freeze_panes = "C2"
    return save_atomically(out, book.save)


LEAST = {"counts": 0.85, "text": 1.7}  # inches: no cell narrower (about 2.2 and 4.3 cm)
FIXED = (0.9, 1.3)  # inches: the district and site columns, repeated in every column group
_INCH = 914400
_HEAT = (0x9C, 0xC3, 0xE5)  # the darkest shade: dark text stays readable on it


def fits(doc: Document, table: PatternTable, view: str, landscape: bool) -> int:
    """How many of the table's columns fit side by side on a page of that orientation."""
    usable = doc.text_width(landscape=landscape) / _INCH - sum(FIXED)
    return max(1, int(usable // LEAST[view]))


def needs_landscape(doc: Document, table: PatternTable, view: str = "counts") -> bool:
    """True when the table's columns do not fit across a portrait page."""
    return len(table.columns) > fits(doc, table, view, landscape=False)


def describe_table(study, table: PatternTable, spec: dict | None, name: str | None = None) -> list[tuple[str, str]]:
    """The table in words for its title block: what the columns are and how they were counted,
    every filter, whose passages, the rows."""
    from ..coding.run_spec import wave_text

    spec = spec or {}
    kind = spec.get("cols", "codes")
    lines = [("Saved table", name)] if name else []
    what = {"codes": "codes", "sections": "outline sections", "themes": "themes of the cross-site outline"}[kind]
    columns = f"{len(table.columns)} {what}"
    with_subcodes = spec.get("descendants", True)
    if kind == "codes":
        columns += " (each counted with its sub-codes)" if with_subcodes else " (each code alone, not its sub-codes)"
    elif kind == "sections":
        columns += " (each the codes linked to it" + (", with their sub-codes)" if with_subcodes else ", alone)")
    lines.append(("Columns", columns))
    lines.append(("Rows", f"{len(table.rows)} sites in {len({d for d, _s, _n in table.rows})} districts"
                  + (f", ordered by {spec['order_by']}" if spec.get("order_by") else "")))
    for label, values in (("Waves", [wave_text(spec["waves"])] if spec.get("waves") else []),
                          ("Roles", spec.get("roles") or []), ("Source types", spec.get("types") or [])):
        lines.append((label, ", ".join(values) if values else "all"))
    lines.append(("Counted", counting(table)))
    if table.missing:
        lines.append(("Left out", f"{len(table.missing)} chosen column(s) deleted since the table was saved"))
    return lines


def write_docx(table: PatternTable, out: str | Path, title: str = "Pattern table", view: str = "counts",
               notes: Notes | None = None, cite: Callable[[str], str] | None = None, *,
               about: list[tuple[str, str]] = (), running: str = "", options: WordOptions = PLAIN) -> Path:
    """A real Word table: sites down, columns across, a totals row, after a title block saying
    what the table counts. A table wider than a portrait page goes on landscape pages; one wider
    than those is split into column groups (add_docx_table)."""
    doc = Document(template=options.template)
    if needs_landscape(doc, table, view):
        doc.landscape()
    doc.title_block(title, "Pattern table" + (": summaries and quotations" if view == "text" else ": counts"),
                    about, running=running)
    add_docx_table(doc, table, view, notes, cite, heat=options.heat)
    return doc.save(out)


def add_docx_table(doc: Document, table: PatternTable, view: str = "counts", notes: Notes | None = None,
                   cite: Callable[[str], str] | None = None, *, heat: bool = False) -> None:
    """Append the table (and its legend) to a document: the body of write_docx, and of the
    pattern-table chapter of the outline export. Districts are merged cells down their sites; the
    header row repeats on every page. Columns that do not fit across the page are split into
    groups of a few pages' width, each repeating the district and site columns and saying which
    part it is; `heat` shades count cells by how many passages they hold."""
    landscape = doc.text_width() > doc.text_width(landscape=False)
    groups = column_groups(len(table.columns), fits(doc, table, view, landscape))
    top = max((c.segments for c in table.cells.values()), default=0) if heat and view != "text" else 0
    totals = table.totals()
    for part, group in enumerate(groups, start=1):
        columns = [table.columns[i] for i in group]
        if len(groups) > 1:
            doc.paragraph(f"Part {part} of {len(groups)}: columns {group.start + 1}–{group.stop} of "
                          f"{len(table.columns)} ({columns[0][1]} to {columns[-1][1]})", "caption")
        grid = doc.table(["District", "Site", *[""] * len(columns)])
        _labels(grid, columns)
        for district, site, name in table.rows:
            row = grid.row([district, name], group=(0,))
            for i, (key, _label) in enumerate(columns):
                _cell(row[2 + i], table.cell(site, key), view, (notes or {}).get((site, key)), cite, top)
        grid.row([None, "n of N sites", *[f"{totals[key]['sites_present']} of {totals[key]['sites']}"
                                          for key, _label in columns]], counts=range(2, 2 + len(columns)))
        grid.share_width(doc.text_width(), fixed=FIXED, least=LEAST[view])
    legend = (f"Cells: {counting(table)} (sources, respondent roles they come from)" if view != "text" else
              f"Cells: {counting(table)} (sources, roles), the analyst's summary and pinned quotations")
    if top:
        legend += f"; the darker a cell, the more passages it holds (the darkest, {top})"
    doc.paragraph(legend + ".", "note")


def _labels(grid, columns) -> None:
    """Each column's name in its header cell: a code's parent path small over its own name, so
    a narrow column breaks between words, not inside them."""
    for cell, (_key, label) in zip(grid.header[2:], columns, strict=True):
        parent, slash, leaf = label.rpartition("/")
        if slash:
            cell.paragraph().add(parent.replace("/", " / ") + " /", size=7)
        cell.paragraph().add(leaf, bold=True, size=8.5)


def _cell(cell, counted, view: str, written, cite, top: int) -> None:
    if view != "text":
        if not counted.segments:
            cell.text("—", count=True)
            return
        cell.paragraph(count=True).add(str(counted.segments))
        roles = len(counted.roles)
        cell.paragraph(count=True).add(f"{len(counted.sources)} src, {roles} role{'s' if roles != 1 else ''}", size=7)
        if top:
            cell.shade(_shade(counted.segments / top))
        return
    counts = (f"{counted.segments} ({len(counted.sources)} src, {len(counted.roles)} roles)"
              if counted.segments else "—")
    cell.paragraph().add(counts, italic=True, size=7.5)
    if written is None:
        return
    if written.summary:
        cell.paragraph().add(written.summary)
    for q in written.quotes:
        quote = cell.paragraph()
        quote.add(f"“{' '.join(q.quote.split())}”", italic=True)
        quote.add(f" {bind_citation(cite(q.source_id)) if cite else ''}", size=7.5)


def _shade(share: float) -> str:
    """White to the darkest shade, by `share` (0-1) of the fullest cell."""
    return "".join(f"{round(255 - (255 - c) * share):02X}" for c in _HEAT)


def export_table(study, table: PatternTable, out: str | Path, kind: str, *, name: str | None = None,
                 view: str = "counts", spec: dict | None = None, options: WordOptions = PLAIN) -> Path:
    """Write `table` as csv, xlsx or docx with the notes of the saved table `name` (if any);
    `spec` (what build_table was given) is described in the Word title block."""
    notes = study.cells.notes(name) if name else {}
    cite = study.memos.citation
    if kind == "csv":
        return save_atomically(out, lambda p: Path(p).write_text(table_csv(table, view, notes, cite),
                                                                  encoding="utf-8", newline=""))
    if kind == "xlsx":
        return write_xlsx(table, out, notes, cite)
    about_lines = about(study, *describe_table(study, table, spec, name))
    return write_docx(table, out, title=name or "Pattern table", view=view, notes=notes, cite=cite,
                      about=about_lines, running=running(study, name or "pattern table"), options=options)
