"""Coding many passages from the window, as a researcher does: a search typed and its hits coded
by sentence from Code all…, a source unticked in the preview, a new code typed; undone with
Ctrl+Z; a data run's selected rows given another code; a site's interviewer turns coded from
the navigator's right-click menu; a school plan's sections coded under a code per heading from
the same menu, and undone."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu, QPushButton

from coder.coding import autocode as auto
from coder.coding.autocode import plan_search
from coder.coding.run_spec import RunSpec
from ui.coding.autocode_dialog import AutocodeDialog

from . import person
from .conftest import answer_modal


def _button(widget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text().replace("&", "") == text)


def _codings_of(study, path: str) -> set:
    try:
        code = study.codes.find(path)
    except Exception:  # noqa: BLE001 - not there (yet, or any more)
        return set()
    return {(s.source, s.start, s.end) for s in study.runs.run(RunSpec(codes=[code.id]))}


def _search_for(window, qtbot, word: str):
    """Edit > Find in study, the word typed, Return: the search panel with its hits."""
    person.choose_menu(window, "Edit", "Find in study")
    search = window.search
    person.click_at(search.query)
    QTest.keyClicks(search.query, word)
    QTest.keyClick(search.query, Qt.Key_Return)
    qtbot.waitUntil(lambda: search.table.segments.rowCount() > 0)
    return search


def _fill_and_apply(qtbot, seen: dict, *, unit: str | None = None, code: str, untick_first: bool = False):
    def answer(dialog: AutocodeDialog) -> None:
        if unit is not None:
            dialog.unit.setCurrentIndex(dialog.unit.findData(unit))  # as chosen from the list
        person.click_at(dialog.code.lineEdit())
        QTest.keyClicks(dialog.code.lineEdit(), code)
        if untick_first:
            item = dialog.sources.item(0)
            rect = dialog.sources.visualItemRect(item)
            QTest.mouseClick(dialog.sources.viewport(), Qt.LeftButton, Qt.NoModifier,
                             QPoint(rect.left() + 10, rect.center().y()))  # on its tick box
            seen["dropped"] = item.data(Qt.UserRole)
        seen["plan"] = dialog.chosen()
        seen["summary"] = dialog.summary.text()
        person.click_at(dialog.apply_button)

    answer_modal(qtbot, answer, AutocodeDialog)


def test_search_hits_coded_by_sentence_from_code_all_and_undone(window, qtbot):
    study = window.session.study
    search = _search_for(window, qtbot, "coaching")
    seen: dict = {}
    _fill_and_apply(qtbot, seen, unit="sentence", code="Auto/Coaching talk", untick_first=True)
    person.click_at(_button(search, "Code all…"))
    qtbot.waitUntil(lambda: "plan" in seen and bool(_codings_of(study, "Auto/Coaching talk")), timeout=20000)
    plan = seen["plan"]
    full = plan_search(study, "coaching", unit="sentence")
    assert seen["dropped"] not in {s for s, _a, _b in plan.passages} and len(plan.passages) < len(full.passages)
    assert _codings_of(study, "Auto/Coaching talk") == set(plan.passages)
    assert "is a new code" in seen["summary"]
    assert window.statusBar().currentMessage().startswith("Auto-code")
    window.activateWindow()
    person.click_item(search.table, search.table.model().index(0, 0))  # back in the results, then Ctrl+Z
    qtbot.keyClick(search.table, Qt.Key_Z, Qt.ControlModifier)
    qtbot.waitUntil(lambda: not _codings_of(study, "Auto/Coaching talk"))
    assert all(c.path != "Auto/Coaching talk" for c in study.codes.all())  # the new code went with them


def test_selected_rows_of_a_data_run_get_another_code(window, qtbot):
    study = window.session.study
    coaching = study.codes.find("Leadership configuration/Coaching").id
    window.show_run_for(coaching)
    runs = window.runs
    qtbot.waitUntil(lambda: runs.table.segments.rowCount() > 3)
    person.click_item(runs.table, runs.table.model().index(0, 1))
    person.click_item(runs.table, runs.table.model().index(2, 1), Qt.ControlModifier)
    chosen = [runs.table.segments.segment(r) for r in (0, 2)]
    seen: dict = {}
    _fill_and_apply(qtbot, seen, code="Supports/Professional development")
    person.click_at(_button(runs, "Code these…"))
    qtbot.waitUntil(lambda: "plan" in seen)
    qtbot.waitUntil(lambda: {(s.source, s.start, s.end) for s in chosen} <= _codings_of(
        study, "Supports/Professional development"))
    assert len(seen["plan"].passages) == len({(s.source, s.start, s.end) for s in chosen})


def test_a_sites_interviewer_turns_from_the_navigators_menu(window, qtbot):
    study = window.session.study
    alder = study.cases.find("Alder Street Elementary")
    tree = window.navigator.tree
    index = window.navigator.index_of_case(alder.id) if hasattr(window.navigator, "index_of_case") else None
    if index is None:
        model = tree.model()
        stack = [model.index(r, 0) for r in range(model.rowCount())]
        while stack:
            candidate = stack.pop()
            if candidate.data(window.navigator.ID_ROLE) == alder.id:
                index = candidate
                break
            stack += [model.index(r, 0, candidate) for r in range(model.rowCount(candidate))]
    assert index is not None
    seen: dict = {}

    def pick(menu: QMenu) -> None:
        next(a for a in menu.actions() if a.text() == "Code turns…").trigger()
        menu.close()

    _fill_and_apply(qtbot, seen, code="Auto/Questions")
    person.right_click(tree.viewport(), person.item_point(tree, index), pick)
    qtbot.waitUntil(lambda: "plan" in seen and bool(_codings_of(study, "Auto/Questions")), timeout=20000)
    expected = auto.plan_turns(study, interviewers=True, scope=RunSpec(codes=[], sites=[alder.id]))
    assert _codings_of(study, "Auto/Questions") == set(expected.passages)
    assert all(study.sources.get(s).case_id == alder.id for s, _a, _b in expected.passages)


def test_a_plans_sections_get_a_code_per_heading_from_the_navigators_menu(window, qtbot):
    study = window.session.study
    plan_source = study.sources.find("granite_improvement_plan_w1")
    nav = window.navigator
    index = nav.proxy.mapFromSource(nav.items[plan_source.id].index())
    seen: dict = {}

    def answer(dialog: AutocodeDialog) -> None:
        assert not dialog.named.isHidden()  # sections, so a code per heading can be chosen
        dialog.whose.setFocus()
        QTest.keyClick(dialog.whose, Qt.Key_Down)  # "level 1 headings"
        QTest.keyClick(dialog.whose, Qt.Key_Down)  # "level 2 headings"
        assert dialog.whose.currentText() == "level 2 headings"
        box = dialog.named
        QTest.mouseClick(box, Qt.LeftButton, Qt.NoModifier, QPoint(8, box.height() // 2))  # its tick box
        assert box.isChecked()
        person.click_at(dialog.code.lineEdit())
        QTest.keyClicks(dialog.code.lineEdit(), "Plan sections")
        seen["summary"] = dialog.summary.text()
        seen["rows"] = [dialog.passages.item(r).text() for r in range(dialog.passages.count())]
        person.click_at(dialog.apply_button)

    def pick(menu: QMenu) -> None:
        next(a for a in menu.actions() if a.text() == "Code sections…").trigger()
        menu.close()

    answer_modal(qtbot, answer, AutocodeDialog)
    person.right_click(nav.tree.viewport(), person.item_point(nav.tree, index), pick)
    qtbot.waitUntil(lambda: bool(_codings_of(study, "Plan sections/School Profile")), timeout=20000)
    assert "8 sections in 1 source under 8 headings" in seen["summary"]
    assert "8 heading codes new" in seen["summary"]
    assert any(row.startswith("[School Profile]") for row in seen["rows"])
    names = sorted(c.name for c in study.codes.all() if c.path.startswith("Plan sections/"))
    assert names == ["Action Plan", "Goals, Measures and Targets", "Mission and Instructional Focus",
                     "Monitoring and Communication", "Needs Assessment Summary", "Resources", "School Profile",
                     "Sustainability"]
    window.activateWindow()
    person.click_item(nav.tree, index)
    qtbot.keyClick(nav.tree, Qt.Key_Z, Qt.ControlModifier)
    qtbot.waitUntil(lambda: all(not c.path.startswith("Plan sections") for c in study.codes.all()))


def test_what_was_unticked_stays_unticked_when_the_unit_changes(window, qtbot):
    """Untick a source and a passage of another, change the unit there and back: the source is
    still left out, and each source's row says how many of its passages will be coded."""
    search = _search_for(window, qtbot, "coaching")
    seen: dict = {}

    def answer(dialog: AutocodeDialog) -> None:
        dialog.unit.setCurrentIndex(dialog.unit.findData("sentence"))
        first = dialog.sources.item(0)
        rect = dialog.sources.visualItemRect(first)
        QTest.mouseClick(dialog.sources.viewport(), Qt.LeftButton, Qt.NoModifier,
                         QPoint(rect.left() + 10, rect.center().y()))  # its tick box
        dropped = first.data(Qt.UserRole)
        second = dialog.sources.item(1)
        person.click_item(dialog.sources, dialog.sources.indexFromItem(second))  # its passages on the right
        found = dialog.plan.per_source()[second.data(Qt.UserRole)]
        row = dialog.passages.visualItemRect(dialog.passages.item(0))
        QTest.mouseClick(dialog.passages.viewport(), Qt.LeftButton, Qt.NoModifier,
                         QPoint(row.left() + 10, row.center().y()))
        seen["count"] = second.text()
        seen["expected"] = f"{found - 1} of {found}"
        dialog.unit.setCurrentIndex(dialog.unit.findData("paragraph"))
        dialog.unit.setCurrentIndex(dialog.unit.findData("sentence"))
        again = next(dialog.sources.item(r) for r in range(dialog.sources.count())
                     if dialog.sources.item(r).data(Qt.UserRole) == dropped)
        seen["still_dropped"] = again.checkState() == Qt.Unchecked
        seen["left_out"] = dropped not in {s for s, _a, _b in dialog.chosen().passages}
        dialog.reject()

    answer_modal(qtbot, answer, AutocodeDialog)
    person.click_at(_button(search, "Code all…"))
    qtbot.waitUntil(lambda: "left_out" in seen, timeout=20000)
    assert seen["count"].startswith(seen["expected"])
    assert seen["still_dropped"] and seen["left_out"]
