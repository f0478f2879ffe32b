"""The undo history outlasts the window: close the study, open it again, and Edit > Undo still
takes back what was done before, in the window or on the command line."""

from __future__ import annotations

import json
import shutil

from PySide6.QtCore import Qt

from coder.cli import main as cli

from .conftest import close_window, open_window


def code_by_double_click(win, qtbot, source: str, phrase: str, code_path: str) -> tuple[str, int, int]:
    study = win.session.study
    info = study.sources.find(source)
    win.navigator.select_source(info.id)
    qtbot.waitUntil(lambda: win.document.source_id == info.id)
    start = win.document.text.index(phrase)
    win.document.select_range(start, start + len(phrase))
    index = win.codebook.index_of(study.codes.find(code_path).id)
    win.codebook.tree.scrollTo(index)
    rect = win.codebook.tree.visualRect(index)
    qtbot.mouseClick(win.codebook.tree.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(win.codebook.tree.viewport(), Qt.LeftButton, pos=rect.center())
    return info.id, start, start + len(phrase)


def coded(win, source_id: str, start: int, end: int) -> bool:
    return any((c.start, c.end, c.coder) == (start, end, "tester")
               for c in win.session.study.codings.for_source(source_id))


def test_undo_and_redo_after_closing_and_reopening_the_study(qtbot, demo_study_file, tmp_path):
    path = tmp_path / "demo.casecoder"
    shutil.copy(demo_study_file[0], path)
    win = open_window(qtbot, path, tmp_path)
    assert not win.undo_action.isEnabled()  # a fresh copy of the demo: nothing to undo yet
    before = win.session.study.dump()
    source_id, start, end = code_by_double_click(win, qtbot, "bayview_teacher_w1", "Interviewer",
                                                 "Challenges/Resistance")
    assert coded(win, source_id, start, end)
    after = win.session.study.dump()
    close_window(win)

    win = open_window(qtbot, path, tmp_path)  # the next start of the program
    assert win.undo_action.isEnabled() and "Code Resistance" in win.undo_action.text()
    qtbot.keyClick(win, Qt.Key_Z, Qt.ControlModifier)
    assert win.session.study.dump() == before
    assert not coded(win, source_id, start, end)
    close_window(win)

    win = open_window(qtbot, path, tmp_path)  # what was undone can be redone after a restart too
    assert not win.undo_action.isEnabled()
    assert win.redo_action.isEnabled() and "Code Resistance" in win.redo_action.text()
    qtbot.keyClick(win, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert win.session.study.dump() == after
    assert coded(win, source_id, start, end)
    close_window(win)


def test_edit_undo_offers_what_was_done_on_the_command_line(qtbot, demo_study_file, tmp_path, capsys):
    path = tmp_path / "demo.casecoder"
    shutil.copy(demo_study_file[0], path)
    for name in ("Lunch duty", "Bus duty", "Hall duty"):
        assert cli(["code", "add", str(path), f"Supports/{name}"]) == 0
    assert cli(["undo", str(path)]) == 0  # Hall duty: it can be redone in the window
    win = open_window(qtbot, path, tmp_path)
    study = win.session.study

    def duties():
        return sorted(c.name for c in study.codes.all() if c.name.endswith(" duty"))

    assert duties() == ["Bus duty", "Lunch duty"]
    assert win.redo_action.text().endswith("New code Hall duty")
    bar = win.menuBar()
    edit = next(a for a in bar.actions() if a.text() == "&Edit")
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.actionGeometry(edit).center())
    menu = edit.menu()
    qtbot.waitUntil(menu.isVisible)
    assert win.undo_action.text().endswith("New code Bus duty")
    qtbot.mouseClick(menu, Qt.LeftButton, pos=menu.actionGeometry(win.undo_action).center())
    assert duties() == ["Lunch duty"]
    assert win.codebook.index_of(study.codes.find("Supports").id).isValid()
    for _ in range(2):  # the one undone here, then the one undone on the command line
        qtbot.keyClick(win, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert duties() == ["Bus duty", "Hall duty", "Lunch duty"]
    assert not win.redo_action.isEnabled()
    qtbot.keyClick(win, Qt.Key_Z, Qt.ControlModifier)
    close_window(win)
    # and the command line redoes what the window undid last
    capsys.readouterr()
    assert cli(["redo", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["redone"][0]["label"] == "New code Hall duty"
