"""Window workflows: merging codes from the tree, importing with progress and cancel, data runs
and the heat map leading to passages, and correcting a transcript."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
)

from coder.sources.importing import plan_import
from tests.conftest import CORPUS

from . import person
from .conftest import answer_modal


def test_merge_codes_from_the_tree(window, qtbot):
    study = window.session.study
    src = study.codes.find("Supports/Professional development")
    dst = study.codes.find("Supports/Professional learning communities")
    total = src.count_all + dst.count_all
    tree = window.codebook.tree
    index = window.codebook.index_of(src.id)
    tree.scrollTo(index)

    def choose_merge(menu: QMenu) -> None:
        def pick_target(dialog: QDialog) -> None:
            dialog.findChild(QLineEdit).setText("learning communities")
            listing = dialog.findChild(QListWidget)
            for row in range(listing.count()):
                if listing.item(row).text() == dst.path:
                    listing.setCurrentRow(row)
            dialog.accept()

        answer_modal(qtbot, pick_target)
        next(a for a in menu.actions() if a.text() == "Merge into…").trigger()
        menu.close()

    answer_modal(qtbot, choose_merge)
    window.codebook._menu(tree.visualRect(index).center())
    qtbot.waitUntil(lambda: "Supports/Professional development" not in window.codebook.paths_by_id().values())
    merged = study.codes.find("Supports/Professional learning communities")
    assert merged.count_all <= total and merged.count_all >= dst.count_all
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert "Supports/Professional development" in window.codebook.paths_by_id().values()


def test_import_with_progress_then_cancel(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr("ui.workers.PROGRESS_DELAY_MS", 0)
    study = window.session.study
    files = []
    for i in range(300):
        path = tmp_path / f"extra_{i:02d}.txt"
        path.write_text((CORPUS / "sources" / "bayview_teacher_w1.txt").read_text(encoding="utf-8"),
                        encoding="utf-8")
        files.append(path)
    before = study.dump()
    window.run_import(plan_import(files, {"district": "Harbor Valley", "site": "New Site"}))
    qtbot.waitUntil(lambda: window.findChild(QProgressDialog) is not None
                    and window.findChild(QProgressDialog).isVisible(), timeout=10000)
    dialog = window.findChild(QProgressDialog)
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.LeftButton)
    qtbot.waitUntil(lambda: not window.__dict__.get("_workers"), timeout=60000)
    qtbot.wait(50)
    assert study.dump() == before
    assert "cancelled" in window.statusBar().currentMessage()


def test_import_dialog_reports_what_came_in_with_each_files_warnings(any_window, qtbot, tmp_path):
    window = any_window  # at the default size and at 1366×768
    from ui.dialogs.import_dialog import ImportDialog, ImportReportDialog

    good = tmp_path / "new_interview.txt"
    good.write_text("Interviewer: What changed?\n\nTeacher: We finally meet weekly.\n\nInterviewer: Thanks.",
                    encoding="utf-8")
    legacy = tmp_path / "legacy_notes.txt"
    legacy.write_bytes("Interviewer: Caf\u00e9 talk?\n\nTeacher: Our r\u00e9sum\u00e9s, yes.".encode("cp1252"))
    nul = tmp_path / "recorder_export.txt"
    nul.write_bytes(b"Interviewer: Ready?\x00\n\nTeacher: Yes.\x00 Go ahead.")
    bad = tmp_path / "broken.docx"
    bad.write_text("not a word file")

    def fill(dialog: ImportDialog) -> None:
        dialog.add_paths([str(p) for p in (good, legacy, nul, bad)])  # as picked in the file dialog
        for box, text in ((dialog.district, "Prairie Ridge"), (dialog.site, "Elm Creek Elementary"),
                          (dialog.role, "teacher")):
            box.lineEdit().setFocus()
            QTest.keyClicks(box.lineEdit(), text)
        dialog.wave.setFocus()
        QTest.keyClick(dialog.wave, Qt.Key_Up)  # up twice from "—"
        QTest.keyClick(dialog.wave, Qt.Key_Up)
        ok = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Import")
        QTest.mouseClick(ok, Qt.LeftButton)

    answer_modal(qtbot, fill, ImportDialog)
    window.import_sources()
    qtbot.waitUntil(lambda: getattr(window, "last_import", None) is not None, timeout=30000)
    assert window.statusBar().currentMessage() == \
        "Imported 3 sources, 2 with warnings; 1 file could not be imported."
    report = window.findChild(ImportReportDialog)
    assert report is not None and report.isVisible()
    rows = report.as_text()
    assert "broken.docx: not imported" in rows and "not a Word" in rows
    assert "legacy_notes.txt: imported; not UTF-8: read as Windows-1252" in rows
    assert "recorder_export.txt: imported; removed 2 stray NUL bytes" in rows
    study = window.session.study
    info = study.sources.find("new_interview")
    assert (info.site, info.role, info.wave) == ("Elm Creek Elementary", "teacher", 2)
    assert study.sources.text(study.sources.find("legacy_notes").id).startswith("Interviewer: Café talk?")
    assert window.document.source_id == info.id
    assert info.id in window.navigator.items
    assert window.undo_action.text().replace("&", "") == "Undo Import 3 sources"
    report.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    person.press("Ctrl+Z", window.document.editor)
    assert "new_interview" not in {s.name for s in study.sources.all()}


def test_data_run_double_click_jumps_to_passage(window, qtbot):
    runs = window.runs
    code = window.session.study.codes.find("Challenges/Resistance")
    runs.set_codes([code.id])
    runs.site.set_values([window.session.study.cases.find("Bayview Middle School").id])
    qtbot.mouseClick(next(b for b in runs.findChildren(QPushButton) if b.text() == "Run"), Qt.LeftButton)
    segments = runs.table.segments.segments
    assert segments and all(s.site == "Bayview Middle School" for s in segments)
    row = len(segments) - 1
    index = runs.table.model().index(row, 0)
    runs.table.scrollTo(index)
    rect = runs.table.visualRect(index)
    qtbot.mouseClick(runs.table.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(runs.table.viewport(), Qt.LeftButton, pos=rect.center())
    seg = segments[row]
    assert window.document.source_id == seg.source
    assert window.document.selection() == (seg.start, seg.end)
    assert window.document.selected_coding == seg.id


def test_heatmap_cell_opens_its_data_run(window, qtbot):
    from coder.coding.runs import passages

    window.show_view("heatmap")
    table = window.heatmap.table
    study = window.session.study
    code = study.codes.find("Leadership configuration")
    site = study.cases.find("Cedar Ridge High School")
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).data(Qt.UserRole + 1) == code.id)
    col = next(c for c in range(table.columnCount()) if table.item(row, c).data(Qt.UserRole + 2) == site.id)
    expected = int(table.item(row, col).text())
    rect = table.visualRect(table.model().index(row, col))
    table.scrollTo(table.model().index(row, col))
    rect = table.visualRect(table.model().index(row, col))
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    segments = window.runs.table.segments.segments
    assert passages(segments) == expected > 0  # the cell counts passages; the run lists each coder's codings
    assert {s.site for s in segments} == {"Cedar Ridge High School"}
    assert window.bottom_tabs.currentWidget() is window.runs


def test_find_in_study_lists_hits_and_jumps(window, qtbot):
    window.find_in_study()
    search = window.search
    search.mode.setCurrentIndex(search.mode.findData("lemma"))
    qtbot.keyClicks(search.query, "coaching cycles")
    qtbot.keyClick(search.query, Qt.Key_Return)
    hits = search.table.segments.segments
    assert hits
    search.table.segment_activated.emit(hits[0])
    assert window.document.selection() == (hits[0].start, hits[0].end)


def test_edit_source_keeps_codings_on_their_words(window, qtbot):
    study = window.session.study
    info = study.sources.find("cedar_teacher_leader_w1")
    window.open_source(info.id)
    text = study.sources.text(info.id)
    before = {c.id: text[c.start:c.end] for c in study.codings.for_source(info.id)}
    victim = study.codings.for_source(info.id)[-1]
    victim_text = text[victim.start:victim.end]

    def edit(dialog) -> None:
        editor = dialog.findChild(QPlainTextEdit)
        editor.setPlainText("[Transcript checked against the audio.]\n\n" + text.replace(victim_text, ""))

        def report(box: QMessageBox) -> None:
            box.accept()

        answer_modal(qtbot, report, QMessageBox)
        dialog.accept()

    answer_modal(qtbot, edit)
    window.edit_source_text()
    qtbot.waitUntil(lambda: window.document.text.startswith("[Transcript"), timeout=20000)
    qtbot.waitUntil(lambda: not window.__dict__.get("_workers"), timeout=20000)
    new = study.sources.text(info.id)
    for coding in study.codings.for_source(info.id):
        if coding.id == victim.id:
            assert coding.detached and coding.detached_text == victim_text
        else:
            assert new[coding.start:coding.end] == before[coding.id]
    assert window.document.text == new
    assert "Detached codings (1)" in window.bottom_tabs.tabText(2)
    assert QApplication.activeModalWidget() is None


def test_imported_sources_are_analysed_in_the_background(window, qtbot, tmp_path):
    from coder.sources.analysis import pending_count

    path = tmp_path / "late.txt"
    path.write_text("Interviewer: Tell me about coaching.\n\nTeacher: Our coaches were coaching cycles. "
                    "Teachers met weekly.\n\nInterviewer: Thanks.", encoding="utf-8")
    window.run_import(plan_import([path], {"site": "Fairmont Middle School"}))
    qtbot.waitUntil(lambda: getattr(window, "last_import", None) is not None, timeout=20000)
    qtbot.waitUntil(lambda: not window.analysis.running(), timeout=20000)
    study = window.session.study
    assert pending_count(study.conn) == 0
    hits = study.search.search("coaching cycle", "lemma")
    assert any(h.source_name == "late" for h in hits)
