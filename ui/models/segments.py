"""Data-run and search results as a table: one row per segment, its citation and text."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from coder.coding.runs import Segment

COLUMNS = ("Source", "Site", "Speaker", "Role", "Wave", "Code", "Coder", "Text")


class SegmentsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.segments: list[Segment] = []

    def set_segments(self, segments: list[Segment]) -> None:
        self.beginResetModel()
        self.segments = list(segments)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.segments)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        seg = self.segments[index.row()]
        if role == Qt.DisplayRole:
            values = (seg.source_name, seg.site or seg.district or "", seg.speaker or "", seg.role or "",
                      "" if seg.wave is None else seg.wave, (seg.code or "").rsplit("/", 1)[-1], seg.coder or "",
                      " ".join(seg.text.split()))
            return values[index.column()]
        if role == Qt.ToolTipRole:
            context = " ".join(seg.context["text"].split())
            return f"{seg.citation}\n\n{context[:1200]}"
        return None

    def segment(self, row: int) -> Segment:
        return self.segments[row]
