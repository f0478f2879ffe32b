"""The Compare workspace's crosstab, used as a researcher does: its tab clicked, columns chosen
from the drop-down, a cell double-clicked at its place on screen, which opens the data run that
counts the same passages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from coder.compare.crosstabs import crosstab

from . import person
from .test_heatmap import _choose


def _open_cell(window, qtbot, row: int, column: int) -> None:
    """Click the crosstab's cell where it is drawn, then double-click it: its run opens in Code."""
    grid = window.crosstab_panel.grid
    item = grid.item(row, column)
    grid.scrollToItem(item)
    rect = grid.visualItemRect(item)
    QTest.mouseClick(grid.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    QTest.mouseDClick(grid.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    qtbot.waitUntil(lambda: window.current_workspace().title == "Code")


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
    assert panel.grid.item(row, column).text() == str(table.cell(key, "teacher").passages)
    _open_cell(window, qtbot, row, column)
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


def test_a_speakers_cell_opens_the_run_of_that_speakers_passages(window, qtbot):
    """Columns by speaker; the Coach's cell opens the run filtered to the Coach, with the
    cell's count, after a run with other filters was shown."""
    study = window.session.study
    window.runs.role.set_values(["teacher"])  # left from earlier work: the cell's run replaces it
    person.open_workspace(window, "Compare")
    person.click_tab(window.compare_tabs.tabBar(), "Crosstab")
    panel = window.crosstab_panel
    qtbot.waitUntil(lambda: panel.table is not None and panel.grid.rowCount() > 0)
    _choose(qtbot, panel.cols, "speaker")
    column = panel.table.cols.index("Coach")
    row = next(r for r, (key, _l) in enumerate(panel.table.rows) if panel.table.cell(key, "Coach").passages)
    key = panel.table.rows[row][0]
    _open_cell(window, qtbot, row, column)
    spec = window.runs.spec()
    assert spec.speakers == [study.speakers.find("Coach").id] and spec.roles == [] and spec.codes == [key]
    assert study.runs.passage_count(spec) == panel.table.cell(key, "Coach").passages
    assert {s.speaker for s in window.runs.table.segments.segments} == {"Coach"}


def test_co_occurrence_and_words_from_the_compare_workspace(window, qtbot):
    study = window.session.study
    person.open_workspace(window, "Compare")
    person.click_tab(window.compare_tabs.tabBar(), "Co-occurrence")
    panel = window.cooccur_panel
    qtbot.waitUntil(lambda: panel.table is not None and panel.grid.rowCount() > 0)
    table = panel.table
    pair = next((r, c) for r in range(len(table.codes)) for c in range(len(table.codes))
                if r < c and table.count(table.codes[r][0], table.codes[c][0]))
    item = panel.grid.item(*pair)
    panel.grid.scrollToItem(item)
    rect = panel.grid.visualItemRect(item)
    QTest.mouseClick(panel.grid.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    QTest.mouseDClick(panel.grid.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    qtbot.waitUntil(lambda: window.current_workspace().title == "Code")
    spec = window.runs.spec()
    assert spec.op == "and" and set(spec.codes) == {table.codes[pair[0]][0], table.codes[pair[1]][0]}
    first, other = spec.codes
    assert study.runs.passage_count(spec) == table.count(first, other)  # the cell in the first's row

    person.open_workspace(window, "Compare")
    person.click_tab(window.compare_tabs.tabBar(), "Words")
    words = window.words_panel
    qtbot.waitUntil(lambda: words.words.rowCount() > 0)
    cell = words.words.item(0, 0)
    rect = words.words.visualItemRect(cell)
    QTest.mouseClick(words.words.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    qtbot.waitUntil(lambda: words.concordance.rowCount() > 0)
    assert words.concordance.rowCount() == int(words.words.item(0, 1).text())
    line = words.lines[0]
    row_rect = words.concordance.visualItemRect(words.concordance.item(0, 1))
    QTest.mouseClick(words.concordance.viewport(), Qt.LeftButton, Qt.NoModifier, row_rect.center())
    QTest.mouseDClick(words.concordance.viewport(), Qt.LeftButton, Qt.NoModifier, row_rect.center())
    qtbot.waitUntil(lambda: window.current_workspace().title == "Code" and window.document.source_id == line.source_id)
    assert window.document.selection() == (line.start, line.end)


def test_words_of_teachers_against_principals(window, qtbot):
    person.open_workspace(window, "Compare")
    person.click_tab(window.compare_tabs.tabBar(), "Words")
    words = window.words_panel
    qtbot.waitUntil(lambda: words.words.rowCount() > 0)
    _choose(qtbot, words.role, "teacher")
    _choose(qtbot, words.against, "principal")
    qtbot.waitUntil(lambda: words.words.columnCount() == 4 and words.words.rowCount() > 0)
    assert words.words.horizontalHeaderItem(1).text() == "teacher"
    top = float(words.words.item(0, 3).text())
    assert top > 0 and all(float(words.words.item(r, 3).text()) <= top for r in range(words.words.rowCount()))


def test_charts_are_saved_from_their_tabs(window, qtbot, tmp_path, monkeypatch):
    person.open_workspace(window, "Compare")
    person.click_tab(window.compare_tabs.tabBar(), "Crosstab")
    panel = window.crosstab_panel
    qtbot.waitUntil(lambda: panel.table is not None)
    out = tmp_path / "roles.svg"
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), "SVG drawing (*.svg)"))
    from PySide6.QtWidgets import QPushButton

    person.click_at(next(b for b in panel.findChildren(QPushButton) if b.text() == "Save chart…"))
    assert out.exists()
    assert "Leadership configuration" in out.read_text(encoding="utf-8")
    person.click_tab(window.compare_tabs.tabBar(), "Co-occurrence")
    cooccur = window.cooccur_panel
    qtbot.waitUntil(lambda: cooccur.table is not None)
    net = tmp_path / "codes.png"
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(net), "PNG picture (*.png)"))
    person.click_at(next(b for b in cooccur.findChildren(QPushButton) if b.text() == "Save chart…"))
    assert net.read_bytes()[:4] == b"\x89PNG"
