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
from .document import Document

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


def write_docx(table: PatternTable, out: str | Path, title: str = "Pattern table", view: str = "counts",
               notes: Notes | None = None, cite: Callable[[str], str] | None = None) -> Path:
    """A real Word table: sites down, columns across, a totals row. Counts view: segments with
    sources and roles. Text view: each cell's counts on a small line, then its summary and its
    pinned quotations with citations. Wide tables get a landscape page."""
    doc = Document()
    if len(table.columns) > 4 or view == "text":
        doc.landscape()
    doc.heading(title, 1)
    add_docx_table(doc, table, view, notes, cite)
    return doc.save(out)


def add_docx_table(doc: Document, table: PatternTable, view: str = "counts", notes: Notes | None = None,
                   cite: Callable[[str], str] | None = None) -> None:
    """Append the table (and its legend) to a document: the body of write_docx, and of the
    pattern-table chapter of the outline export. Districts are merged cells down their sites; the
    header row repeats on every page."""
    grid = doc.table(["District", "Site", *[label for _k, label in table.columns]], repeat_header=True)
    for district, site, name in table.rows:
        row = grid.row([district, name], group=(0,))
        for i, (key, _label) in enumerate(table.columns):
            c = table.cell(site, key)
            counts = f"{c.segments} ({len(c.sources)} src, {len(c.roles)} roles)" if c.segments else "—"
            cell = row[2 + i]
            if view != "text":
                cell.text(counts)
                continue
            cell.paragraph().add(counts, italic=True, size=7.5)
            written = (notes or {}).get((site, key))
            if written is None:
                continue
            if written.summary:
                cell.paragraph().add(written.summary, size=9)
            for q in written.quotes:
                quote = cell.paragraph()
                quote.add(f"“{' '.join(q.quote.split())}”", italic=True, size=9)
                quote.add(f" — {cite(q.source_id) if cite else ''}", size=7.5)
    totals = table.totals()
    grid.row([None, "n of N sites", *[f"{totals[key]['sites_present']} of {totals[key]['sites']}"
                                      for key, _label in table.columns]])
    legend = (f"Cells: {counting(table)} (sources, respondent roles they come from)" if view != "text" else
              f"Cells: {counting(table)} (sources, roles), the analyst's summary and pinned quotations")
    doc.paragraph(legend + ".", "note")
    grid.share_width(doc.text_width(), fixed=[1.0, 1.3], least=0.8)  # narrow district and site columns


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
