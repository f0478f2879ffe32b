"""REFI-QDA exchange from the File menu: import a project as a new study in a worker with its
report shown and the study opened, export in both position conventions, merge and export a
codebook (undoable)."""

from __future__ import annotations

import zipfile

from PySide6.QtWidgets import QMessageBox

from tests.core.test_refi_samples import SAMPLES
from ui.dialogs import refi_dialogs


def test_import_a_project_as_a_new_study_and_open_it(window, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "maxqda.casecoder"

    def fill(dialog):
        dialog.archive.setText(str(SAMPLES / "maxqda24_ICLS_Conf_Themes_just10.qdpx"))
        dialog.study.setText(str(target))
        return True

    monkeypatch.setattr(refi_dialogs.ProjectImportDialog, "exec", fill)
    monkeypatch.setattr(refi_dialogs.QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    refi_dialogs.import_project(window)
    qtbot.waitUntil(lambda: window.session.study.path == target, timeout=30000)
    assert window.last_refi_report["counts"]["codes"] == 307
    assert len(window.session.study.codes.all()) == 307 and len(window.session.study.sources.all()) == 10
    html = refi_dialogs.report_html(window.last_refi_report)
    assert "MAXQDA 24" in html and "Positions" in html


def test_export_both_conventions_and_merge_a_codebook(window, qtbot, tmp_path, monkeypatch):
    study = window.session.study
    for nvivo, name in ((False, "std.qdpx"), (True, "nvivo.qdpx")):
        out = tmp_path / name
        monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, out=out, **k: (str(out), ""))
        refi_dialogs.export_project(window, nvivo=nvivo)
        qtbot.waitUntil(out.exists, timeout=30000)
        text = next(n for n in zipfile.ZipFile(out).namelist() if n.endswith(".txt"))
        assert (b"\r\n" in zipfile.ZipFile(out).read(text)) == nvivo
    before = len(study.codes.all())
    held = refi_dialogs.import_codebook(window, str(SAMPLES / "atlasti-win23.4_codebook_from-requal-test.qdc"))
    assert held["created"] == ["code1"] and len(study.codes.all()) == before + 1
    window.session.undo_stack.undo()
    assert len(study.codes.all()) == before
    book = tmp_path / "book.qdc"
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(book), ""))
    assert refi_dialogs.export_codebook(window) == str(book) and book.exists()


def test_a_source_set_filters_the_data_run(window, qtbot):
    study = window.session.study
    alder = [s.id for s in study.sources.all() if s.name.startswith("alder_")]
    window.session.run_op(study.sets.add_set, name="Alder sources", kind="source", members=alder)
    code = study.codes.find("Leadership configuration")
    window.show_run_for(code.id)
    runs = window.runs  # the new set is among the choices: the window refreshed them
    runs.source_set.setCurrentIndex(runs.source_set.findText("Alder sources"))
    runs.run()
    segments = runs.table.segments.segments
    assert segments and all(s.source in alder for s in segments)
