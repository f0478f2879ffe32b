"""A crosstab cell's data run, and a selection of cells made into one run: the run holds the
passages the cells count — no more when the selection is a rectangle, and it says what it adds
when not; a district office's cell runs over the district's own sources only."""

from __future__ import annotations

import json

import pytest

from coder.cli import main
from coder.coding.run_spec import RunSpec
from coder.compare.cells import cells_run
from coder.compare.crosstabs import crosstab
from coder.store.errors import ConflictError


def _top(study):
    return [c.id for c in study.codes.all() if not c.parent_id]


@pytest.mark.parametrize("by", [["role"], ["wave"], ["site"], ["district"], ["phase"], ["wave", "role"]])
def test_each_cell_run_counts_what_the_cell_counts(demo_study, by):
    study = demo_study
    table = crosstab(study, by, items=_top(study), descendants=True)
    checked = 0
    for key, _label in table.rows:
        for col in table.cols:
            cell = table.cell(key, col)
            run = cells_run(study, table, [(key, col)], descendants=True)
            assert run.spanned == run.cells == 1 and not any("more cells" in n for n in run.notes)
            assert study.runs.passage_count(run.spec) == cell.passages, (key, col)
            if cell.passages:
                assert {s.source for s in study.runs.run(run.spec)} == cell.sources
            checked += 1
    assert checked >= len(table.rows)


def test_a_district_office_cell_holds_only_the_districts_own_sources(demo_study):
    study = demo_study
    table = crosstab(study, "site", items=_top(study), descendants=True)
    office = next(c for c in table.cols if c.endswith("— district office"))
    key = max((k for k, _l in table.rows), key=lambda k: table.cell(k, office).passages)
    run = cells_run(study, table, [(key, office)], descendants=True)
    assert any("district's own sources" in n for n in run.notes)
    segments = study.runs.run(run.spec)
    assert segments and all(s.site is None for s in segments)
    assert study.runs.passage_count(run.spec) == table.cell(key, office).passages


def test_a_rectangle_of_cells_is_their_sum_and_a_ragged_selection_says_what_it_adds(demo_study):
    study = demo_study
    table = crosstab(study, "role", descendants=False)
    rows = [k for k, _l in table.rows if table.cell(k, "teacher").passages and table.cell(k, "principal").passages][:2]
    assert len(rows) == 2
    chosen = [(k, c) for k in rows for c in ("teacher", "principal")]
    run = cells_run(study, table, chosen, descendants=False)
    assert run.spanned == run.cells == 4
    segments = study.runs.run(run.spec)
    assert len(segments) == sum(table.cell(k, c).codings for k, c in chosen)
    ragged = cells_run(study, table, chosen[:3], descendants=False)
    assert ragged.spanned == 4 and ragged.cells == 3
    assert any("1 more cells" in n for n in ragged.notes)


def test_section_rows_run_over_the_codes_they_count_inside_the_scope(demo_study):
    study = demo_study
    scope = RunSpec(codes=[], waves=[1])
    table = crosstab(study, "role", rows="sections", descendants=True, scope=scope)
    key, col = next((k, c) for k, _l in table.rows for c in table.cols if table.cell(k, c).passages)
    run = cells_run(study, table, [(key, col)], rows="sections", descendants=True, scope=scope)
    assert run.spec.waves == [1]
    assert study.runs.passage_count(run.spec) == table.cell(key, col).passages


def test_a_cell_that_is_not_in_the_table_is_refused(demo_study):
    study = demo_study
    table = crosstab(study, "role", items=_top(study))
    with pytest.raises(ConflictError):
        cells_run(study, table, [(table.rows[0][0], "astronaut")])
    with pytest.raises(ConflictError):
        cells_run(study, table, [])


def test_the_command_line_prints_the_run_of_chosen_cells(demo_study_file, capsys):
    assert main(["crosstab", str(demo_study_file[0]), "--cols", "role", "--descendants",
                 "--cell", "Leadership configuration", "teacher",
                 "--cell", "Leadership configuration", "principal", "--json"]) == 0
    segments = json.loads(capsys.readouterr().out)
    assert segments and {s["role"] for s in segments} == {"teacher", "principal"}
    assert all(s["code"].startswith("Leadership") for s in segments)


@pytest.mark.parametrize("scope", ["overlap", "turn", "source"])
def test_each_co_occurrence_cell_opens_the_run_it_counts(demo_study, scope):
    from coder.compare.cells import cooccurrence_run
    from coder.compare.cooccurrence import cooccurrence

    study = demo_study
    filters = RunSpec(codes=[], waves=[1])
    table = cooccurrence(study, descendants=True, scope=scope, filters=filters)
    checked = 0
    for a, _pa in table.codes[::3]:
        for b, _pb in table.codes[1::4]:
            if a == b:
                continue
            run = cooccurrence_run(study, a, b, scope=scope, descendants=True, filters=filters)
            assert study.runs.passage_count(run.spec) == table.count(a, b), (a, b)  # below the diagonal too
            checked += 1
    assert checked > 20
    with pytest.raises(ConflictError, match="within"):
        cooccurrence_run(study, table.codes[0][0], table.codes[1][0], within=200)
