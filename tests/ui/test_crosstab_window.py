"""The Compare workspace's crosstab, used as a researcher does: its tab clicked, columns chosen
from the drop-down, a cell double-clicked at its place on screen, which opens the data run that
counts the same passages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from coder.compare.crosstabs import crosstab

from . import person
from .test_heatmap import _choose


def test_a_crosstab_cell_opens_the_run_it_counts(any_window, qtbot):
    window = any_window
    person.open_workspace(window, "Compare")
    person.click_tab(window.compare_tabs.tabBar(), "Crosstab")
    panel = window.crosstab_panel
    qtbot.waitUntil(lambda: panel.table is not None and panel.grid.rowCount() > 0)
    _choose(qtbot, panel.cols, "role")
    study = window.session.study
    table = crosstab(study, ["role"], items=[c.id for c in study.codes.all() if not c.parent_id], descendants=True)
    assert panel.table.cols == table.cols
    row = next(r for r, (key, _l) in enumerate(table.rows) if table.cell(key, "teacher").passages)
    column = table.cols.index("teacher")
    key = table.rows[row][0]
    item = panel.grid.item(row, column)
    assert item.text() == str(table.cell(key, "teacher").passages)
    panel.grid.scrollToItem(item)
    rect = panel.grid.visualItemRect(item)
    QTest.mouseClick(panel.grid.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    QTest.mouseDClick(panel.grid.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    qtbot.waitUntil(lambda: window.current_workspace().title == "Code")
    assert window.bottom_dock.isVisible()
    spec = window.runs.spec()
    assert spec.roles == ["teacher"] and spec.codes == [key]
    assert study.runs.passage_count(spec) == table.cell(key, "teacher").passages
    # the share of the column's sources, and a combination of two attributes
    person.open_workspace(window, "Compare")
    _choose(qtbot, panel.show_as, "Sources of the column's")
    assert " of " in panel.grid.item(row, column).text()
    _choose(qtbot, panel.within, "wave")
    assert any(c.startswith("wave 1 · ") for c in panel.table.cols)
