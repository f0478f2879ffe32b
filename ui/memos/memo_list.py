"""The Memos panel: every memo of the study with its review status, the one being written
marked; choosing one opens it in the editor (the picker above the editor follows)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem


class MemoList(QListWidget):
    chosen = Signal(str)  # a memo id

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Memos of this study")
        self.setAccessibleDescription("Choose a memo to open it in the editor")
        self.setTextElideMode(Qt.ElideMiddle)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # elide a long title, never scroll sideways
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setUniformItemSizes(True)
        self.currentItemChanged.connect(self._changed)
        self._filling = False

    def fill(self, memos: list[tuple[str, str]], current: str | None) -> None:
        """(label, memo id) pairs, in the picker's order; rebuilt only when they changed."""
        shown = [(self.item(i).text(), self.item(i).data(Qt.UserRole)) for i in range(self.count())]
        if shown != memos:
            self._filling = True
            try:
                self.clear()
                for label, memo_id in memos:
                    item = QListWidgetItem(label)
                    item.setData(Qt.UserRole, memo_id)
                    item.setToolTip(label)
                    self.addItem(item)
            finally:
                self._filling = False
        self.select(current)

    def select(self, memo_id: str | None) -> None:
        self._filling = True
        try:
            for i in range(self.count()):
                if self.item(i).data(Qt.UserRole) == memo_id:
                    self.setCurrentRow(i)
                    return
            self.setCurrentRow(-1)
        finally:
            self._filling = False

    def _changed(self, item, _previous) -> None:
        if item is not None and not self._filling:
            self.chosen.emit(item.data(Qt.UserRole))
