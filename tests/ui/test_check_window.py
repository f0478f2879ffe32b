"""File > Check this study… in the window, as `casecoder check [--repair]`: the report in words, and
a derived count broken on purpose (SQL on a copy of the demo) found, repaired from the window, and
shown right again in the heat map."""

from __future__ import annotations

import shutil
import sqlite3

from PySide6.QtWidgets import QPushButton

from coder import Study
from coder.check import check_study
from ui.compare.heatmap import CASE_ROLE, CODE_ROLE

from . import person
from .conftest import open_window


def click(dialog, text: str) -> None:
    person.click_at(next(b for b in dialog.findChildren(QPushButton) if b.text() == text))


def check_from_the_menu(window, qtbot):
    person.choose_menu(window, "File", "Check this study…")
    dialog = window.check_dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.report is not None, timeout=30000)
    return dialog


def heat_cell(window, code_id: str, case_id: str) -> str:
    table = window.heatmap.table
    for row in range(table.rowCount()):
        for col in range(table.columnCount()):
            item = table.item(row, col)
            if item.data(CODE_ROLE) == code_id and item.data(CASE_ROLE) == case_id:
                return item.text()
    raise AssertionError("no such cell")


def test_a_whole_study_passes(any_window, qtbot):
    dialog = check_from_the_menu(any_window, qtbot)
    assert dialog.report["ok"]
    assert "No problems found" in dialog.findings.toPlainText()
    assert "whole" in dialog.heading.text()
    assert not dialog.repair_button.isEnabled()


def test_a_broken_count_is_found_and_repaired_from_the_window(qtbot, demo_study_file, tmp_path):
    copy = tmp_path / "broken.casecoder"
    shutil.copy(demo_study_file[0], copy)
    with Study.open(copy, user="tester") as study:  # a leaf code at one site, coded by one coder
        code = study.codes.find("Challenges/Resistance")
        site = study.cases.find("Alder Street Elementary")
        right = study.runs.code_case_passages(None).get((code.id, site.id), 0)
    assert right > 0
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE code_case_counts SET n = n + 40 WHERE code_n = (SELECT n FROM codes WHERE id = ?) "
                 "AND case_key = ? AND coder = (SELECT min(coder) FROM code_case_counts WHERE case_key = ? "
                 "AND code_n = (SELECT n FROM codes WHERE id = ?))", (code.id, site.id, site.id, code.id))
    assert conn.total_changes == 1
    conn.commit()
    conn.close()
    window = open_window(qtbot, copy, tmp_path)
    person.choose_menu(window, "View", "Codes by site")
    assert heat_cell(window, code.id, site.id) == str(right + 40)  # the damage shows

    dialog = check_from_the_menu(window, qtbot)
    assert not dialog.report["ok"]
    text = dialog.findings.toPlainText()
    assert "Per-site coding counts that disagree with the codings: 1." in text
    assert "'Resistance' at 'Alder Street Elementary'" in text and "Repair rebuilds it" in text
    assert "problems found" in dialog.heading.text()
    assert dialog.repair_button.isEnabled()

    click(dialog, "Repair")
    qtbot.waitUntil(lambda: dialog.report["repaired"] != [], timeout=30000)
    assert dialog.report["ok"] and dialog.report["repaired"] == ["per-site coding counts rebuilt"]
    text = dialog.findings.toPlainText()
    assert "Repaired:" in text and "per-site coding counts rebuilt" in text and "No problems found" in text
    assert "after the repair" in dialog.heading.text() and not dialog.repair_button.isEnabled()
    qtbot.waitUntil(lambda: heat_cell(window, code.id, site.id) == str(right))  # the window shows it right
    assert check_study(window.session.study.conn)["ok"]


def test_damage_that_is_not_derived_is_named_not_changed(window, qtbot):
    study = window.session.study
    coding = study.codings.for_source(study.sources.find("alder_principal_w1").id)[0]
    study.conn.execute("UPDATE codings SET end = end + 1000000 WHERE id = ?", (coding.id,))
    dialog = check_from_the_menu(window, qtbot)
    text = dialog.findings.toPlainText()
    assert "Codings outside their source's text: 1." in text and "cannot be rebuilt" in text
    assert "Restore from backup" in text
    assert not dialog.repair_button.isEnabled()  # nothing the repair could rebuild
    click(dialog, "Check again")
    qtbot.waitUntil(lambda: dialog.again_button.isEnabled())
    assert study.codings.get(coding.id).end == coding.end + 1000000  # reported, never changed
