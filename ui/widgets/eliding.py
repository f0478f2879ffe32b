"""Names are never silently cut: a name too long for its column or label loses its middle (its
start and its end say most — "Alder Street…Elementary", "alder_princ…_w1"), and the full name
shows in a tooltip. Widths come from the font, never from pixels, so they follow the screen's
scaling and the user's text size."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QSizePolicy, QToolTip, QWidget


def text_width(widget: QWidget, sample: str) -> int:
    """The width `sample` takes in the widget's font, with a little room either side."""
    metrics = QFontMetrics(widget.font())
    return metrics.horizontalAdvance(sample) + metrics.averageCharWidth() + 6


def column_width(view, label: str, sample: str) -> int:
    """A column as wide as its heading or its widest likely value, whichever is wider."""
    header = view.header() if hasattr(view, "header") else view.horizontalHeader()
    return max(text_width(view, sample), text_width(header, label) + 14)  # the heading's padding


class ElidedLabel(QLabel):
    """A one-line label that elides its text in the middle and tells the whole of it in a
    tooltip when it had to; it asks for its text's width but makes do with a little, so it
    never widens its row yet shows the whole name when there is room."""

    def __init__(self, text: str = "", parent=None, mode: Qt.TextElideMode = Qt.ElideMiddle) -> None:
        super().__init__(parent)
        self._full = ""
        self._mode = mode
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        super().setText(text)
        self.setAccessibleName(text)
        self._update_tip()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), QFontMetrics(self.font()).horizontalAdvance("Mmmm…")), hint.height())

    def full_text(self) -> str:
        return self._full

    def elided(self) -> bool:
        return QFontMetrics(self.font()).horizontalAdvance(self._full) > self.contentsRect().width()

    def _update_tip(self) -> None:
        self.setToolTip(self._full if self.elided() else "")

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._update_tip()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = QFontMetrics(self.font()).elidedText(self._full, self._mode, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment() | Qt.AlignVCenter), shown)


class FullNameTips(QObject):
    """Over an item whose text the view elided, the full text as a tooltip (unless the model
    gives a tooltip of its own)."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.ToolTip:
            return False
        index = self.view.indexAt(event.pos())
        if not index.isValid() or index.data(Qt.ToolTipRole):
            return False
        text = index.data(Qt.DisplayRole)
        if not isinstance(text, str) or not text:
            return False
        rect = self.view.visualRect(index)
        if QFontMetrics(self.view.font()).horizontalAdvance(text) <= rect.width() - 8:
            return False  # shown whole: the view's own tooltip, if any
        QToolTip.showText(event.globalPos(), text, watched, rect)
        return True


def elide_names(root: QWidget) -> None:
    """Every list, tree and table under `root` elides in the middle and tells the full name."""
    for view in root.findChildren(QAbstractItemView):
        if isinstance(view, QHeaderView) or view.property("keepsItsText"):
            continue  # headings break over lines of their own (the heat map's, the pattern table's)
        view.setTextElideMode(Qt.ElideMiddle)
        if not view.viewport().property("fullNameTips"):
            view.viewport().installEventFilter(FullNameTips(view))
            view.viewport().setProperty("fullNameTips", True)


class FitNameColumn(QObject):
    """Keep a tree's name column as wide as its longest name needs, the other columns giving up
    their room first: a narrow panel hides its detail column (shown again as the panel widens)
    before most names are cut. `detail` is the column that yields; `wanted` the width it wants."""

    def __init__(self, view, detail: int, wanted: int, share: float = 0.8) -> None:
        super().__init__(view)
        self.view, self.detail, self.wanted, self.share = view, detail, wanted, share
        self.names_width = 0
        view.viewport().installEventFilter(self)

    def measure(self, names_with_depth: list[tuple[str, int]]) -> None:
        """The room the names need: the widest name at its depth (a pass over the names' text,
        no item view measuring)."""
        metrics = QFontMetrics(self.view.font())
        indent = self.view.indentation()
        widths = sorted(metrics.horizontalAdvance(name) + indent * (depth + 1) + 16
                        for name, depth in names_with_depth)
        # `share` of the names whole (four in five for sources: a few unusually long names do not
        # cost everyone the detail column; every code, whose names tell codes apart)
        self.names_width = widths[min(len(widths) - 1, int(len(widths) * self.share))] if widths else 0
        self.fit()

    def fit(self) -> None:
        header = self.view.header()
        others = sum(header.sectionSize(i) for i in range(header.count())
                     if i not in (0, self.detail) and not header.isSectionHidden(i))
        room = self.view.viewport().width() - others
        hide = room - self.wanted < min(self.names_width, room * 0.8)
        if header.isSectionHidden(self.detail) != hide:
            header.setSectionHidden(self.detail, hide)
        if not hide and header.sectionSize(self.detail) != self.wanted:
            header.resizeSection(self.detail, self.wanted)

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Resize:
            self.fit()
        return False
