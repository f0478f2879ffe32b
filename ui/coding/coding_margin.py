"""The margin beside the transcript: turn timestamps and a coloured stripe per coding, named
along its length (as in MAXQDA). Hover shows code, coder and note; a click selects the passage;
a right-click opens the coding's menu (remove, re-code, note, fit to the selection)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QTextCursor
from PySide6.QtWidgets import QToolTip, QWidget

from ..style import color, readable_on
from .highlights import assign_lanes

TIME_WIDTH = 58
LANE = 15


class CodingMargin(QWidget):
    coding_clicked = Signal(str)
    coding_menu_requested = Signal(str, QPoint)  # coding id, global position

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view  # DocumentView: editor, codings, turns, offsets
        self.lanes: dict[str, int] = {}
        self.lane_count = 0
        self._rects: list[tuple[QRect, object]] = []
        self.setMouseTracking(True)

    def recompute(self) -> None:
        self.lanes = assign_lanes(self.view.visible_codings())
        self.lane_count = (max(self.lanes.values()) + 1) if self.lanes else 0
        self.updateGeometry()
        self.update()

    def margin_width(self) -> int:
        timed = any(t.time_ms is not None for t in self.view.turns)
        return (TIME_WIDTH if timed else 6) + max(1, self.lane_count) * LANE + 6

    def sizeHint(self) -> QSize:
        return QSize(self.margin_width(), 0)

    def _y_range(self, start: int, end: int) -> tuple[int, int]:
        editor = self.view.editor
        offsets = self.view.offsets
        cursor = QTextCursor(editor.document())
        cursor.setPosition(offsets.to_qt(start))
        top = editor.cursorRect(cursor).top()
        cursor.setPosition(offsets.to_qt(max(start, end - 1)))
        bottom = editor.cursorRect(cursor).bottom()
        return top, bottom

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), color("chrome"))
        editor = self.view.editor
        if not self.view.source_id:
            return
        first, last = self.view.visible_range()
        timed = any(t.time_ms is not None for t in self.view.turns)
        lanes_x = TIME_WIDTH if timed else 6
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1.5))
        painter.setFont(small)
        metrics = QFontMetrics(small)
        offset_y = editor.viewport().y() - self.y() + editor.y()
        if timed:
            painter.setPen(color("muted"))
            for turn in self.view.turns:
                if turn.time_ms is None or turn.start < first or turn.start > last:
                    continue
                top, _ = self._y_range(turn.start, turn.start + 1)
                seconds = turn.time_ms // 1000
                label = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
                painter.drawText(QRect(2, top + offset_y, TIME_WIDTH - 6, metrics.height()),
                                 Qt.AlignRight | Qt.AlignVCenter, label)
        self._rects = []
        for coding in self.view.visible_codings():
            if coding.end < first or coding.start > last or coding.id not in self.lanes:
                continue
            top, bottom = self._y_range(max(coding.start, first), min(coding.end, last))
            x = lanes_x + self.lanes[coding.id] * LANE
            rect = QRect(x + 2, top + offset_y + 1, LANE - 4, max(6, bottom - top - 2))
            stripe = QColor(coding.color)
            selected = coding.id == self.view.selected_coding
            stripe = stripe.darker(130) if selected else stripe
            painter.fillRect(rect, stripe)
            self._rects.append((rect, coding))
            if rect.height() > 30:
                painter.save()
                painter.translate(rect.left() + rect.width() / 2 + metrics.ascent() / 2 - 1, rect.bottom() - 3)
                painter.rotate(-90)
                name = coding.code_path.rsplit("/", 1)[-1]
                painter.setPen(readable_on(stripe, QColor("#202020")))
                painter.drawText(QPoint(0, 0), metrics.elidedText(name, Qt.ElideRight, rect.height() - 6))
                painter.restore()

    def coding_at(self, pos: QPoint):
        for rect, coding in reversed(self._rects):
            if rect.adjusted(-1, 0, 1, 0).contains(pos):
                return coding
        return None

    def mouseMoveEvent(self, event) -> None:
        coding = self.coding_at(event.position().toPoint())
        if coding is None:
            QToolTip.hideText()
            return
        note = f"<br><i>{coding.note}</i>" if coding.note else ""
        QToolTip.showText(event.globalPosition().toPoint(),
                          f"<b>{coding.code_path}</b><br>coder: {coding.coder}{note}", self)

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.LeftButton:  # a right-click opens the menu, keeping the selection
            return
        coding = self.coding_at(event.position().toPoint())
        if coding is not None:
            self.coding_clicked.emit(coding.id)

    def contextMenuEvent(self, event) -> None:
        coding = self.coding_at(event.pos())
        if coding is not None:
            self.coding_menu_requested.emit(coding.id, event.globalPos())
