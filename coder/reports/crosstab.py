"""A crosstab as a spreadsheet: CSV and Excel, each row a code (or section, or theme), each
column a value of the attribute(s), each cell the passages of that row in that column; below,
how many sources each column holds, and what was counted."""

from __future__ import annotations

from pathlib import Path

from ..compare.crosstabs import Crosstab
from .grids import grid_csv, save_csv, save_sheets


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
    return grid_csv(_grid(table), f"Cells: {counted(table)}.")


def write_crosstab_csv(table: Crosstab, out: str | Path) -> Path:
    return save_csv(crosstab_csv(table), out)


def write_crosstab_xlsx(table: Crosstab, out: str | Path) -> Path:
    """Passages on the first sheet, the sources coded of each column's on a second ("3 of 4")."""
    share = [[" · ".join(table.by), *table.cols]]
    share += [[label, *[f"{len(table.cell(key, c).sources)} of {table.sources_in_col.get(c, 0)}" for c in table.cols]]
              for key, label in table.rows]
    return save_sheets(out, [("Passages", _grid(table), f"Cells: {counted(table)}."), ("Sources coded", share, "")],
                       freeze="B2")


def write_crosstab_docx(study, table: Crosstab, out: str | Path, *, scope=None, chart: bool = True,
                        options=None) -> Path:
    """The crosstab for a report: a title block saying what was counted and where, the table
    (passages, with each column's sources), and its chart beside it."""
    import tempfile

    from ..coding.run_spec import describe
    from .charts import crosstab_chart
    from .document import Document
    from .options import PLAIN, about, running

    options = options or PLAIN
    doc = Document(template=options.template)
    title = f"Crosstab by {' within '.join(reversed(table.by))}"
    where = describe(study, scope) if scope is not None else []
    doc.title_block(title, "Crosstab", about(study, ("Rows", f"{len(table.rows)}"),
                                            ("Columns", " · ".join(table.by)), *where,
                                            ("Counted", counted(table))),
                    running=running(study, title))
    if 1.8 + 0.85 * (len(table.cols) + 1) > 6.5:
        doc.landscape()  # a column's heading is read whole, not broken a letter at a time
    page = doc.text_width() / 914400  # inches
    grid = doc.table([" · ".join(table.by), *table.cols, "total"])
    counts = tuple(range(1, len(table.cols) + 2))
    for row in _grid(table)[1:]:
        grid.row([str(value) for value in row], counts=counts)
    rest = max(0.55, (page - 1.8) / (len(table.cols) + 1))  # inches: a row's name gets room to read
    grid.widths([1.8, *[rest] * (len(table.cols) + 1)])
    if chart and table.rows:
        doc.paragraph("")
        with tempfile.TemporaryDirectory() as scratch:
            picture = crosstab_chart(table, Path(scratch) / "chart.png", title=title)
            doc.picture(picture, width=min(page, 6.5))  # under its table on the same page
    return doc.save(out)
