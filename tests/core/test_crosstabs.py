"""Crosstabs (codes × any attribute, inside any scope): every cell says what the data run for its
row and column says — passages, each once across coders, and the sources they come from — and
each column knows how many sources it has; a district's own sources are a place of their own."""

from __future__ import annotations

import json

import pytest

from coder.cli import main
from coder.coding.run_spec import RunSpec
from coder.compare.crosstabs import crosstab
from coder.store.errors import ConflictError


def _run(study, code_ids, descendants, **filters):
    spec = RunSpec(codes=code_ids, descendants=descendants, **filters)
    segments = study.runs.run(spec)
    return study.runs.passage_count(spec), {s.source for s in segments}


@pytest.mark.parametrize("descendants", [True, False])
@pytest.mark.parametrize("scope", [{}, {"waves": [1]}, {"coders": ["okafor"]}, {"coders": ["okafor", "lindqvist"]},
                                   {"types": ["interview"], "roles": ["teacher", "principal"]}])
def test_role_cells_equal_the_data_run_for_that_role(demo_study, descendants, scope):
    study = demo_study
    table = crosstab(study, "role", descendants=descendants, scope=RunSpec(codes=[], **scope))
    roles = {s.role for s in study.sources.all() if s.role}
    checked = 0
    for code_id, _path in table.rows[::4]:
        for role in roles:
            cell = table.cell(code_id, role)
            passages, sources = _run(study, [code_id], descendants, **{**scope, "roles": [role]}) \
                if not scope.get("roles") or role in scope["roles"] else (0, set())
            assert cell.passages == passages, (code_id, role)
            assert cell.sources == sources
            checked += 1
    assert checked > 20


def test_wave_and_site_columns_and_the_district_office(demo_study):
    study = demo_study
    table = crosstab(study, "site", descendants=True)
    offices = [c for c in table.cols if c.endswith("— district office")]
    assert offices  # the demo's central-office interviews and district documents have a place
    top = [key for key, path in table.rows if "/" not in path]
    total_in_table = sum(table.cell(k, c).passages for k in top for c in table.cols)
    total = sum(study.runs.passage_count(RunSpec(codes=[k], descendants=True)) for k in top)
    assert total_in_table == total  # nothing left out, nothing counted twice
    sites = [c for c in study.cases.all() if c.kind == "site"]
    for site in sites:
        for key in top:
            assert table.cell(key, site.name).passages == _run(study, [key], True, sites=[site.id])[0]
    waves = crosstab(study, "wave", descendants=True)
    assert waves.cols[:2] == ["wave 1", "wave 2"]
    assert sum(waves.sources_in_col.values()) == len(study.sources.all())


def test_role_within_wave_share_of_sources_and_percentages(demo_study):
    study = demo_study
    table = crosstab(study, ["wave", "role"], descendants=True)
    assert "wave 1 · teacher" in table.cols
    coaching = study.codes.find("Leadership configuration/Coaching").id
    cell = table.cell(coaching, "wave 1 · teacher")
    teachers_w1 = [s for s in study.sources.all() if s.wave == 1 and s.role == "teacher"]
    assert table.sources_in_col["wave 1 · teacher"] == len(teachers_w1)
    assert len(cell.sources) <= len(teachers_w1)
    assert abs(sum(table.row_percent(coaching, c) for c in table.cols) - 100.0) < 1e-6


def test_coder_columns_count_each_coders_passages(demo_study):
    study = demo_study
    table = crosstab(study, "coder")
    assert set(table.cols) == {"okafor", "lindqvist"}
    for key, _path in table.rows[::5]:
        for coder in table.cols:
            assert table.cell(key, coder).passages == _run(study, [key], False, coders=[coder])[0]


def test_an_attribute_of_the_study_inherited_from_the_district(demo_study):
    study = demo_study
    attrs = [a.name for a in study.attributes.definitions("case")]
    assert attrs, "the demo describes its cases"
    table = crosstab(study, attrs[0], descendants=True)
    assert sum(table.sources_in_col.values()) == len(study.sources.all())
    with pytest.raises(ConflictError, match="no attribute named 'shoe size'"):
        crosstab(study, "shoe size")


def test_the_command_line_prints_the_cells(demo_study, capsys, tmp_path):
    path = str(demo_study.path)
    demo_study.close()
    assert main(["crosstab", path, "--cols", "role", "--item", "Leadership configuration", "--descendants",
                 "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and set(rows[0]) == {"row", "col", "segments", "sources", "sources_in_col"}
    assert {r["row"] for r in rows} == {"Leadership configuration"}
    assert main(["crosstab", path, "--cols", "wave,role", "--csv", str(tmp_path / "t.csv")]) == 0
    assert "wave 1 · teacher" in (tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert main(["crosstab", path, "--cols", "shoe size"]) != 0
    assert "no attribute named 'shoe size'" in capsys.readouterr().err


def test_the_crosstab_in_word_says_what_was_counted_with_its_chart(demo_study, tmp_path):
    import docx

    study = demo_study
    top = [c.id for c in study.codes.all() if not c.parent_id]
    alder = study.cases.find("Alder Street Elementary").id
    scope = RunSpec(codes=[], sites=[alder])
    table = crosstab(study, "role", items=top, descendants=True, scope=scope)
    from coder.reports.crosstab import write_crosstab_docx

    out = write_crosstab_docx(study, table, tmp_path / "roles.docx", scope=scope)
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Crosstab by role" in text and "Alder Street Elementary" in text and "passages" in text
    grid = document.tables[-1]
    header = [c.text for c in grid.rows[0].cells]
    assert header[0] == "role" and header[-1] == "total" and header[1:-1] == table.cols
    coaching_row = next(r for r in grid.rows if r.cells[0].text == "Leadership configuration")
    key = study.codes.find("Leadership configuration").id
    assert [c.text for c in coaching_row.cells[1:-1]] == [str(table.cell(key, c).passages) for c in table.cols]
    assert len(document.inline_shapes) == 1  # the chart beside its table


def test_crosstab_to_word_from_the_command_line(demo_study, tmp_path, capsys):
    path = str(demo_study.path)
    demo_study.close()
    assert main(["crosstab", path, "--cols", "wave", "--site", "Alder Street Elementary",
                 "--docx", str(tmp_path / "w.docx")]) == 0
    assert "wrote" in capsys.readouterr().out and (tmp_path / "w.docx").stat().st_size > 10_000
