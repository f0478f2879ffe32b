"""Word export settings as a researcher sets them: File > Word export settings…, a lab's .dotx
chosen in the file dialog, empty sections kept; then File > Export memo to Word… writes a memo on
the lab's A4 page with its empty sections as headings. A file that is not a template is refused
in the dialog, naming it, and the settings stay as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from PySide6.QtWidgets import QDialogButtonBox

from coder.reports.options import WordOptions
from tests.ui.conftest import answer_modal
from tests.ui.person import answer_file_dialog, choose_menu, click_at, settle
from ui.dialogs.word_settings import WordSettingsDialog, save_word_options, word_options

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "word"


@pytest.fixture(autouse=True)
def plain_settings():
    save_word_options(WordOptions())
    yield
    save_word_options(WordOptions())


def _set_up(dialog: WordSettingsDialog, template: Path, keep_empty: bool, done: list) -> None:
    answer_file_dialog(template)
    click_at(dialog.choose)  # the file dialog opens over this one and is answered
    settle(100)
    if keep_empty != dialog.keep_empty.isChecked():
        click_at(dialog.keep_empty)
    done.append(dialog.path.text())
    click_at(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok))


def test_a_lab_template_and_empty_sections_reach_the_memo_export(window, qtbot, tmp_path):
    lab = FIXTURES / "lab-a4.dotx"
    seen: list[str] = []
    answer_modal(qtbot, lambda d: _set_up(d, lab, True, seen), WordSettingsDialog)
    choose_menu(window, "File", "Word export settings…")
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    assert seen == [str(lab)]
    assert word_options() == WordOptions(lab, keep_empty=True, heat=False)

    window.show_view("memo")
    qtbot.waitUntil(lambda: window.memo_panel.memo_id is not None)
    out = tmp_path / "alder.docx"
    answer_file_dialog(out)
    choose_menu(window, "File", "Export memo to Word…")
    qtbot.waitUntil(out.exists, timeout=30000)
    doc = Document(str(out))
    assert round(doc.sections[0].page_width.mm) == 210  # the lab's A4 page
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "1.1 Community and students" in headings  # empty, kept as asked


def test_a_file_that_is_not_a_template_is_refused_naming_it(window, qtbot, message_boxes):
    bad = FIXTURES / "not-a-template.dotx"
    seen: list[str] = []
    answer_modal(qtbot, lambda d: _set_up(d, bad, False, seen), WordSettingsDialog)
    choose_menu(window, "File", "Word export settings…")
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    assert seen == ["CaseCoder's own (Letter, Calibri)"]  # the choice did not take
    assert len(message_boxes) == 1 and "not-a-template.dotx: not a Word document or template" in message_boxes[0]
    message_boxes.clear()
    assert word_options() == WordOptions()
