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

from ..files import save_atomically
from ..pattern_cells import CellNotes
from ..pattern_tables import PatternTable
from .characters import csv_row

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

    from .characters import append_row

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


def write_docx(table: PatternTable, out: str | Path, title: str = "Pattern table", view: str = "counts",
               notes: Notes | None = None, cite: Callable[[str], str] | None = None) -> Path:
    """A real Word table: sites down, columns across, a totals row. Counts view: segments with
    sources and roles. Text view: each cell's counts on a small line, then its summary and its
    pinned quotations with citations. Wide tables get a landscape page."""
    from .characters import word_document

    doc = word_document()
    if len(table.columns) > 4 or view == "text":
        landscape(doc.sections[0])
    doc.add_heading(title, level=1)
    add_docx_table(doc, table, view, notes, cite)
    return save_atomically(out, doc.save)


def landscape(section) -> None:
    from docx.enum.section import WD_ORIENT

    if section.orientation != WD_ORIENT.LANDSCAPE:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width


def add_docx_table(doc, table: PatternTable, view: str = "counts", notes: Notes | None = None,
                   cite: Callable[[str], str] | None = None) -> None:
    """Append the table (and its legend) to a document: the body of write_docx, and of the
    pattern-table chapter of the outline export."""
    from docx.shared import Pt

    grid = doc.add_table(rows=1, cols=2 + len(table.columns))
    grid.style = "Table Grid"
    _repeat_header(grid.rows[0])
    for i, text in enumerate(["District", "Site", *[label for _k, label in table.columns]]):
        grid.rows[0].cells[i].text = text
        grid.rows[0].cells[i].paragraphs[0].runs[0].bold = True
    first_of_district, current = None, object()
    for district, site, name in table.rows:
        row = grid.add_row().cells
        if district != current:  # one merged district cell down its sites
            current, first_of_district = district, row[0]
            row[0].text = district
        else:
            first_of_district.merge(row[0])
        row[1].text = name
        for i, (key, _label) in enumerate(table.columns):
            c = table.cell(site, key)
            counts = f"{c.segments} ({len(c.sources)} src, {len(c.roles)} roles)" if c.segments else "—"
            if view != "text":
                row[2 + i].text = counts
                continue
            paragraph = row[2 + i].paragraphs[0]
            small = paragraph.add_run(counts)
            small.italic, small.font.size = True, Pt(7.5)
            written = (notes or {}).get((site, key))
            if written is None:
                continue
            if written.summary:
                row[2 + i].add_paragraph().add_run(written.summary).font.size = Pt(9)
            for q in written.quotes:
                quote = row[2 + i].add_paragraph()
                words = quote.add_run(f"“{' '.join(q.quote.split())}”")
                words.italic, words.font.size = True, Pt(9)
                quote.add_run(f" — {cite(q.source_id) if cite else ''}").font.size = Pt(7.5)
    totals = table.totals()
    row = grid.add_row().cells
    row[1].text = "n of N sites"
    for i, (key, _label) in enumerate(table.columns):
        row[2 + i].text = f"{totals[key]['sites_present']} of {totals[key]['sites']}"
    legend = (f"Cells: {counting(table)} (sources, respondent roles they come from)" if view != "text" else
              f"Cells: {counting(table)} (sources, roles), the analyst's summary and pinned quotations")
    doc.add_paragraph(legend + ".").runs[0].italic = True
    _set_widths(grid, doc.sections[-1], len(table.columns))


def _repeat_header(row) -> None:
    """The header row repeats at the top of every page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


def _set_widths(grid, section, columns: int) -> None:
    """Narrow district and site columns, the rest of the page shared by the table's columns
    (cell widths for Word, the grid's for LibreOffice)."""
    from docx.shared import Inches

    usable = section.page_width - section.left_margin - section.right_margin
    fixed = [Inches(1.0), Inches(1.3)]
    rest = max(Inches(0.8), (usable - sum(fixed)) // max(columns, 1))
    widths = fixed + [rest] * columns
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=False):
        column.width = width
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def export_table(study, table: PatternTable, out: str | Path, kind: str, *, name: str | None = None,
                 view: str = "counts") -> Path:
    """Write `table` as csv, xlsx or docx with the notes of the saved table `name` (if any)."""
    notes = study.cells.notes(name) if name else {}
    cite = study.memos.citation
    if kind == "csv":
        return save_atomically(out, lambda p: Path(p).write_text(table_csv(table, view, notes, cite),
                                                                  encoding="utf-8", newline=""))
    if kind == "xlsx":
        return write_xlsx(table, out, notes, cite)
    return write_docx(table, out, title=name or "Pattern table", view=view, notes=notes, cite=cite)
