"""The case tree edited in the study navigator as a person does it: right-click a district, a
site or a source and pick from the menu, F2 and Delete on the chosen item, names typed into
the questions asked, Ctrl+Z to take a step back — and the tree, the transcript's heading and
the attributes pane show each change."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMenu, QMessageBox, QPushButton

from . import person
from .conftest import answer_modal


# ---------------------------------------------------------------- a person's answers
def pick(text: str, seen: list | None = None):
    """Answer a context menu by clicking the entry `text` where it is drawn."""
    def answer(menu: QMenu) -> None:
        entries = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
        if seen is not None:
            seen.append(entries)
        action = next(a for a in menu.actions() if a.text().replace("&", "") == text)
        QTest.mouseClick(menu, Qt.LeftButton, Qt.NoModifier, menu.actionGeometry(action).center())
    return answer


def type_answer(text: str) -> None:
    """Type into the next question's line (over what it offers) and press Return."""
    def answer(box: QInputDialog) -> None:
        edit = box.findChild(QLineEdit)
        edit.selectAll()
        person.type_text(text, edit)
        person.press("Return", edit)

    answer_modal(None, answer, QInputDialog)


def pick_from_list(typed: str) -> None:
    """In the next pick dialog, type to filter and press Return on the best match."""
    from ui.coding.code_dialogs import PickDialog

    def answer(dialog: PickDialog) -> None:
        person.type_text(typed, dialog.filter)
        person.press("Return", dialog.list)

    answer_modal(None, answer, PickDialog)


def answer_delete(said: list[str], button: str = "Delete") -> None:
    def answer(box: QMessageBox) -> None:
        said.append(box.text())
        person.click_at(next(b for b in box.findChildren(QPushButton) if b.text().replace("&", "") == button))

    answer_modal(None, answer, QMessageBox)


def item_index(nav, name: str):
    """The tree row (as shown) of the case or source called `name` (or of "(unassigned)")."""
    headings = [nav.model.item(r, 0) for r in range(nav.model.rowCount())]
    item = next(i for i in [*nav.items.values(), *headings] if i.text() == name)
    return nav.proxy.mapFromSource(item.index())


def back_in_window(nav) -> None:
    """What a window manager does when a dialog closes: the window is active again (the tests'
    screen has none)."""
    window = nav.window()
    window.activateWindow()
    person.settle()
    for _ in range(100):
        if window.isActiveWindow():
            return
        person.settle(20)
    raise AssertionError("the window did not become active again")


def right_click_item(nav, name: str, answer) -> None:
    index = item_index(nav, name)
    person.right_click(nav.tree.viewport(), person.item_point(nav.tree, index), answer)
    back_in_window(nav)


def press_in_tree(nav, keys: str) -> None:
    """A key pressed in the navigator's tree; what it asks is answered, then the window is back."""
    person.press(keys, nav.tree)
    back_in_window(nav)


def shown_children(nav, name: str) -> list[str]:
    index = item_index(nav, name)
    return [nav.proxy.index(r, 0, index).data() for r in range(nav.proxy.rowCount(index))]


def attributes_shown(nav) -> dict[str, str]:
    table = nav.attributes
    return {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())
            if table.item(r, 0).text()}


def undo(window) -> None:
    person.press("Ctrl+Z", window.navigator.tree)


# ---------------------------------------------------------------- the tests
def test_a_site_is_made_renamed_moved_and_deleted_from_the_navigator(any_window, qtbot):
    window, nav = any_window, any_window.navigator
    study = window.session.study
    seen: list = []
    type_answer("Dockside Academy")
    right_click_item(nav, "Harbor Valley", pick("New site here…", seen))
    assert seen[0] == ["New district…", "New site here…", "Rename…", "Move under…", "Code turns…", "Code sections…",
                       "Delete…"]
    assert "Dockside Academy" in shown_children(nav, "Harbor Valley")
    new = study.cases.find("Harbor Valley/Dockside Academy")
    assert nav.current_id() == new.id
    assert attributes_shown(nav) == {}  # the new site's (empty) attributes are shown, nothing else's

    person.click_item(nav.tree, item_index(nav, "Dockside Academy"))
    type_answer("Dockside Charter Academy")
    press_in_tree(nav, "F2")
    assert "Dockside Charter Academy" in shown_children(nav, "Harbor Valley")

    pick_from_list("Prairie Ridge")
    right_click_item(nav, "Dockside Charter Academy", pick("Move under…"))
    assert "Dockside Charter Academy" in shown_children(nav, "Prairie Ridge")
    assert "Dockside Charter Academy" not in shown_children(nav, "Harbor Valley")

    alder = study.cases.find("Alder Street Elementary")
    held = sorted(s.name for s in study.sources.all() if s.case_id == alder.id)
    person.double_click_item(nav.tree, item_index(nav, held[0]))
    assert window.document.title.text() == held[0]
    said: list[str] = []
    answer_delete(said)
    right_click_item(nav, "Alder Street Elementary", pick("Delete…"))
    assert "Its 4 sources stay in the study, unassigned, with all their codings" in said[0]
    assert "Its memo is kept" in said[0] and "Ctrl+Z" in said[0]
    assert "Alder Street Elementary" not in shown_children(nav, "Harbor Valley")
    assert sorted(shown_children(nav, "(unassigned)")) == held
    assert window.document.meta.text().startswith("unassigned")

    undo(window)
    assert sorted(shown_children(nav, "Alder Street Elementary")) == held
    assert window.document.meta.text().startswith("Harbor Valley / Alder Street Elementary")
    for _ in range(3):  # the move, the rename and the new site
        undo(window)
    assert not any(i.text().startswith("Dockside") for i in nav.items.values())


def test_deleting_a_case_can_be_cancelled(window):
    nav = window.navigator
    before = window.session.study.dump()
    said: list[str] = []
    answer_delete(said, "Cancel")
    person.click_item(nav.tree, item_index(nav, "Prairie Ridge"))
    press_in_tree(nav, "Delete")
    assert said and "the 3 cases under it (Elm Creek Elementary, Fairmont Middle School, Granite Falls High " \
                    "School)" in said[0]
    assert window.session.study.dump() == before and "Granite Falls High School" in shown_children(nav, "Prairie Ridge")


def test_a_source_is_renamed_moved_and_deleted_from_the_navigator(any_window, qtbot):
    window, nav = any_window, any_window.navigator
    study = window.session.study
    person.double_click_item(nav.tree, item_index(nav, "alder_teacher_w2"))
    assert window.document.title.text() == "alder_teacher_w2"
    seen: list = []
    type_answer("alder_teacher_w2_checked")
    right_click_item(nav, "alder_teacher_w2", pick("Rename…", seen))
    assert seen[0] == ["Open", "Rename…", "Move to site…", "Code turns…", "Code sections…",
                       "Delete source…"]
    assert window.document.title.text() == "alder_teacher_w2_checked"
    assert attributes_shown(nav)["name"] == "alder_teacher_w2_checked"
    assert "alder_teacher_w2_checked" in shown_children(nav, "Alder Street Elementary")

    pick_from_list("Bayview")
    right_click_item(nav, "alder_teacher_w2_checked", pick("Move to site…"))
    assert "alder_teacher_w2_checked" in shown_children(nav, "Bayview Middle School")
    assert window.document.meta.text().startswith("Harbor Valley / Bayview Middle School")

    said: list[str] = []
    answer_delete(said)
    person.click_item(nav.tree, item_index(nav, "alder_teacher_w2_checked"))
    press_in_tree(nav, "Delete")
    assert "Its 24 codings (by lindqvist and okafor) are deleted with it." in said[0] and "Ctrl+Z" in said[0]
    assert not any(i.text() == "alder_teacher_w2_checked" for i in nav.items.values())
    assert window.document.title.text() == "No source open"

    undo(window)
    assert "alder_teacher_w2_checked" in shown_children(nav, "Bayview Middle School")
    assert study.sources.find("alder_teacher_w2_checked").codings == 24
    undo(window)
    undo(window)
    assert "alder_teacher_w2" in shown_children(nav, "Alder Street Elementary")


def test_a_district_is_made_on_empty_space_and_a_clash_is_refused(window, message_boxes):
    nav = window.navigator
    person.click_at(nav.filter)
    person.type_text("Granite", nav.filter)
    last = nav.proxy.index(0, 0)
    while nav.proxy.rowCount(last):
        last = nav.proxy.index(nav.proxy.rowCount(last) - 1, 0, last)
    below = nav.tree.visualRect(last).bottom() + 40
    assert below < nav.tree.viewport().height(), "no empty space under the rows"
    seen: list = []
    type_answer("Lakeside")
    person.right_click(nav.tree.viewport(), QPoint(30, below), pick("New district…", seen))
    back_in_window(nav)
    assert seen[0] == ["New district…"]
    nav.filter.clear()
    QApplication.processEvents()
    roots = [nav.proxy.index(r, 0).data() for r in range(nav.proxy.rowCount())]
    assert "Lakeside" in roots
    assert window.session.study.cases.find("Lakeside").kind == "district"
    before = window.session.study.dump()
    type_answer("prairie ridge ")
    right_click_item(nav, "Lakeside", pick("Rename…"))
    assert message_boxes == ["a case named 'prairie ridge' already exists there"]
    message_boxes.clear()
    assert window.session.study.dump() == before
