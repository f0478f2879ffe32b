"""Pattern tables in the window: counts equal the data run, filters recount, a cell opens its run,
named tables, export."""

from __future__ import annotations

from coder.runs import RunSpec


def test_pattern_table_counts_filter_open_and_save(window, qtbot, tmp_path, monkeypatch):
    study = window.session.study
    window.show_view("matrix")
    panel = window.pattern_panel
    qtbot.waitUntil(lambda: panel.table is not None and panel.grid.rowCount() > 0)
    table = panel.table
    assert panel.grid.rowCount() == len(table.rows) + 1 and panel.grid.columnCount() == len(study.codes.all())
    code = study.codes.find("Leadership configuration/Coaching")
    column = [k for k, _l in table.columns].index(code.id)
    row = [site for _d, site, _n in table.rows].index(study.cases.find("Alder Street Elementary").id)
    expected = study.runs.count(RunSpec(codes=[code.id], descendants=True, sites=[table.rows[row][1]]))
    assert panel.grid.item(row, column).text() == str(expected)

    wave = panel.filters["wave"]
    wave.setCurrentIndex(wave.findData(2))
    expected_w2 = study.runs.count(RunSpec(codes=[code.id], descendants=True, sites=[table.rows[row][1]], waves=[2]))
    assert panel.grid.item(row, column).text() == (str(expected_w2) if expected_w2 else "")

    panel._open_cell(row, column)
    assert window.runs.table.segments.rowCount() == (study.runs.count(RunSpec(
        codes=[code.id], descendants=True, sites=[table.rows[row][1]])))

    monkeypatch.setattr("ui.pattern_panel.QInputDialog.getText", lambda *a, **k: ("Coaching by wave", True))
    panel.save()
    assert panel.saved.findText("Coaching by wave") >= 0
    monkeypatch.setattr("ui.pattern_panel.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "table.xlsx"), ""))
    panel.export("xlsx")
    assert (tmp_path / "table.xlsx").exists()
