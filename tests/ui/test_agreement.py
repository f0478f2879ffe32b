"""Comparing coders in the window, and blind coding."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coder.coding.agreement import compare


def test_the_comparison_shows_figures_and_opens_disagreements(window, qtbot, tmp_path, monkeypatch):
    study = window.session.study
    dialog = window.compare_coders()
    assert dialog.chosen_coders() == study.codings.coders()[:2]
    dialog.run()
    expected = compare(study, dialog.chosen_coders()).as_dict()
    assert f"{expected['krippendorff_alpha']:.3f}" in dialog.overall.text()
    assert dialog.per_code.rowCount() == len(expected["per_code"])
    assert dialog.spots.rowCount() == min(2000, len(expected["disagreements"])) > 0
    dialog._open(0, 0)
    first = expected["disagreements"][0]
    assert window.document.source_id == study.sources.find(first["source"]).id
    out = tmp_path / "agreement.xlsx"
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    assert dialog.export("xlsx") == str(out) and out.exists()
    dialog.coders.item(1).setCheckState(Qt.Unchecked)
    dialog.run()
    assert "at least two coders" in dialog.overall.text()
    dialog.close()


def test_blind_coding_hides_other_coders(window, qtbot):
    study = window.session.study
    window.session.set_coder("okafor")  # one of the demo's two coders
    source = study.sources.find("alder_principal_w1")
    window.open_source(source.id)
    coders = {c.coder for c in window.document.visible_codings()}
    assert len(coders) >= 2
    window.blind_action.setChecked(True)
    me = window.session.coder
    assert window.document.visible_codings()
    assert all(c.coder == me for c in window.document.visible_codings())
    assert not window.document.coder_filter.isEnabled()
    window.show_run_for(study.codes.find("Leadership configuration").id)
    segments = window.runs.table.segments.segments
    assert segments and all(s.coder == me for s in segments)
    window.blind_action.setChecked(False)
    assert {c.coder for c in window.document.visible_codings()} == coders


def test_the_comparison_counts_over_the_coded_text_or_the_whole_text_as_chosen(window, qtbot, tmp_path,
                                                                                monkeypatch):
    """A researcher comparing figures with NVivo's chooses the whole text; the window, the JSON and
    the Word report say which count they show."""
    from docx import Document

    study = window.session.study
    dialog = window.compare_coders()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.compare_button, Qt.LeftButton)
    coders = dialog.chosen_coders()
    coded = compare(study, coders).as_dict()
    assert f"{coded['cohen_kappa']:.3f}" in dialog.overall.text()
    assert "Counted over only the characters someone coded" in dialog.overall.text()

    box = dialog.over
    qtbot.mouseClick(box, Qt.LeftButton)
    view = box.view()
    qtbot.waitUntil(view.isVisible)
    index = box.model().index(box.findData("whole"), 0)
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # the list ignores a release right after it opens
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.visualRect(index).center())
    qtbot.waitUntil(lambda: not view.isVisible())
    assert box.currentText() == "the whole text (as NVivo)"
    qtbot.mouseClick(dialog.compare_button, Qt.LeftButton)
    whole = compare(study, coders, over="whole").as_dict()
    assert whole["cohen_kappa"] != coded["cohen_kappa"]
    assert f"{whole['cohen_kappa']:.3f}" in dialog.overall.text() and f"{whole['units']:,}" in dialog.overall.text()
    assert "as NVivo's coding comparison counts" in dialog.overall.text()
    assert dialog.result.as_dict()["over"] == "whole"
    out = tmp_path / "agreement.docx"
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    assert dialog.export("docx") == str(out)
    assert any("as NVivo's coding comparison counts" in p.text for p in Document(str(out)).paragraphs)
    dialog.close()


def test_an_export_to_a_folder_that_is_gone_says_so(window, qtbot, tmp_path, monkeypatch, message_boxes):
    """A target that cannot be written (a folder removed, a stick pulled) is named in a message;
    the dialog keeps working."""
    from PySide6.QtWidgets import QPushButton

    from tests.ui.person import click_at

    dialog = window.compare_coders()
    dialog.run()
    out = tmp_path / "gone" / "agreement.docx"
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    click_at(next(b for b in dialog.findChildren(QPushButton) if b.text() == "Word…"))
    assert len(message_boxes) == 1 and str(out) in message_boxes[0] and not out.exists()
    message_boxes.clear()
    dialog.close()
