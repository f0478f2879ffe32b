"""File > New study as a person does it: the window then shows the new, empty study only."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from . import person


def test_new_study_from_the_file_menu_shows_nothing_of_the_last_one(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("QT_NO_NATIVE_FILE_DIALOGS", "1")
    nav = window.navigator
    source = window.session.study.sources.find("alder_principal_w1")
    person.click_item(nav.tree, nav.proxy.mapFromSource(nav.items[source.id].index()))
    assert nav.attributes.rowCount() > 0 and nav.attributes.item(0, 1).text() == "alder_principal_w1"
    target = tmp_path / "my study.casecoder"
    person.answer_file_dialog(target)
    person.choose_menu(window, "File", "New study…")
    qtbot.waitUntil(lambda: window.session.study.path == target, timeout=10000)
    assert nav.attributes.rowCount() == 0  # no source of the study that was open
    assert nav.model.rowCount() == 0 and window.codebook.model.rowCount() == 0
    assert window.document.source_id is None and window.document.editor.toPlainText() == ""
    assert window.windowTitle().startswith("my study")
    assert window.runs.table.segments.rowCount() == 0 and window.search.table.segments.rowCount() == 0
    window.show_view("memo")
    assert window.memo_panel.memo_id is None


def test_file_dialogs_open_in_the_studys_folder_then_where_the_last_file_was(window, qtbot, tmp_path):
    from pathlib import Path

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog

    from ui.dialogs.import_dialog import ImportDialog

    from .conftest import answer_modal

    QSettings().remove("files/last_folder")
    seen: list[Path] = []
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "meta.csv").write_text("file,site\n", encoding="utf-8")

    def look(dialog: QFileDialog) -> None:
        seen.append(Path(dialog.directory().absolutePath()))
        dialog.reject()

    def in_the_import_dialog(dialog: ImportDialog) -> None:
        csv = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Metadata CSV…")
        answer_modal(None, look, QFileDialog)
        person.click_at(csv)  # where does it open?
        person.answer_file_dialog(other / "meta.csv")
        person.click_at(csv)  # pick a file elsewhere
        answer_modal(None, look, QFileDialog)
        person.click_at(csv)  # and where does it open now?
        dialog.reject()

    answer_modal(None, in_the_import_dialog, ImportDialog)
    person.choose_menu(window, "File", "Import sources…")
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10000)
    assert seen[0] == window.session.study.path.parent  # not the folder the program started in
    assert seen[1] == other  # where the last file was picked
