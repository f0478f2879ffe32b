"""A compare view's chart, shown in the window: the same picture the exports write (coder.reports
.charts, matplotlib), drawn when the pane is shown and the table has changed since — never for
a table nobody looks at — and scaled to the pane as the window or the splitter is resized: whole
where its words stay readable, else as wide as the pane and scrolled.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea

READABLE = 0.45  # of the picture's drawn size (200 dots an inch): its words still read on a screen


class ChartPane(QScrollArea):
    def __init__(self, draw: Callable[[object, Path], Path], name: str, parent=None) -> None:
        super().__init__(parent)
        self.draw = draw
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        self.picture.setAccessibleName(name)
        self.setWidget(self.picture)
        self.setWidgetResizable(True)
        self.setAccessibleName(name)
        self.table = None
        self.drawn_for = None
        self.pixmap: QPixmap | None = None

    def set_table(self, table) -> None:
        """The table to draw; drawn now if the pane is on screen, else when it is shown."""
        self.table = table
        if self.isVisible():
            self.redraw()

    def redraw(self, again: bool = False) -> None:
        """Draw the table if it changed since (or `again`: how it is drawn changed), when shown."""
        if again:
            self.drawn_for = None
        if self.table is None or self.drawn_for is self.table or not self.isVisible():
            return
        from coder.store.errors import CaseCoderError

        self.drawn_for = self.table
        with tempfile.TemporaryDirectory() as scratch:
            try:
                path = self.draw(self.table, Path(scratch) / "chart.png")
            except CaseCoderError as exc:
                self.pixmap = None
                self.picture.setText(str(exc))
                return
            self.pixmap = QPixmap(str(path))
        self._fit()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.redraw()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Whole in the pane when its words stay readable there; else as wide as the pane at a
        readable size, scrolled down (a tall chart of 25 words in a short pane)."""
        if self.pixmap is None or self.pixmap.isNull():
            return
        ratio = self.devicePixelRatioF()
        width = max(200.0, self.viewport().width() - 8) * ratio
        height = max(150.0, self.viewport().height() - 8) * ratio
        across = width / self.pixmap.width()
        whole = min(across, height / self.pixmap.height())
        scale = min(1.0, whole if whole >= READABLE else min(across, READABLE))
        scaled = self.pixmap.scaledToWidth(max(1, int(self.pixmap.width() * scale)), Qt.SmoothTransformation)
        scaled.setDevicePixelRatio(ratio)
        self.picture.setPixmap(scaled)
