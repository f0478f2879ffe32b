"""Comparing coders in the window, and blind coding."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coder.agreement import compare


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
    monkeypatch.setattr("ui.exports.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
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
