"""The data run behind crosstab cells: one cell, or a selection of them made into one run.

A cell's run is its scope with the row's codes (a code, or the codes an outline section or a
theme counts) and the column's value as one more filter (role teacher, wave 2, the coder J.
Lindqvist). A selection's run takes every row and every column value the selection spans:
within one filter the values are alternatives, so a selection that is not a rectangle also
brings the cells it skips, and the run says so. Column values no filter can say — a district's
own sources ("Harbor Valley — district office"), sources with no role, no case — are said as
the exact sources of the scope that carry them, so the run holds what the cell counts and no
more.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..coding.run_spec import NO_SOURCE, NO_SPEAKER, RunSpec
from ..store.errors import ConflictError
from .crosstabs import NONE, Crosstab, _column_values, _rows, _source_places

OFFICE = " — district office"


@dataclass
class CellsRun:
    spec: RunSpec
    cells: int  # the cells chosen
    spanned: int  # the cells the run holds (rows × columns spanned)
    notes: list[str]


def cells_run(study, table: Crosstab, cells: list[tuple[str, str]], *, rows: str = "codes",
              descendants: bool = False, scope: RunSpec | None = None) -> CellsRun:
    """The one data run of `cells` ((row key, column label) pairs of `table`, made with `rows`,
    `descendants` and `scope` as given here)."""
    if not cells:
        raise ConflictError("choose a cell of the table for its data run")
    scope = scope or RunSpec(codes=[])
    row_keys = list(dict.fromkeys(key for key, _col in cells))
    cols = list(dict.fromkeys(col for _key, col in cells))
    known_rows, known_cols = {k for k, _l in table.rows}, set(table.cols)
    for key, col in cells:
        if key not in known_rows or col not in known_cols:
            raise ConflictError(f"no cell ({key}, {col}) in this crosstab")
    if rows == "codes":
        codes = row_keys
    else:  # a section's or a theme's row: the codes it counts (its sub-codes among them if chosen)
        _labels, counted = _rows(study, rows, row_keys, descendants)
        codes = list(dict.fromkeys(c for key in row_keys for c in counted[key]))
    spec = replace(scope, codes=codes, op="or", descendants=descendants if rows == "codes" else False)
    notes: list[str] = []
    exact: set[int] | None = None
    per_attr = list(zip(*[col.split(" · ") for col in cols], strict=True))
    places = _source_places(study, scope)
    for name, values in zip(table.by, per_attr, strict=True):
        values = list(dict.fromkeys(values))
        said = _say(study, spec, name, values)
        if said is None:  # no filter says these values: the scope's sources that carry them
            read = _column_values(study, [name], places)
            chosen = {n for n in places if read(n, None) in values}
            exact = chosen if exact is None else exact & chosen
            if name.strip().lower() == "site":  # said by place too, so the run reads "Sites: Harbor Valley"
                named = [v.removesuffix(OFFICE) for v in values if v != "(unassigned)"]
                spec.sites = [study.cases.find(v).id for v in named]
            if any(v.endswith(OFFICE) for v in values):
                notes.append("a district office's cell holds only the district's own sources, not its sites'")
    if exact is not None:
        ids = [places[n]["id"] for n in sorted(exact)]
        spec.sources = ids or [NO_SOURCE]  # none of the scope's sources: the run is empty, never all
    spanned = len(row_keys) * len(cols)
    if spanned > len(set(cells)):
        notes.append(f"the run holds every row and column the {len(set(cells))} cells span: "
                     f"{spanned - len(set(cells))} more cells")
    return CellsRun(spec, len(set(cells)), spanned, notes)


def _say(study, spec: RunSpec, name: str, values: list[str]) -> bool | None:
    """Put `values` of attribute `name` on `spec` as a filter; None when no filter can say them."""
    field = name.strip().lower()
    if field == "speaker":  # passages begun in these speakers' turns ("(none)": outside any)
        spec.speakers = [NO_SPEAKER if v == NONE else study.speakers.find(v).id for v in values]
        return True
    if NONE in values or any(v.endswith(OFFICE) or v == "(unassigned)" for v in values):
        return None
    if field == "role":
        spec.roles = values
    elif field == "wave":
        spec.waves = [int(v.split()[-1]) for v in values]
    elif field == "type":
        spec.types = values
    elif field == "coder":
        spec.coders = values
    elif field == "district":
        spec.districts = [study.cases.find(v).id for v in values]
    elif field == "site":
        spec.sites = [study.cases.find(v).id for v in values]
    elif field == "phase":
        return None
    else:
        spec.attrs = {**spec.attrs, name: values}
    return True


def cooccurrence_run(study, a: str, b: str, *, scope: str = "overlap", within: int | None = None,
                     descendants: bool = False, filters: RunSpec | None = None) -> CellsRun:
    """The data run behind a co-occurrence cell (row code `a`, column code `b`): the AND run of
    the two when they meet overlapping or in the same turn; in the same source, `a`'s run over
    the scope's sources where `b` is coded (what the cell counts). Codings within N characters
    of each other are no data run's question: refused, saying so."""
    filters = filters or RunSpec(codes=[])
    if within:
        raise ConflictError("passages within N characters of another code are counted, but no data run finds "
                            "them: choose overlapping, the same turn or the same source to open a cell")
    if scope in ("overlap", "turn"):
        spec = replace(filters, codes=[a, b], op="and", and_scope=scope, descendants=descendants)
        return CellsRun(spec, 1, 1, [])
    numbers = study.codes.numbers(study.codes.counted([b], descendants))
    clause, args = study.runs.source_filter(filters)
    coders = f" AND c.coder IN ({','.join('?' * len(filters.coders))})" if filters.coders else ""
    held = [r[0] for r in study.conn.execute(
        f"SELECT DISTINCT s.id FROM codings c JOIN sources s ON s.n = c.source_n "
        f"WHERE c.detached = 0 AND c.code_n IN ({','.join('?' * len(numbers))}){coders}"
        + (f" AND {clause}" if clause else "") + " ORDER BY s.n", (*numbers, *filters.coders, *args))] \
        if numbers else []
    spec = replace(filters, codes=[a], op="or", descendants=descendants, sources=held or [NO_SOURCE])
    return CellsRun(spec, 1, 1, [f"{study.codes.get(a).path} in the {len(held)} sources where "
                                 f"{study.codes.get(b).path} is coded"])
