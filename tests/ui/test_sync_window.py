"""File > Team in the window: importing a teammate's work shows what came in and the conflicts,
each decided with a button, undoable like any action."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt

from coder import Study
from ui.team import sync_dialog

from .conftest import answer_modal


def _teammate_package(window, tmp_path):
    """Ben's copy of the same study: he renames a code the test renames too, and codes with a code
    the test deletes."""
    study = window.session.study
    copy = tmp_path / "ben.casecoder"
    shutil.copy(study.path, copy)
    code, doomed = study.codes.all()[2], study.codes.all()[6]
    with Study.open(copy, user="ben") as ben:
        ben.codes.rename_code(code_id=code.id, name="Ben's name")
        source = ben.sources.all()[0]
        ben.codings.apply_code(source_id=source.id, code_id=doomed.id, start=0, end=12, coder="ben")
        ben.sync.export_work(tmp_path / "ben.ccwork")
    window.session.run_op(study.codes.rename_code, code_id=code.id, name="My name")
    window.session.run_op(study.codes.delete_code, code_id=doomed.id)
    return tmp_path / "ben.ccwork", code, doomed


def test_team_menu_imports_and_decides(window, tmp_path, qtbot):
    menu_texts = [a.text() for a in window.findChildren(type(window.undo_action)) if a.text()]
    assert "&Import a teammate's work…" in menu_texts and "Conflicts to &decide…" in menu_texts
    package, code, doomed = _teammate_package(window, tmp_path)
    study = window.session.study
    dialog = sync_dialog.import_work(window, str(package))
    assert dialog is not None and "ben" in dialog.summary.text()
    kinds = {c.kind for c in dialog.conflicts}
    assert kinds == {"field", "deleted_in_use"}
    assert dialog.table.rowCount() == 2
    assert study.codes.get(doomed.id)  # kept: Ben's coding uses it
    # decide the rename: keep my name
    row = next(i for i, c in enumerate(dialog.conflicts) if c.kind == "field")
    dialog.table.selectRow(row)
    buttons = [dialog.choices.itemAt(i).widget() for i in range(dialog.choices.count())]
    mine = next(b for b in buttons if b.text().startswith("Keep tester's"))
    mine.click()
    assert study.codes.get(code.id).name == "My name"
    assert [c.kind for c in dialog.conflicts] == ["deleted_in_use"]
    # undo of the import itself takes Ben's work back out
    window.undo_action.trigger()  # the decision
    window.undo_action.trigger()  # the import
    assert not any(c.coder == "ben" for c in study.codings.for_source(study.sources.all()[0].id))
    dialog.close()


def test_a_refused_package_changes_nothing_and_says_why(window, tmp_path, message_boxes):
    bad = tmp_path / "broken.ccwork"
    bad.write_bytes(b"not a package")
    before = window.session.study.dump()
    assert sync_dialog.import_work(window, str(bad)) is None
    assert window.session.study.dump() == before
    assert any("broken.ccwork" in m for m in message_boxes)
    message_boxes.clear()


def test_export_my_work_writes_the_package_in_the_background(window, tmp_path, qtbot, monkeypatch):
    out = tmp_path / "mine.ccwork"
    monkeypatch.setattr(sync_dialog, "ask_path", lambda *_args: (str(out), "ccwork"))
    window.session.run_op(window.session.study.codes.add_code, path="Exported in the background")
    assert sync_dialog.export_work(window) is not None  # the worker writing it
    qtbot.waitUntil(out.exists, timeout=30000)  # renamed into place only when whole
    from coder.store.backup import make_backup

    copy = make_backup(window.session.study.path, folder=tmp_path / "copy")  # the open file, WAL included
    with Study.open(copy, user="other") as other:
        assert other.sync.import_work(out).result["operations"] == 0  # a copy of the same file holds it all


def test_a_copy_for_a_teammate_holds_the_latest_work_and_exchanges(window, tmp_path):
    study = window.session.study
    window.session.run_op(study.codes.add_code, path="Coded a minute ago")
    copy = sync_dialog.copy_for_teammate(window, str(tmp_path / "for-ben.casecoder"), teammate="ben")
    with Study.open(copy, user="ben") as ben:
        assert ben.codes.find("Coded a minute ago")  # nothing left behind in the log
        assert ben.study_id == study.study_id
        ben.codes.add_code(path="Ben's code")
        ben.sync.export_work(tmp_path / "ben.ccwork")
    dialog = sync_dialog.import_work(window, str(tmp_path / "ben.ccwork"))
    assert study.codes.find("Ben's code") and dialog.conflicts == []
    dialog.close()


def _answer_name(qtbot, typed: list[str], button: str = "ok", seen: list | None = None):
    """Answer the name dialog as a person: type each name in turn and press the button, reading
    what the dialog says back (the first names are refused)."""
    def handle(dialog) -> None:
        qtbot.mouseClick(dialog.name, Qt.LeftButton)
        dialog.name.selectAll()
        qtbot.keyClicks(dialog.name, typed[0])
        qtbot.mouseClick(getattr(dialog, button), Qt.LeftButton)
        if dialog.isVisible():  # refused: the reason is shown; try the next name
            if seen is not None:
                seen.append(dialog.problem.text())
            typed.pop(0)
            handle(dialog)

    answer_modal(qtbot, handle, sync_dialog.NameDialog)


def test_a_copy_for_a_teammate_asks_whose_work_it_will_hold(window, tmp_path, qtbot, monkeypatch):
    monkeypatch.setattr(sync_dialog, "ask_path", lambda *_args: (str(tmp_path / "for-ben.casecoder"), "casecoder"))
    refused: list[str] = []
    _answer_name(qtbot, ["tester", "ben"], seen=refused)  # first the user's own name, by mistake
    copy = sync_dialog.copy_for_teammate(window)
    assert copy == str(tmp_path / "for-ben.casecoder")
    assert refused and "is your own name" in refused[0]
    monkeypatch.setattr("getpass.getuser", lambda: "root")  # Ben's laptop logs in as root, as the lead's may
    with Study.open(copy) as ben:
        assert ben.user == "ben"


def test_exporting_under_a_login_name_nobody_chose_asks_for_one_s_own(window, tmp_path, qtbot, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "tester")  # the window codes as the computer's login name
    study = window.session.study
    assert study.sync.name_problem()
    source = study.sources.all()[0]
    made = window.session.run_op(study.codings.apply_code, source_id=source.id, code_id=study.codes.all()[1].id,
                                 start=0, end=10).result
    out = tmp_path / "mine.ccwork"
    monkeypatch.setattr(sync_dialog, "ask_path", lambda *_args: (str(out), "ccwork"))
    _answer_name(qtbot, ["maria"])
    assert sync_dialog.export_work(window) is not None
    qtbot.waitUntil(out.exists, timeout=30000)
    assert window.session.coder == "maria" and "maria" in window.coder_label.text()
    assert study.codings.get(made).coder == "maria"
    assert study.sync.name_problem() is None
    lead = tmp_path / "lead.casecoder"
    from coder.store.backup import copy_study

    copy_study(study.path, lead)
    with Study.open(lead, user="lead") as other:
        assert other.codings.get(made).coder == "maria"

    monkeypatch.setattr("getpass.getuser", lambda: "maria")  # cancelling writes nothing
    from coder.store.settings import load_settings, save_setting

    save_setting("coder", None) if "coder" in load_settings() else None
    assert study.sync.name_problem()
    answer_modal(qtbot, lambda dialog: dialog.reject(), sync_dialog.NameDialog)
    assert sync_dialog.export_work(window) is None
