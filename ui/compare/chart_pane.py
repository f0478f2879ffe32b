"""A compare view's chart, shown in the window: the same picture the exports write (coder.reports
.charts, matplotlib), drawn when the pane is shown and the table has changed since — never for
a table nobody looks at — and scaled to the pane's width as the window is resized.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea


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

    def redraw(self) -> None:
        if self.table is None or self.drawn_for is self.table:
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
        if self.pixmap is None or self.pixmap.isNull():
            return
        width = max(200, self.viewport().width() - 8)
        ratio = self.devicePixelRatioF()
        scaled = self.pixmap.scaledToWidth(min(int(width * ratio), self.pixmap.width()), Qt.SmoothTransformation)
        scaled.setDevicePixelRatio(ratio)
        self.picture.setPixmap(scaled)
