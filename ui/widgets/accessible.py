"""Names and descriptions a screen reader announces, for every control of the window.

Most controls already say what they are somewhere a sighted user reads it: a button's text, a
field's placeholder, the label beside it (its buddy), a tooltip. `name_controls` turns that
into the accessible name and description wherever none was given by hand, so a control added
later is named the same way; `unnamed_controls` lists what is still anonymous, and a window
test fails on it (tests/ui/test_workspaces.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

CONTROLS = (QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QComboBox, QLineEdit,
            QPlainTextEdit, QTextEdit, QTabBar)


def _plain(text: str) -> str:
    return " ".join(text.replace("&&", "\0").replace("&", "").replace("\0", "&").split())


def _buddies(root: QWidget) -> dict[int, str]:
    return {id(label.buddy()): _plain(label.text()) for label in root.findChildren(QLabel)
            if label.buddy() is not None and label.text()}


def _panel_title(widget: QWidget) -> str:
    """The panel, tab page or workspace a control sits in, for a name that says where."""
    parent = widget.parentWidget()
    while parent is not None:
        if parent.accessibleName():
            return parent.accessibleName()
        parent = parent.parentWidget()
    return ""


def _owner(widget: QWidget, kind: type) -> QWidget | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, kind):
        parent = parent.parentWidget()
    return parent


def derived_name(widget: QWidget, buddies: dict[int, str]) -> str:
    combo = _owner(widget, QComboBox)
    if combo is not None and isinstance(widget, QAbstractItemView):  # a combo box's list of choices
        return f"Choices of {combo.accessibleName() or derived_name(combo, buddies)}"
    if isinstance(widget, QHeaderView):
        view = _owner(widget, QAbstractItemView)
        if view is not None and view.accessibleName():
            side = "Column" if widget.orientation() == Qt.Horizontal else "Row"
            return f"{side} headings of {view.accessibleName()}"
        return ""
    field = _owner(widget, QLineEdit)
    if field is not None and isinstance(widget, QAbstractButton):
        return "Clear the field"
    if isinstance(widget, QAbstractButton) and _plain(widget.text()) not in ("", "▲", "▼", "…"):
        return _plain(widget.text())
    if id(widget) in buddies:
        return buddies[id(widget)]
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit) and widget.placeholderText():
        return widget.placeholderText()
    if widget.toolTip():
        return _plain(widget.toolTip()).split(":")[0].split(" (")[0][:80]
    if isinstance(widget, QTabBar) and widget.count():
        return "Tabs: " + ", ".join(_plain(widget.tabText(i)) for i in range(widget.count()))
    if isinstance(widget, QComboBox) and widget.count():
        return _plain(widget.itemText(0)).split(":")[0]
    return ""


def name_controls(root: QWidget) -> None:
    """Fill in the accessible name and description of every control under `root` that has none."""
    buddies = _buddies(root)
    widgets = root.findChildren(QWidget)
    widgets.sort(key=lambda w: isinstance(w, QHeaderView))  # headers after the views they head
    for widget in widgets:
        if not isinstance(widget, CONTROLS):
            continue
        if not widget.accessibleName():
            name = derived_name(widget, buddies)
            if name:
                widget.setAccessibleName(name)
        if not widget.accessibleDescription():
            tip = _plain(widget.toolTip() or widget.statusTip())
            where = _panel_title(widget)
            description = tip or (f"in {where}" if where else "")
            if description:
                widget.setAccessibleDescription(description)


def unnamed_controls(root: QWidget) -> list[str]:
    """Controls a screen reader could only call by their kind: what they are and where."""
    missing = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, CONTROLS) and not widget.accessibleName():
            if type(widget).__name__ in ("QScrollBar", "QSplitterHandle") or widget.objectName().startswith("qt_"):
                continue
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {_panel_title(widget) or '?'}")
    return missing
