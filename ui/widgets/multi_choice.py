"""A drop-down list of checkable choices, for a filter that takes several values or a set of
columns: closed, it shows what is chosen ("principal, assistant principal"; "(any)" when nothing
is). It opens on a click, Space, F4 or Alt+Down; a click or Space ticks or unticks the row under
it and the list stays open for the next; Return, Escape or a click outside closes it. A first row
unticks everything (and, for column pickers, a second ticks everything). Built on QComboBox, so
it sizes, styles and takes focus as the other drop-downs do; the wheel never changes it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QIcon, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QStyle, QStyledItemDelegate, QStyleOptionComboBox, QStylePainter

VALUE, KIND, SHORT, GROUP = Qt.UserRole, Qt.UserRole + 1, Qt.UserRole + 2, Qt.UserRole + 3
CLEAR, ALL, CHOICE, HEADING = "clear", "all", "choice", "heading"


class MultiChoice(QComboBox):
    """`nothing`: what the closed list says with nothing ticked (and the row that unticks all).
    `everything`: given for a column picker, what it says with every choice ticked ("all {n}
    codes", n the number of choices), and a row "(all)" that ticks every one."""

    changed = Signal()

    def __init__(self, tip: str, nothing: str = "(any)", everything: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.tip, self.nothing, self.everything = tip, nothing, everything
        self.items = QStandardItemModel(self)
        self.setModel(self.items)
        self.setItemDelegate(QStyledItemDelegate(self))  # draws the check boxes in every style
        self.setMinimumContentsLength(16)  # room for two short values: "principal, teacher"
        self.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.setFocusPolicy(Qt.StrongFocus)
        self._pressed: int | None = None
        self.view().viewport().installEventFilter(self)  # after the popup's own filter: runs first
        self.view().installEventFilter(self)
        self.set_choices([])

    # ------------------------------------------------------------------ choices
    def set_choices(self, choices: list[tuple], keep: bool = True) -> None:
        """`choices`: (label, value) rows, or (label, value, short, group) where `short` is the
        label in the summary and `group` a heading shown above its rows (an attribute's name).
        What was ticked stays ticked where it is still offered (unless `keep` is false)."""
        ticked = set(self.values()) if keep else set()
        self.items.clear()
        self._add_control(self.nothing, CLEAR)
        if self.everything is not None:
            self._add_control("(all)", ALL)
        group = None
        for choice in choices:
            label, value, short, row_group = (*choice, None, None)[:4]
            if row_group is not None and row_group != group:
                heading = QStandardItem(row_group)
                heading.setFlags(Qt.ItemIsEnabled)
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
                heading.setData(HEADING, KIND)
                self.items.appendRow(heading)
            group = row_group
            item = QStandardItem(label)
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsUserCheckable)
            item.setData(value, VALUE)
            item.setData(CHOICE, KIND)
            item.setData(short if short is not None else label.strip(), SHORT)
            item.setData(row_group, GROUP)
            item.setData(Qt.Checked if _key(value) in {_key(v) for v in ticked} else Qt.Unchecked,
                         Qt.CheckStateRole)
            self.items.appendRow(item)
        self.view().setMinimumWidth(min(520, self.view().sizeHintForColumn(0) + 36))
        self._update_tip()
        self.update()

    def _add_control(self, text: str, kind: str) -> None:
        item = QStandardItem(text)
        item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
        item.setData(kind, KIND)
        font = item.font()
        font.setItalic(True)
        item.setFont(font)
        self.items.appendRow(item)

    def _choices(self) -> list[QStandardItem]:
        return [self.items.item(r) for r in range(self.items.rowCount()) if self.items.item(r).data(KIND) == CHOICE]

    def choice_values(self) -> list:
        """Every value offered, in order."""
        return [item.data(VALUE) for item in self._choices()]

    def values(self) -> list:
        """The ticked values, in the order offered."""
        return [item.data(VALUE) for item in self._choices() if item.data(Qt.CheckStateRole) == Qt.Checked]

    def set_values(self, values) -> None:
        """Tick exactly these values (those offered)."""
        wanted = {_key(v) for v in values or ()}
        self._set_checks(lambda item: _key(item.data(VALUE)) in wanted)

    def row_of(self, value) -> int:
        """The row (in the drop-down list) of a value; -1 when it is not offered."""
        for row in range(self.items.rowCount()):
            item = self.items.item(row)
            if item.data(KIND) == CHOICE and _key(item.data(VALUE)) == _key(value):
                return row
        return -1

    def _set_checks(self, ticked) -> None:
        before = self.values()
        for item in self._choices():
            item.setData(Qt.Checked if ticked(item) else Qt.Unchecked, Qt.CheckStateRole)
        if self.values() != before:
            self._update_tip()
            self.update()
            self.changed.emit()

    def summary(self) -> str:
        """What the closed list shows."""
        choices = self._choices()
        chosen = [item for item in choices if item.data(Qt.CheckStateRole) == Qt.Checked]
        if not chosen:
            return self.nothing
        if self.everything is not None and len(chosen) == len(choices):
            return self.everything.format(n=len(choices))
        parts: list[str] = []
        group = object()
        for item in chosen:
            short, item_group = item.data(SHORT), item.data(GROUP)
            if item_group is not None and item_group == group:
                parts[-1] += f", {short}"
            elif item_group is not None:
                parts.append(f"{item_group}: {short}")
            else:
                parts.append(short)
            group = item_group
        return ("; " if any(i.data(GROUP) is not None for i in chosen) else ", ").join(parts)

    def _update_tip(self) -> None:
        self.setToolTip(f"{self.tip}\nChosen: {self.summary()}\n(Click or Space opens the list; click or Space "
                        "ticks; Return closes)")
        self.setAccessibleDescription(self.summary())

    # ------------------------------------------------------------------ acting on the list
    def _activate(self, row: int) -> None:
        """What a click or Space on a row of the open list does."""
        item = self.items.item(row) if 0 <= row < self.items.rowCount() else None
        if item is None:
            return
        kind = item.data(KIND)
        if kind == CLEAR:
            self._set_checks(lambda _i: False)
        elif kind == ALL:
            self._set_checks(lambda _i: True)
        elif kind == CHOICE:
            on = item.data(Qt.CheckStateRole) != Qt.Checked
            self._set_checks(lambda i: on if i is item else i.data(Qt.CheckStateRole) == Qt.Checked)

    def eventFilter(self, watched, event) -> bool:
        view = self.view()
        kind = event.type()
        if watched is view.viewport() and kind in (QEvent.MouseButtonPress, QEvent.MouseButtonDblClick,
                                                   QEvent.MouseButtonRelease):
            if event.button() != Qt.LeftButton:
                return False
            index = view.indexAt(event.position().toPoint())
            if kind != QEvent.MouseButtonRelease:
                self._pressed = index.row() if index.isValid() else None
                return False  # the list makes the row current, as a person sees
            pressed, self._pressed = self._pressed, None
            if not index.isValid():
                return False
            if pressed == index.row():  # a click on the row, not the release of the click that opened the list
                self._activate(index.row())
            return True  # the list stays open for the next tick
        if watched is view and kind == QEvent.KeyPress:
            key = event.key()
            if key == Qt.Key_Space:
                self._activate(view.currentIndex().row())
                return True
            if key in (Qt.Key_Return, Qt.Key_Enter):
                if view.currentIndex().data(KIND) in (CLEAR, ALL):
                    self._activate(view.currentIndex().row())
                self.hidePopup()
                return True
        return super().eventFilter(watched, event)

    def showPopup(self) -> None:
        super().showPopup()
        ticked = next((self.row_of(v) for v in self.values()), -1)
        self.view().setCurrentIndex(self.items.index(max(ticked, 0), 0))

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key_Up, Qt.Key_Down) and not event.modifiers() & Qt.AltModifier:
            self.showPopup()  # nothing to step through when closed: open the list instead
            return
        if key in (Qt.Key_PageUp, Qt.Key_PageDown, Qt.Key_Home, Qt.Key_End, Qt.Key_Return, Qt.Key_Enter) or (
                event.text() and event.text().isprintable() and key != Qt.Key_Space):
            event.ignore()  # a closed list is not stepped through or typed into; Return goes to the panel
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event) -> None:
        event.ignore()  # scrolling the panel must not change a filter

    def paintEvent(self, _event) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.CC_ComboBox, option, QStyle.SC_ComboBoxEditField, self)
        text, metrics = self.summary(), self.fontMetrics()
        if metrics.horizontalAdvance(text) > field.width() and len(self.values()) > 1:
            text = f"{len(self.values())}: {text}"  # cut short: at least say how many are chosen
        option.currentText = metrics.elidedText(text, Qt.ElideRight, field.width())
        option.currentIcon = QIcon()
        painter.drawComplexControl(QStyle.CC_ComboBox, option)
        painter.drawControl(QStyle.CE_ComboBoxLabel, option)


def _key(value):
    """Values compare as their text, so a wave read from JSON as "2" matches 2."""
    return value if isinstance(value, str) else repr(value) if isinstance(value, tuple) else str(value)
