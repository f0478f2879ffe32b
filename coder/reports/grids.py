"""A table of counts as a spreadsheet file, said once for every compare export (crosstabs,
co-occurrence): CSV text with its note on the last line, written atomically with a byte-order
mark (Excel then reads the accents), and Excel sheets with a bold, frozen heading row."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from ..store.characters import csv_row
from ..store.files import save_atomically


def grid_csv(rows: Sequence[Sequence], note: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(csv_row(list(row)))
    writer.writerow(csv_row([note]))
    return out.getvalue()


def save_csv(text: str, out: str | Path) -> Path:
    return save_atomically(out, lambda path: Path(path).write_text(text, encoding="utf-8-sig"))


def save_sheets(out: str | Path, sheets: Sequence[tuple[str, Sequence[Sequence], str]], freeze: str) -> Path:
    """(title, rows, note below them or "") per sheet; each heading row bold and frozen at `freeze`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ..store.characters import append_row

    book = Workbook()
    for i, (title, rows, note) in enumerate(sheets):
        sheet = book.active if i == 0 else book.create_sheet()
        sheet.title = title
        for row in rows:
            append_row(sheet, list(row))
        if note:
            append_row(sheet, [])
            append_row(sheet, [note])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = freeze
    return save_atomically(out, book.save)
