"""Find in a text: the box beside a transcript or a memo (Ctrl+F).

Enter finds the next match and Shift+Enter the previous one, wrapping at either end; a miss
turns the box pink and says so; Escape goes back to the text. One widget for both views, so
the transcript and the memo find alike.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from ..style import color


class FindBox(QLineEdit):
    def __init__(self, editor: QPlainTextEdit, what: str, parent=None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.what = what  # "this source", "this memo"
        self.setPlaceholderText(f"Find in {what.split()[-1]} (Ctrl+F)")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(120)
        self.setMaximumWidth(240)
        self.returnPressed.connect(self.find_next)

    def start(self) -> None:
        """Ctrl+F: into the box, with the selected words (a short, one-line selection) to find."""
        picked = self.editor.textCursor().selectedText()
        if picked and "\u2029" not in picked and len(picked) < 80:
            self.setText(picked)
        self.setFocus(Qt.ShortcutFocusReason)
        self.selectAll()

    def event(self, event) -> bool:
        if event.type() == QEvent.KeyPress:
            if event.key() in (Qt.Key_Return, Qt.Key_Enter) and event.modifiers() & Qt.ShiftModifier:
                self.find_next(backward=True)
                return True
            if event.key() == Qt.Key_Escape:
                self.editor.setFocus(Qt.ShortcutFocusReason)
                return True
        return super().event(event)

    def find_next(self, backward: bool = False) -> bool:
        """Find the box's text from the caret on (wrapping around); say so when it is not there."""
        needle = self.text()
        if not needle:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self.editor.find(needle, flags)
        if not found:
            here = self.editor.textCursor()
            self.editor.moveCursor(QTextCursor.End if backward else QTextCursor.Start)
            found = self.editor.find(needle, flags)
            if not found:
                self.editor.setTextCursor(here)
        self.setStyleSheet("" if found else f"background: {color('warning_bg').name()};")
        self.setToolTip("" if found else f"“{needle}” is not in {self.what}")
        if found:
            self.editor.centerCursor()
        return found
