"""The memo text editor: Markdown shown with its formatting (headings large, quotes indented and
italic, bold and italic words) and a toolbar that writes the Markdown for you.

The memo is stored as the very Markdown shown here, so a comment's range in the stored text is a
range in the editor: no conversion stands between what the reviewer selected and what is kept.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QSyntaxHighlighter, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QToolBar, QVBoxLayout, QWidget

from ..widgets.find_box import FindBox
from ..widgets.text_offsets import QtOffsets

HEADING = re.compile(r"^(#{1,3})\s+.*$")
QUOTE = re.compile(r"^>.*$")
LIST = re.compile(r"^\s*([-*+]|\d+[.)])\s")
BOLD = re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__")
ITALIC = re.compile(r"(?<![*\w])\*[^*\n]+\*(?!\*)|(?<![_\w])_[^_\n]+_(?!\w)")


class MarkdownHighlighter(QSyntaxHighlighter):
    def __init__(self, document) -> None:
        super().__init__(document)
        self.heading = {}
        for level, size in ((1, 1.45), (2, 1.25), (3, 1.1)):
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Bold)
            fmt.setFontPointSize(document.defaultFont().pointSizeF() * size)
            fmt.setForeground(QColor("#1f3b63"))
            self.heading[level] = fmt
        self.quote = QTextCharFormat()
        self.quote.setFontItalic(True)
        self.quote.setForeground(QColor("#4a5a4a"))
        self.quote.setBackground(QColor("#f1f5ee"))
        self.marker = QTextCharFormat()
        self.marker.setForeground(QColor("#9aa3ad"))
        self.comment = QTextCharFormat()
        self.comment.setBackground(QColor("#fff1b8"))
        self.comment_ranges: list[tuple[int, int]] = []  # Qt positions

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        heading = HEADING.match(text)
        if heading:
            self.setFormat(0, len(text), self.heading[len(heading.group(1))])
            self.setFormat(0, len(heading.group(1)), self.marker)
        elif QUOTE.match(text):
            self.setFormat(0, len(text), self.quote)
            self.setFormat(0, 1, self.marker)
        elif LIST.match(text):
            self.setFormat(0, LIST.match(text).end(), self.marker)
        for pattern, italic in ((BOLD, False), (ITALIC, True)):
            for m in pattern.finditer(text):
                fmt = QTextCharFormat()
                fmt.setFontWeight(QFont.Bold) if not italic else fmt.setFontItalic(True)
                self.setFormat(m.start(), m.end() - m.start(), fmt)
                marks = 1 if italic else 2
                self.setFormat(m.start(), marks, self.marker)
                self.setFormat(m.end() - marks, marks, self.marker)
        start = self.currentBlock().position()
        for a, b in self.comment_ranges:
            lo, hi = max(a, start), min(b, start + len(text))
            if lo < hi:
                self.setFormat(lo - start, hi - lo, self.comment)


class MemoEditor(QWidget):
    """A Markdown editor with a formatting toolbar; `changed` fires on every edit."""

    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("memoText")
        self.edit.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        font = self.edit.font()
        font.setPointSizeF(max(font.pointSizeF(), 10.5))
        self.edit.setFont(font)
        self.highlighter = MarkdownHighlighter(self.edit.document())
        self.toolbar = QToolBar()
        for text, tip, slot, key in (
                ("H1", "Make this line a section heading", lambda: self.prefix_lines("# "), "Ctrl+Alt+H"),
                ("B", "Bold (**word**)", lambda: self.wrap("**"), "Ctrl+B"),
                ("I", "Italic (*word*)", lambda: self.wrap("*"), None),
                ("•", "Bulleted list", lambda: self.prefix_lines("- "), None),
                ("❝", "Block quote", lambda: self.prefix_lines("> "), None)):
            action = self.toolbar.addAction(text, slot)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            if key:
                action.setShortcut(QKeySequence(key))
                action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
                self.addAction(action)  # active while typing in the editor, not only in the tool bar
        self.find_box = FindBox(self.edit, "this memo")
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(self.find_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.edit)
        self.offsets = QtOffsets("")
        self.edit.textChanged.connect(self._on_text)
        self._loading = False

    def _on_text(self) -> None:
        self.offsets = QtOffsets(self.edit.toPlainText())
        if not self._loading:
            self.changed.emit()

    def set_text(self, text: str) -> None:
        self._loading = True
        try:
            self.edit.setPlainText(text)
        finally:
            self._loading = False

    def replace_text(self, text: str, position: int) -> None:
        """Show `text` (the saved, perhaps re-arranged memo) with the cursor at `position`, and
        the view scrolled where it was unless that would hide the cursor."""
        scroll = self.edit.verticalScrollBar().value()
        self.set_text(text)
        self.offsets = QtOffsets(text)  # also when the caller blocks the edit's signals
        cursor = self.edit.textCursor()
        cursor.setPosition(self.offsets.to_qt(min(position, len(text))))
        self.edit.setTextCursor(cursor)
        self.edit.verticalScrollBar().setValue(scroll)
        self.edit.ensureCursorVisible()

    def place_cursor(self, position: int) -> None:
        """Put the cursor at `position` of the memo text (no selection) and show it."""
        cursor = self.edit.textCursor()
        cursor.setPosition(self.offsets.to_qt(min(position, len(self.text()))))
        self.edit.setTextCursor(cursor)
        self.edit.ensureCursorVisible()

    def text(self) -> str:
        return self.edit.toPlainText()

    def selection(self) -> tuple[int, int]:
        """The selection in Python indices of the memo text."""
        cursor = self.edit.textCursor()
        return self.offsets.from_qt(cursor.selectionStart()), self.offsets.from_qt(cursor.selectionEnd())

    def cursor_position(self) -> int:
        return self.offsets.from_qt(self.edit.textCursor().position())

    def select(self, start: int, end: int) -> None:
        cursor = self.edit.textCursor()
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end), QTextCursor.KeepAnchor)
        self.edit.setTextCursor(cursor)
        self.edit.centerCursor()

    def show_comments(self, ranges: list[tuple[int, int]]) -> None:
        self.highlighter.comment_ranges = [(self.offsets.to_qt(a), self.offsets.to_qt(b)) for a, b in ranges]
        self.highlighter.rehighlight()

    def wrap(self, marker: str) -> None:
        cursor = self.edit.textCursor()
        words = cursor.selectedText()
        cursor.insertText(f"{marker}{words}{marker}")

    def prefix_lines(self, prefix: str) -> None:
        cursor = self.edit.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        cursor.setPosition(start)
        cursor.movePosition(QTextCursor.StartOfBlock)
        cursor.beginEditBlock()
        while True:
            line = cursor.block().text()
            if not line.startswith(prefix):
                cursor.insertText(prefix)
                end += len(prefix)
            if not cursor.movePosition(QTextCursor.NextBlock) or cursor.position() > end:
                break
        cursor.endEditBlock()
