"""Data-run filters in the window, as a person uses them at the default size and on a 1366×768
laptop: every filter control is on screen, a click opens its list, clicks (or Space) tick several
values while the list stays open, the closed control says what is chosen, and the run is the
union of the runs for each value; saved runs, old and new, come back into the controls."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from coder.coding.run_spec import RunSpec

from . import person


def fully_shown(window, widget) -> bool:
    """The whole widget is inside the window and not cut off by a scrolled or too small parent."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    return widget.isVisible() and window.rect().contains(rect) and \
        widget.visibleRegion().boundingRect().size() == widget.size()


def open_list(qtbot, box) -> None:
    """Click the drop-down where it is shown and wait for its list."""
    QTest.mouseClick(box, Qt.LeftButton, Qt.NoModifier, box.rect().center())
    qtbot.waitUntil(box.view().isVisible)


def click_row(box, row: int) -> None:
    person.click_item(box.view(), box.model().index(row, 0))


def tick(qtbot, box, *values) -> None:
    """Open the list, click each value's row, close it with Return."""
    open_list(qtbot, box)
    for value in values:
        click_row(box, box.row_of(value))
        assert box.view().isVisible()  # the list stays open for the next tick
    QTest.keyClick(box.view(), Qt.Key_Return)
    qtbot.waitUntil(lambda: not box.view().isVisible())


def tick_code(runs, code_id: str) -> None:
    """Click the code in the list and press Space, which ticks it."""
    row = next(r for r in range(runs.codes.count()) if runs.codes.item(r).data(Qt.UserRole) == code_id)
    person.click_item(runs.codes, runs.codes.model().index(row, 0))
    person.press("Space", runs.codes)
    assert runs.codes.item(row).checkState() == Qt.Checked


def click(widget) -> None:
    QTest.mouseClick(widget, Qt.LeftButton, Qt.NoModifier, widget.rect().center())
    person.settle()


def choose_in_combo(qtbot, combo, text: str) -> None:
    """A plain drop-down: click it, wait as a person does, click the entry."""
    open_list(qtbot, combo)
    QTest.qWait(QApplication.doubleClickInterval() + 50)  # a release this soon would only close it
    person.click_item(combo.view(), combo.model().index(combo.findText(text), 0))
    qtbot.waitUntil(lambda: not combo.view().isVisible())


def ids(segments) -> set[str]:
    return {s.id for s in segments}


def test_the_window_fits_a_laptop_screen_with_every_filter_on_it(any_window):
    window = any_window
    runs = window.runs
    window.bottom_tabs.setCurrentWidget(runs)
    person.settle()
    if window.width() <= 1366:  # the laptop: the filters do not make the window taller than its screen
        assert window.height() <= 768
    for widget in (runs.op, runs.not_code, runs.district, runs.site, runs.role, runs.wave, runs.type, runs.coder,
                   runs.speaker, runs.attrs, runs.run_button, runs.table):
        assert fully_shown(window, widget), widget.toolTip()


def test_several_roles_and_waves_by_mouse_and_keyboard(any_window, qtbot, tmp_path, monkeypatch):
    window, study = any_window, any_window.session.study
    runs = window.runs
    code = study.codes.find("Leadership configuration")
    tick_code(runs, code.id)

    tick(qtbot, runs.role, "principal", "assistant principal")
    assert runs.role.values() == ["assistant principal", "principal"]
    assert runs.role.summary() == "assistant principal, principal"
    assert "Chosen: assistant principal, principal" in runs.role.toolTip()

    # the next filter by keyboard: Tab to it, Space opens its list, Down and Space tick, Return closes
    runs.role.setFocus()
    person.press("Tab")
    assert QApplication.focusWidget() is runs.wave
    person.press("Space")
    qtbot.waitUntil(runs.wave.view().isVisible)
    for _ in range(2):
        person.press("Down", runs.wave.view())
        person.press("Space", runs.wave.view())
    person.press("Return", runs.wave.view())
    qtbot.waitUntil(lambda: not runs.wave.view().isVisible())
    assert runs.wave.values() == [1, 2] and runs.wave.summary() == "1, 2"

    click(runs.run_button)
    shown = runs.table.segments.segments
    each = set()
    for role in ("principal", "assistant principal"):
        for wave in (1, 2):
            each |= ids(study.runs.run(RunSpec(codes=[code.id], descendants=True, roles=[role], waves=[wave])))
    assert shown and ids(shown) == each
    assert {s.role for s in shown} == {"principal", "assistant principal"}

    # a click on "(any)" clears the filter; a second click on a ticked value unticks it
    open_list(qtbot, runs.role)
    click_row(runs.role, runs.role.row_of("principal"))
    assert runs.role.values() == ["assistant principal"]
    click_row(runs.role, 0)
    assert runs.role.values() == [] and runs.role.summary() == "(any)"
    person.press("Escape", runs.role.view())

    out = tmp_path / "run.csv"
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    click(next(b for b in runs.findChildren(type(runs.run_button)) if b.text() == "Export…"))
    qtbot.waitUntil(out.exists, timeout=20000)
    head = out.read_text(encoding="utf-8-sig").splitlines()
    assert '# Roles,"assistant principal, principal"' in head and "# Waves,1-2" in head  # the run exported


def test_attribute_values_and_a_saved_run_come_back(any_window, qtbot, monkeypatch):
    window, study = any_window, any_window.session.study
    runs = window.runs
    code = study.codes.find("Leadership configuration")
    tick_code(runs, code.id)
    tick(qtbot, runs.attrs, ("school level", "elementary"), ("school level", "middle"))
    assert runs.attrs.summary() == "school level: elementary, middle"
    tick(qtbot, runs.site, study.cases.find("Alder Street Elementary").id, study.cases.find("Elm Creek Elementary").id)
    assert runs.site.summary() == "Alder Street Elementary, Elm Creek Elementary"
    click(runs.run_button)
    shown = ids(runs.table.segments.segments)
    assert shown and {s.site for s in runs.table.segments.segments} == {"Alder Street Elementary",
                                                                         "Elm Creek Elementary"}

    monkeypatch.setattr("ui.coding.runs_panel.QInputDialog.getText", lambda *a, **k: ("Two elementaries", True))
    click(next(b for b in runs.findChildren(type(runs.run_button)) if b.text() == "Save…"))
    saved = study.queries.find("Two elementaries").spec
    assert saved["attrs"] == {"school level": ["elementary", "middle"]} and len(saved["sites"]) == 2

    for box in (runs.attrs, runs.site):  # clear both, then bring the saved run back
        open_list(qtbot, box)
        click_row(box, 0)
        person.press("Escape", box.view())
    assert runs.site.values() == [] and runs.attrs.values() == []
    choose_in_combo(qtbot, runs.saved, "Two elementaries")
    assert runs.attrs.summary() == "school level: elementary, middle"
    assert runs.site.summary() == "Alder Street Elementary, Elm Creek Elementary"
    assert ids(runs.table.segments.segments) == shown


def test_an_old_saved_run_with_single_values_loads_into_the_controls(window, qtbot):
    study = window.session.study
    runs = window.runs
    coach = study.codes.find("Leadership configuration/Coaching")
    old = {"codes": [coach.id], "op": "or", "and_scope": "overlap", "not_codes": [], "descendants": True,
           "districts": [], "sites": [], "roles": ["principal"], "waves": [2], "types": [], "coders": [],
           "attrs": {"school level": "elementary"}}  # as saved before filters took several values
    window.session.run_op(study.queries.save_query, name="Old principals", kind="run", spec=old)
    choose_in_combo(qtbot, runs.saved, "Old principals")
    assert (runs.role.summary(), runs.wave.summary(), runs.attrs.summary()) == (
        "principal", "2", "school level: elementary")
    assert ids(runs.table.segments.segments) == ids(study.queries.rerun("Old principals"))


def test_exported_search_hits_say_what_was_searched(window, qtbot, tmp_path, monkeypatch):
    search = window.search
    window.bottom_tabs.setCurrentWidget(search)
    QTest.mouseClick(search.query, Qt.LeftButton)
    person.type_text("coaching cycle", search.query)
    person.press("Return", search.query)
    assert search.table.segments.segments
    person.type_text(" changed", search.query)  # typed after the search: the export is of the hits shown
    out = tmp_path / "hits.csv"
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    click(next(b for b in search.findChildren(type(window.runs.run_button)) if b.text() == "Export…"))
    qtbot.waitUntil(out.exists, timeout=20000)
    assert out.read_text(encoding="utf-8-sig").splitlines()[0] == "# Search,“coaching cycle” (Exact phrase)"


def test_a_speakers_passages_by_the_speaker_filter(any_window, qtbot):
    """Tick two speakers: the run keeps what begins in their turns, as the Speaker column says."""
    window, study = any_window, any_window.session.study
    runs = window.runs
    code = study.codes.find("Leadership configuration")
    tick_code(runs, code.id)
    coach, principal = study.speakers.find("Coach").id, study.speakers.find("Principal").id
    tick(qtbot, runs.speaker, coach, principal)
    assert runs.speaker.summary() == "Coach, Principal"
    width = window.width()
    click(runs.run_button)
    qtbot.waitUntil(lambda: runs.table.segments.rowCount() > 0)
    person.settle(100)
    assert window.width() == width  # the run's summary wraps: it never widens the window past the screen
    shown = runs.table.segments.segments
    assert {s.speaker for s in shown} == {"Coach", "Principal"}
    expected = study.runs.run(RunSpec(codes=[code.id], descendants=True, speakers=[coach, principal]))
    assert ids(shown) == ids(expected)
    assert runs.spec().speakers == [coach, principal]


def test_a_common_words_hits_are_decorated_as_read_through_coding_and_export(window, qtbot, tmp_path, monkeypatch):
    """"the" finds thousands of hits: the list shows them at once, decorating only what the table
    draws; coding a passage afterwards leaves the rest bare, and the export, made in the
    background on its own connection, has every hit."""
    search = window.search
    window.bottom_tabs.setCurrentWidget(search)
    QTest.mouseClick(search.query, Qt.LeftButton)
    person.type_text("the", search.query)
    person.press("Return", search.query)
    hits = search.table.segments.segments
    qtbot.waitUntil(lambda: hits.complete)  # the rest found between events
    assert len(hits) > 1000 and hits.decorated < 500
    assert f"{len(hits):,}</b> hits in 25 sources" in search.summary.text()
    info = window.session.study.sources.find("bayview_teacher_w1")
    window.open_source(info.id)
    start, end = person.select_phrase(window.document, "Teacher")
    window.apply_code(window.session.study.codes.find("Context").id)
    assert search.table.segments.segments is hits and hits.decorated < 500
    out = tmp_path / "the.csv"
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    click(next(b for b in search.findChildren(type(window.runs.run_button)) if b.text() == "Export…"))
    qtbot.waitUntil(out.exists, timeout=30000)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len([row for row in lines if not row.startswith("#")]) == len(hits) + 1  # a header, then each hit


def test_a_search_exported_while_it_is_still_finding_exports_every_hit(window, qtbot, monkeypatch, tmp_path):
    """Export… while the panel is still finding: the export, in its worker, finds the rest on its
    own connection and writes every hit; the panel goes on to the same count."""
    monkeypatch.setattr("ui.coding.search_panel.SLICE_S", 0.0)
    search, study = window.search, window.session.study
    window.bottom_tabs.setCurrentWidget(search)
    whole = study.search.search("the", "exact")
    QTest.mouseClick(search.query, Qt.LeftButton)
    person.type_text("the", search.query)
    out = tmp_path / "still-finding.csv"
    monkeypatch.setattr("ui.folders.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    QTest.keyClick(search.query, Qt.Key_Return)
    hits = search.table.segments.segments
    assert not hits.complete
    click(next(b for b in search.findChildren(type(window.runs.run_button)) if b.text() == "Export…"))
    qtbot.waitUntil(out.exists, timeout=30000)
    qtbot.waitUntil(lambda: hits.complete, timeout=20000)
    lines = [row for row in out.read_text(encoding="utf-8-sig").splitlines() if not row.startswith("#")]
    assert len(lines) == len(whole) + 1 and len(hits) == len(whole)


def test_a_new_search_starts_at_its_first_hit(window, qtbot):
    """Scrolled down one search's hits, the next search is shown from its top, and the summary
    says it is searching rather than showing the last search's count meanwhile."""
    search = window.search
    window.bottom_tabs.setCurrentWidget(search)
    QTest.mouseClick(search.query, Qt.LeftButton)
    person.type_text("the", search.query)
    person.press("Return", search.query)
    qtbot.waitUntil(lambda: search.table.segments.segments.complete)
    search.table.scrollToBottom()
    person.settle()
    assert search.table.verticalScrollBar().value() > 0
    seen = []
    search.summary.repaint = lambda: seen.append(search.summary.text())  # what is drawn before searching
    search.query.selectAll()
    person.type_text("PLC", search.query)
    person.press("Return", search.query)
    assert seen == ["Searching…"]
    assert search.table.verticalScrollBar().value() == 0 and search.table.indexAt(QPoint(5, 5)).row() == 0


def test_a_search_shows_its_first_hits_at_once_and_finds_the_rest_between_events(window, qtbot, monkeypatch):
    """Return lists the first screenful straight away and says it is still looking; scrolling to
    the end finds more, typing in the box is answered meanwhile, and the count ends as the whole
    search's."""
    from PySide6.QtWidgets import QAbstractItemView

    monkeypatch.setattr("ui.coding.search_panel.SLICE_S", 0.0)  # a source per pause: the finding is seen going on
    search, study = window.search, window.session.study
    window.bottom_tabs.setCurrentWidget(search)
    whole = study.search.search("the", "exact")
    QTest.mouseClick(search.query, Qt.LeftButton)
    person.type_text("the", search.query)
    QTest.keyClick(search.query, Qt.Key_Return)  # no events handled yet: what the window shows first
    hits, table = search.table.segments.segments, search.table
    assert 0 < table.segments.rowCount() == len(hits) < len(whole)
    assert "hits so far" in search.summary.text() and "more source" in search.summary.text()
    first = len(hits)
    table.scrollToBottom()
    table.segments.fetchMore()  # what the view asks for at its end
    assert len(hits) > first and table.segments.rowCount() == len(hits)
    person.type_text(" ", search.query)  # the box takes keys while the rest are found
    assert search.query.text() == "the "
    qtbot.waitUntil(lambda: hits.complete, timeout=20000)
    assert table.segments.rowCount() == len(whole) and f"<b>{len(whole):,}</b> hits in" in search.summary.text()
    row = len(whole) - 1
    table.scrollTo(table.segments.index(row, 0), QAbstractItemView.PositionAtBottom)
    assert table.segments.segment(row) == whole[-1]


def test_a_data_run_counts_all_its_segments_but_decorates_only_what_is_shown(window, qtbot):
    """Run a top code with its sub-codes: the summary counts every segment, passage, source and
    site as the whole run does, while only the rows the table draws have been decorated."""
    from coder.coding.runs import passages
    from coder.store.words import plural

    runs, study = window.runs, window.session.study
    top = max((c for c in study.codes.all() if c.parent_id is None),
              key=lambda c: len(study.runs.run(RunSpec(codes=[c.id], descendants=True))))
    tick_code(runs, top.id)
    click(runs.run_button)
    qtbot.waitUntil(lambda: runs.table.segments.rowCount() > 0)
    whole = study.runs.run(RunSpec(codes=[top.id], descendants=True))
    shown = runs.table.segments.segments
    assert len(shown) == len(whole) > 100 and shown.decorated <= 100
    summary = runs.summary.text()
    assert plural(len(whole), "segment") in summary and plural(passages(whole), "passage") in summary
    assert plural(len({s.source for s in whole}), "source") in summary
    runs.table.scrollToBottom()
    person.settle()
    last = runs.table.segments.index(len(whole) - 1, 0)
    assert runs.table.segments.data(last) == whole[-1].source_name
