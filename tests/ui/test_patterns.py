"""Pattern tables in the window: counts equal the data run, filters recount, a cell opens its run,
named tables, cell summaries started from the site memo, pinned quotations, the text matrix, and
export in a worker."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coder.coding.runs import RunSpec


def _find(panel, study, site: str, column_key: str) -> tuple[int, int]:
    return panel.row_of(study.cases.find(site).id), [k for k, _l in panel.table.columns].index(column_key)


def test_pattern_table_counts_filter_open_and_save(window, qtbot, tmp_path, monkeypatch):
    study = window.session.study
    window.show_view("matrix")
    panel = window.pattern_panel
    qtbot.waitUntil(lambda: panel.table is not None and panel.grid.rowCount() > 0)
    table = panel.table
    districts = len({d for d, _s, _n in table.rows})  # a band row heads each district's sites
    assert panel.grid.rowCount() == len(table.rows) + districts + 1 and panel.grid.verticalHeaderItem(0).text() == \
        table.rows[0][0] and panel.grid.columnCount() == len(study.codes.all())
    code = study.codes.find("Leadership configuration/Coaching")
    row, column = _find(panel, study, "Alder Street Elementary", code.id)
    alder = study.cases.find("Alder Street Elementary").id
    expected = study.runs.passage_count(RunSpec(codes=[code.id], descendants=True, sites=[alder]))
    assert panel.grid.item(row, column).text() == str(expected)

    panel.filters["wave"].set_values([2])
    expected_w2 = study.runs.passage_count(RunSpec(codes=[code.id], descendants=True, sites=[alder], waves=[2]))
    assert panel.grid.item(row, column).text() == (str(expected_w2) if expected_w2 else "")

    panel._open_cell(row, column)
    assert window.runs.table.segments.rowCount() == (study.runs.count(RunSpec(
        codes=[code.id], descendants=True, sites=[alder])))

    monkeypatch.setattr("ui.compare.pattern_panel.QInputDialog.getText", lambda *a, **k: ("Coaching by wave", True))
    panel.save()
    assert panel.saved.currentText() == "Coaching by wave" and panel.name == "Coaching by wave"
    out = tmp_path / "table.xlsx"
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    panel.export()
    qtbot.waitUntil(out.exists, timeout=20000)


def test_a_cell_is_summarised_from_the_memo_pinned_and_shown_in_the_text_matrix(window, qtbot, tmp_path,
                                                                               monkeypatch):
    study = window.session.study
    window.show_view("matrix")
    panel = window.pattern_panel
    qtbot.waitUntil(lambda: panel.table is not None)
    panel.cols.setCurrentIndex(panel.cols.findData("sections"))
    section = study.sections.find("3.2 Teacher leaders and coaches")
    row, column = _find(panel, study, "Alder Street Elementary", section.id)
    panel.grid.setCurrentCell(row, column)
    pane = panel.pane
    assert "Alder Street Elementary" in pane.title.text() and pane.segments.count() == panel.table.cell(
        study.cases.find("Alder Street Elementary").id, section.id).codings  # the codings behind its passages

    # writing into an unsaved table names and saves it first
    monkeypatch.setattr("ui.compare.pattern_panel.QInputDialog.getText", lambda *a, **k: ("Leadership", True))
    qtbot.mouseClick(pane.start, Qt.LeftButton)
    assert panel.name == "Leadership" and pane.summary.toPlainText()
    memo_text = pane.summary.toPlainText()
    pane.summary.setPlainText("The coach runs cycles; veterans close their doors.\n\n" + memo_text)
    assert pane.save.isEnabled()
    qtbot.mouseClick(pane.save, Qt.LeftButton)
    alder = study.cases.find("Alder Street Elementary").id
    assert study.cells.cell("Leadership", alder, section.id).summary.startswith("The coach runs cycles")
    assert not pane.save.isEnabled()
    assert panel.grid.item(row, column).text().endswith("✎")

    pane.segments.setCurrentRow(0)
    qtbot.mouseClick(next(b for b in pane.findChildren(type(pane.save)) if b.text() == "Pin"),
                     Qt.LeftButton)
    assert pane.pinned.count() == 1 and len(study.cells.cell("Leadership", alder, section.id).quotes) == 1
    opened = []
    panel.passage_opened.connect(lambda *args: opened.append(args))
    pane._open(pane.pinned.item(0))
    assert opened and window.document.source_id == opened[0][0]
    window.show_view("matrix")

    panel.view.setCurrentIndex(panel.view.findData("text"))
    text = panel.grid.item(row, column).text()
    assert text.startswith("The coach runs cycles") and "+ 1 pinned quotation" in text

    out = tmp_path / "leadership.docx"
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    panel.export()
    qtbot.waitUntil(out.exists, timeout=20000)
    from docx import Document

    # the text view's columns come in parts of a few a page: find the part holding the section
    rows = next(t.rows for t in Document(str(out)).tables if section.name in [c.text for c in t.rows[0].cells])
    at = [c.text for c in rows[0].cells].index(section.name)
    cells = {r.cells[1].text: r.cells[at].text for r in rows}
    assert "The coach runs cycles" in cells["Alder Street Elementary"]

    window.session.undo_stack.undo()  # the pin
    window.show_view("matrix")  # opening the passage showed the document; the table refreshes when seen
    assert pane.pinned.count() == 0
    monkeypatch.setattr("ui.compare.pattern_panel.QMessageBox.question", lambda *a, **k: panel_yes())
    panel.delete()
    assert panel.name is None and panel.saved.findText("Leadership") < 0
    window.session.undo_stack.undo()
    assert study.cells.cell("Leadership", alder, section.id).summary.startswith("The coach runs cycles")


def panel_yes():
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox.Yes
