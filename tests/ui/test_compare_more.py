"""The compare views used as a researcher does, beyond one cell: a selection of crosstab cells
made into one run with Ctrl-click and Return, a district office's cell opening its own sources,
a scope narrowed from the drop-down, charts shown under the tables and saved, tables written to
Word from the Export button, and the espoused-vs-enacted view clicked through to a passage."""

from __future__ import annotations

import docx
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from coder.coding.run_spec import RunSpec
from coder.compare.crosstabs import crosstab

from . import person
from .test_heatmap import _choose
from .test_run_filters import tick


def _button(panel, text: str) -> QPushButton:
    return next(b for b in panel.findChildren(QPushButton) if b.text().replace("&", "") == text)


def _cell_point(grid, row: int, column: int):
    item = grid.item(row, column)
    grid.scrollToItem(item)
    person.settle(0)
    return grid.visualItemRect(item).center()


def _crosstab(window, qtbot):
    person.open_workspace(window, "Compare")
    person.click_tab(window.compare_tabs.tabBar(), "Crosstab")
    panel = window.crosstab_panel
    qtbot.waitUntil(lambda: panel.table is not None and panel.grid.rowCount() > 0)
    return panel


def test_a_selection_of_cells_makes_one_run(any_window, qtbot):
    window = any_window
    study = window.session.study
    panel = _crosstab(window, qtbot)
    _choose(qtbot, panel.cols, "role")
    table = panel.table
    row = next(r for r, (k, _l) in enumerate(table.rows)
               if table.cell(k, "teacher").passages and table.cell(k, "principal").passages)
    key = table.rows[row][0]
    teacher, principal = table.cols.index("teacher"), table.cols.index("principal")
    QTest.mouseClick(panel.grid.viewport(), Qt.LeftButton, Qt.NoModifier, _cell_point(panel.grid, row, teacher))
    QTest.mouseClick(panel.grid.viewport(), Qt.LeftButton, Qt.ControlModifier, _cell_point(panel.grid, row, principal))
    assert len(panel.grid.selectedIndexes()) == 2
    QTest.keyClick(panel.grid, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.current_workspace().title == "Code")
    spec = window.runs.spec()
    assert spec.codes == [key] and set(spec.roles) == {"teacher", "principal"}
    expected = table.cell(key, "teacher").passages + table.cell(key, "principal").passages
    assert study.runs.passage_count(spec) == expected

    # a district office's cell: the run holds the district's own sources, and says so
    person.open_workspace(window, "Compare")
    _choose(qtbot, panel.cols, "site")
    table = panel.table
    office = next(c for c in table.cols if c.endswith("— district office"))
    row = max(range(len(table.rows)), key=lambda r: table.cell(table.rows[r][0], office).passages)
    key = table.rows[row][0]
    point = _cell_point(panel.grid, row, table.cols.index(office))
    QTest.mouseClick(panel.grid.viewport(), Qt.LeftButton, Qt.NoModifier, point)
    QTest.mouseDClick(panel.grid.viewport(), Qt.LeftButton, Qt.NoModifier, point)
    qtbot.waitUntil(lambda: window.current_workspace().title == "Code")
    spec = window.runs.spec()
    assert spec.sources and "sources the cell counts" in window.runs.source_set.currentText()
    assert study.runs.passage_count(spec) == table.cell(key, office).passages
    assert "district's own sources" in window.runs.summary.text()  # said under the run's count, and kept
    assert f"({table.cell(key, office).passages} passage" in window.runs.summary.text()


def test_the_scope_narrowed_from_the_drop_down(window, qtbot):
    study = window.session.study
    panel = _crosstab(window, qtbot)
    _choose(qtbot, panel.cols, "role")
    tick(qtbot, panel.scope.narrow, ("wave", 1))
    qtbot.waitUntil(lambda: panel.table.scope_sources < len(study.sources.all()))
    expected = crosstab(study, "role", items=[c.id for c in study.codes.all() if not c.parent_id],
                        descendants=True, scope=RunSpec(codes=[], waves=[1]))
    assert panel.table.records() == expected.records()
    assert "the whole study (Wave: 1)" in panel.summary.text()
    # rows chosen from the "of" list: just those codes
    coaching, trust = (study.codes.find(p).id for p in ("Leadership configuration/Coaching",
                                                         "Leadership configuration/Trust and relationships"))
    tick(qtbot, panel.items, coaching, trust)
    qtbot.waitUntil(lambda: [k for k, _l in panel.table.rows] == [coaching, trust])
    assert panel.grid.rowCount() == 2


def test_charts_show_under_their_tables_and_are_saved(window, qtbot, tmp_path, monkeypatch):
    panel = _crosstab(window, qtbot)
    person.click_at(_button(panel, "Chart"))
    qtbot.waitUntil(lambda: panel.chart.pixmap is not None and not panel.chart.pixmap.isNull())
    shown = panel.chart.picture.pixmap().deviceIndependentSize()
    room = panel.chart.viewport().size()
    assert panel.chart.isVisible() and shown.width() <= room.width()  # never wider than the pane
    first = panel.chart.drawn_for
    _choose(qtbot, panel.cols, "wave")
    qtbot.waitUntil(lambda: panel.chart.drawn_for is panel.table and panel.table is not first)
    before = panel.chart.pixmap.cacheKey()
    person.click_at(panel.stacked)  # side by side now: drawn again for the same table
    assert not panel.stacked.isChecked()
    qtbot.waitUntil(lambda: panel.chart.pixmap.cacheKey() != before)
    out = tmp_path / "roles.svg"
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), "SVG drawing (*.svg)"))
    person.click_at(_button(panel, "Save chart…"))
    assert "Leadership configuration" in out.read_text(encoding="utf-8")

    person.click_tab(window.compare_tabs.tabBar(), "Co-occurrence")
    cooccur = window.cooccur_panel
    qtbot.waitUntil(lambda: cooccur.table is not None)
    assert cooccur.chart.pixmap is None  # never drawn while hidden
    person.click_at(_button(cooccur, "Chart"))
    qtbot.waitUntil(lambda: cooccur.chart.pixmap is not None)
    net = tmp_path / "codes.png"
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(net), "PNG picture (*.png)"))
    person.click_at(_button(cooccur, "Save chart…"))
    assert net.read_bytes()[:4] == b"\x89PNG"

    person.click_tab(window.compare_tabs.tabBar(), "Words")
    words = window.words_panel
    qtbot.waitUntil(lambda: words.words.rowCount() > 0)
    person.click_at(_button(words, "Chart"))
    qtbot.waitUntil(lambda: words.chart.pixmap is not None and not words.chart.pixmap.isNull())


def _export(qtbot, panel, monkeypatch, out, kind: str) -> None:
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), kind))
    person.click_at(_button(panel, "Export…"))
    qtbot.waitUntil(out.exists, timeout=30000)


def test_tables_go_to_word_from_the_export_button(window, qtbot, tmp_path, monkeypatch):
    panel = _crosstab(window, qtbot)
    _choose(qtbot, panel.cols, "role")
    out = tmp_path / "crosstab.docx"
    _export(qtbot, panel, monkeypatch, out, "Word document (*.docx)")
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "Crosstab by role" and len(document.inline_shapes) == 1
    assert len(document.tables[0].rows) == len(panel.table.rows) + 2  # heading, rows, sources in column

    person.click_tab(window.compare_tabs.tabBar(), "Co-occurrence")
    cooccur = window.cooccur_panel
    qtbot.waitUntil(lambda: cooccur.table is not None)
    sheet = tmp_path / "co.xlsx"
    _export(qtbot, cooccur, monkeypatch, sheet, "Excel workbook (*.xlsx)")
    assert sheet.read_bytes()[:2] == b"PK"

    person.click_tab(window.compare_tabs.tabBar(), "Words")
    words = window.words_panel
    qtbot.waitUntil(lambda: words.words.rowCount() > 0)
    out = tmp_path / "words.docx"
    _export(qtbot, words, monkeypatch, out, "Word document (*.docx)")
    document = docx.Document(str(out))
    assert document.tables[0].rows[1].cells[0].text == words.counts[0].word


def test_espoused_and_enacted_clicked_through_to_a_passage(any_window, qtbot, tmp_path, monkeypatch):
    window = any_window
    person.open_workspace(window, "Compare")
    person.click_tab(window.compare_tabs.tabBar(), "Espoused vs enacted")
    panel = window.espoused_panel
    qtbot.waitUntil(lambda: panel.comparison is not None and panel.rows.topLevelItemCount() > 0)
    assert "principal" in panel.leaders.values() and panel.teachers.values() == ["teacher"]
    site = panel.rows.topLevelItem(0)
    code = next(site.child(i) for i in range(site.childCount())
                if panel.comparison.pairs[site.child(i).data(0, Qt.UserRole)].teachers.passages
                and panel.comparison.pairs[site.child(i).data(0, Qt.UserRole)].leaders.passages)
    person.click_item(panel.rows, panel.rows.indexFromItem(code))
    pair = panel.comparison.pairs[code.data(0, Qt.UserRole)]
    leaders, teachers = panel.sides["leaders"], panel.sides["teachers"]
    assert leaders.count() == len(pair.leaders.segments) and teachers.count() == len(pair.teachers.segments)
    assert str(pair.teachers.passages) in teachers.heading.text()
    segment = pair.teachers.segments[0]
    person.double_click_item(teachers, teachers.model().index(0, 0))
    qtbot.waitUntil(lambda: window.current_workspace().title == "Code")
    assert window.document.source_id == segment.source
    cursor = window.document.editor.textCursor()
    assert cursor.selectionStart() <= segment.start < cursor.selectionEnd() or cursor.position() >= segment.start

    # the sides changed from their drop-downs, then the whole comparison to Word
    person.open_workspace(window, "Compare")
    tick(qtbot, panel.leaders, "instructional coach", "teacher leader", "assistant principal")
    qtbot.waitUntil(lambda: panel.comparison.leaders == ["principal"])
    out = tmp_path / "espoused.docx"
    _export(qtbot, panel, monkeypatch, out, "Word document (*.docx)")
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "Espoused and enacted"
    assert any("Leaders: principal" in p.text for p in document.paragraphs)


def test_the_concordance_sorts_by_the_word_before_and_still_opens_each_line(window, qtbot):
    person.open_workspace(window, "Compare")
    person.click_tab(window.compare_tabs.tabBar(), "Words")
    words = window.words_panel
    qtbot.waitUntil(lambda: words.words.rowCount() > 0)
    person.click_item(words.words, words.words.model().index(0, 0))
    qtbot.waitUntil(lambda: words.concordance.rowCount() > 3)
    in_order = [words.concordance.item(r, 3).text() for r in range(words.concordance.rowCount())]
    assert in_order == [line.citation for line in words.lines]  # source order until a heading is clicked
    header = words.concordance.horizontalHeader()
    QTest.mouseClick(header.viewport(), Qt.LeftButton, Qt.NoModifier,
                     QPoint(header.sectionViewportPosition(0) + header.sectionSize(0) // 2, header.height() // 2))
    befores = [" ".join(reversed(words.concordance.item(r, 0).text().lower().split()))
               for r in range(words.concordance.rowCount())]
    assert befores == sorted(befores) or befores == sorted(befores, reverse=True)
    shown = words.concordance.item(2, 0).text()
    line = next(x for x in words.lines if x.left == shown)
    person.double_click_item(words.concordance, words.concordance.model().index(2, 1))
    qtbot.waitUntil(lambda: window.current_workspace().title == "Code")
    assert window.document.source_id == line.source_id
    # the same transcript again from Compare: the Code workspace comes back to the front
    person.open_workspace(window, "Compare")
    person.double_click_item(words.concordance, words.concordance.model().index(2, 1))
    qtbot.waitUntil(lambda: window.current_workspace().title == "Code")
    # a role against itself is refused, saying so
    _choose(qtbot, words.role, "teacher")
    _choose(qtbot, words.against, "teacher")
    assert "same" in words.summary.text() and words.words.rowCount() == 0
