"""A pattern table's chosen columns: any subset of codes, sections or themes, counted, saved with a
named table by id (surviving renames; a deleted one is named, not fatal), and chosen on the
command line with --column."""

from __future__ import annotations

import json
import shutil

import pytest

from coder.coding.runs import RunSpec
from coder.crosssite.pattern_tables import (
    build_table,
    column_choices,
    resolve_items,
    save_table,
    saved_names,
    saved_spec,
)
from coder.reports.outline import write_outline
from coder.store.errors import NotFoundError

from .test_cli import run as cli

COACH, RESIST = "Leadership configuration/Coaching", "Challenges/Resistance"


def test_chosen_code_columns_are_counted_in_the_order_chosen(demo_study):
    s = demo_study
    coach, resist = s.codes.find(COACH), s.codes.find(RESIST)
    table = build_table(s, cols="codes", items=[RESIST, coach.id], descendants=False, waves=[1, 2],
                        roles=["principal", "assistant principal"])
    assert table.columns == [(resist.id, RESIST), (coach.id, COACH)] and table.missing == []
    for _district, site, _name in table.rows:
        for key, _label in table.columns:
            assert table.cell(site, key).segments == s.runs.passage_count(RunSpec(
                codes=[key], sites=[site], waves=[1, 2], roles=["principal", "assistant principal"]))
    assert build_table(s, cols="codes", items=[]).columns == []
    assert len(build_table(s, cols="codes").columns) == len(column_choices(s, "codes")) == len(s.codes.all())


def test_section_and_theme_columns_are_a_subset_too(demo_study):
    s = demo_study
    sections = column_choices(s, "sections")
    chosen = [sections[2][0], sections[9][0]]
    table = build_table(s, cols="sections", items=chosen)
    assert [k for k, _l in table.columns] == chosen
    themes = column_choices(s, "themes")
    assert themes and all(s.cross_outline.get(k).kind == "theme" for k, _l in themes)
    assert [k for k, _l in build_table(s, cols="themes", items=[themes[-1][0]]).columns] == [themes[-1][0]]


def test_a_saved_table_keeps_its_columns_by_id_through_a_rename(demo_study):
    s = demo_study
    coach = s.codes.find(COACH)
    save_table(s, "Two codes", {"cols": "codes", "items": [COACH, RESIST, COACH], "waves": [1]})
    spec = saved_spec(s, "Two codes")
    assert spec["items"] == [coach.id, s.codes.find(RESIST).id] and spec["waves"] == [1]
    s.codes.rename_code(code_id=coach.id, name="Instructional coaching")
    table = build_table(s, **saved_spec(s, "Two codes"))
    assert table.columns[0] == (coach.id, "Leadership configuration/Instructional coaching")
    save_table(s, "Every code", {"cols": "codes", "items": None})
    assert saved_spec(s, "Every code")["items"] is None
    s.codes.add_code(path="Context/New code")
    assert len(build_table(s, **saved_spec(s, "Every code")).columns) == len(s.codes.all())


def test_a_deleted_column_is_left_out_and_named(demo_study, tmp_path):
    s = demo_study
    s.codes.add_code(path="Context/Short-lived")
    short = s.codes.find("Context/Short-lived")
    save_table(s, "With a short-lived code", {"cols": "codes", "items": [COACH, short.id]})
    s.codes.delete_code(code_id=short.id)
    table = build_table(s, **saved_spec(s, "With a short-lived code"))
    assert [k for k, _l in table.columns] == [s.codes.find(COACH).id] and table.missing == [short.id]
    assert write_outline(s, tmp_path / "outline.docx").exists()  # every saved table goes in; none breaks it


def test_an_old_saved_table_naming_its_columns_still_loads(demo_study):
    s = demo_study
    save_table(s, "Old", {"cols": "sections"})
    s.conn.execute("UPDATE pattern_tables SET spec = ? WHERE name = 'Old'", (json.dumps(
        {"cols": "sections", "items": ["3.2 Teacher leaders and coaches"], "descendants": True, "waves": [],
         "roles": [], "types": [], "order_by": None}),))
    table = build_table(s, **saved_spec(s, "Old"))
    assert table.columns == [(s.sections.find("3.2 Teacher leaders and coaches").id, "3.2 Teacher leaders and coaches")]


def test_columns_typed_wrongly_are_named(demo_study):
    with pytest.raises(NotFoundError, match="Atlantis"):
        resolve_items(demo_study, "codes", [COACH, "Atlantis"])
    with pytest.raises(NotFoundError):
        save_table(demo_study, "Bad", {"cols": "sections", "items": [COACH]})
    assert "Bad" not in saved_names(demo_study)


def test_cli_chooses_saves_and_reexports_columns(demo_study_file, capsys, tmp_path):
    path = str(tmp_path / "demo.casecoder")
    shutil.copy(demo_study_file[0], path)
    code, data, err = cli(capsys, "matrix", path, "--column", COACH, "--column", RESIST, "--wave", "1-2",
                          "--role", "principal", "--role", "assistant principal", "--table", "Coaching", "--json")
    assert code == 0, err
    assert [c["label"] for c in data["columns"]] == [COACH, RESIST] and data["missing"] == []
    code, again, _ = cli(capsys, "matrix", path, "--table", "Coaching", "--json")
    assert again["columns"] == data["columns"] and again["rows"] == data["rows"]
    code, sections, _ = cli(capsys, "matrix", path, "--cols", "sections", "--item", "3.2 Teacher leaders and coaches",
                            "--json")
    assert code == 0 and [c["label"] for c in sections["columns"]] == ["3.2 Teacher leaders and coaches"]
    code, _, err = cli(capsys, "matrix", path, "--column", "Atlantis", "--json")
    assert code == 2 and "Atlantis" in err
