"""A pattern table in the window as a person works it, at the default size and on a 1366×768
laptop: columns chosen with clicks in the Columns list and kept with the named table, the district
band and site names still in view after scrolling to the last column, and a splitter between
the grid and the chosen cell's pane that starts with room for both and stays where it is dragged."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest

from coder import Study
from coder.coding.runs import RunSpec
from coder.crosssite.pattern_tables import saved_spec
from ui.main_window import MainWindow
from ui.session import StudySession

from . import person
from .conftest import close_window
from .test_run_filters import choose_in_combo, click, click_row, fully_shown, open_list

COACH, RESIST = "Leadership configuration/Coaching", "Challenges/Resistance"


def show_tables(window, qtbot):
    """Click the Pattern tables tab."""
    person.open_workspace(window, "Compare")
    person.click_tab(window.compare_tabs.tabBar(), "Pattern tables")
    panel = window.pattern_panel
    qtbot.waitUntil(lambda: panel.isVisible() and panel.table is not None and panel.grid.rowCount() > 0)
    return panel


def test_columns_chosen_with_clicks_are_counted_and_saved_with_the_table(any_window, qtbot, monkeypatch):
    window, study = any_window, any_window.session.study
    panel = show_tables(window, qtbot)
    assert fully_shown(window, panel.columns) and panel.columns.summary() == f"all {len(study.codes.all())} codes"
    coach, resist = study.codes.find(COACH), study.codes.find(RESIST)

    open_list(qtbot, panel.columns)
    click_row(panel.columns, 0)  # "(none)"
    assert panel.grid.columnCount() == 0 and "No columns" in panel.pane.title.text()
    for code in (resist, coach):
        click_row(panel.columns, panel.columns.row_of(code.id))
    person.press("Return", panel.columns.view())
    qtbot.waitUntil(lambda: not panel.columns.view().isVisible())
    assert panel.columns.summary() == "Coaching, Resistance"  # in codebook order
    assert [k for k, _l in panel.table.columns] == [coach.id, resist.id] and panel.grid.columnCount() == 2
    alder = study.cases.find("Alder Street Elementary").id
    cell = panel.grid.item(panel.row_of(alder), 0)
    assert cell.text() == str(study.runs.passage_count(RunSpec(codes=[coach.id], descendants=True, sites=[alder])))

    monkeypatch.setattr("ui.compare.pattern_panel.QInputDialog.getText",
                        lambda *a, **k: ("Coaching and resistance", True))
    click(next(b for b in panel.findChildren(type(panel.pane.save)) if b.text() == "Save as…"))
    assert saved_spec(study, "Coaching and resistance")["items"] == [coach.id, resist.id]
    assert not panel.changed.text()

    # another table, then this one again: its columns come back into the list
    choose_in_combo(qtbot, panel.saved, "Leadership across sites")
    assert panel.cols.currentData() == "sections" and panel.grid.columnCount() == len(
        saved_spec(study, "Leadership across sites")["items"])
    choose_in_combo(qtbot, panel.saved, "Coaching and resistance")
    assert panel.columns.summary() == "Coaching, Resistance" and panel.grid.columnCount() == 2

    open_list(qtbot, panel.columns)  # one more column is a change to save
    click_row(panel.columns, panel.columns.row_of(study.codes.find("Learning agenda/Data use").id))
    person.press("Escape", panel.columns.view())
    assert panel.grid.columnCount() == 3 and "changed" in panel.changed.text()


def test_the_district_band_stays_in_view_when_scrolled_sideways(any_window, qtbot):
    window, study = any_window, any_window.session.study
    panel = show_tables(window, qtbot)
    grid = panel.grid
    assert grid.columnCount() == len(study.codes.all())
    assert grid.horizontalScrollBar().maximum() > 0  # more columns than fit: the table scrolls

    alder = study.cases.find("Alder Street Elementary").id
    row = panel.row_of(alder)
    person.click_item(grid, grid.model().index(row, 0))
    person.press("End", grid)  # to the last column, as a person does with the keyboard
    last = grid.model().index(row, grid.columnCount() - 1)
    assert grid.currentIndex() == last and grid.viewport().rect().contains(grid.visualRect(last))
    assert not grid.viewport().rect().intersects(grid.visualRect(grid.model().index(row, 0)))  # scrolled away

    header = grid.verticalHeader()
    for band_row, district in ((0, "Harbor Valley"), (panel.row_of(study.cases.find("Elm Creek Elementary").id) - 1,
                                                      "Prairie Ridge")):
        y = header.sectionViewportPosition(band_row) + header.sectionSize(band_row) // 2
        if not 0 <= y < header.height():
            continue  # below the part of the grid shown at this size
        assert grid.verticalHeaderItem(band_row).text() == district
        assert header.logicalIndexAt(QPoint(4, y)) == band_row and header.isVisible()
        for x in (4, header.width() - 4):  # the band's name, across the header, on screen and uncovered
            at = header.mapTo(window, QPoint(x, y))
            assert window.rect().contains(at) and window.childAt(at) in (header, header.viewport())
    y = header.sectionViewportPosition(row) + 2
    assert grid.verticalHeaderItem(row).text().strip() == "Alder Street Elementary"
    assert header.logicalIndexAt(QPoint(4, y)) == row


def test_the_cell_pane_has_room_and_the_splitter_stays_where_dragged(any_window, qtbot, tmp_path, demo_study_file):
    window = any_window
    panel = show_tables(window, qtbot)
    person.click_item(panel.grid, panel.grid.model().index(1, 0))  # Alder Street × the first column
    qtbot.waitUntil(lambda: panel.pane.place is not None)
    grid_h, pane_h = panel.split.sizes()
    line = panel.pane.summary.fontMetrics().lineSpacing()
    assert panel.pane.summary.viewport().height() >= 3 * line  # a few lines to write in
    header = panel.grid.horizontalHeader().height()
    assert grid_h - header >= 3 * panel.grid.rowHeight(1)  # and a few sites to read
    assert pane_h >= panel.pane.minimumSizeHint().height()

    handle = panel.split.handle(1)
    start = handle.rect().center()
    QTest.mousePress(handle, Qt.LeftButton, Qt.NoModifier, start)
    for step in range(1, 7):
        QTest.mouseMove(handle, start + QPoint(0, -8 * step))
    QTest.mouseRelease(handle, Qt.LeftButton, Qt.NoModifier, start + QPoint(0, -48))
    person.settle()
    moved = panel.split.sizes()
    assert moved[1] > pane_h + 20 and moved[0] < grid_h  # the pane grew by the drag
    window.resize(window.width() - 100, window.height())  # a resize no longer re-places it
    person.settle()
    assert abs(panel.split.sizes()[1] - moved[1]) <= 2

    # the next start puts it back where it was left
    window.settings.sync()
    copy = tmp_path / "again.casecoder"
    shutil.copy(demo_study_file[0], copy)
    session = StudySession(Study.open(copy, user="tester"))
    again = MainWindow(session, QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat), restore=True)
    again.resize(window.size())
    again.show()
    qtbot.waitExposed(again)
    QTest.qWait(50)
    again.apply_default_layout()  # as the window fixture lays out its window (conftest.open_window)
    person.settle()
    try:
        again_panel = show_tables(again, qtbot)
        qtbot.waitUntil(lambda: again_panel.split.height() == panel.split.height())  # the same room
        assert abs(again_panel.split.sizes()[1] - moved[1]) <= 2
    finally:
        close_window(again)
