"""Code > Sets… in the window, as `casecoder sets` and `set create/add/remove/rename/delete` on the
command line: a set of sources made by ticking, filled, emptied, renamed and deleted, each one
undoable step; the data runs' Set filter offers it as soon as it exists."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QPushButton

from ui.coding.set_members import SetMembersDialog

from . import person
from .conftest import answer_modal


def click(dialog, text: str) -> None:
    person.click_at(next(b for b in dialog.findChildren(QPushButton) if b.text() == text))


def type_answer(text: str) -> None:
    def answer(box: QInputDialog) -> None:
        edit = box.findChild(QLineEdit)
        edit.selectAll()
        person.type_text(text, edit)
        person.press("Return", edit)

    answer_modal(None, answer, QInputDialog)


def list_row(listing, text: str):
    row = next(r for r in range(listing.count()) if listing.item(r).text().startswith(text))
    return listing.model().index(row, 0)


def open_sets(window, qtbot):
    person.choose_menu(window, "Code", "Sets…")
    dialog = window.sets_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_a_set_of_sources_made_filled_renamed_and_deleted(any_window, qtbot):
    window = any_window
    study = window.session.study
    dialog = open_sets(window, qtbot)
    assert dialog.sets.topLevelItemCount() == 0 and "No sets yet" in dialog.title.text()
    assert window.runs.source_set.isHidden()  # no set of sources to offer yet
    # the filter finds a word in a source's name, site, role or wave: principals, assistant
    # principals, a principal supervisor, a principals' meeting
    principals = sorted(s.name for s in study.sources.all() if "principal" in f"{s.name} {s.role}")
    assert len(principals) >= 8

    def new_set(picker: SetMembersDialog) -> None:
        person.click_at(picker.name)
        person.type_text("Principals", picker.name)
        person.click_at(picker.choices.filter)
        person.type_text("principal", picker.choices.filter)
        shown = [picker.choices.list.item(r).text().split()[0] for r in range(picker.choices.list.count())
                 if not picker.choices.list.item(r).isHidden()]
        assert sorted(shown) == principals
        person.click_at(picker.choices.tick_all)
        assert picker.choices.counter.text() == f"{len(principals)} ticked"
        person.click_at(picker.box.button(picker.box.StandardButton.Ok))

    answer_modal(None, new_set, SetMembersDialog)
    click(dialog, "New set…")
    made = study.sets.find("Principals")
    assert sorted(study.sources.get(m).name for m in made.members["source"]) == principals
    assert dialog.sets.currentItem().text(0) == "Principals"
    assert dialog.sets.currentItem().text(1) == f"{len(principals)} sources"
    assert sorted(dialog.members.item(r).text() for r in range(dialog.members.count())) == principals
    runs_set = window.runs.source_set
    assert not runs_set.isHidden() and runs_set.findText("Principals") >= 0  # the data runs offer it

    teacher = next(s for s in study.sources.all() if s.role == "teacher")

    def add_teacher(picker: SetMembersDialog) -> None:
        assert not picker.kind.isEnabled()  # a set of sources takes sources
        person.type_text(teacher.name, picker.choices.filter)
        index = list_row(picker.choices.list, teacher.name)
        person.click_item(picker.choices.list, index)
        person.press("Space", picker.choices.list)  # tick it
        assert picker.ticked() == [teacher.id]
        person.click_at(picker.box.button(picker.box.StandardButton.Ok))

    answer_modal(None, add_teacher, SetMembersDialog)
    click(dialog, "Add members…")
    assert teacher.id in study.sets.find("Principals").members["source"]
    assert dialog.members.count() == len(principals) + 1

    person.click_item(dialog.members, list_row(dialog.members, principals[0]))
    click(dialog, "Remove")
    held = study.sets.find("Principals").members["source"]
    assert study.sources.find(principals[0]).id not in held and len(held) == len(principals)

    type_answer("Leaders and one teacher")
    click(dialog, "Rename…")
    assert dialog.sets.currentItem().text(0) == "Leaders and one teacher"
    assert runs_set.findText("Leaders and one teacher") >= 0 and runs_set.findText("Principals") < 0

    answer_modal(None, lambda box: person.click_at(box.button(QMessageBox.Yes)), QMessageBox)
    click(dialog, "Delete…")
    assert study.sets.all() == [] and dialog.sets.topLevelItemCount() == 0
    assert runs_set.isHidden()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    person.press("Ctrl+Z", window.document.editor)  # the delete, undone: the set is back, everywhere
    assert [s.name for s in study.sets.all()] == ["Leaders and one teacher"]
    assert dialog.sets.topLevelItemCount() == 1 and not runs_set.isHidden()
    for _ in range(3):  # the rename, the removal and the addition
        person.press("Ctrl+Z", window.document.editor)
    restored = study.sets.find("Principals")
    assert sorted(study.sources.get(m).name for m in restored.members["source"]) == principals
    assert dialog.members.count() == len(principals)

    # a source member opens in the transcript with a double-click
    person.double_click_item(dialog.members, list_row(dialog.members, principals[1]))
    assert window.document.source_id == study.sources.find(principals[1]).id


def test_a_set_of_codes(window, qtbot):
    study = window.session.study
    dialog = open_sets(window, qtbot)

    def new_code_set(picker: SetMembersDialog) -> None:
        person.click_at(picker.name)
        person.type_text("Obstacles", picker.name)
        picker.kind.setFocus()
        person.press("Down", picker.kind)  # Sources, then Codes
        assert picker.chosen_kind() == "code"
        person.click_at(picker.choices.filter)
        person.type_text("Challenges/", picker.choices.filter)
        person.click_at(picker.choices.tick_all)
        person.click_at(picker.box.button(picker.box.StandardButton.Ok))

    answer_modal(None, new_code_set, SetMembersDialog)
    click(dialog, "New set…")
    wanted = sorted(c.id for c in study.codes.all() if c.path.startswith("Challenges/"))
    assert wanted and sorted(study.sets.find("Obstacles").members["code"]) == wanted
    assert dialog.sets.currentItem().text(1) == f"{len(wanted)} codes"
    assert window.runs.source_set.findText("Obstacles") < 0  # only a set of sources narrows a data run
