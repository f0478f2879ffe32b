"""Edit > History… in the window, as `casecoder history`: the change log newest first (when, who,
what), filtered by words and by author, read-only, and following each change and undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from . import person


def rows(dialog) -> list[tuple[str, str]]:
    table = dialog.table
    return [(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())]


def test_the_history_of_the_study(any_window, qtbot):
    window = any_window
    study = window.session.study
    logged = study.changelog(1000)
    person.choose_menu(window, "Edit", "History…")
    dialog = window.history_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert rows(dialog) == [(e["author"], e["label"]) for e in logged]  # newest first
    assert dialog.summary.text() == f"{len(logged)} changes, newest first."
    when = dialog.table.item(0, 0).text()
    assert len(when) == 19 and when[4] == "-" and when[10] == " "  # local date and time, to the second

    # read-only: a double-click opens no editor
    person.double_click_item(dialog.table, dialog.table.model().index(0, 2))
    assert dialog.table.state() != QAbstractItemView.EditingState
    assert study.changelog(1)[0]["label"] == logged[0]["label"]

    # a change made in the window appears at the top as it is made
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.open_source(study.sources.find("alder_teacher_w2").id)
    person.select_phrase(window.document, "PLC")
    person.press("Ctrl+I", window.document.editor)  # an in-vivo code
    qtbot.waitUntil(lambda: dialog.table.rowCount() == len(logged) + 1)
    assert rows(dialog)[0][0] == "tester" and "PLC" in rows(dialog)[0][1]
    assert dialog.author.findData("tester") >= 0  # the new author can be chosen
    person.press("Ctrl+Z", window.document.editor)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == len(logged) + 2)
    assert rows(dialog)[0][1].startswith("Undone: ")

    # filtered by words, then by author
    person.click_at(dialog.text)
    person.type_text("summary", dialog.text)
    summaries = [e for e in logged if "summary" in e["label"].lower() or "summary" in e["op"]]
    assert summaries and rows(dialog) == [(e["author"], e["label"]) for e in summaries]
    assert "matching the filter" in dialog.summary.text()
    dialog.text.selectAll()
    person.press("Backspace", dialog.text)
    dialog.author.setFocus(Qt.TabFocusReason)
    index = dialog.author.findData("tester")
    for _ in range(index):
        person.press("Down", dialog.author)
    assert dialog.author.currentData() == "tester"
    assert [who for who, _ in rows(dialog)] == ["tester", "tester"]
    person.click_at(dialog.text)
    person.type_text("nothing like this was ever done", dialog.text)
    assert dialog.table.rowCount() == 0 and dialog.summary.text() == "No change matches the filter."
