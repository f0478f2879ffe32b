"""Pattern tables: every counts cell equals the data run for the same code, site and filters."""

from __future__ import annotations

import csv
import io

import pytest

from coder.coding.runs import RunSpec, passages
from coder.crosssite.pattern_tables import build_table
from coder.reports.pattern import table_csv, table_json, write_docx, write_xlsx
from coder.store.errors import ConflictError


@pytest.mark.parametrize("descendants", [True, False])
@pytest.mark.parametrize("filters", [{}, {"waves": [1]}, {"roles": ["teacher", "principal"], "types": ["interview"]},
                                     {"coder": "okafor"}, {"coder": "lindqvist", "waves": [2]}])
def test_code_cells_equal_the_data_run(demo_study, descendants, filters):
    """Each cell counts the passages of the data run for its code, site and filters (a passage
    both demo coders coded counts once), and says how many codings are behind them."""
    s = demo_study
    table = build_table(s, cols="codes", descendants=descendants, **filters)
    assert len(table.rows) == 6 and len(table.columns) == len(s.codes.all())
    run_filters = {k: v for k, v in filters.items() if k != "coder"}
    if "coder" in filters:
        run_filters["coders"] = [filters["coder"]]
    fewer = 0
    for _district, site, _name in table.rows:
        for code_id, _label in table.columns:
            spec = RunSpec(codes=[code_id], descendants=descendants, sites=[site], **run_filters)
            cell = table.cell(site, code_id)
            assert cell.segments == s.runs.passage_count(spec) == passages(s.runs.run(spec))
            assert cell.codings == s.runs.count(spec)
            fewer += cell.codings - cell.segments
    assert fewer > 0 if "coder" not in filters else fewer == 0  # the demo's coders code many passages alike


def test_sections_sources_roles_totals_and_order(demo_study):
    s = demo_study
    table = build_table(s, cols="sections", items=["3.2 Teacher leaders and coaches"])
    [(key, label)] = table.columns
    section = s.sections.find("3.2 Teacher leaders and coaches")
    codes = [c.id for c in s.codes.all() if c.section_id == section.id]
    for _d, site, _n in table.rows:
        segments = s.runs.run(RunSpec(codes=codes, descendants=True, sites=[site]))
        cell = table.cell(site, key)
        assert cell.segments == passages(segments) and cell.codings == len(segments)
        assert len(cell.sources) == len({x.source for x in segments})
        assert cell.roles == {x.role for x in segments if x.role}
    totals = table.totals()[key]
    assert totals["sites"] == 6 and totals["sites_present"] == sum(1 for _d, site, _n in table.rows
                                                                   if table.cell(site, key).segments)
    ordered = build_table(s, cols="sections", order_by="school level")
    assert [d for d, _s, _n in ordered.rows] == ["Harbor Valley"] * 3 + ["Prairie Ridge"] * 3
    with pytest.raises(ConflictError):
        build_table(s, cols="sections", order_by="no such attribute")


def test_theme_columns_count_cited_evidence(demo_study):
    s = demo_study
    o = s.cross_outline
    claim = o.add(path="Coaching", claim="Coaching is non-evaluative").result
    code = s.codes.find("Leadership configuration/Coaching")
    for name in ("alder_principal_w1", "alder_coach_w1", "elm_coach_w1"):
        coding = next(c for c in s.codings.for_source(s.sources.find(name).id) if c.code_id == code.id)
        o.cite(claim_id=claim, coding_id=coding.id)
    table = build_table(s, cols="themes")
    theme = o.find("Coaching").id
    alder, elm = s.cases.find("Alder Street Elementary").id, s.cases.find("Elm Creek Elementary").id
    assert table.cell(alder, theme).segments == 2 and len(table.cell(alder, theme).sources) == 2
    assert table.cell(elm, theme).segments == 1 and table.totals()[theme]["sites_present"] == 2
    assert table.cell(alder, theme).counted() == "2 segments"  # evidence links, not passages


def test_a_cell_says_passages_and_the_codings_behind_them(demo_study):
    """Two coders' codings of one passage are one passage: the cell says so, and how many codings
    its data run lists."""
    table = build_table(demo_study, cols="codes")
    coaching = demo_study.codes.find("Leadership configuration/Coaching").id
    alder = demo_study.cases.find("Alder Street Elementary").id
    cell = table.cell(alder, coaching)
    assert cell.codings > cell.segments > 0
    assert cell.counted() == f"{cell.segments} passages ({cell.codings} codings)"
    empty = next(table.cell(site, key) for _d, site, _n in table.rows for key, _l in table.columns
                 if not table.cell(site, key).segments)
    assert empty.counted() == "no passages"


def test_exports_csv_xlsx_docx_json(demo_study, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    s = demo_study
    table = build_table(s, cols="codes", items=["Leadership configuration/Coaching", "Challenges"])
    rows = list(csv.reader(io.StringIO(table_csv(table))))
    assert rows[0] == ["district", "site", "Leadership configuration/Coaching", "Challenges"]
    assert all(r[2].isdigit() and r[3].isdigit() for r in rows[1:]) and len(rows) == 7
    sheet = load_workbook(write_xlsx(table, tmp_path / "t.xlsx")).active
    assert [c.value for c in sheet[2]][:2] == rows[1][:2] and sheet[2][2].value == int(rows[1][2])
    assert sheet[len(table.rows) + 2][1].value == "n of N sites"
    counting = "coded passages, each counted once however many coders coded it"
    assert sheet[sheet.max_row][1].value == f"Cells: {counting}."
    doc = Document(str(write_docx(table, tmp_path / "t.docx")))
    grid = doc.tables[0]
    assert grid.rows[0].cells[2].text == "Leadership configuration /\nCoaching" and len(grid.rows) == 8
    assert any(p.text.startswith(f"Cells: {counting} (sources") for p in doc.paragraphs)
    data = table_json(table)
    assert data["rows"][0]["cells"][0]["segments"] == int(rows[1][2]) and data["counting"] == counting
    one = table_json(build_table(s, cols="codes", items=["Challenges"], coder="okafor"))
    assert one["counting"] == "coded passages by okafor only"
    with pytest.raises(ConflictError, match="no codings by"):
        build_table(s, cols="codes", coder="nobody")


def test_hand_counted_fixture(coded_study):
    """Two sites, codings placed by hand; every expected number below was counted by reading them."""
    from .conftest import code_passage

    s = coded_study
    plc = "Supports/Professional learning communities"
    code_passage(s, "a_principal", "Teachers meet in PLCs every Wednesday", plc)
    code_passage(s, "a_principal", "The coach runs cycles with six teachers", "Leadership configuration/Coaching")
    code_passage(s, "a_principal", "Some veterans close their doors", "Challenges/Resistance")
    code_passage(s, "b_teacher", "Our PLC time keeps getting taken for testing", "Supports/Time and scheduling")
    code_passage(s, "b_teacher", "Our PLC time keeps getting taken", plc)
    code_passage(s, "b_teacher", "Coaching feels evaluative to me", "Leadership configuration/Coaching")
    code_passage(s, "b_teacher", "Coaching feels evaluative", "Challenges/Resistance", coder="second")
    table = build_table(s, cols="codes", items=["Supports", "Leadership configuration/Coaching", "Challenges"])
    oak, pine = s.cases.find("Oak Elementary").id, s.cases.find("Pine Middle").id
    supports, coaching, challenges = [k for k, _l in table.columns]
    assert [table.cell(oak, k).segments for k in (supports, coaching, challenges)] == [1, 1, 1]
    assert [table.cell(pine, k).segments for k in (supports, coaching, challenges)] == [2, 1, 1]
    assert table.cell(pine, supports).roles == {"teacher"} and len(table.cell(pine, supports).sources) == 1
    flat = build_table(s, cols="codes", items=["Supports"], descendants=False)
    assert flat.cell(pine, flat.columns[0][0]).segments == 0  # nothing is coded on the parent itself
    totals = table.totals()
    assert totals[supports] == {"segments": 3, "sites_present": 2, "sites": 2}
    assert build_table(s, cols="codes", items=["Supports"], waves=[2]).cell(oak, supports).segments == 0
    assert build_table(s, cols="codes", items=["Supports"], roles=["principal"]).totals()[supports]["segments"] == 1
    assert [name for _d, _s, name in table.rows] == ["Oak Elementary", "Pine Middle"]  # North, then South


def test_a_pattern_table_counts_from_the_index_of_attached_codings(demo_study):
    """Counting every code at every site reads the index of attached codings alone (schema 8),
    never the rows of the codings table."""
    plan = demo_study.conn.execute(
        "EXPLAIN QUERY PLAN SELECT code_n, source_n, count(*) FROM codings WHERE detached = 0 "
        "GROUP BY code_n, source_n").fetchall()
    assert any("codings_attached" in row[-1] for row in plan), plan
