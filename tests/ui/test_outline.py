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
