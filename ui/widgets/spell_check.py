"""Spell-checking as you type in the window's text fields: the memo editor and the note fields
(a coding's note, a review comment, a code's definition, a claim).

Misspelled words get the red wavy underline; right-clicking one offers the dictionary's
suggestions at the top of the field's usual menu (choosing one replaces the word as one
undoable edit), "Add to dictionary", the "Check spelling" switch and the spelling language.
The words come from coder.memos.spelling, offline; the language is the user setting that
`casecoder spell` also reads, and the switch is kept in QSettings (`spelling/enabled`).

A QSyntaxHighlighter checks only the block that changed, and the dictionary remembers every
verdict, so typing stays as fast as without it. The menu finds the word under the mouse from the
underline the block carries, so it offers exactly what the field shows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, QObject, QPoint, QSettings, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QContextMenuEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QMenu, QMessageBox, QPlainTextEdit, QTextEdit

from coder.memos.spelling import Speller, available_languages
from coder.store.errors import CaseCoderError
from coder.store.settings import set_spelling_language

from .text_offsets import QtOffsets

ENABLED_KEY = "spelling/enabled"
UNDERLINE = QColor("#e0301e")  # the red of every spell-checker: it reads on a light page and a dark one


class Spelling(QObject):
    """The window's spell-checking, one for the whole application: whether it is on, the
    language's Speller, and `changed` when either (or the user's words) changed."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.enabled = QSettings().value(ENABLED_KEY, True, type=bool)
        self.speller = Speller()

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        QSettings().setValue(ENABLED_KEY, on)
        self.changed.emit()

    def set_language(self, language: str) -> None:
        self.speller = Speller(language)
        set_spelling_language(language)
        self.changed.emit()

    def add_word(self, word: str) -> None:
        self.speller.add_word(word)
        self.changed.emit()


_spelling: list[Spelling] = []


def offsets_for(text: str) -> QtOffsets:
    """QtOffsets for `text`; one C-speed pass finds that most texts need no mapping at all (no
    character outside the Basic Multilingual Plane), which matters on every keystroke."""
    return QtOffsets(text) if text and max(text) > "\uffff" else QtOffsets("")


def spelling() -> Spelling:
    """The application's spell-checking (made when first needed)."""
    if not _spelling:
        _spelling.append(Spelling())
    return _spelling[0]


class SpellHighlighter(QSyntaxHighlighter):
    """Underlines the misspelled words of a plain text field; the memo's Markdown highlighter
    builds on it."""

    def __init__(self, document) -> None:
        super().__init__(document)
        spelling().changed.connect(self.rehighlight)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        self.underline_misspelled(text, offsets_for(text))

    def underline_misspelled(self, text: str, offsets: QtOffsets) -> None:
        """The wavy underline under each misspelled word of this block, over its other formats."""
        checking = spelling()
        if not checking.enabled:
            return
        for start, end, _word in checking.speller.misspelled(text):
            for position in range(offsets.to_qt(start), offsets.to_qt(end)):
                fmt = self.format(position)
                fmt.setUnderlineStyle(QTextCharFormat.SpellCheckUnderline)
                fmt.setUnderlineColor(UNDERLINE)
                self.setFormat(position, 1, fmt)


def language_name(code: str) -> str:
    """"English (en)", "German (de)", "English, United Kingdom (en_GB)": a dictionary's language
    by name, with its code; a code Qt does not know as itself."""
    locale = QLocale(code)
    if locale.language() == QLocale.C:
        return code
    name = QLocale.languageToString(locale.language())
    if "_" in code or "-" in code:
        name += f", {QLocale.territoryToString(locale.territory())}"
    return f"{name} ({code})"


class SpellMenu(QObject):
    """The context menu of a text field that is spell-checked: the suggestions for the word
    under the mouse, "Add to dictionary", "Check spelling" and "Spelling language", then the
    field's own menu (undo, cut, copy, paste…)."""

    def __init__(self, edit: QPlainTextEdit | QTextEdit) -> None:
        super().__init__(edit)
        self.edit = edit
        edit.installEventFilter(self)
        edit.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.ContextMenu:
            return False
        if watched is self.edit.viewport():
            point = event.pos()
        elif watched is self.edit and event.reason() == QContextMenuEvent.Keyboard:
            point = self.edit.cursorRect().center()
        else:
            return False
        menu = self.menu(point)
        menu.exec(self.edit.viewport().mapToGlobal(point))
        menu.deleteLater()
        return True

    def misspelling_at(self, point: QPoint) -> tuple[int, int, str] | None:
        """(start, end, word) in document positions of the underlined word at `point` (viewport)."""
        cursor = self.edit.cursorForPosition(point)
        block, at = cursor.block(), cursor.positionInBlock()
        runs = sorted((r.start, r.start + r.length) for r in block.layout().formats()
                      if r.format.underlineStyle() == QTextCharFormat.SpellCheckUnderline)
        words: list[list[int]] = []
        for start, end in runs:  # a word's underline may be cut into pieces by its other formats
            if words and start <= words[-1][1]:
                words[-1][1] = max(words[-1][1], end)
            else:
                words.append([start, end])
        offsets = QtOffsets(block.text())
        for start, end in words:
            if start <= at <= end:
                word = block.text()[offsets.from_qt(start):offsets.from_qt(end)]
                return block.position() + start, block.position() + end, word
        return None

    def menu(self, point: QPoint) -> QMenu:
        menu = self.edit.createStandardContextMenu()
        first = menu.actions()[0] if menu.actions() else None
        checking = spelling()
        ours: list[QAction] = []
        found = self.misspelling_at(point) if checking.enabled else None
        if found is not None:
            start, end, word = found
            suggestions = checking.speller.suggestions(word)
            for suggestion in suggestions:
                action = QAction(suggestion, menu)
                action.setToolTip(f"Replace “{word}” with “{suggestion}”")
                font = action.font()
                font.setBold(True)
                action.setFont(font)
                action.triggered.connect(lambda _on=False, s=suggestion: self.replace(start, end, s))
                ours.append(action)
            if not suggestions:
                none = QAction("No suggestions", menu)
                none.setEnabled(False)
                ours.append(none)
            add = QAction("Add to dictionary", menu)
            add.setToolTip(f"Keep “{word}” as spelled right, in memos and notes ({checking.speller.language})")
            add.triggered.connect(lambda _on=False: self._try(checking.add_word, word))
            ours.append(add)
        check = QAction("Check spelling", menu, checkable=True, checked=checking.enabled)
        check.setToolTip("Underline misspelled words in memos and notes")
        check.toggled.connect(checking.set_enabled)
        ours.append(check)
        menu.insertActions(first, ours)
        languages = QMenu("Spelling language", menu)
        languages.setToolTipsVisible(True)
        group = QActionGroup(languages)
        for code in available_languages():
            action = languages.addAction(language_name(code))
            action.setCheckable(True)
            action.setChecked(code == checking.speller.language)
            action.setToolTip(f"Check spelling in {language_name(code)}")
            action.triggered.connect(lambda _on=False, c=code: self._try(checking.set_language, c))
            group.addAction(action)
        menu.insertMenu(first, languages).setToolTip("The dictionary memos and notes are checked with")
        if first is not None:
            menu.insertSeparator(first)
        menu.setToolTipsVisible(True)
        return menu

    def _try(self, change, value: str) -> None:
        """Add a word or change the language; a disk that cannot be written, or a dictionary
        removed meanwhile, is said in a message, never a crash."""
        try:
            change(value)
        except CaseCoderError as exc:
            QMessageBox.warning(self.edit, "Spelling", str(exc))

    def replace(self, start: int, end: int, word: str) -> None:
        """`word` in place of the text at [start, end): one step for Ctrl+Z."""
        cursor = QTextCursor(self.edit.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.KeepAnchor)
        cursor.insertText(word)
        self.edit.setTextCursor(cursor)


def check_spelling(edit: QPlainTextEdit | QTextEdit) -> SpellHighlighter:
    """Spell-check a plain note field as its user types, with the spelling menu on right-click."""
    highlighter = SpellHighlighter(edit.document())
    SpellMenu(edit)
    return highlighter
