"""The margin beside the transcript: turn timestamps and a coloured stripe per coding, named
along its length (as in MAXQDA). Hover shows code, coder and note; a click selects the passage;
a right-click opens the coding's menu (remove, re-code, note, fit to the selection)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import islice

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QToolTip, QWidget

from ..style import color, readable_on
from .highlights import LaneLayout

TIME_WIDTH = 58
LANE = 15


class CodingMargin(QWidget):
    coding_clicked = Signal(str)
    coding_menu_requested = Signal(str, QPoint)  # coding id, global position

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view  # DocumentView: editor, codings, turns, offsets
        self.layout = LaneLayout()
        self.lanes: dict[str, int] = {}
        self.lane_count = 0
        self._width = 0
        self._rects: list[tuple[QRect, object]] = []
        self._line_starts: list[int] = []
        self._starts: list[int] = []
        self._longest = 0
        self._line_spans: list[tuple[int, int]] = []
        self._names: dict[tuple[int, str, int], str] = {}
        self.setMouseTracking(True)

    def recompute(self) -> None:
        """After the codings changed: their lanes (re-swept only from the change on), and the
        margin's width when it changed."""
        self.lanes = self.layout.update(self.view.visible_codings(), ordered=True)
        self._starts = [c.start for c in self.layout.order]  # to find the codings on screen
        self._longest = max((c.end - c.start for c in self.layout.order), default=0)
        self.lane_count = (max(self.lanes.values()) + 1) if self.lanes else 0
        width = self.margin_width()
        if width != self._width:  # more lanes, or a transcript with times: the layout makes room
            self._width = width
            self.updateGeometry()
        self.update()

    def margin_width(self) -> int:
        timed = any(t.time_ms is not None for t in self.view.turns)
        return (TIME_WIDTH if timed else 6) + max(1, self.lane_count) * LANE + 6

    def sizeHint(self) -> QSize:
        return QSize(self.margin_width(), 0)

    def _measure_lines(self) -> None:
        """Where each line on screen begins (a Qt position) and its top and bottom in the
        viewport, read from the layout once per repaint: a densely coded transcript has a
        hundred stripes on screen, and asking the editor for two caret rectangles each costs
        more than the rest of the repaint."""
        editor = self.view.editor
        self._line_starts, self._line_spans = [], []
        offset = editor.contentOffset()
        height = editor.viewport().height()
        block = editor.firstVisibleBlock()
        while block.isValid():
            geometry = editor.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > height:
                break
            layout = block.layout()
            if block.isVisible() and layout is not None:
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    top = geometry.top() + line.y()
                    self._line_starts.append(block.position() + line.textStart())
                    self._line_spans.append((round(top), round(top + line.height()) - 1))
            block = block.next()

    def _y_range(self, start: int, end: int) -> tuple[int, int]:
        """The top of the line holding `start` and the bottom of the one holding `end - 1`
        (Python indices), in the viewport; lines off screen count as the nearest one on it."""
        starts, spans = self._line_starts, self._line_spans
        if not starts:
            return 0, 0
        to_qt = self.view.offsets.to_qt
        first = max(0, bisect_right(starts, to_qt(start)) - 1)
        last = max(0, bisect_right(starts, to_qt(max(start, end - 1))) - 1)
        return spans[first][0], spans[last][1]

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), color("chrome"))
        editor = self.view.editor
        if not self.view.source_id:
            return
        self._measure_lines()
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
        pale = QColor("#202020")
        for rect, coding, stripe, named in self._stripes(first, last, lanes_x, offset_y):
            painter.fillRect(rect, stripe)
            self._rects.append((rect, coding))
            if named:
                painter.save()
                painter.translate(rect.left() + rect.width() / 2 + metrics.ascent() / 2 - 1, rect.bottom() - 3)
                painter.rotate(-90)
                name = coding.code_path.rsplit("/", 1)[-1]
                painter.setPen(readable_on(stripe, pale))
                painter.drawText(QPoint(0, 0), self._elided(metrics, name, rect.height() - 6))
                painter.restore()

    def _stripes(self, first: int, last: int, lanes_x: int, offset_y: int) -> list[tuple]:
        """The stripes to draw for the codings on screen, in drawing order: (rect, coding, colour,
        whether it carries its name). Only codings that can reach the screen are looked at, and
        a stripe wholly under a later one in the shared last lane is left out; a name is drawn
        only where no later stripe in its lane covers it. A densely coded transcript piles dozens
        of codings into that lane, and drawing what no one sees was most of the repaint."""
        codings = self.layout.order
        at = bisect_left(self._starts, first - self._longest)
        stripes = []
        for coding in islice(codings, at, None):
            if coding.start > last:
                break  # in order of start: the rest are below
            if coding.end < first or coding.id not in self.lanes:
                continue
            top, bottom = self._y_range(max(coding.start, first), min(coding.end, last))
            x = lanes_x + self.lanes[coding.id] * LANE
            rect = QRect(x + 2, top + offset_y + 1, LANE - 4, max(6, bottom - top - 2))
            stripe = QColor(coding.color)
            stripes.append((rect, coding, stripe.darker(130) if coding.id == self.view.selected_coding else stripe))
        # a later stripe in a lane begins no higher (codings go by start): it hides this one when
        # it begins on the same line and reaches as far, and covers its name when it begins above its end
        reach: dict[tuple[int, int], int] = {}  # (lane x, top) -> furthest bottom of later stripes there
        highest: dict[int, int] = {}  # lane x -> highest top of later stripes
        shown = []
        for rect, coding, stripe in reversed(stripes):
            x, top, bottom = rect.x(), rect.top(), rect.bottom()
            if reach.get((x, top), -1) >= bottom:
                continue
            named = rect.height() > 30 and highest.get(x, bottom + 1) > bottom
            reach[(x, top)] = max(reach.get((x, top), -1), bottom)
            highest[x] = min(highest.get(x, top), top)
            shown.append((rect, coding, stripe, named))
        shown.reverse()
        return shown

    def _elided(self, metrics: QFontMetrics, name: str, width: int) -> str:
        """A code's name cut to a stripe's length, remembered per font, name and length."""
        key = (metrics.height(), name, width)
        text = self._names.get(key)
        if text is None:
            if len(self._names) > 20_000:
                self._names.clear()
            text = self._names[key] = metrics.elidedText(name, Qt.ElideRight, width)
        return text

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
