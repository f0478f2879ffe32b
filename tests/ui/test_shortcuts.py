"""Keyboard shortcuts: none two answer the same keys where the focus is, in any view; each
does what it says when pressed where a person presses it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from ui.main_window import VIEWS

from . import person


def shortcut_entries(window) -> list[tuple[str, Qt.ShortcutContext, list[QWidget], object]]:
    """(keys, context, the widgets it belongs to, the action or shortcut) for every shortcut
    in the window: menu actions, widgets' own actions and QShortcut objects."""
    entries = []
    actions = set(window.findChildren(QAction)) | set(window.actions())
    for action in actions:
        if not action.isEnabled() or not action.isVisible():
            continue
        owners = [o for o in action.associatedObjects() if isinstance(o, QWidget) and not isinstance(o, QMenu)]
        for keys in action.shortcuts():
            entries.append((keys.toString(), action.shortcutContext(), owners, action))
    for shortcut in window.findChildren(QShortcut):
        if shortcut.isEnabled():
            for keys in shortcut.keys():
                entries.append((keys.toString(), shortcut.context(), [shortcut.parent()], shortcut))
    return [e for e in entries if e[0]]


def active(context, owners: list[QWidget], focus: QWidget | None, window) -> bool:
    """Whether Qt would offer this shortcut with `focus` focused (its context rules)."""
    for owner in owners:
        if owner is None or not owner.isVisible() or not owner.isEnabled():
            continue
        if context == Qt.ApplicationShortcut:
            return True
        if context == Qt.WindowShortcut and owner.window() is window:
            return True
        if context == Qt.WidgetWithChildrenShortcut and focus is not None and (
                focus is owner or owner.isAncestorOf(focus)):
            return True
        if context == Qt.WidgetShortcut and focus is owner:
            return True
    return False


def clashes(window) -> list[str]:
    found = set()
    entries = shortcut_entries(window)
    focusable = [w for w in window.findChildren(QWidget)
                 if w.isVisible() and w.focusPolicy() != Qt.NoFocus] + [None]
    for focus in focusable:
        by_keys: dict[str, list] = {}
        for keys, context, owners, item in entries:
            if active(context, owners, focus, window):
                by_keys.setdefault(keys, []).append(item)
        for keys, items in by_keys.items():
            if len(items) > 1:
                names = sorted(i.text().replace("&", "") if isinstance(i, QAction) else i.objectName() or
                               type(i.parent()).__name__ for i in items)
                where = type(focus).__name__ if focus else "nothing focused"
                found.add(f"{keys}: {' / '.join(names)} (focus on {where})")
    return sorted(found)


def test_no_two_shortcuts_answer_the_same_keys_in_any_view(window, qtbot):
    for view in VIEWS:
        window.show_view(view)
        qtbot.wait(20)
        found = clashes(window)
        assert found == [], (view, "\n".join(found))


def test_ctrl_f_in_the_transcript_goes_to_the_find_box(window, qtbot):
    document = window.document
    person.click_text(document, 10)
    assert QApplication.focusWidget() is document.editor
    person.press("Ctrl+F")
    assert QApplication.focusWidget() is document.find_box
    person.type_text("coach")
    person.press("Return")
    picked = document.editor.textCursor().selectedText()
    assert picked.lower() == "coach"


def test_every_shortcut_of_the_document_view_is_listed_in_help(window):
    from ui.menus import shortcut_rows

    listed = {keys for _name, keys in shortcut_rows(window)}
    for keys, _context, _owners, _item in shortcut_entries(window):
        assert QKeySequence(keys).toString(QKeySequence.NativeText) in ", ".join(listed), keys


def test_find_in_document_goes_back_shows_a_miss_and_returns_to_the_text(window, qtbot):
    document = window.document
    window.show_view("heatmap")  # the transcript is behind the map: Ctrl+F brings it forward
    person.press("Ctrl+F", window.heatmap)
    assert window.current_view() is document and QApplication.focusWidget() is document.find_box
    person.type_text("the")
    person.press("Return")
    first = document.editor.textCursor().selectionStart()
    person.press("Return")
    second = document.editor.textCursor().selectionStart()
    assert second > first
    person.press("Shift+Return")
    assert document.editor.textCursor().selectionStart() == first
    document.find_box.clear()
    person.type_text("zzzqqq")
    person.press("Return")
    assert "not in this source" in document.find_box.toolTip()
    person.press("Escape")
    assert QApplication.focusWidget() is document.editor


def test_ctrl_f_in_the_memo_finds_in_the_memo(window, qtbot):
    window.show_view("memo")
    panel = window.memo_panel
    qtbot.waitUntil(lambda: panel.memo_id is not None)
    edit = panel.editor.edit
    QTest.mouseClick(edit.viewport(), Qt.LeftButton, Qt.NoModifier, person.text_point(edit, 5))
    person.press("Ctrl+F")
    assert window.current_view() is panel and QApplication.focusWidget() is panel.editor.find_box
    word = panel.editor.text().split()[3].strip("#*,.")
    person.type_text(word)
    person.press("Return")
    assert edit.textCursor().selectedText() == word
    person.press("Escape")
    assert QApplication.focusWidget() is edit
