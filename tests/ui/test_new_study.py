"""File > New study as a person does it: the window then shows the new, empty study only."""

from __future__ import annotations

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
