"""Coding in the window, by every path a researcher uses, with undo and redo."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from . import person
from .conftest import answer_modal
from .person import needs_window_system


def open_and_select(window, qtbot, source: str, phrase: str) -> tuple[int, int]:
    study = window.session.study
    info = study.sources.find(source)
    window.navigator.select_source(info.id)
    qtbot.waitUntil(lambda: window.document.source_id == info.id)
    start = window.document.text.index(phrase)
    window.document.select_range(start, start + len(phrase))
    return start, start + len(phrase)


def codings_on(window, start, end, code_path=None):
    return [c for c in window.session.study.codings.for_source(window.document.source_id)
            if (c.start, c.end) == (start, end) and c.coder == "tester"
            and (code_path is None or c.code_path == code_path)]


def test_window_shows_the_demo_study(window):
    assert window.document.source_id is not None
    assert window.navigator.model.rowCount() == 2  # two districts
    assert "Coaching" in window.codebook.paths_by_id().values().__iter__().__next__() or \
        "Leadership configuration/Coaching" in window.codebook.paths_by_id().values()
    assert window.document.editor.toPlainText() == window.document.text
    assert any(look[0] for _start, _length, look in person.char_formats(window.document))  # shaded text
    assert window.document.margin.lane_count >= 1


def test_double_click_code_in_tree_codes_selection_then_undo_redo(window, qtbot):
    start, end = open_and_select(window, qtbot, "bayview_teacher_w1", "Interviewer")
    study = window.session.study
    before = study.dump()
    index = window.codebook.index_of(study.codes.find("Challenges/Resistance").id)
    window.codebook.tree.scrollTo(index)
    rect = window.codebook.tree.visualRect(index)
    # a real double-click is a press and release, then a double-click press
    qtbot.mouseClick(window.codebook.tree.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.codebook.tree.viewport(), Qt.LeftButton, pos=rect.center())
    assert codings_on(window, start, end, "Challenges/Resistance")
    after = study.dump()
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert study.dump() == before
    assert not codings_on(window, start, end)
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert study.dump() == after
    assert any(s.id in {c.id for c in codings_on(window, start, end)}
               for s in window.document.visible_codings())


@needs_window_system
def test_drag_code_from_the_tree_onto_selected_text_keeps_the_codebook(any_window, qtbot):
    """A drag out of the tree is a copy: the coding is saved, the code's row stays, and the tree
    keeps working (a new code appears, counts update) after it."""
    window = any_window  # at the default size and at 1366×768
    study = window.session.study
    source = study.sources.find("alder_coach_w1")
    window.navigator.select_source(source.id)
    qtbot.waitUntil(lambda: window.document.source_id == source.id)
    start, end = person.select_phrase(window.document, "COACH")
    code = study.codes.find("Leadership configuration/Coaching")
    tree = window.codebook.tree
    here = person.item_point(tree, window.codebook.index_of(code.id))
    target = window.document.editor.viewport()
    person.drag(tree.viewport(), here, target, person.text_point(window.document.editor, window.document.offsets.to_qt(
        start + 2)))
    qtbot.waitUntil(lambda: bool(codings_on(window, start, end, code.path)))
    assert window.codebook.index_of(code.id).data() == "Coaching"  # the row is still in the tree
    window.document.select_range(start, end)
    window.code_in_vivo()
    qtbot.waitUntil(lambda: any(p.endswith("COACH”") for p in window.codebook.paths_by_id().values()))
    new_id = next(i for i, p in window.codebook.paths_by_id().items() if p.endswith("COACH”"))
    assert window.codebook.index_of(new_id).isValid()  # the in-vivo code shows in the tree
    assert window.codebook.index_of(code.id).siblingAtColumn(1).data() == str(
        study.codings.count_for(code_id=code.id, source_id=source.id))


@needs_window_system
def test_drag_a_code_onto_another_code_moves_it(window, qtbot):
    study = window.session.study
    code = study.codes.find("Challenges/Resistance")
    parent = study.codes.find("Challenges/Capacity gaps")
    tree = window.codebook.tree
    end = person.item_point(tree, window.codebook.index_of(parent.id))
    start = person.item_point(tree, window.codebook.index_of(code.id))
    assert tree.viewport().rect().contains(end)  # both on screen, as a person needs them
    person.drag(tree.viewport(), start, tree.viewport(), end)
    qtbot.waitUntil(lambda: study.codes.get(code.id).parent_id == parent.id)
    assert window.codebook.paths_by_id()[code.id] == "Challenges/Capacity gaps/Resistance"
    assert window.codebook.index_of(code.id).isValid()


def test_quick_code_box_with_fuzzy_match_and_recent_shortcut(window, qtbot):
    start, end = open_and_select(window, qtbot, "granite_ap_w1", "Interviewer")
    quick = window.codebook.quick
    quick.setFocus()
    qtbot.keyClicks(quick, "distribted leadrship")
    qtbot.keyClick(quick, Qt.Key_Return)
    assert codings_on(window, start, end, "Leadership configuration/Distributed leadership")
    assert quick.text() == ""
    # the code is now recent: Alt+1 applies it (Ctrl+1…6 switch workspaces) to another selection
    text = window.document.text
    s2 = text.index("Interviewer", end)
    window.document.select_range(s2, s2 + 11)
    window.document.editor.setFocus()
    qtbot.keyClick(window.document.editor, Qt.Key_1, Qt.AltModifier)
    assert codings_on(window, s2, s2 + 11, "Leadership configuration/Distributed leadership")


def test_coded_from_the_quick_box_ctrl_z_undoes_the_coding(window, qtbot):
    """Type a code, Return, Ctrl+Z: the coding is undone, as a researcher expects, not the box's
    text put back (the focus returns to the transcript once the box has coded)."""
    start, end = open_and_select(window, qtbot, "granite_ap_w1", "Interviewer")
    quick = window.codebook.quick
    QTest.mouseClick(quick, Qt.LeftButton)
    person.type_text("distribted leadrship", quick)
    person.press("Return", quick)
    assert codings_on(window, start, end, "Leadership configuration/Distributed leadership")
    assert QApplication.focusWidget() is window.document.editor
    person.press("Ctrl+Z")
    assert not codings_on(window, start, end, "Leadership configuration/Distributed leadership")
    assert quick.text() == ""


def test_ctrl_q_quits(window, qtbot):
    assert any(a.shortcut().toString() == "Ctrl+Q" and a.text() == "&Quit" for a in window.actions())
    window.document.editor.setFocus()
    person.press("Ctrl+Q")
    qtbot.waitUntil(lambda: not window.isVisible())


def test_in_vivo_and_snap_to_sentence(window, qtbot):
    text_source = "fairmont_principal_w1"
    start, end = open_and_select(window, qtbot, text_source, "Interviewer")
    window.document.select_range(start + 14, start + 20)
    qtbot.keyClick(window.document.editor, Qt.Key_S, Qt.ControlModifier | Qt.ShiftModifier)
    picked = window.document.selection()
    sentences = window.session.study.sources.sentences(window.document.source_id)
    assert picked in sentences or any(s <= picked[0] and picked[1] <= e for s, e in [
        (min(a for a, _ in sentences if a <= start + 20), max(b for _, b in sentences if b >= start + 14))])
    s3 = window.document.text.index("consensus") if "consensus" in window.document.text else start + 14
    window.document.select_range(s3, s3 + 9)
    qtbot.keyClick(window.document.editor, Qt.Key_I, Qt.ControlModifier)
    names = [c.code_path for c in window.session.study.codings.for_source(window.document.source_id)
             if c.start == s3 and c.coder == "tester"]
    assert names and names[0].endswith("”")


def test_uncode_and_note_from_the_context_menu(window, qtbot):
    start, end = open_and_select(window, qtbot, "bayview_teacher_w1", "Teacher")
    code_id = window.session.study.codes.find("Context").id
    window.apply_code(code_id)
    coding = codings_on(window, start, end, "Context")[0]

    def pick_remove(menu: QMenu) -> None:
        sub = next(a.menu() for a in menu.actions() if a.menu() and a.text().startswith("Context"))
        next(a for a in sub.actions() if a.text() == "Remove coding").trigger()
        menu.close()

    answer_modal(qtbot, pick_remove)
    window.document._context_menu(window.mapToGlobal(QPoint(200, 200)), start + 1)
    qtbot.waitUntil(lambda: not codings_on(window, start, end, "Context"))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.document.editor.setFocus()
    qtbot.keyClick(window.document.editor, Qt.Key_Z, Qt.ControlModifier)
    assert window.session.study.codings.get(coding.id)


def test_show_only_one_coders_codings(window, qtbot):
    info = window.session.study.sources.find("alder_principal_w1")
    window.open_source(info.id)
    combo = window.document.coder_filter
    everyone = len(window.document.visible_codings())
    combo.setCurrentIndex(combo.findText("Only okafor"))
    only = window.document.visible_codings()
    assert only and all(c.coder == "okafor" for c in only) and len(only) < everyone
    combo.setCurrentIndex(0)
    assert len(window.document.visible_codings()) == everyone


def test_hovering_coded_text_names_its_codes(window, qtbot):
    from PySide6.QtGui import QHelpEvent, QTextCursor
    from PySide6.QtWidgets import QToolTip

    info = window.session.study.sources.find("alder_principal_w1")
    window.open_source(info.id)
    coding = window.document.visible_codings()[0]
    window.document.select_range(coding.start, coding.end)
    editor = window.document.editor
    cursor = QTextCursor(editor.document())
    cursor.setPosition(window.document.offsets.to_qt(coding.start + 1))
    point = editor.cursorRect(cursor).center()
    event = QHelpEvent(QHelpEvent.ToolTip, point, editor.viewport().mapToGlobal(point))
    QApplication.sendEvent(editor.viewport(), event)
    assert coding.code_path in QToolTip.text()


def codebook_cells(window) -> dict[str, tuple[str, str]]:
    out = {}
    for code_id, item in window.codebook.model.items.items():
        parent = item.parent() or window.codebook.model.invisibleRootItem()
        out[code_id] = (parent.child(item.row(), 1).text(), parent.child(item.row(), 2).text())
    return out


def test_single_coding_changes_reread_only_those_codings_and_match_a_full_reload(window, qtbot, monkeypatch):
    start, end = open_and_select(window, qtbot, "bayview_teacher_w1", "Teacher")
    study = window.session.study
    document = window.document
    full_reads = []
    read_all = study.codings.for_source
    monkeypatch.setattr(study.codings, "for_source", lambda *a, **k: full_reads.append(1) or read_all(*a, **k))

    def matches_full_reload() -> None:
        assert not full_reads  # the change was applied from the codings it named
        incremental, painted = list(document.codings), person.char_formats(document)
        assert incremental == study.codings.for_source(document.source_id)
        document.refresh_codings()
        assert document.codings == incremental and person.char_formats(document) == painted
        full_reads.clear()
        counts = codebook_cells(window)
        window.codebook.refresh(document.source_id)  # counts updated in place == counted afresh
        assert codebook_cells(window) == counts

    window.apply_code(study.codes.find("Context").id)
    matches_full_reload()
    coding = codings_on(window, start, end, "Context")[0]
    full_reads.clear()
    for step in (lambda: study.codings.recode(coding_id=coding.id, code_id=study.codes.find("Challenges").id),
                 lambda: study.codings.set_range(coding_id=coding.id, start=start, end=end + 20),
                 lambda: study.codings.set_note(coding_id=coding.id, note="a note"),
                 lambda: study.codings.remove_coding(coding_id=coding.id)):
        window.session.run_op(lambda step=step: step())
        matches_full_reload()
    for _ in range(4):
        window.session.apply_history(study.undo)
        matches_full_reload()
    for _ in range(4):
        window.session.apply_history(study.redo)
        matches_full_reload()


def test_a_densely_coded_transcript_repaints_only_what_changed_and_looks_as_if_redrawn(window, qtbot):
    """A transcript under a hundred and fifty overlapping codings; a person codes sentences with
    the mouse, clicks stripes in the margin and undoes. After each step the shading and the
    margin's lanes are what drawing the whole transcript afresh gives."""
    import random

    from ui.coding.highlights import assign_lanes

    study = window.session.study
    document = window.document
    info = study.sources.find("bayview_teacher_w1")
    window.navigator.select_source(info.id)
    qtbot.waitUntil(lambda: document.source_id == info.id)
    sentences = study.sources.sentences(info.id)
    rng = random.Random(5)
    codes = [c.id for c in study.codes.all()]
    items = []
    for _ in range(150):
        i = rng.randrange(len(sentences))
        j = min(len(sentences) - 1, i + rng.randint(0, 2))
        items.append((info.id, rng.choice(codes), sentences[i][0], sentences[j][1], "tester"))
    window.session.run_op(study.codings.apply_many, items=items)

    def as_if_redrawn() -> None:
        seen, lanes = person.char_formats(document), dict(document.margin.lanes)
        assert lanes == assign_lanes(document.visible_codings())
        document._paint_highlights()
        assert person.char_formats(document) == seen

    as_if_redrawn()
    index = window.codebook.index_of(study.codes.find("Challenges/Resistance").id)
    for step in range(12):
        s, e = sentences[rng.randrange(len(sentences))]
        person.drag_select(document, s, e)
        window.codebook.tree.scrollTo(index)
        rect = window.codebook.tree.visualRect(index)
        qtbot.mouseClick(window.codebook.tree.viewport(), Qt.LeftButton, pos=rect.center())
        qtbot.mouseDClick(window.codebook.tree.viewport(), Qt.LeftButton, pos=rect.center())
        assert any((c.start, c.end) == (s, e) for c in document.codings)
        as_if_redrawn()
        if step % 3 == 1:
            rects = document.margin._rects
            assert rects, "the margin shows stripes for the passages on screen"
            qtbot.mouseClick(document.margin, Qt.LeftButton, pos=rects[rng.randrange(len(rects))][0].center())
            assert document.selected_coding is not None
            as_if_redrawn()
        if step % 4 == 3:
            person.press("Ctrl+Z", window)
            as_if_redrawn()


def test_ctrl_numbers_keep_their_codes(window, qtbot):
    """Alt+1…9 name codes in the order they were first used, and a code keeps its number."""
    study = window.session.study
    source = study.sources.find("granite_ap_w1")
    window.open_source(source.id)
    paths = ["Context/School history", "Context/Staff turnover", "Challenges/Resistance"]
    import re

    spots = [m.span() for m in re.finditer(r"[A-Za-z]{6,}", window.document.text)][20:60:10]
    for path, (start, end) in zip(paths + [paths[0]], spots, strict=True):
        person.drag_select(window.document, start, end)
        person.double_click_item(window.codebook.tree, window.codebook.index_of(study.codes.find(path).id))
    shown = [a.text() for a in window.recent_code_actions if a.isVisible()]
    assert shown == paths  # the first code used again keeps Alt+1
    person.press("Ctrl+Z", window.document.editor)
    assert [a.text() for a in window.recent_code_actions if a.isVisible()] == paths


def test_a_selection_dragged_from_inside_words_codes_the_whole_words(window, qtbot):
    study = window.session.study
    source = study.sources.find("fairmont_principal_w1")
    window.open_source(source.id)
    text = window.document.text
    import re

    first, second = [m for m in re.finditer(r"[A-Za-z]{7,}", text)][10:12]
    person.drag_select(window.document, first.start() + 2, second.end() - 2)  # from inside one word into another
    person.press("Ctrl+I", window.document.editor)
    wanted = "“" + " ".join(text[first.start():second.end()].split()) + "”"
    qtbot.waitUntil(lambda: any(p.endswith(wanted) for p in window.codebook.paths_by_id().values()))
    coding = next(c for c in study.codings.for_source(source.id) if c.code_path.endswith(wanted))
    assert (coding.start, coding.end) == (first.start(), second.end())
