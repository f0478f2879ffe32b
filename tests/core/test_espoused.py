"""Espoused against enacted: inside each site, the leaders' passages on a code beside the
teachers', each side what the data run for that code, site and side's roles returns."""

from __future__ import annotations

import json

import pytest

from coder.cli import main
from coder.coding.run_spec import RunSpec
from coder.compare.espoused import default_sides, espoused_enacted
from coder.store.errors import ConflictError


def test_the_roles_split_as_the_design_reads_them():
    leaders, teachers = default_sides(["principal", "assistant principal", "instructional coach", "teacher leader",
                                       "teacher", "Teachers", "aide", "central office", "parent"])
    assert leaders == ["principal", "assistant principal", "instructional coach", "teacher leader"]
    assert teachers == ["teacher", "Teachers", "aide"]


@pytest.mark.parametrize("descendants", [True, False])
def test_each_side_is_the_data_run_for_its_roles_in_its_site(demo_study, descendants):
    study = demo_study
    items = None if descendants else [c.id for c in study.codes.all() if c.parent_id]
    comparison = espoused_enacted(study, items=items, descendants=descendants)
    assert comparison.leaders and comparison.teachers == ["teacher"]
    assert comparison.pairs
    both = 0
    for pair in comparison.pairs:
        for side, roles in ((pair.leaders, comparison.leaders), (pair.teachers, comparison.teachers)):
            spec = RunSpec(codes=[pair.code_id], descendants=descendants, sites=[pair.site_id], roles=roles)
            assert side.passages == study.runs.passage_count(spec), (pair.site, pair.code)
            assert side.sources == {s.source for s in study.runs.run(spec)}
        both += bool(pair.leaders.passages and pair.teachers.passages)
        assert pair.silent_side in (None, "leaders", "teachers")
    assert both  # somewhere both sides speak to one code
    assert all(study.cases.get(p.site_id).kind == "site" for p in comparison.pairs)


def test_scope_and_sides_chosen(demo_study):
    study = demo_study
    comparison = espoused_enacted(study, leaders=["principal"], teachers=["teacher"],
                                  scope=RunSpec(codes=[], waves=[1]))
    for pair in comparison.pairs:
        for segment in pair.leaders.segments + pair.teachers.segments:
            assert segment.wave == 1
        assert {s.role for s in pair.leaders.segments} <= {"principal"}
    with pytest.raises(ConflictError, match="both sides"):
        espoused_enacted(study, leaders=["teacher"], teachers=["teacher"])
    with pytest.raises(ConflictError, match="roles"):
        espoused_enacted(study, leaders=[], teachers=["teacher"])


def test_the_command_line(demo_study_file, capsys, tmp_path):
    path = str(demo_study_file[0])
    assert main(["espoused", path, "--site", "Alder Street Elementary", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert records and {r["site"] for r in records} == {"Alder Street Elementary"}
    assert set(records[0]) == {"site", "code", "leaders", "teachers"}
    assert main(["espoused", path, "--leader", "principal", "--teacher", "teacher"]) == 0
    text = capsys.readouterr().out
    assert "Leaders: principal" in text and "Teachers: teacher" in text
    out = tmp_path / "e.docx"
    assert main(["espoused", path, "--item", "Leadership configuration", "--docx", str(out)]) == 0
    import docx

    document = docx.Document(str(out))
    assert "Espoused and enacted" in document.paragraphs[0].text
    assert document.tables and document.tables[0].rows[0].cells[0].text.startswith("Leaders")


def test_overlapping_codings_show_as_the_one_passage_they_count_as(demo_study):
    comparison = espoused_enacted(demo_study)
    merged = 0
    for pair in comparison.pairs:
        for side in (pair.leaders, pair.teachers):
            assert len(side.segments) == side.passages  # what is listed is what is counted
            text = {}
            for segment in side.segments:
                body = text.setdefault(segment.source, demo_study.sources.text(segment.source))
                assert body[segment.start:segment.end] == segment.text
                merged += "," in (segment.coder or "")
    assert merged  # the demo's two coders overlap somewhere


def test_counts_first_and_one_pairs_passages_when_it_is_read(demo_study):
    study = demo_study
    full = espoused_enacted(study)
    light = espoused_enacted(study, passages=False)
    assert [(p.site, p.code, p.leaders.passages, p.teachers.passages) for p in light.pairs] == \
        [(p.site, p.code, p.leaders.passages, p.teachers.passages) for p in full.pairs]
    assert not any(p.filled or p.leaders.segments for p in light.pairs)
    from coder.compare.espoused import fill_passages

    for lazy, eager in list(zip(light.pairs, full.pairs, strict=True))[::5]:
        fill_passages(study, light, lazy)
        assert lazy.filled
        assert [(g.source, g.start, g.end) for g in lazy.leaders.segments] == \
            [(g.source, g.start, g.end) for g in eager.leaders.segments]
        assert [(g.source, g.start, g.end) for g in lazy.teachers.segments] == \
            [(g.source, g.start, g.end) for g in eager.teachers.segments]
