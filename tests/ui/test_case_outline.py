"""The case outline in the window: sections built, renamed, ordered, moved, described and
deleted, codes linked and unlinked, each an undoable step; a codebook file loaded from the menu."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton

from tests.conftest import ROOT

from . import person
from .conftest import answer_modal


def click(dialog, text: str) -> None:
    person.click_at(next(b for b in dialog.findChildren(QPushButton) if b.text() == text))


def type_answer(text: str) -> None:
    def answer(box: QInputDialog) -> None:
        from PySide6.QtWidgets import QLineEdit

        edit = box.findChild(QLineEdit)
        edit.selectAll()
        person.type_text(text, edit)
        person.press("Return", edit)

    answer_modal(None, answer, QInputDialog)


def choose_section(dialog, name: str) -> None:
    item = next(i for i in dialog.items.values() if i.text(0) == name)
    dialog.tree.scrollToItem(item)
    person.click_item(dialog.tree, dialog.tree.indexFromItem(item))


def names(dialog) -> list[str]:
    return [s.path for s in dialog.session.study.sections.all()]


def test_building_the_case_outline_in_the_window(window, qtbot):
    study = window.session.study
    person.choose_menu(window, "Code", "Case outline…")
    dialog = window.case_outline_dialog
    qtbot.waitUntil(dialog.isVisible)
    before = names(dialog)
    type_answer("7 Equity")
    click(dialog, "Add section…")
    assert names(dialog)[-1] == "7 Equity" and dialog.current() == study.sections.find("7 Equity").id
    type_answer("7.1 Access to advanced courses")
    click(dialog, "Add sub-section…")
    assert "7 Equity/7.1 Access to advanced courses" in names(dialog)
    choose_section(dialog, "7 Equity")
    type_answer("7 Equity and access")
    click(dialog, "Rename…")
    assert "7 Equity and access/7.1 Access to advanced courses" in names(dialog)
    click(dialog, "Up")
    top = [s.name for s in study.sections.all() if s.parent_id is None]
    assert top.index("7 Equity and access") == len(top) - 2
    person.click_at(dialog.description)
    person.type_text("Who gets which teachers and courses.", dialog.description)
    click(dialog, "Save description")
    assert study.sections.find("7 Equity and access").description == "Who gets which teachers and courses."

    code = study.codes.find("Challenges/Resistance")

    def pick_code(picker) -> None:
        person.type_text("Resistance", picker.filter)
        person.press("Return", picker.list)

    answer_modal(None, pick_code)
    click(dialog, "Link codes…")
    assert study.codes.get(code.id).section_id == study.sections.find("7 Equity and access").id
    assert dialog.codes.count() == 1 and dialog.codes.item(0).text() == code.path
    person.click_item(dialog.codes, dialog.codes.model().index(0, 0))
    click(dialog, "Unlink")
    assert study.codes.get(code.id).section_id is None and dialog.codes.count() == 0

    def yes(box: QMessageBox) -> None:
        person.click_at(box.button(QMessageBox.Yes))

    answer_modal(None, yes, QMessageBox)
    click(dialog, "Delete…")
    assert names(dialog) == before
    window.activateWindow()
    for _ in range(3):  # undo the delete, the unlink and the link: the dialog follows
        person.press("Ctrl+Z", window.document.editor)
    assert "7 Equity and access/7.1 Access to advanced courses" in names(dialog)
    assert any(i.text(0) == "7 Equity and access" for i in dialog.items.values())
    assert study.codes.get(code.id).section_id == study.sections.find("7 Equity and access").id


def test_loading_a_codebook_file_from_the_menu(window, qtbot, tmp_path, message_boxes):
    study = window.session.study
    book = tmp_path / "equity.toml"
    book.write_text('name = "Equity"\n\n[[section]]\npath = "8 Equity"\n\n[[code]]\npath = "Equity/Tracking"\n'
                    'section = "8 Equity"\ndefinition = "Placing students in levels"\n', encoding="utf-8")
    person.answer_file_dialog(book)
    person.choose_menu(window, "File", "Load a codebook (.toml)…")
    qtbot.waitUntil(lambda: "Equity/Tracking" in window.codebook.paths_by_id().values())
    assert study.codes.find("Equity/Tracking").section_id == study.sections.find("8 Equity").id
    bad = tmp_path / "broken.toml"
    bad.write_text("[[code]\npath = ", encoding="utf-8")
    before = study.dump()
    person.answer_file_dialog(bad)
    person.choose_menu(window, "File", "Load a codebook (.toml)…")
    qtbot.waitUntil(lambda: bool(message_boxes))
    assert "broken.toml" in message_boxes[0] and "not a valid codebook file" in message_boxes[0]
    message_boxes.clear()
    assert study.dump() == before
    assert (ROOT / "resources" / "starter_codebook.toml").exists()
