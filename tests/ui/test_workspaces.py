"""The window at a laptop's size, by workspace: each opens from the bar on the left (or Ctrl+1…6)
with its panels on screen and usable, every control named for a screen reader, hidden panels
staying hidden across a restart, View > Reset layout, F6 from panel to panel, the themes, and
names too long for their column told whole in a tooltip."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QPalette, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QSplitter, QToolTip

from coder import Study
from ui.main_window import MainWindow
from ui.session import StudySession
from ui.style import contrast
from ui.widgets.accessible import unnamed_controls

from . import person
from .conftest import _OPEN, close_window, open_window

TITLES = ("Start", "Code", "Memos", "Compare", "Outline", "Team")
USABLE_PANEL = (150, 80)  # a title, a line or two and a scroll bar
USABLE_VIEW = (300, 200)


@pytest.fixture(params=[(1280, 720), (1366, 768)], ids=["1280x720", "1366x768"])
def laptop(request, qtbot, demo_study_file, tmp_path):
    copy = tmp_path / "demo.casecoder"
    shutil.copy(demo_study_file[0], copy)
    win = open_window(qtbot, copy, tmp_path, request.param)
    yield win, request.param
    close_window(win)


def on_screen(window, widget) -> bool:
    """The whole widget lies inside the window (nothing cut off at its edges)."""
    frame = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    return window.rect().contains(frame)


def test_every_workspace_opens_with_its_panels_usable_and_named(laptop, qtbot):
    window, (width, height) = laptop
    hint = window.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 720, hint
    assert window.width() <= width and window.height() <= height
    for title in TITLES:
        person.open_workspace(window, title)
        workspace = window.current_workspace()
        view = workspace.centralWidget()
        assert view.isVisible() and view.width() >= USABLE_VIEW[0] and view.height() >= USABLE_VIEW[1], title
        assert on_screen(window, view), title
        for dock in workspace.docks():
            assert dock.isVisible(), f"{title}: {dock.windowTitle()} hidden"
            if dock.visibleRegion().isEmpty():
                continue  # a panel tabbed behind another: its tab is on screen
            assert dock.width() >= USABLE_PANEL[0] and dock.height() >= USABLE_PANEL[1], \
                f"{title}: {dock.windowTitle()} is {dock.width()}×{dock.height()}"
            assert on_screen(window, dock), f"{title}: {dock.windowTitle()} runs off the window"
        assert unnamed_controls(workspace) == [], title
        assert workspace.accessibleName() == f"{title} workspace"


def test_ctrl_digits_switch_workspaces_and_the_recent_codes_moved_to_alt(window, qtbot):
    for number, title in enumerate(TITLES, start=1):
        person.press(f"Ctrl+{number}", window)
        assert window.current_workspace().title == title
    person.press("Ctrl+2", window)
    recent = {a.shortcut().toString() for a in window.recent_code_actions}
    assert recent == {f"Alt+{n}" for n in range(1, 10)}
    workspaces = {a.shortcut().toString() for a in window.workspace_actions.values()}
    assert workspaces == {f"Ctrl+{n}" for n in range(1, 7)} and not workspaces & recent


def test_a_panel_closed_stays_closed_after_a_restart_and_reset_layout_brings_it_back(
        qtbot, demo_study_file, tmp_path):
    copy = tmp_path / "demo.casecoder"
    shutil.copy(demo_study_file[0], copy)
    settings_path = str(tmp_path / "restart.ini")

    def start() -> MainWindow:
        settings = QSettings(settings_path, QSettings.IniFormat)
        win = MainWindow(StudySession(Study.open(copy, user="tester")), settings, restore=True)
        _OPEN.append(win)
        win.resize(1366, 768)
        win.show()
        qtbot.waitExposed(win)
        qtbot.waitUntil(lambda: not win.current_workspace().needs_layout)
        return win

    win = start()
    person.open_workspace(win, "Code")
    retrieval = win.bottom_dock
    close = next(b for b in retrieval.findChildren(QAbstractButton) if b.objectName() == "qt_dockwidget_closebutton")
    person.click_at(close)
    assert not retrieval.isVisible()
    person.open_workspace(win, "Memos")
    evidence_width = win.evidence_dock.width()
    close_window(win)

    win = start()
    assert win.current_workspace().title == "Memos"  # where the researcher was
    assert abs(win.evidence_dock.width() - evidence_width) <= 8
    person.open_workspace(win, "Code")
    assert not win.bottom_dock.isVisible() and win.left_dock.isVisible()
    person.choose_menu(win, "View", "Reset layout")
    assert win.bottom_dock.isVisible() and win.bottom_dock.height() >= USABLE_PANEL[1]
    person.choose_menu(win, "View", "Panels", "Codebook")
    assert not win.right_dock.isVisible()
    person.choose_menu(win, "View", "Panels", "Codebook")
    assert win.right_dock.isVisible()
    close_window(win)


def test_f6_goes_from_panel_to_panel_and_back_round(window, qtbot):
    person.open_workspace(window, "Code")
    person.click_text(window.document, 10)
    assert QApplication.focusWidget() is window.document.editor
    visited = []
    for _ in range(4):  # transcript, then the study, codebook and retrieval panels, in some order
        person.press("F6")
        focused = QApplication.focusWidget()
        owner = next(d.windowTitle() for d in window.current_workspace().docks()
                     if d.isAncestorOf(focused)) if not window.document.isAncestorOf(focused) else "Transcript"
        visited.append(owner)
    assert sorted(visited) == ["Codebook", "Retrieval", "Study", "Transcript"]
    assert visited[-1] == "Transcript"  # round again
    person.press("Shift+F6")
    assert visited[-2] in [d.windowTitle() for d in window.current_workspace().docks()
                           if d.isAncestorOf(QApplication.focusWidget())]


def test_dark_theme_keeps_shaded_passages_readable(window, qtbot):
    person.open_workspace(window, "Code")
    person.choose_menu(window, "View", "Theme", "Dark")
    try:
        assert QApplication.palette().color(QPalette.Base).lightness() < 60
        assert window.settings.value("appearance/theme") == "dark"
        document = window.document.editor.document()
        checked = 0
        block = document.begin()
        while block.isValid():
            for fmt_range in block.layout().formats():
                fmt = fmt_range.format
                if fmt.background().style() != Qt.NoBrush:
                    assert contrast(fmt.foreground().color(), fmt.background().color()) >= 4.5
                    checked += 1
            if not block.layout().formats():
                cursor = QTextCursor(block)
                for offset in range(0, max(1, block.length() - 1), 40):
                    cursor.setPosition(block.position() + offset + 1)
                    fmt = cursor.charFormat()
                    if fmt.background().style() != Qt.NoBrush:
                        assert contrast(fmt.foreground().color(), fmt.background().color()) >= 4.5
                        checked += 1
            block = block.next()
        assert checked > 20  # the demo's transcript is coded throughout
    finally:
        person.choose_menu(window, "View", "Theme", "Light")
    assert QApplication.palette().color(QPalette.Base).lightness() > 200


def test_a_name_too_long_for_its_column_is_told_whole_in_a_tooltip(window, qtbot):
    person.open_workspace(window, "Code")
    window.current_workspace().resizeDocks([window.left_dock], [190], Qt.Horizontal)
    tree = window.navigator.tree
    tree.expandAll()
    person.settle(100)
    header = tree.header()
    x = header.sectionViewportPosition(0) + header.sectionSize(0) - 12  # inside the name's column, at its end
    target, point = None, None
    for y in range(4, tree.viewport().height(), 6):  # the rows on screen, as the eye runs down them
        index = tree.indexAt(QPoint(x, y))
        name = index.data() if index.isValid() else None
        if name and tree.fontMetrics().horizontalAdvance(name) > tree.visualRect(index).width():
            target, point = index, QPoint(x, y)
            break
    assert target is not None, "no name is long enough to elide at this width"
    QToolTip.hideText()
    QTest.mouseMove(tree.viewport(), point)
    qtbot.wait(50)
    QTest.mouseMove(tree.viewport(), point + QPoint(1, 0))
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    assert QToolTip.text() == target.data()


def test_every_menu_entry_has_its_own_accelerator_or_a_shortcut(window):
    """Alt and a letter reach every menu entry (each letter once per menu), or a shortcut does."""
    problems = []

    def walk(menu, path: str) -> None:
        letters: dict[str, str] = {}
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            text = action.text()
            here = f"{path}/{text.replace('&', '')}"
            if action.menu() is not None:
                walk(action.menu(), here)
            marked = text.replace("&&", "")
            if "&" in marked:
                letter = marked[marked.index("&") + 1].lower()
                if letter in letters:
                    problems.append(f"{here} and {letters[letter]} share Alt+{letter}")
                letters[letter] = here
            elif action.shortcut().isEmpty():
                problems.append(f"{here} has no accelerator or shortcut")

    for workspace in ("Code", "Memos"):  # View > Panels lists the panels of the workspace in front
        person.open_workspace(window, workspace)
        for top in window.menuBar().actions():
            walk(top.menu(), top.text().replace("&", ""))
    assert problems == []


def test_a_splitter_moved_in_a_panel_keeps_its_place_after_a_restart(qtbot, demo_study_file, tmp_path):
    copy = tmp_path / "demo.casecoder"
    shutil.copy(demo_study_file[0], copy)
    settings_path = str(tmp_path / "split.ini")

    def start() -> MainWindow:
        win = MainWindow(StudySession(Study.open(copy, user="tester")),
                         QSettings(settings_path, QSettings.IniFormat), restore=True)
        _OPEN.append(win)
        win.resize(1366, 768)
        win.show()
        qtbot.waitExposed(win)
        return win

    win = start()
    person.open_workspace(win, "Outline")
    splitter = next(s for s in win.outline_panel.findChildren(QSplitter) if s.orientation() == Qt.Vertical)
    handle = splitter.handle(1)
    before = splitter.sizes()[0]
    middle = handle.rect().center()
    QTest.mousePress(handle, Qt.LeftButton, Qt.NoModifier, middle)
    QTest.mouseMove(handle, middle + QPoint(0, 60))
    QTest.mouseRelease(handle, Qt.LeftButton, Qt.NoModifier, middle + QPoint(0, 60))
    person.settle(50)
    moved = splitter.sizes()[0]
    assert moved > before + 30
    close_window(win)

    win = start()
    person.open_workspace(win, "Outline")
    splitter = next(s for s in win.outline_panel.findChildren(QSplitter) if s.orientation() == Qt.Vertical)
    assert abs(splitter.sizes()[0] - moved) <= 8
    close_window(win)
