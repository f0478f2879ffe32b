"""A memo's review round trip in the window, as the drafter does it: File > Send memo for review…
moves a drafting memo to in review; the partner's reply, opened while one kept writing, diverges
the memo; Reconcile… shows the partner's changes word by word, accepted or rejected by keyboard
and mouse, and saving makes one version again with the comments on their words."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from coder import Study
from coder.memos.review_package import send_package
from ui.memos.reconcile_dialog import ReconcileDialog

from .conftest import answer_modal
from .test_memo_quoting import click_text, open_memos


def format_of(document, words: str):
    """The character format of the middle of `words` as the document shows them."""
    found = document.find(words)
    assert not found.isNull(), words
    cursor = QTextCursor(document)
    cursor.setPosition((found.selectionStart() + found.selectionEnd()) // 2)
    return cursor.charFormat()


def choose_menu(qtbot, window, menu_name: str, entry: str) -> None:
    """Open a menu of the menu bar and click one of its entries, with the mouse."""
    bar = window.menuBar()
    top = next(a for a in bar.actions() if a.text().replace("&", "") == menu_name)
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.actionGeometry(top).center())
    menu = top.menu()
    qtbot.waitUntil(menu.isVisible)
    action = next(a for a in menu.actions() if a.text().replace("&", "") == entry)
    qtbot.mouseClick(menu, Qt.LeftButton, pos=menu.actionGeometry(action).center())


def test_sending_a_drafting_memo_puts_it_in_review_and_undo_puts_it_back(window, qtbot, tmp_path, monkeypatch):
    study = window.session.study
    bayview = study.cases.find("Bayview Middle School")
    memo_id = study.memos.write(kind="site", subject_id=bayview.id, author="okafor",
                                text="# 1 Context\n\nNotes.\n").result
    panel = open_memos(window, qtbot)
    window.refresh_memos()
    panel.picker.setFocus()
    while panel.memo_id != memo_id:  # choose it in the picker, by keyboard
        qtbot.keyClick(panel.picker, Qt.Key_Down)
    assert panel.status.currentData() == "drafting"
    out = tmp_path / "bayview.ccreview"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    choose_menu(qtbot, window, "File", "Send memo for review…")
    qtbot.waitUntil(out.exists)
    assert study.memos.get(memo_id).status == "in-review"
    qtbot.waitUntil(lambda: panel.status.currentData() == "in-review")
    assert "now in review" in window.statusBar().currentMessage()
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert study.memos.get(memo_id).status == "drafting"


def test_reconcile_a_diverged_memo_change_by_change(any_window, qtbot, demo_study_file, tmp_path, monkeypatch):
    window = any_window  # at the default size and at 1366×768
    study = window.session.study
    panel = open_memos(window, qtbot)
    memo_id = panel.memo_id
    # the partner's copy: they correct a word and add one, and comment on their words
    partner_file = tmp_path / "partner.casecoder"
    shutil.copy(demo_study_file[0], partner_file)
    with Study.open(partner_file, user="lindqvist") as partner:
        text = partner.memos.text(memo_id)
        partner.memos.write(kind="site", subject_id=partner.memos.get(memo_id).subject_id, author="lindqvist",
                            text=text.replace("as the engine of the talk agenda", "as the motor of the talk agenda")
                            .replace("testing logistics.", "testing logistics and district calibration."))
        at = partner.memos.text(memo_id).index("district calibration")
        partner.memo_comments.comment(memo_id=memo_id, author="lindqvist", kind="question", start=at,
                                      end=at + len("district calibration"), text="Which meetings?")
        package = send_package(partner, memo_id, tmp_path / "back.ccreview")

    # meanwhile the drafter keeps writing, in the editor
    edit = panel.editor.edit
    words = "The school's focus is the district's"
    click_text(qtbot, edit, panel.editor.text().index(words))
    qtbot.keyClicks(edit, "Above all, ")
    qtbot.keyClick(edit, Qt.Key_S, Qt.ControlModifier)
    assert "Above all, The school's focus" in study.memos.text(memo_id)

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *a, **k: (str(package), ""))
    choose_menu(qtbot, window, "File", "Open review package…")
    qtbot.waitUntil(lambda: len(study.memos.heads(memo_id)) == 2)
    qtbot.waitUntil(panel.reconcile_button.isVisible)
    assert panel.banner.isVisible()

    seen = {}

    def reconcile(dialog: ReconcileDialog) -> None:
        try:
            decide(dialog)
        except BaseException:
            dialog.reject()  # never leave the test waiting on an open dialog
            raise

    def decide(dialog: ReconcileDialog) -> None:
        changes = dialog.comparison.changes
        seen["changes"] = [(c.original, c.revised, dialog.who[c.by]) for c in changes]
        seen["listed"] = [dialog.list.topLevelItem(i).text(2) for i in range(dialog.list.topLevelItemCount())]
        # the partner's words are marked in the merged text: deletions struck through, insertions underlined
        document = dialog.view.document()
        assert format_of(document, "engine").fontStrikeOut()
        inserted = format_of(document, "motor")
        assert inserted.fontUnderline() and not inserted.fontStrikeOut()
        # by keyboard, in the list: reject the first change (which undoes one's own words), accept the next
        dialog.activateWindow()  # what the window manager does with a new dialog (offscreen has none)
        qtbot.waitUntil(dialog.isActiveWindow)
        assert dialog.list.hasFocus() and dialog.current() == 1
        qtbot.keyClick(dialog.list, Qt.Key_R)
        assert dialog.current() == 2
        qtbot.keyClick(dialog.list, Qt.Key_A)
        # by mouse: click the last change in the text, then Accept
        last = changes[-1]
        cursor = QTextCursor(document.find(last.revised.strip()))
        rect = dialog.view.cursorRect(cursor)
        dialog.view.scrollToAnchor(f"c{last.number}")
        rect = dialog.view.cursorRect(cursor)
        qtbot.mouseClick(dialog.view.viewport(), Qt.LeftButton, pos=rect.center())
        assert dialog.current() == last.number
        qtbot.mouseClick(dialog.accept_button, Qt.LeftButton)
        seen["summary"] = dialog.summary.text()
        seen["result"] = dialog.result()
        save = dialog.box.button(dialog.box.StandardButton.Ok)
        qtbot.mouseClick(save, Qt.LeftButton)

    answer_modal(qtbot, reconcile, ReconcileDialog)
    qtbot.mouseClick(panel.reconcile_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: len(study.memos.heads(memo_id)) == 1)
    assert seen["changes"] == [("Above all, ", "", "tester"), ("engine", "motor", "lindqvist"),
                               ("", " and district calibration", "lindqvist")]
    assert seen["listed"] == ["your addition “Above all,”", "“engine” → “motor”", "inserts “and district calibration”"]
    assert seen["summary"].startswith("3 change(s): 2 accepted, 1 rejected, 0 undecided")
    [head] = study.memos.heads(memo_id)
    assert head.text == seen["result"] and head.other_parent_id
    assert "Above all, The school's focus" in head.text  # one's own words, kept by rejecting their removal
    assert "as the motor of the talk agenda" in head.text
    assert "testing logistics and district calibration." in head.text
    assert not panel.banner.isVisible() and panel.editor.text() == head.text
    [question] = [c for c in study.memo_comments.for_memo(memo_id) if c.text == "Which meetings?"]
    assert head.text[question.start:question.end] == "district calibration"  # the comment is on its words
    window.session.undo_stack.undo()
    assert len(study.memos.heads(memo_id)) == 2


def test_history_compares_two_versions_word_by_word(window, qtbot):
    from ui.memos.memo_dialogs import HistoryDialog

    study = window.session.study
    panel = open_memos(window, qtbot)
    edit = panel.editor.edit
    text = panel.editor.text()
    at = text.index("late-start time") + len("late-start time")
    click_text(qtbot, edit, at)
    for _ in range(len(" is often")):
        qtbot.keyClick(edit, Qt.Key_Delete)
    qtbot.keyClicks(edit, " was recalibrated")
    qtbot.keyClick(edit, Qt.Key_S, Qt.ControlModifier)
    assert "late-start time was recalibrated taken" in study.memos.text(panel.memo_id)
    seen = {}

    def look(dialog: HistoryDialog) -> None:
        document = dialog.view.document()
        seen["deleted"] = format_of(document, "often").fontStrikeOut()
        seen["inserted"] = format_of(document, "recalibrated").fontUnderline()
        seen["whole"] = "recalibrated" in document.toPlainText()
        dialog.reject()

    answer_modal(qtbot, look, HistoryDialog)
    qtbot.mouseClick(next(b for b in panel.findChildren(type(panel.save_button)) if b.text() == "History…"),
                     Qt.LeftButton)
    qtbot.waitUntil(lambda: "whole" in seen)
    assert seen == {"deleted": True, "inserted": True, "whole": True}
