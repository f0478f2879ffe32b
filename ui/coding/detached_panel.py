"""Codings whose words a text correction deleted: place each on the current selection or drop it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget


class DetachedPanel(QWidget):
    def __init__(self, session, window, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.window_ = window
        self._shown: list[tuple[str, object]] = []
        self.list = QListWidget()
        self.note = QLabel("Codings whose words were deleted when a transcript was corrected.")
        place = QPushButton("Place on selection")
        place.setToolTip("Put the chosen coding on the text selected in the document")
        place.clicked.connect(self.place)
        drop = QPushButton("Drop")
        drop.setToolTip("Delete the chosen coding")
        drop.clicked.connect(self.drop)
        row = QHBoxLayout()
        row.addWidget(place)
        row.addWidget(drop)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)

    def refresh(self) -> int:
        """Re-list the detached codings; the list is rebuilt only when what it shows changed
        (coding text, the commonest change, never detaches anything)."""
        study = self.session.study
        detached = study.codings.detached()
        names = study.sources.names({c.source_id for c in detached})
        rows = [(f"{names.get(c.source_id, '?')} · {c.code_path} ({c.coder}): "
                 f"“{' '.join(c.detached_text.split())[:100]}”", c) for c in detached]
        if rows != self._shown:
            self._shown = rows
            self.list.clear()
            for label, coding in rows:
                item = QListWidgetItem(label)
                item.setData(Qt.UserRole, coding)
                self.list.addItem(item)
        return len(detached)

    def _chosen(self):
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item else None

    def place(self) -> None:
        coding = self._chosen()
        doc = self.window_.document
        if coding is None:
            return
        if doc.source_id != coding.source_id:
            self.window_.open_source(coding.source_id)
            self.session.notify("Select the words for this coding, then press Place again.")
            return
        picked = doc.selection()
        if not picked:
            self.session.notify("Select the words for this coding first.")
            return
        self.session.run_op(self.session.study.codings.set_range, coding_id=coding.id, start=picked[0],
                            end=picked[1])

    def drop(self) -> None:
        coding = self._chosen()
        if coding is not None:
            self.session.run_op(self.session.study.codings.remove_coding, coding_id=coding.id)
