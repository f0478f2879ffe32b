"""Quoting into a memo as a person does it: type, save, click into a section, double-click a
segment in the evidence panel. Saving a site memo arranges it by the case outline, which can
move what was typed; the quotation must still land in the section under the cursor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from . import person


def open_memos(window, qtbot):
    """View > Memos, by its shortcut, as a person at the keyboard."""
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key_3, Qt.ControlModifier)  # the Memos workspace
    panel = window.memo_panel
    qtbot.waitUntil(lambda: window.current_view() is panel and panel.memo_id is not None)
    return panel


def point_of(edit, position: int) -> QPoint:
    """Where the character at Qt `position` is drawn in the editor's viewport, scrolling it into
    view first as a person would."""
    point = person.text_point(edit, position)
    assert edit.viewport().rect().contains(point), "the text is not on screen"
    return point


def click_text(qtbot, edit, position: int) -> None:
    qtbot.mouseClick(edit.viewport(), Qt.LeftButton, pos=point_of(edit, position))


@pytest.mark.parametrize("saved_by", ["ctrl+s", "leaving", "quoting"])
def test_quote_after_a_save_that_rearranged_the_memo(any_window, qtbot, saved_by):
    window = any_window  # at the default size and at 1366×768
    panel = open_memos(window, qtbot)
    study = window.session.study
    edit = panel.editor.edit
    click_text(qtbot, edit, 0)  # before the first heading: saving moves this to "Unsorted"
    qtbot.keyClicks(edit, "First thoughts after the visit.")
    for key in (Qt.Key_Return, Qt.Key_Return, Qt.Key_Up, Qt.Key_Up, Qt.Key_End):
        qtbot.keyClick(edit, key)  # the cursor back at the end of the words typed
    typed = panel.editor.text()
    if saved_by == "ctrl+s":
        qtbot.keyClick(edit, Qt.Key_S, Qt.ControlModifier)
    elif saved_by == "leaving":  # View > Document and back
        qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)  # the Code workspace
        open_memos(window, qtbot)
    if saved_by != "quoting":
        assert not panel.dirty()
        shown = study.memos.text(panel.memo_id)
        assert shown.rstrip().endswith("# Unsorted\n\nFirst thoughts after the visit.")
        assert panel.editor.text() == shown
        # the cursor went with the words it was typed after, not to the top
        assert panel.editor.cursor_position() == shown.index("after the visit.") + len("after the visit.")
    else:
        shown = typed

    heading = "# 3.2 Teacher leaders and coaches"
    words = "The principal describes the coach"
    click_text(qtbot, edit, shown.index(words, shown.index(heading)) + len(words))
    qtbot.waitUntil(lambda: panel.current_section == "3.2 Teacher leaders and coaches")
    qtbot.waitUntil(lambda: panel.segments.rowCount() > 1)
    row = panel.segments.rowCount() - 1  # the last: a row the first section's evidence does not have
    segment = panel.segments.segment(row)
    index = panel.evidence.model().index(row, 0)
    panel.evidence.scrollTo(index)
    rect = panel.evidence.visualRect(index)
    qtbot.mouseClick(panel.evidence.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.evidence.viewport(), Qt.LeftButton, pos=rect.center())

    text = study.memos.text(panel.memo_id)
    assert text.rstrip().endswith("# Unsorted\n\nFirst thoughts after the visit.")
    [link] = [e for e in study.memos.evidence(panel.memo_id) if e.coding_id == segment.id]
    assert link.section == "3.2 Teacher leaders and coaches"
    citation = study.memos.citation(segment.source)
    end = text.index(f"> — {citation}") + len(f"> — {citation}")
    assert panel.editor.text() == text[:end] + "\n\n" + text[end:]  # the saved text, a fresh paragraph open
    # where the cursor was: right after the paragraph it was in, before the quotations already there
    paragraph = text.index(words)
    assert paragraph < end < text.index("> Nadia does not tell me")
    assert text[paragraph:end].count("\n\n") == 1
    # the cursor stays there, on a fresh paragraph after the quotation, in the same section,
    # ready to write on: what is typed is a paragraph of its own, not part of the quotation
    assert panel.editor.cursor_position() == end + 2
    assert panel.current_section == "3.2 Teacher leaders and coaches"
    assert edit.hasFocus()
    qtbot.keyClicks(edit, "Typed after.")
    assert panel.editor.text()[end:end + len("\n\nTyped after.\n\n")] == "\n\nTyped after.\n\n"
    qtbot.keyClick(edit, Qt.Key_S, Qt.ControlModifier)
    saved = study.memos.text(panel.memo_id)
    assert f"> — {citation}\n\nTyped after.\n\n" in saved
    assert any(e.coding_id == segment.id for e in study.memos.evidence(panel.memo_id))
