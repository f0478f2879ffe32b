"""Data-run and search results as a table: one row per segment, its citation and text."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from coder.coding.runs import Segment

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
                      " ".join(seg.text.split()) if seg.code else in_context(seg))
            return values[index.column()]
        if role == Qt.ToolTipRole:
            context = " ".join(seg.context["text"].split())
            return f"{seg.citation}\n\n{context[:1200]}"
        return None

    def segment(self, row: int) -> Segment:
        return self.segments[row]


CONTEXT = 40  # characters each side of a search hit, as the concordance shows them


def in_context(seg: Segment) -> str:
    """A search hit with the words around it, "…before «hit» after…": what a concordance line
    shows, so a list of hits can be read without opening each (guillemets: transcripts use square
    brackets themselves, for times and [laughs])."""
    context = seg.context or {}
    text, base = context.get("text") or "", context.get("start", seg.start)
    if not text:
        return " ".join(seg.text.split())
    a, b = max(0, seg.start - base), max(0, seg.end - base)
    before = " ".join(text[max(0, a - CONTEXT):a].split())
    after = " ".join(text[b:b + CONTEXT].split())
    return (f"{'…' if a > CONTEXT else ''}{before} «{' '.join(text[a:b].split())}» {after}"
            f"{'…' if b + CONTEXT < len(text) else ''}").strip()
