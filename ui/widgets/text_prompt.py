"""Asking for a few lines of text — a claim, a note, a description — where Return starts a new
line, so Ctrl+Return is the key that finishes (as in a chat or a review comment), and OK says so.
Qt's own multi-line input dialog has no key that finishes, so a keyboard user had to reach for
the mouse after every claim."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from .spell_check import check_spelling


class TextPrompt(QDialog):
    def __init__(self, parent: QWidget | None, title: str, label: str, text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.edit = QPlainTextEdit(text)
        self.edit.setTabChangesFocus(True)
        check_spelling(self.edit)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setToolTip("Ctrl+Return")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept, context=Qt.WidgetWithChildrenShortcut)
        hint = QLabel("Ctrl+Return to finish")
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        caption = QLabel(label)
        caption.setWordWrap(True)
        layout.addWidget(caption)
        layout.addWidget(self.edit)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(480, 220)
        cursor = self.edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.edit.setTextCursor(cursor)


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> tuple[str, bool]:
    """The text and whether it was accepted, like QInputDialog.getMultiLineText."""
    dialog = TextPrompt(parent, title, label, text)
    accepted = dialog.exec() == QDialog.Accepted
    return dialog.edit.toPlainText(), accepted
