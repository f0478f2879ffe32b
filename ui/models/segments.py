"""Data-run and search results as a table: one row per segment, its citation and text."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from coder.coding.concordance import concordance
from coder.coding.hit_stream import HitStream
from coder.coding.runs import Segment

FETCH_ROWS = 200  # hits found at once when the list is scrolled to its end
COLUMNS = ("Source", "Site", "Speaker", "Role", "Wave", "Code", "Coder", "Text")


class SegmentsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.segments: Sequence[Segment] = []

    def set_segments(self, segments: Sequence[Segment]) -> None:
        """Show these segments; a lazy sequence (coder.coding.lazy_segments) is kept as it is,
        so only the rows the table draws are decorated."""
        self.beginResetModel()
        self.segments = segments if isinstance(segments, Sequence) else list(segments)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.segments)

    # A search's hits are found as they are needed (coder.coding.hit_stream): the view asks for
    # more when scrolled to the end, and the search panel finds the rest between events.
    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and isinstance(self.segments, HitStream) and not self.segments.complete

    def fetchMore(self, parent=QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self.find_more(FETCH_ROWS)

    def find_more(self, rows: int, seconds: float | None = None) -> int:
        """Find up to `rows` more hits of the search shown (for at most `seconds`), adding them as
        rows; how many were added."""
        if not isinstance(self.segments, HitStream):
            return 0
        found = self.segments.more(rows, seconds=seconds, before_adding=lambda first, last: self.beginInsertRows(
            QModelIndex(), first, last))
        if found:
            self.endInsertRows()
        return found

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
                      " ".join(seg.text.split()) if seg.code else concordance(seg))
            return values[index.column()]
        if role == Qt.ToolTipRole:
            context = " ".join(seg.context["text"].split())
            return f"{seg.citation}\n\n{context[:1200]}"
        return None

    def segment(self, row: int) -> Segment:
        return self.segments[row]
