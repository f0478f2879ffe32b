"""A row of controls that may be narrower than its contents: a QToolBar, whose overflow button
offers what does not fit, so a panel with many controls never forces the window's side panels to
shrink (a plain QHBoxLayout's minimum width is the sum of its widgets')."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy, QToolBar, QWidget


def tool_row(*items) -> QToolBar:
    """`items`: widgets in order; None is a stretch."""
    bar = QToolBar()
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setToolButtonStyle(Qt.ToolButtonTextOnly)
    bar.setStyleSheet("QToolBar { border: none; background: transparent; spacing: 4px; }")
    for item in items:
        if item is None:
            spacer = QWidget()
            spacer.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
            bar.addWidget(spacer)
        else:
            bar.addWidget(item)
    return bar
