"""The cross-site outline in the window: checks beside claims, citing a data-run segment, a site's
stance, and opening evidence."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_outline_shows_checks_cites_and_sets_stances(window, qtbot):
    study = window.session.study
    window.show_view("outline")
    panel = window.outline_panel
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() > 0)
    theme = panel.tree.topLevelItem(0)
    claim_node = theme.child(0)
    assert claim_node.text(0) == "Principals keep coaching apart from teacher evaluation"
    assert (claim_node.text(2), claim_node.text(3)) == ("2", "no")  # two sites contradict; one source type
    panel.tree.setCurrentItem(claim_node)
    assert panel.evidence.count() == 4 and "Never cited" in panel.uncited.text()

    window.show_run_for(study.codes.find("Leadership configuration/Coaching").id)
    table = window.runs.table
    qtbot.waitUntil(lambda: table.segments.rowCount() > 0)
    table.setCurrentIndex(table.segments.index(0, 0))
    segment = table.chosen()
    window.show_view("outline")
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0).child(0))
    qtbot.mouseClick(panel.cite_button, Qt.LeftButton)
    claim = study.cross_outline.find("Principals keep coaching apart from teacher evaluation")
    assert any(e.coding_id == segment.id for e in study.cross_outline.evidence(claim.id))
    assert panel.evidence.count() == 5

    row = next(r for r in range(panel.stances.rowCount()) if panel.stances.item(r, 0).text() == "Bayview Middle School")
    box = panel.stances.cellWidget(row, 1)
    box.setCurrentText("supports")
    box.activated.emit(box.currentIndex())
    bayview = study.cases.find("Bayview Middle School").id
    assert study.cross_outline.stances(claim.id)[bayview] == "supports"
    window.session.undo_stack.undo()
    assert study.cross_outline.stances(claim.id)[bayview] != "supports"

    opened = []
    panel.passage_opened.connect(lambda *args: opened.append(args))
    panel._open_evidence(panel.evidence.item(0))
    assert opened and window.document.source_id == opened[0][0]


def test_outline_items_are_reshaped_evidence_withdrawn_and_a_theme_gets_a_code(window, qtbot, tmp_path,
                                                                               monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    study = window.session.study
    o = study.cross_outline
    window.show_view("outline")
    panel = window.outline_panel
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() > 0)
    claim = o.find("Principals keep coaching apart from teacher evaluation")
    theme = o.get(claim.parent_id)

    panel.tree.setCurrentItem(panel.tree.topLevelItem(0).child(0))
    monkeypatch.setattr("ui.outline_actions.QInputDialog.getMultiLineText",
                        lambda *a, **k: ("Principals keep coaching apart from appraisal", True))
    panel.rename_item()
    assert o.get(claim.id).name == "Principals keep coaching apart from appraisal"
    assert panel.tree.currentItem().text(0) == "Principals keep coaching apart from appraisal"

    before = panel.evidence.count()
    panel.evidence.setCurrentRow(0)
    stance = panel.evidence.currentItem().data(Qt.UserRole + 2)
    panel.flip_evidence()
    assert o.evidence(claim.id)[0].stance != stance
    panel.evidence.setCurrentRow(0)
    panel.withdraw_evidence()
    assert panel.evidence.count() == before - 1 and len(o.evidence(claim.id)) == before - 1
    window.session.undo_stack.undo()
    assert panel.evidence.count() == before

    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    linked = o.theme_codes(theme.id)  # the demo links the coaching code to this theme
    monkeypatch.setattr("ui.outline_actions.QInputDialog.getText", lambda *a, **k: ("Cross-site/Trust", True))
    panel.new_theme_code()
    trust = study.codes.find("Cross-site/Trust").id
    assert panel.theme_codes.count() == len(linked) + 1 and set(o.theme_codes(theme.id)) == {*linked, trust}
    panel.theme_codes.setCurrentRow(next(i for i in range(panel.theme_codes.count())
                                         if panel.theme_codes.item(i).data(Qt.UserRole) == trust))
    panel.theme_codes.itemDoubleClicked.emit(panel.theme_codes.currentItem())
    assert window.runs.ticked_codes() == [trust]
    panel.unlink_theme_code()
    assert o.theme_codes(theme.id) == linked

    second = panel.tree.topLevelItem(1).data(0, Qt.UserRole)
    panel.shift_item(1)
    assert [i.id for i in o.items() if i.parent_id is None][0] == second
    monkeypatch.setattr("ui.outline_actions.QMessageBox.question", lambda *a, **k: QMessageBox.Yes)
    panel.tree.setCurrentItem(next(panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
                                   if panel.tree.topLevelItem(i).data(0, Qt.UserRole) == theme.id))
    panel.delete_item()
    assert all(i.id != claim.id for i in o.items())
    window.session.undo_stack.undo()
    assert o.get(claim.id).name == "Principals keep coaching apart from appraisal"

    out = tmp_path / "outline.docx"
    monkeypatch.setattr("ui.exports.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    panel.export_word()
    qtbot.waitUntil(out.exists, timeout=20000)
    from docx import Document

    assert any(p.text == "Principals keep coaching apart from appraisal" for p in Document(str(out)).paragraphs)


def test_the_triangulation_thresholds_are_set_from_the_outline(window, qtbot, monkeypatch):
    study = window.session.study
    window.show_view("outline")
    panel = window.outline_panel
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() > 0)
    claim = panel.tree.topLevelItem(0).child(0)
    assert claim.text(3) == "no"
    monkeypatch.setattr("ui.outline_actions.QInputDialog.getInt", lambda *a, **k: (1, True))
    panel.set_thresholds()
    assert study.cross_outline.thresholds() == {"triangulation_types": 1, "triangulation_roles": 1}
    assert panel.tree.topLevelItem(0).child(0).text(3) == "yes"
