"""The cross-site outline in the window: checks beside claims, citing a data-run segment, a site's
stance, and opening evidence."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def test_outline_shows_checks_cites_and_sets_stances(any_window, qtbot):
    window = any_window  # at the default size and at 1366×768
    study = window.session.study
    window.show_view("outline")
    panel = window.outline_panel
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() > 0)
    theme = panel.tree.topLevelItem(0)
    claim_node = theme.child(0)
    assert claim_node.text(0) == "Principals keep coaching apart from teacher evaluation"
    # both sites are cited on both sides: mixed; one source type
    assert (claim_node.text(1), claim_node.text(2), claim_node.text(3), claim_node.text(4)) == ("0", "2", "0", "no")
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
    box.setCurrentIndex(box.findData("supports"))
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
    monkeypatch.setattr("ui.outline.outline_actions.ask_text",
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
    monkeypatch.setattr("ui.outline.outline_actions.QInputDialog.getText", lambda *a, **k: ("Cross-site/Trust", True))
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
    monkeypatch.setattr("ui.outline.outline_actions.QMessageBox.question", lambda *a, **k: QMessageBox.Yes)
    panel.tree.setCurrentItem(next(panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
                                   if panel.tree.topLevelItem(i).data(0, Qt.UserRole) == theme.id))
    panel.delete_item()
    assert all(i.id != claim.id for i in o.items())
    window.session.undo_stack.undo()
    assert o.get(claim.id).name == "Principals keep coaching apart from appraisal"

    out = tmp_path / "outline.docx"
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
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
    assert claim.text(4) == "no"
    monkeypatch.setattr("ui.outline.outline_actions.QInputDialog.getInt", lambda *a, **k: (1, True))
    panel.set_thresholds()
    assert study.cross_outline.thresholds() == {"triangulation_types": 1, "triangulation_roles": 1}
    assert panel.tree.topLevelItem(0).child(0).text(4) == "yes"


def _click_claim(qtbot, panel, name: str):
    """Click a claim's row in the outline tree, as a user does."""
    node = next(panel.tree.topLevelItem(t).child(c) for t in range(panel.tree.topLevelItemCount())
                for c in range(panel.tree.topLevelItem(t).childCount())
                if panel.tree.topLevelItem(t).child(c).text(0) == name)
    panel.tree.scrollToItem(node)
    qtbot.mouseClick(panel.tree.viewport(), Qt.LeftButton, pos=panel.tree.visualItemRect(node).center())
    assert panel.tree.currentItem() is node
    return node


def _stance_row(panel, site: str) -> int:
    return next(r for r in range(panel.stances.rowCount()) if panel.stances.item(r, 0).text() == site)


def _choose_stance(qtbot, panel, site: str, text_starts: str) -> None:
    """Open a site's stance box with a click and click one of its choices in the list it shows."""
    row = _stance_row(panel, site)
    panel.stances.scrollToItem(panel.stances.item(row, 0))
    box = panel.stances.cellWidget(row, 1)
    qtbot.mouseClick(box, Qt.LeftButton)
    view = box.view()
    qtbot.waitUntil(view.isVisible)
    index = next(box.model().index(i, 0) for i in range(box.count()) if box.itemText(i) == text_starts)
    view.scrollTo(index)
    # the list ignores a release within a double-click interval of opening, as a hand is never that quick
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.visualRect(index).center())
    qtbot.waitUntil(lambda: not view.isVisible())


def test_stances_say_which_are_the_analyst_s_and_which_come_from_the_evidence(window, qtbot):
    """The claim that showed "0 sites support" beside two supporting quotations: each site cited
    both ways is shown mixed, marked as read from the evidence, until the analyst judges it."""
    study = window.session.study
    claim_name = "Principals keep coaching apart from teacher evaluation"
    claim = study.cross_outline.find(claim_name)
    window.show_view("outline")
    panel = window.outline_panel
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() > 0)
    node = _click_claim(qtbot, panel, claim_name)
    supporting = [panel.evidence.item(i).text() for i in range(panel.evidence.count())
                  if panel.evidence.item(i).text().startswith("✓ supports")]
    assert len(supporting) == 2
    assert [node.text(c) for c in (1, 2, 3)] == ["0", "2", "0"]  # ✓ ± ✗: never "0 support" and nothing else
    alder = _stance_row(panel, "Alder Street Elementary")
    box = panel.stances.cellWidget(alder, 1)
    assert box.currentText() == "mixed (evidence)" and box.font().italic()
    assert "1 supporting and 1 contradicting" in box.toolTip()
    assert panel.stances.viewport().rect().contains(box.geometry())  # on screen, not scrolled out of the table
    bayview = _stance_row(panel, "Bayview Middle School")
    assert panel.stances.cellWidget(bayview, 1).currentText() == "silent (evidence)"

    _choose_stance(qtbot, panel, "Alder Street Elementary", "supports")
    alder = _stance_row(panel, "Alder Street Elementary")
    box = panel.stances.cellWidget(alder, 1)
    assert box.currentText() == "supports (tester)" and not box.font().italic()
    assert "Set by tester; the site's evidence alone says mixed" in box.toolTip()
    node = panel.tree.currentItem()
    assert [node.text(c) for c in (1, 2, 3)] == ["1", "1", "0"]
    assert study.cross_outline.site_stances(claim.id)[0].set_by == "tester"

    _choose_stance(qtbot, panel, "Bayview Middle School", "mixed")
    assert [panel.tree.currentItem().text(c) for c in (1, 2, 3)] == ["1", "2", "0"]

    _choose_stance(qtbot, panel, "Alder Street Elementary", "mixed (evidence)")  # the evidence decides again
    alder = _stance_row(panel, "Alder Street Elementary")
    assert panel.stances.cellWidget(alder, 1).currentText() == "mixed (evidence)"
    assert [panel.tree.currentItem().text(c) for c in (1, 2, 3)] == ["0", "3", "0"]
    window.session.undo_stack.undo()
    assert panel.stances.cellWidget(_stance_row(panel, "Alder Street Elementary"), 1).currentText() == \
        "supports (tester)"


def test_a_claim_is_typed_over_two_lines_and_finished_with_ctrl_return(window, qtbot):
    """Return starts a new line in the claim; Ctrl+Return finishes, as the dialog says, and the
    claim lands under the theme chosen in the tree."""
    from PySide6.QtWidgets import QPushButton

    from tests.ui.person import click_at, click_item, press, type_text

    study = window.session.study
    window.show_view("outline")
    panel = window.outline_panel
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() > 0)
    theme = panel.tree.topLevelItem(0)
    theme_name = theme.text(0)
    click_item(panel.tree, panel.tree.indexFromItem(theme))
    add = next(b for b in panel.findChildren(QPushButton) if b.text() == "Add claim…")
    typed = []

    def answer(dialog) -> None:
        type_text("Coaches protect time", dialog.edit)
        press("Return", dialog.edit)
        type_text("for teachers to observe", dialog.edit)
        typed.append(dialog.edit.toPlainText())
        press("Ctrl+Return", dialog.edit)

    from tests.ui.conftest import answer_modal

    answer_modal(qtbot, answer)
    click_at(add)
    qtbot.waitUntil(lambda: bool(typed))
    assert typed == ["Coaches protect time\nfor teachers to observe"]
    claim = study.cross_outline.find("Coaches protect time for teachers to observe")
    assert theme_name.startswith(study.cross_outline.get(claim.parent_id).name)
