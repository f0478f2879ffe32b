"""A co-occurrence table as a spreadsheet: codes down and across, each cell the passages of the
row's code that meet the column's (what the AND data run of the two returns); a second sheet
with the c-coefficient of each pair."""

from __future__ import annotations

from pathlib import Path

from ..compare.cooccurrence import Cooccurrence
from .grids import grid_csv, save_csv, save_sheets


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
    return grid_csv(_grid(table, table.count), f"Cells: {counted(table)}.")


def write_cooccurrence_csv(table: Cooccurrence, out: str | Path) -> Path:
    return save_csv(cooccurrence_csv(table), out)


def write_cooccurrence_xlsx(table: Cooccurrence, out: str | Path) -> Path:
    return save_sheets(out, [("Passages", _grid(table, table.count), f"Cells: {counted(table)}."),
                             ("c-coefficient", _grid(table, lambda a, b: round(table.c_coefficient(a, b), 3)), "")],
                       freeze="C2")
