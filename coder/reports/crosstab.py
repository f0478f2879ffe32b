"""A crosstab as a spreadsheet: CSV and Excel, each row a code (or section, or theme), each
column a value of the attribute(s), each cell the passages of that row in that column; below,
how many sources each column holds, and what was counted."""

from __future__ import annotations

from pathlib import Path

from ..compare.crosstabs import Crosstab
from ..store.words import plural
from .grids import grid_csv, save_csv, save_sheets


def counted(table: Crosstab, about: str = "") -> str:
    """What a cell counts, and where (`about`: the scope's filters in words, describe_text)."""
    whose = f"of {', '.join(table.coders)}'s codings " if table.coders else ""
    once = "each once however many of them coded it" if len(table.coders) > 1 else \
        "each once however many coders coded it" if not table.coders else "each once"
    return (f"passages {whose}({once}) of each row in each column of {' · '.join(table.by)}, in "
            f"{plural(table.scope_sources, 'source')}" + (f" ({about})" if about else ""))


def _grid(table: Crosstab) -> list[list]:
    rows = [[" · ".join(table.by), *table.cols, "total"]]
    for key, label in table.rows:
        rows.append([label, *[table.cell(key, c).passages for c in table.cols], table.row_total(key)])
    rows.append(["sources in column", *[table.sources_in_col.get(c, 0) for c in table.cols], table.scope_sources])
    return rows


def crosstab_csv(table: Crosstab, about: str = "") -> str:
    return grid_csv(_grid(table), f"Cells: {counted(table, about)}.")


def write_crosstab_csv(table: Crosstab, out: str | Path, about: str = "") -> Path:
    return save_csv(crosstab_csv(table, about), out)


def write_crosstab_xlsx(table: Crosstab, out: str | Path, about: str = "") -> Path:
    """Passages on the first sheet, the sources coded of each column's on a second ("3 of 4")."""
    share = [[" · ".join(table.by), *table.cols]]
    share += [[label, *[f"{len(table.cell(key, c).sources)} of {table.sources_in_col.get(c, 0)}" for c in table.cols]]
              for key, label in table.rows]
    return save_sheets(out, [("Passages", _grid(table), f"Cells: {counted(table, about)}."),
                             ("Sources coded", share, "")],
                       freeze="B2")


def write_crosstab_docx(study, table: Crosstab, out: str | Path, *, scope=None, chart: bool = True,
                        stacked: bool = False, options=None) -> Path:
    """The crosstab for a report: a title block saying what was counted and where, the table
    (passages, with each column's sources), and its chart under it."""
    from ..coding.run_spec import describe
    from .charts import crosstab_chart
    from .compare_docx import write_table_docx

    title = f"Crosstab by {' within '.join(reversed(table.by))}"
    where = describe(study, scope) if scope is not None else []
    grid = _grid(table)
    return write_table_docx(study, out, title=title, what="Crosstab",
                            query=[("Rows", f"{len(table.rows)}"), ("Columns", " · ".join(table.by)), *where,
                                   ("Counted", counted(table))],
                            header=grid[0], rows=grid[1:], counts=range(1, len(table.cols) + 2),
                            chart=(lambda path: crosstab_chart(table, path, title=title, stacked=stacked))
                            if chart else None,
                            options=options)
