"""A co-occurrence table as a spreadsheet: codes down and across, each cell the passages of the
row's code that meet the column's (what the AND data run of the two returns); a second sheet
with the c-coefficient of each pair."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..compare.cooccurrence import Cooccurrence
from ..store.characters import csv_row
from ..store.files import save_atomically


def counted(table: Cooccurrence) -> str:
    how = {"overlap": "overlapping it", "turn": "in the same speaker turn", "source": "in the same source"}[table.scope]
    if table.within:
        how = f"within {table.within} characters of it"
    return f"passages of the row's code that meet a coding of the column's code {how}"


def _grid(table: Cooccurrence, value) -> list[list]:
    rows = [["code", "passages", *[path for _k, path in table.codes]]]
    for a, path in table.codes:
        rows.append([path, table.passages.get(a, 0), *["" if a == b else value(a, b) for b, _p in table.codes]])
    return rows


def cooccurrence_csv(table: Cooccurrence) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in _grid(table, table.count):
        writer.writerow(csv_row(row))
    writer.writerow(csv_row([f"Cells: {counted(table)}."]))
    return out.getvalue()


def write_cooccurrence_csv(table: Cooccurrence, out: str | Path) -> Path:
    text = cooccurrence_csv(table)
    return save_atomically(out, lambda path: Path(path).write_text(text, encoding="utf-8-sig"))


def write_cooccurrence_xlsx(table: Cooccurrence, out: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ..store.characters import append_row

    book = Workbook()
    sheet = book.active
    sheet.title = "Passages"
    for row in _grid(table, table.count):
        append_row(sheet, row)
    append_row(sheet, [])
    append_row(sheet, [f"Cells: {counted(table)}."])
    coefficient = book.create_sheet("c-coefficient")
    for row in _grid(table, lambda a, b: round(table.c_coefficient(a, b), 3)):
        append_row(coefficient, row)
    for each in (sheet, coefficient):
        for cell in each[1]:
            cell.font = Font(bold=True)
        each.freeze_panes = "C2"
    return save_atomically(out, book.save)
