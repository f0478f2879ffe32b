"""Input the way a person gives it: mouse presses, moves and releases at the on-screen positions
of what they point at, keys through the widget that has focus, drags that start in the widget
the user drags from and run through Qt's own drag loop.

Window tests use these instead of calling methods or building events for the receiving widget:
an event made in the test for the widget that receives it skips everything the real path does
on the way (the source's drag machinery, selection handling, shortcut resolution), which is
where the defects were.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTabBar, QToolBar, QWidget

from tests.screen import has_window_system

needs_window_system = pytest.mark.skipif(
    not has_window_system(), reason="drag and drop needs a window system: install Xvfb (the tests start it)")

LEFT = Qt.LeftButton
NONE = Qt.NoModifier


def settle(ms: int = 30) -> None:
    """Let queued events, timers and repaints run, as they do between a person's movements."""
    QTest.qWait(ms)


# ---------------------------------------------------------------- item views
def item_point(view: QAbstractItemView, index) -> QPoint:
    """Scroll an item into view (as a person would) and return its centre on the viewport."""
    view.scrollTo(index)
    settle(0)
    return view.visualRect(index).center()


def click_item(view: QAbstractItemView, index, modifiers=NONE) -> None:
    QTest.mouseClick(view.viewport(), LEFT, modifiers, item_point(view, index))
    settle()


def double_click_item(view: QAbstractItemView, index) -> None:
    """A real double-click: press and release, then the double-click press and its release."""
    point = item_point(view, index)
    QTest.mouseClick(view.viewport(), LEFT, NONE, point)
    QTest.mouseDClick(view.viewport(), LEFT, NONE, point)
    settle()


def right_click(widget: QWidget, point: QPoint, answer) -> None:
    """A right-click that opens a context menu; `answer(menu)` picks from it as a person would."""
    from tests.ui.conftest import answer_modal

    answer_modal(None, answer)
    QTest.mouseClick(widget, Qt.RightButton, NONE, point)
    # the window system follows a right-click with a context-menu event (QTest's click, sent to
    # the widget, does not), unless the click itself opened a menu
    from PySide6.QtGui import QContextMenuEvent

    if QApplication.activePopupWidget() is None:
        QApplication.sendEvent(widget, QContextMenuEvent(QContextMenuEvent.Mouse, point, widget.mapToGlobal(point)))
    settle()


# ---------------------------------------------------------------- text
def text_point(editor, qt_position: int) -> QPoint:
    """Where the caret for `qt_position` (UTF-16) sits on the editor's viewport, scrolled into view."""
    cursor = QTextCursor(editor.document())
    cursor.setPosition(qt_position)
    bar = editor.verticalScrollBar()
    for _ in range(10000):
        rect = editor.cursorRect(cursor)
        if rect.top() < 0 and bar.value() > bar.minimum():
            bar.setValue(bar.value() - 1)
        elif rect.bottom() > editor.viewport().height() and bar.value() < bar.maximum():
            bar.setValue(bar.value() + 1)
        else:
            break
    settle(0)
    rect = editor.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def char_formats(view) -> list[tuple]:
    """Every character's look (background, weight, colour, underline) as runs of equal look."""
    runs: list[tuple] = []
    block = view.editor.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            f = fragment.charFormat()
            look = (f.background().color().name(QColor.HexArgb) if f.background().style() != Qt.NoBrush else None,
                    f.fontWeight(),
                    f.foreground().color().name() if f.foreground().style() != Qt.NoBrush else None,
                    f.underlineStyle())
            if runs and runs[-1][2] == look and runs[-1][0] + runs[-1][1] == fragment.position():
                start, length, _ = runs[-1]
                runs[-1] = (start, length + fragment.length(), look)
            else:
                runs.append((fragment.position(), fragment.length(), look))
            fragments += 1
        block = block.next()
    return runs


def drag_select(document, start: int, end: int) -> None:
    """Select the passage [start, end) (Python indices) with the mouse: press at its first
    character, move, release after its last — the passage must fit on screen, as it must for
    a person."""
    editor = document.editor
    q_start, q_end = document.offsets.to_qt(start), document.offsets.to_qt(end)
    first = text_point(editor, q_start)
    last = text_point(editor, q_end)
    first = text_point(editor, q_start)  # scrolling to the end may have moved the start
    viewport = editor.viewport()
    if editor.textCursor().hasSelection():  # a press inside a selection would drag its text: click first
        QTest.mouseClick(viewport, LEFT, NONE, first)
        QTest.qWait(QApplication.doubleClickInterval() + 20)  # not a double-click (a word) with the press
    QTest.mousePress(viewport, LEFT, NONE, first)
    QTest.mouseMove(viewport, (first + last) / 2)
    QTest.mouseMove(viewport, last)
    QTest.mouseRelease(viewport, LEFT, NONE, last)
    settle()


def click_text(document, position: int) -> None:
    """Click at a character of the transcript (Python index)."""
    editor = document.editor
    point = text_point(editor, document.offsets.to_qt(position))
    QTest.mouseClick(editor.viewport(), LEFT, NONE, point)
    settle()


def select_phrase(document, phrase: str, after: int = 0) -> tuple[int, int]:
    start = document.text.index(phrase, after)
    drag_select(document, start, start + len(phrase))
    return start, start + len(phrase)


# ---------------------------------------------------------------- keys
def press(keys: str, widget: QWidget | None = None) -> None:
    """Press a key sequence ("Ctrl+F", "Ctrl+Shift+Z", "Return") where the focus is."""
    from PySide6.QtGui import QKeySequence

    target = widget or QApplication.focusWidget() or QApplication.activeWindow()
    sequence = QKeySequence(keys)
    combo = sequence[0]
    QTest.keyClick(target, combo.key(), combo.keyboardModifiers())
    settle()


def type_text(text: str, widget: QWidget | None = None) -> None:
    target = widget or QApplication.focusWidget()
    QTest.keyClicks(target, text)
    settle()


# ---------------------------------------------------------------- drag and drop
def drag(source: QWidget, start: QPoint, target: QWidget, end: QPoint) -> None:
    """Press in `source`, move until its own drag starts, carry it to `target` and release.

    The moves over the target and the release happen inside Qt's drag loop (QDrag.exec), as a
    person's do, so whatever the source does with the drop's outcome happens too.
    """
    def carry() -> None:
        for step in range(1, 6):
            QTest.mouseMove(target, end + QPoint(step - 5, 0))
        QTest.mouseMove(target, end)
        QTest.mouseRelease(target, LEFT, NONE, end)

    QTest.mousePress(source, LEFT, NONE, start)
    QTimer.singleShot(50, carry)
    distance = QApplication.startDragDistance() + 2
    for step in range(1, 5):  # the first move arms the drag, the next ones start it
        QTest.mouseMove(source, start + QPoint(step * distance, 0))
    settle(120)


# ---------------------------------------------------------------- menus and dialogs
def choose_menu(window, *path: str) -> None:
    """Click through the menu bar: choose_menu(window, "File", "New study…"). Each step clicks
    the item where it is drawn; the last one is triggered by its click."""
    from PySide6.QtWidgets import QMenu

    def clean(text: str) -> str:
        return text.replace("&", "")

    bar = window.menuBar()
    action = next(a for a in bar.actions() if clean(a.text()) == path[0])
    QTest.mouseClick(bar, LEFT, NONE, bar.actionGeometry(action).center())
    settle()
    menu = action.menu()
    for name in path[1:]:
        assert isinstance(menu, QMenu) and menu.isVisible(), f"menu {name!r} is not open"
        item = next(a for a in menu.actions() if clean(a.text()) == name)
        assert item.isEnabled(), f"{name!r} is disabled"
        QTest.mouseClick(menu, LEFT, NONE, menu.actionGeometry(item).center())
        settle()
        menu = item.menu()


def answer_file_dialog(path) -> None:
    """When the next file dialog opens, type `path` in its name box and press Enter."""
    from PySide6.QtWidgets import QFileDialog, QLineEdit

    from tests.ui.conftest import answer_modal

    def fill(dialog: QFileDialog) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QDialogButtonBox

        # into the file's folder first, as a person browses there, then its name: a whole path typed
        # makes the dialog change folder part-way through it, as the completer reads each folder,
        # and now and then keep only the rest of the name in a folder that does not hold it
        dialog.setDirectory(str(Path(path).parent))
        settle()
        box = dialog.findChild(QLineEdit, "fileNameEdit")
        buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
        accept = buttons.button(QDialogButtonBox.Save) or buttons.button(QDialogButtonBox.Open)
        settle(300)  # the dialog fills its folder view after it opens, as a person waits for it to
        for _ in range(20):
            if box.text() != Path(path).name:  # what the dialog put in the box as it opened: type over it
                box.setFocus()
                box.selectAll()
                QTest.keyClicks(box, Path(path).name)
            settle(50)
            popup = QApplication.activePopupWidget()
            if popup is not None:  # the file-name completer's list: away with it, as a person does
                popup.close()
                settle(20)
            if accept.isEnabled():
                QTest.mouseClick(accept, LEFT)  # Save / Open, as a person clicks it
                settle(50)
            if not dialog.isVisible():
                break

    answer_modal(None, fill, QFileDialog)


def open_workspace(window, title: str) -> None:
    """Click a workspace's button in the bar down the left of the window."""
    bar = next(b for b in window.findChildren(QToolBar) if b.objectName() == "workspaces")
    action = next(a for a in bar.actions() if a.text() == title)
    button = bar.widgetForAction(action)
    QTest.mouseClick(button, LEFT, NONE, button.rect().center())
    settle()
    assert window.current_workspace().title == title


def click_tab(bar: QTabBar, title: str) -> None:
    """Click the tab whose text (without its mnemonic &) is `title`."""
    index = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == title)
    QTest.mouseClick(bar, LEFT, NONE, bar.tabRect(index).center())
    settle()


def click_at(widget: QWidget) -> None:
    """Click a button (or any widget) in its middle."""
    QTest.mouseClick(widget, LEFT, NONE, widget.rect().center())
    settle()
