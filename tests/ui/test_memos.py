"""The memo workbench in the window: quote from the evidence panel, comment, change status,
and undo (sending and reconciling: test_memo_review)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from ui.memos.memo_dialogs import CommentDialog

from . import person
from .conftest import answer_modal


def open_memo(window, qtbot):
    window.show_view("memo")
    panel = window.memo_panel
    qtbot.waitUntil(lambda: panel.memo_id is not None)
    return panel


def put_cursor_in(panel, heading: str) -> None:
    text = panel.editor.text()
    at = text.index(f"# {heading}") + 2
    panel.editor.select(at, at)


def test_quote_from_the_evidence_panel_then_undo(window, qtbot):
    panel = open_memo(window, qtbot)
    study = window.session.study
    put_cursor_in(panel, "3.2 Teacher leaders and coaches")
    qtbot.waitUntil(lambda: panel.segments.rowCount() > 0)
    assert "3.2 Teacher leaders and coaches" in panel.section_label.text()
    before = len(study.memos.evidence(panel.memo_id))
    segment = panel.segments.segment(0)
    index = panel.evidence.model().index(0, 0)
    rect = panel.evidence.visualRect(index)
    qtbot.mouseClick(panel.evidence.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.evidence.viewport(), Qt.LeftButton, pos=rect.center())
    assert len(study.memos.evidence(panel.memo_id)) == before + 1
    first_line = " ".join(segment.text.split())[:30]
    assert first_line.split()[0] in panel.editor.text()
    assert study.memos.citation(segment.source) in panel.editor.text()
    quoted = panel.editor.text()
    window.session.undo_stack.undo()
    assert len(study.memos.evidence(panel.memo_id)) == before
    assert panel.editor.text() == study.memos.text(panel.memo_id) != quoted


def test_typing_saving_and_commenting_on_a_selection(window, qtbot):
    panel = open_memo(window, qtbot)
    study = window.session.study
    put_cursor_in(panel, "6 Evidence of change")
    cursor = panel.editor.edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.EndOfBlock)
    point = person.text_point(panel.editor.edit, cursor.position())  # click at the heading's end
    QTest.mouseClick(panel.editor.edit.viewport(), Qt.LeftButton, Qt.NoModifier, point)
    qtbot.keyClick(panel.editor.edit, Qt.Key_Return)
    qtbot.keyClick(panel.editor.edit, Qt.Key_Return)
    qtbot.keyClicks(panel.editor.edit, "Teachers now plan talk moves together.")
    assert panel.dirty() and panel.save_button.text() == "Save*"
    versions = len(study.memos.versions(panel.memo_id))
    qtbot.keyClick(panel.editor.edit, Qt.Key_S, Qt.ControlModifier)
    assert not panel.dirty() and len(study.memos.versions(panel.memo_id)) == versions + 1
    text = panel.editor.text()
    at = text.index("plan talk moves")
    panel.editor.select(at, at + len("plan talk moves"))

    def answer(dialog: CommentDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData("question"))
        dialog.text.setPlainText("In every grade?")
        dialog.accept()

    answer_modal(qtbot, answer, CommentDialog)
    panel.add_comment()
    [comment] = [c for c in study.memo_comments.for_memo(panel.memo_id) if c.text == "In every grade?"]
    assert (comment.kind, comment.quote, comment.author) == ("question", "plan talk moves", "tester")
    labels = [panel.comments.topLevelItem(i).text(0) for i in range(panel.comments.topLevelItemCount())]
    assert "Question: In every grade?" in labels
    item = next(panel.comments.topLevelItem(i) for i in range(panel.comments.topLevelItemCount())
                if panel.comments.topLevelItem(i).text(0) == "Question: In every grade?")
    panel.comments.setCurrentItem(item)
    panel.set_comment_state("resolved")
    assert study.memo_comments.get(comment.id).state == "resolved"


def test_status_moves_along_the_review_cycle(window, qtbot):
    panel = open_memo(window, qtbot)
    study = window.session.study
    assert panel.status.currentData() == "in-review"
    assert [panel.status.itemData(i) for i in range(panel.status.count())] == ["in-review", "corroborated",
                                                                               "revising"]
    index = panel.status.findData("revising")
    panel.status.setCurrentIndex(index)
    panel.status.activated.emit(index)
    assert study.memos.get(panel.memo_id).status == "revising"
    assert study.memos.status_history(panel.memo_id)[-1]["by"] == "tester"
    assert panel.status.currentData() == "revising"


def test_reviewer_marks_a_section_corroborated(window, qtbot):
    panel = open_memo(window, qtbot)
    study = window.session.study
    put_cursor_in(panel, "1 Context")
    qtbot.waitUntil(lambda: panel.current_section == "1 Context")
    qtbot.mouseClick(panel.corroborate, Qt.LeftButton)
    assert study.memos.section_marks(panel.memo_id)["1 Context"]["by"] == "tester"
    assert panel.corroborate.isChecked()
    qtbot.mouseClick(panel.corroborate, Qt.LeftButton)
    assert "1 Context" not in study.memos.section_marks(panel.memo_id)


def test_read_a_section_across_sites_and_record_a_claim(window, qtbot, monkeypatch):
    panel = open_memo(window, qtbot)
    study = window.session.study
    put_cursor_in(panel, "3.2 Teacher leaders and coaches")
    qtbot.waitUntil(lambda: panel.current_section == "3.2 Teacher leaders and coaches")
    panel.read_across()
    dialog = panel.across
    assert dialog.grid.rowCount() == 6
    alder = next(r for r in range(6) if dialog.grid.item(r, 1).text() == "Alder Street Elementary")
    assert "kept apart from evaluation" in dialog.grid.item(alder, 2).text()
    assert dialog.grid.item((alder + 1) % 6, 2).text() == "(no site memo yet)"
    dialog._open_segments(alder, 3)
    assert window.runs.table.segments.rowCount() == int(dialog.grid.item(alder, 3).text())
    monkeypatch.setattr("ui.compare.across_sites.ask_text",
                        lambda *a, **k: ("Coaches are the engine at every elementary site", True))
    dialog.record()
    claim = study.cross_outline.find("Coaches are the engine at every elementary site")
    assert study.cross_outline.get(claim.parent_id).name == "3.2 Teacher leaders and coaches"
    monkeypatch.setattr("ui.compare.across_sites.QInputDialog.getText", lambda *a, **k: ("Coach as broker", True))
    dialog.new_code()
    code = study.codes.find("Coach as broker")
    assert code.section_id == study.sections.find("3.2 Teacher leaders and coaches").id
    dialog.close()


def test_site_memos_go_to_word_in_the_background(window, qtbot, tmp_path, monkeypatch):
    from docx import Document

    panel = open_memo(window, qtbot)
    out = tmp_path / "memos"  # the suffix is added
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    panel.export_word(all_sites=True)
    done = tmp_path / "memos.docx"
    qtbot.waitUntil(done.exists, timeout=20000)
    assert any(p.text.startswith("3.2 Teacher leaders") for p in Document(str(done)).paragraphs)
