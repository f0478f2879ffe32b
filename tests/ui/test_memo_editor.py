"""The memo editor as a document: headings larger than the text, the Markdown source view with
the same text, colours that read on a light and a dark palette; and spell-checking as you type
there and in a note field, with the suggestions on right-click."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from ui.memos.markdown_view import luminance
from ui.memos.memo_editor import SOURCE_VIEW_KEY, MemoEditor
from ui.widgets.spell_check import spelling
from ui.widgets.text_prompt import TextPrompt

from . import person


@pytest.fixture
def editor(qtbot):
    QSettings().setValue(SOURCE_VIEW_KEY, False)
    widget = MemoEditor()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    QSettings().setValue(SOURCE_VIEW_KEY, False)


def underlined(block) -> list[tuple[int, int]]:
    """(start, end) in the block of each run drawn with the spell-check underline."""
    return [(r.start, r.start + r.length) for r in block.layout().formats()
            if r.format.underlineStyle() == QTextCharFormat.SpellCheckUnderline]


def line_height(editor, number: int) -> float:
    """The height of the first line of block `number`, as its QTextLayout has laid it out."""
    block = editor.edit.document().findBlockByNumber(number)
    editor.edit.blockBoundingRect(block)  # lays the block out, if the last change left it to lay out
    assert block.layout().lineCount() > 0
    return block.layout().lineAt(0).height()


def word_point(edit, position: int):
    """Where the middle of the word at `position` is drawn, on the editor's viewport."""
    cursor = QTextCursor(edit.document())
    cursor.setPosition(position)
    return edit.cursorRect(cursor).center()


def menu_texts(menu: QMenu) -> list[str]:
    return [a.text().replace("&", "").split("\t")[0] for a in menu.actions() if not a.isSeparator()]


def test_a_misspelled_word_is_underlined_and_corrected_from_its_menu(editor, qtbot):
    edit = editor.edit
    edit.setFocus()
    QTest.keyClicks(edit, "The coach runs evrey cycle")
    start = editor.text().index("evrey")
    assert underlined(edit.document().firstBlock()) == [(start, start + 5)]  # that word, and only it

    seen: list[list[str]] = []

    def first_suggestion(menu: QMenu) -> None:
        seen.append(menu_texts(menu))
        first = menu.actions()[0]
        QTest.mouseClick(menu, Qt.LeftButton, Qt.NoModifier, menu.actionGeometry(first).center())

    person.right_click(edit.viewport(), word_point(edit, start + 2), first_suggestion)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert seen[0][0] == "every"
    assert {"Add to dictionary", "Check spelling", "Spelling language", "Undo", "Select All"} <= set(seen[0])
    assert seen[0].index("Spelling language") < seen[0].index("Undo")  # the field's own items below
    assert editor.text() == "The coach runs every cycle"
    assert underlined(edit.document().firstBlock()) == []

    QTest.keyClick(edit, Qt.Key_Z, Qt.ControlModifier)  # the replacement is one step
    assert editor.text() == "The coach runs evrey cycle"


def test_add_to_dictionary_and_the_check_spelling_switch(editor, qtbot):
    editor.set_text("Okafor met the coach.\n")
    edit = editor.edit
    assert underlined(edit.document().firstBlock()) == [(0, 6)]

    def choose(name: str):
        def answer(menu: QMenu) -> None:
            item = next(a for a in menu.actions() if a.text() == name)
            QTest.mouseClick(menu, Qt.LeftButton, Qt.NoModifier, menu.actionGeometry(item).center())
        return answer

    person.right_click(edit.viewport(), word_point(edit, 3), choose("Check spelling"))
    qtbot.waitUntil(lambda: not spelling().enabled)
    assert underlined(edit.document().firstBlock()) == []
    person.right_click(edit.viewport(), word_point(edit, 3), choose("Check spelling"))
    qtbot.waitUntil(lambda: spelling().enabled)
    assert underlined(edit.document().firstBlock()) == [(0, 6)]

    person.right_click(edit.viewport(), word_point(edit, 3), choose("Add to dictionary"))
    qtbot.waitUntil(lambda: underlined(edit.document().firstBlock()) == [])
    assert spelling().speller.knows("Okafor")


def test_the_spelling_language_menu_lists_the_dictionaries(editor, qtbot):
    editor.set_text("Some words.\n")
    shown: list[str] = []

    def read(menu: QMenu) -> None:
        languages = next(a for a in menu.actions() if a.text() == "Spelling language").menu()
        shown.extend(a.text() for a in languages.actions() if a.isChecked())
        shown.append(str(len(languages.actions())))
        menu.close()

    person.right_click(editor.edit.viewport(), word_point(editor.edit, 2), read)
    assert shown[0] == "English (en)" and int(shown[1]) >= 12  # every bundled dictionary


def test_a_note_field_is_spell_checked_too(qtbot):
    prompt = TextPrompt(None, "Note on coding", "Coaching")
    qtbot.addWidget(prompt)
    prompt.show()
    qtbot.waitExposed(prompt)
    QTest.keyClicks(prompt.edit, "Ask teh coach")
    assert underlined(prompt.edit.document().firstBlock()) == [(4, 7)]


def test_a_heading_reads_larger_than_the_text_and_by_its_level(editor):
    editor.set_text("# 1 Context\n\n## Title\n\nBody text here.\n\n### Sub-section\n\n#### Four\n")
    QApplication.processEvents()
    body = line_height(editor, 4)
    assert line_height(editor, 0) > line_height(editor, 2) > line_height(editor, 6) > body
    assert line_height(editor, 8) > body

    font = QFont(editor.edit.font())
    font.setPixelSize(15)  # a font given in pixels has no point size: headings must still be larger
    editor.edit.setFont(font)
    QApplication.processEvents()
    assert line_height(editor, 2) > line_height(editor, 4) * 1.2


def test_a_section_heading_is_sized_by_its_depth_in_the_outline(editor):
    editor.set_text("# 1 Context\n\n# 1.1 Community and students\n\n# Loose ends\n\nText.\n")
    QApplication.processEvents()
    assert line_height(editor, 0) > line_height(editor, 2)  # 1.1 is a level-2 section, as in Word
    editor.set_section_depths({"Loose ends": 3})
    assert line_height(editor, 2) > line_height(editor, 4) > line_height(editor, 6)


def test_the_source_view_shows_the_same_text_plainly(editor, qtbot):
    text = "## Title\n\n> A quotation, *italic*.\n\nBody with **bold** and evrey word.\n"
    editor.set_text(text)
    editor.select(3, 8)
    button = editor.toolbar.widgetForAction(editor.source_action)
    assert "Markdown source" in editor.source_action.toolTip()
    QTest.mouseClick(button, Qt.LeftButton)
    assert editor.source_view() and editor.source_action.isChecked()
    assert editor.text() == text and editor.selection() == (3, 8)
    assert QFontInfo(editor.edit.font()).fixedPitch()
    QApplication.processEvents()
    assert line_height(editor, 0) == line_height(editor, 4)  # no heading sizes
    assert underlined(editor.edit.document().findBlockByNumber(4))  # still spell-checked
    assert QSettings().value(SOURCE_VIEW_KEY, type=bool)
    again = MemoEditor()  # remembered
    assert again.source_view()
    again.deleteLater()

    QTest.mouseClick(button, Qt.LeftButton)
    assert not editor.source_view() and editor.text() == text
    QApplication.processEvents()
    assert line_height(editor, 0) > line_height(editor, 4)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.Window, "#232427"), (QPalette.Base, "#1a1b1d"), (QPalette.Text, "#e4e3df"),
                         (QPalette.WindowText, "#e4e3df"), (QPalette.Button, "#2d2e32"),
                         (QPalette.ButtonText, "#e4e3df"), (QPalette.Highlight, "#4f8fd0"),
                         (QPalette.Link, "#0000ff")):  # Qt's default link blue: unreadable on a dark page
        palette.setColor(role, QColor(colour))
    return palette


def contrast(a: QColor, b: QColor) -> float:
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_document_s_colours_read_on_a_light_and_a_dark_palette(editor):
    editor.set_text("## Title\n\n> Quoted.\n\nText.\n")
    for palette in (QPalette(QColor("#efefef")), dark_palette()):
        editor.setPalette(palette)
        QApplication.processEvents()
        page = editor.edit.palette().color(QPalette.Base)
        colours = editor.highlighter.colours
        assert contrast(colours["heading"], page) >= 4.5
        assert contrast(colours["quote"], page) >= 4.5
        assert contrast(editor.edit.palette().color(QPalette.Text), colours["comment"]) >= 4.5  # text on a comment
        ranges = editor.edit.document().firstBlock().layout().formats()
        title = next(r for r in ranges if r.start <= 3 < r.start + r.length)  # "Title", after the faint "##"
        assert title.format.foreground().color() == colours["heading"]
