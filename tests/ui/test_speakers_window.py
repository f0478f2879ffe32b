"""Code > Speakers… as a person uses it: the study's speakers with the labels the transcripts use
for each, renamed, merged and split by clicking and typing; the open transcript's speaker
colours, its labels' tooltips and the navigator's tooltips follow, and Ctrl+Z takes it back."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QPushButton, QToolTip

from ui.coding.code_dialogs import PickDialog
from ui.coding.split_label import SplitLabelDialog

from . import person
from .conftest import answer_modal


# ---------------------------------------------------------------- what the window shows
def open_in_navigator(window, name: str) -> None:
    nav = window.navigator
    item = next(i for i in nav.items.values() if i.text() == name)
    person.double_click_item(nav.tree, nav.proxy.mapFromSource(item.index()))
    assert window.document.title.text() == name


def label_colours(document, label: str) -> list[str]:
    """The colour each turn labelled `label` has its label drawn in, in text order."""
    out = []
    for turn in document.turns:
        if turn.label == label:
            cursor = QTextCursor(document.editor.document())
            cursor.setPosition(document.offsets.to_qt(turn.start) + 1)
            out.append(cursor.charFormat().foreground().color().name())
    return out


def navigator_tooltip(window, name: str) -> str:
    return next(i for i in window.navigator.items.values() if i.text() == name).toolTip()


def rows(dialog) -> dict[str, list[tuple[str, str]]]:
    """Each speaker shown, with its label rows (label, turns)."""
    tree = dialog.tree
    out = {}
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if not item.isHidden():
            out[item.text(0)] = [(item.child(c).text(0), item.child(c).text(1)) for c in range(item.childCount())]
    return out


def hover_tooltip(document, position: int) -> str:
    """Click into the transcript (Qt shows tooltips in the active window only), then rest the
    mouse on a character until its tooltip shows."""
    editor = document.editor
    person.click_text(document, position)
    document.window().activateWindow()  # what the window manager does on that click
    for _ in range(100):
        if document.window().isActiveWindow():
            break
        person.settle(20)
    point = person.text_point(editor, document.offsets.to_qt(position)) + QPoint(3, 0)
    QTest.mouseMove(editor.viewport(), point - QPoint(2, 0))
    QTest.mouseMove(editor.viewport(), point)
    for _ in range(150):
        if QToolTip.isVisible() and QToolTip.text():
            break
        person.settle(20)
    text = QToolTip.text()
    QToolTip.hideText()
    return text


# ---------------------------------------------------------------- a person's moves
def open_speakers(window, qtbot):
    person.choose_menu(window, "Code", "Speakers…")
    dialog = window.speakers_dialog
    qtbot.waitUntil(dialog.isVisible)
    screen = dialog.screen().availableGeometry()  # put beside the transcript, as a person drags it
    dialog.move(screen.right() - dialog.frameGeometry().width(), screen.top())
    dialog.activateWindow()  # what a window manager does with a new window (the tests' screen has none)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def choose_row(dialog, text: str, parent: str | None = None) -> None:
    tree = dialog.tree
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    if parent is not None:
        top = next(i for i in items if i.text(0) == parent)
        items = [top.child(c) for c in range(top.childCount())]
    item = next(i for i in items if i.text(0) == text)
    tree.scrollToItem(item)
    person.click_item(tree, tree.indexFromItem(item))


def click(dialog, text: str) -> None:
    person.click_at(next(b for b in dialog.findChildren(QPushButton) if b.text() == text and b.isVisible()))


def back_to(dialog, qtbot) -> None:
    dialog.activateWindow()  # the question closed: the window manager gives the dialog back its focus
    qtbot.waitUntil(dialog.isActiveWindow)


def click_radio(button) -> None:
    QTest.mouseClick(button, Qt.LeftButton, Qt.NoModifier, QPoint(8, button.height() // 2))
    person.settle()


def tick(view, rows_: list[int]) -> None:
    for row in rows_:
        person.click_item(view, view.model().index(row, 0))
        person.press("Space", view)


# ---------------------------------------------------------------- the tests
def test_merging_two_speakers_recolours_the_transcript_and_ctrl_z_undoes_it(any_window, qtbot):
    window = any_window
    open_in_navigator(window, "hv_principal_supervisor_w2")
    document = window.document
    first, second = label_colours(document, "Interviewer 1"), label_colours(document, "Interviewer 2")
    assert len(set(first)) == len(set(second)) == 1 and first[0] != second[0]
    assert "speakers: Director, Interviewer 1, Interviewer 2" in navigator_tooltip(window, "hv_principal_supervisor_w2")
    dialog = open_speakers(window, qtbot)
    assert rows(dialog)["Interviewer"] == [("“Interviewer”", "320"), ("“Int.”", "4")]
    assert rows(dialog)["Interviewer 2"] == [("“Interviewer 2”", "10")]

    def into_first(picker: PickDialog) -> None:
        person.type_text("Interviewer 1", picker.filter)
        person.press("Return", picker.list)

    choose_row(dialog, "Interviewer 2")
    answer_modal(None, into_first, PickDialog)
    click(dialog, "Merge into…")
    back_to(dialog, qtbot)
    assert "Interviewer 2" not in rows(dialog)
    assert rows(dialog)["Interviewer 1"] == [("“Interviewer 1”", "10"), ("“Interviewer 2”", "10")]
    assert set(label_colours(document, "Interviewer 2")) == {first[0]}  # one speaker, one colour
    assert "speakers: Director, Interviewer 1\n" in navigator_tooltip(window, "hv_principal_supervisor_w2") + "\n"
    turn = next(t for t in document.turns if t.label == "Interviewer 2")
    assert "Speaker: <b>Interviewer 1</b>" in hover_tooltip(document, turn.start + 2)

    person.press("Ctrl+Z", dialog.tree)  # in the dialog, as in the window
    assert rows(dialog)["Interviewer 2"] == [("“Interviewer 2”", "10")]
    assert set(label_colours(document, "Interviewer 2")) == {second[0]}
    assert "Interviewer 2" in navigator_tooltip(window, "hv_principal_supervisor_w2")


def test_renaming_a_speaker_shows_everywhere_they_speak(window, qtbot):
    open_in_navigator(window, "bayview_teacher_w1")
    dialog = open_speakers(window, qtbot)

    def rename(box: QInputDialog) -> None:
        edit = box.findChild(QLineEdit)
        edit.selectAll()
        person.type_text("Ms Alvarez", edit)
        person.press("Return", edit)

    choose_row(dialog, "Teacher")
    answer_modal(None, rename, QInputDialog)
    click(dialog, "Rename…")
    back_to(dialog, qtbot)
    assert rows(dialog)["Ms Alvarez"] == [("“Teacher”", "45")] and "Teacher" not in rows(dialog)
    assert "Ms Alvarez" in navigator_tooltip(window, "bayview_teacher_w1")
    turn = next(t for t in window.document.turns if t.label == "Teacher")
    assert "Speaker: <b>Ms Alvarez</b>" in hover_tooltip(window.document, turn.start + 2)


def test_some_turns_of_the_open_transcript_go_to_a_second_teacher(any_window, qtbot):
    window = any_window
    open_in_navigator(window, "bayview_teacher_w1")
    document = window.document
    before = label_colours(document, "Teacher")
    assert len(set(before)) == 1
    dialog = open_speakers(window, qtbot)
    choose_row(dialog, "“Teacher”", parent="Teacher")
    seen = {}

    def choose_turns(split: SplitLabelDialog) -> None:
        split.activateWindow()
        qtbot.waitUntil(split.isActiveWindow)
        seen["sources"] = [split.sources.item(r).text() for r in range(split.sources.count())]
        click_radio(split.choices[2])
        assert split.turns.isEnabled() and split.turns.count() == 24
        tick(split.turns, [20, 21, 22, 23])
        assert document.selection() is not None  # a turn clicked is shown in the transcript
        person.click_at(split.target.lineEdit())
        person.type_text("Second teacher", split.target.lineEdit())
        person.click_at(next(b for b in split.buttons.buttons() if b.text() == "Split"))

    answer_modal(None, choose_turns, SplitLabelDialog)
    click(dialog, "Split a label…")
    back_to(dialog, qtbot)
    assert seen["sources"] == ["bayview_teacher_w1  (24 turns)", "granite_teacher_w2  (21 turns)"]
    assert rows(dialog)["Second teacher"] == [("“Teacher”", "4")]
    assert rows(dialog)["Teacher"] == [("“Teacher”", "41")]
    after = label_colours(document, "Teacher")
    assert after[:20] == before[:20] and len(set(after[20:])) == 1 and after[20] != before[0]
    assert "Second teacher" in navigator_tooltip(window, "bayview_teacher_w1")
    assert "Second teacher" not in navigator_tooltip(window, "granite_teacher_w2")

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    person.press("Ctrl+Z", document.editor)
    assert "Second teacher" not in rows(dialog) and rows(dialog)["Teacher"] == [("“Teacher”", "45")]
    assert label_colours(document, "Teacher") == before


def test_a_label_is_split_by_transcript(window, qtbot):
    dialog = open_speakers(window, qtbot)
    choose_row(dialog, "“Teacher”", parent="Teacher")

    def choose_granite(split: SplitLabelDialog) -> None:
        split.activateWindow()
        qtbot.waitUntil(split.isActiveWindow)
        assert not split.choices[2].isEnabled()  # no transcript open where the label speaks
        ok = next(b for b in split.buttons.buttons() if b.text() == "Split")
        person.click_at(split.target.lineEdit())
        person.type_text("Granite teacher", split.target.lineEdit())
        assert not ok.isEnabled()  # no transcript ticked yet
        tick(split.sources, [1])
        assert ok.isEnabled()
        person.click_at(ok)

    if window.document.source_id:  # the study opens on a principal's interview: no teacher speaks there
        assert not any(t.label == "Teacher" for t in window.document.turns)
    answer_modal(None, choose_granite, SplitLabelDialog)
    click(dialog, "Split a label…")
    back_to(dialog, qtbot)
    assert rows(dialog)["Granite teacher"] == [("“Teacher”", "21")]
    assert rows(dialog)["Teacher"] == [("“Teacher”", "24")]
    person.click_at(dialog.filter)
    person.type_text("granite", dialog.filter)
    assert list(rows(dialog)) == ["Granite teacher"]
    assert QApplication.activeModalWidget() is None


def test_a_label_is_given_its_own_speaker_everywhere(window, qtbot):
    dialog = open_speakers(window, qtbot)
    choose_row(dialog, "“Int.”", parent="Interviewer")

    def everywhere(split: SplitLabelDialog) -> None:
        split.activateWindow()
        qtbot.waitUntil(split.isActiveWindow)
        assert split.label.currentText() == "Int.  (4 turns)"
        click_radio(split.choices[0])
        person.click_at(split.target.lineEdit())
        person.type_text("interviewer", split.target.lineEdit())
        ok = next(b for b in split.buttons.buttons() if b.text() == "Split")
        assert not ok.isEnabled()  # its own speaker's name: nothing would move
        person.type_text(" (notes)", split.target.lineEdit())
        person.click_at(ok)

    answer_modal(None, everywhere, SplitLabelDialog)
    click(dialog, "Split a label…")
    back_to(dialog, qtbot)
    assert rows(dialog)["interviewer (notes)"] == [("“Int.”", "4")]
    assert rows(dialog)["Interviewer"] == [("“Interviewer”", "320")]
    study = window.session.study
    assert study.speakers.label_owner("Int.") == study.speakers.find("interviewer (notes)").id  # and in new imports
