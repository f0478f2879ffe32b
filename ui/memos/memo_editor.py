"""The memo text editor: the memo's Markdown read as a document (ui/memos/markdown_view.py:
headings sized by level, faint markers, quotations set off, lists, bold and italic) or, with the
"Markdown source" switch, as plain Markdown in a monospace font; misspelled words underlined in
both (ui/widgets/spell_check.py); a toolbar that writes the Markdown for you.

The memo is stored as the very Markdown shown here, so a comment's range in the stored text is a
range in the editor: no conversion stands between what the reviewer selected and what is kept.
Both views show the same text; only its styling differs.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QSizePolicy, QToolBar, QVBoxLayout, QWidget

from ..widgets.find_box import FindBox
from ..widgets.spell_check import SpellMenu, offsets_for
from ..widgets.text_offsets import QtOffsets
from .markdown_view import MarkdownHighlighter, MemoTextEdit, monospace

__all__ = ["MarkdownHighlighter", "MemoEditor"]
SOURCE_VIEW_KEY = "memo/source_view"  # QSettings: the memo shown as its Markdown source
DOCUMENT_MARGIN = 14  # room in the page's margin for a quotation's bar
SOURCE_MARGIN = 4  # Qt's own


class MemoEditor(QWidget):
    """A Markdown editor with a formatting toolbar; `changed` fires on every edit."""

    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.edit = MemoTextEdit()
        self.edit.setObjectName("memoText")
        self.edit.setLineWrapMode(MemoTextEdit.WidgetWidth)
        font = self.edit.font()
        font.setPointSizeF(max(font.pointSizeF(), 10.5))
        self.edit.setFont(font)
        self.prose_font = font
        self.highlighter = MarkdownHighlighter(self.edit.document(), self.edit)
        self.edit.highlighter = self.highlighter
        self.edit.look_changed.connect(self._restyle)
        self.spell_menu = SpellMenu(self.edit)
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
        self.source_action = self.toolbar.addAction("Markdown source")
        self.source_action.setCheckable(True)
        tip = ("Show the memo as its Markdown source: plain text in a monospace font, without headings, quotations "
               "and emphasis styled (the text is the same)")
        self.source_action.setToolTip(tip)
        self.source_action.setStatusTip(tip)
        self.source_action.toggled.connect(self.set_source_view)
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
        self.edit.document().setDocumentMargin(DOCUMENT_MARGIN)
        if QSettings().value(SOURCE_VIEW_KEY, False, type=bool):
            self.source_action.setChecked(True)

    def source_view(self) -> bool:
        """Whether the memo is shown as its Markdown source."""
        return not self.highlighter.document_view

    def set_source_view(self, on: bool) -> None:
        """Show the memo as plain Markdown in a monospace font (`on`) or as a document; the text,
        the cursor and the selection stay as they are. Remembered for the next memo and start."""
        if self.source_action.isChecked() != on:
            self.source_action.setChecked(on)  # comes back here through toggled
            return
        QSettings().setValue(SOURCE_VIEW_KEY, on)
        if on == self.source_view():
            return
        self.highlighter.document_view = not on
        self.edit.document().setDocumentMargin(SOURCE_MARGIN if on else DOCUMENT_MARGIN)
        self.edit.setFont(monospace(self.prose_font) if on else self.prose_font)  # restyles (look_changed)
        self.highlighter.rehighlight()
        self.edit.viewport().update()
        self.edit.ensureCursorVisible()

    def set_section_depths(self, depths: dict[str, int]) -> None:
        """The depth in the case outline (1 at the top) of each section, by name: a site memo's
        `#` heading is then sized as the Word export sets it (without it, by its number)."""
        self.highlighter.section_depths = {name.strip().lower(): depth for name, depth in depths.items()}
        self.highlighter.rehighlight()

    def _restyle(self) -> None:
        """The palette or the font changed (a theme, a larger font): styles from them anew."""
        self.highlighter.restyle()
        self.highlighter.rehighlight()

    def _on_text(self) -> None:
        self.offsets = offsets_for(self.edit.toPlainText())
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
