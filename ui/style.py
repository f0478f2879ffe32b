"""A calm, legible look for long days of reading: Fusion, a light palette, modest accents."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

STYLE = """
QMainWindow::separator { background: #d9d9d4; width: 3px; height: 3px; }
QDockWidget::title { background: #ecebe6; padding: 4px 6px; font-weight: 600; }
QTabBar::tab { padding: 5px 12px; }
QTabBar::tab:selected { font-weight: 600; }
QTreeView, QTableView, QListWidget { selection-background-color: #c9dcef; selection-color: #101010; }
QHeaderView::section { background: #efeeea; padding: 3px 6px; border: 0; border-right: 1px solid #dcdcd6;
                       border-bottom: 1px solid #dcdcd6; }
QPlainTextEdit { background: #fffefb; border: 1px solid #dcdcd6; selection-background-color: #9cc3e6; }
QLineEdit { padding: 3px; }
QStatusBar { background: #ecebe6; }
"""


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.Window, QColor("#f6f5f1"))
    palette.setColor(QPalette.Base, QColor("#ffffff"))
    palette.setColor(QPalette.AlternateBase, QColor("#f7f6f2"))
    palette.setColor(QPalette.Highlight, QColor("#3d7ab8"))
    palette.setColor(QPalette.ToolTipBase, QColor("#fffbe6"))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSize(10)
    app.setFont(font)
    app.setStyleSheet(STYLE)
