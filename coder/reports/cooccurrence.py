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


def _within_itself(table: Cooccurrence, path_a: str, path_b: str) -> bool:
    """A code and its own sub-code, counted with its sub-codes: they meet by definition."""
    return table.descendants and (path_a.startswith(path_b + "/") or path_b.startswith(path_a + "/"))


def pair_rows(table: Cooccurrence) -> list[list]:
    """Each pair that meets once, most passages first: a list a reader can take in, where a
    30 × 30 grid on a page cannot be read. A code and its own sub-code are left out when codes
    count their sub-codes (the parent's passages hold the child's)."""
    rows = []
    for i, (a, path_a) in enumerate(table.codes):
        for b, path_b in table.codes[i + 1:]:
            if _within_itself(table, path_a, path_b):
                continue
            ab, ba = table.count(a, b), table.count(b, a)
            if ab or ba:
                rows.append([path_a, path_b, ab, ba, f"{table.c_coefficient(a, b):.2f}"])
    rows.sort(key=lambda r: (-max(r[2], r[3]), r[0], r[1]))
    return rows


def write_cooccurrence_docx(study, table: Cooccurrence, out: str | Path, *, filters=None, chart: bool = True,
                            options=None) -> Path:
    """The pairs of codes that meet, with the query stated, and the network of codes under them."""
    from ..coding.run_spec import describe
    from .charts import network_chart
    from .compare_docx import write_table_docx

    title = "Code co-occurrence"
    where = describe(study, filters) if filters is not None else []
    return write_table_docx(
        study, out, title=title, what="Codes that meet",
        query=[("Codes", f"{len(table.codes)}"), *where,
               ("Counted", counted(table).replace("the row's code", "code A").replace("the column's code", "code B")),
               ("c-coefficient", "A's passages meeting B ÷ (A's passages + B's passages − those meeting)")],
        header=["Code A", "Code B", "A's passages meeting B", "B's passages meeting A", "c"],
        rows=pair_rows(table), counts=(2, 3, 4), lead=(1.9, 1.9),
        note=(("" if pair_rows(table) else "No two codes meet in this scope.")
              + (" A code and its own sub-codes are not listed: counted with its sub-codes, a code's passages "
                 "hold theirs." if table.descendants else "")).strip(),
        chart=(lambda path: network_chart(table, path)) if chart else None, options=options)
