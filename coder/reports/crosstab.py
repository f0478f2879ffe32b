"""A crosstab as a spreadsheet: CSV and Excel, each row a code (or section, or theme), each
column a value of the attribute(s), each cell the passages of that row in that column; below,
how many sources each column holds, and what was counted."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..compare.crosstabs import Crosstab
from ..store.characters import csv_row
from ..store.files import save_atomically


def counted(table: Crosstab) -> str:
    return (f"passages (each once however many coders coded it) of each row in each column of "
            f"{' · '.join(table.by)}, in {table.scope_sources} sources")


def _grid(table: Crosstab) -> list[list]:
    rows = [[" · ".join(table.by), *table.cols, "total"]]
    for key, label in table.rows:
        rows.append([label, *[table.cell(key, c).passages for c in table.cols], table.row_total(key)])
    rows.append(["sources in column", *[table.sources_in_col.get(c, 0) for c in table.cols], table.scope_sources])
    return rows


def crosstab_csv(table: Crosstab) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in _grid(table):
        writer.writerow(csv_row(row))
    writer.writerow(csv_row([f"Cells: {counted(table)}."]))
    return out.getvalue()


def write_crosstab_csv(table: Crosstab, out: str | Path) -> Path:
    text = crosstab_csv(table)
    return save_atomically(out, lambda path: Path(path).write_text(text, encoding="utf-8-sig"))


def write_crosstab_xlsx(table: Crosstab, out: str | Path) -> Path:
    """Passages on the first sheet, the sources coded of each column's on a second ("3 of 4")."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ..store.characters import append_row

    book = Workbook()
    sheet = book.active
    sheet.title = "Passages"
    for row in _grid(table):
        append_row(sheet, row)
    append_row(sheet, [])
    append_row(sheet, [f"Cells: {counted(table)}."])
    share = book.create_sheet("Sources coded")
    append_row(share, [" · ".join(table.by), *table.cols])
    for key, label in table.rows:
        append_row(share, [label, *[f"{len(table.cell(key, c).sources)} of {table.sources_in_col.get(c, 0)}"
                                    for c in table.cols]])
    for each in (sheet, share):
        for cell in each[1]:
            cell.font = Font(bold=True)
        each.freeze_panes = "B2"
    return save_atomically(out, book.save)
