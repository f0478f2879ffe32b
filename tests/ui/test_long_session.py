"""A long session as a person works it: code, click and drag in one transcript, then open many
others in turn. Each must show exactly its own text and codings — character by character the
same as a window that opened it afresh."""

from __future__ import annotations

from ui.coding.document_view import DocumentView

from . import person


def as_fresh(window, source_id: str) -> list[tuple]:
    """What a window opening this source afresh shows."""
    fresh = DocumentView(window.session)
    fresh.resize(window.document.size())
    fresh.load(source_id)
    try:
        return person.char_formats(fresh)
    finally:
        fresh.deleteLater()


def open_in_navigator(window, qtbot, source_id: str) -> None:
    """Click the source in the study navigator."""
    nav = window.navigator
    person.click_item(nav.tree, nav.proxy.mapFromSource(nav.items[source_id].index()))
    qtbot.waitUntil(lambda: window.document.source_id == source_id)


def test_each_transcript_shows_only_its_own_codings_after_a_session_of_work(any_window, qtbot):
    window = any_window
    study = window.session.study
    first = study.sources.find("alder_teacher_w2")  # begins with a speaker turn, as every caption file does
    open_in_navigator(window, qtbot, first.id)
    document = window.document
    turns = study.sources.turns(first.id)
    assert turns[0].start == 0 and turns[0].body_start > 0

    # code body text by double-clicking a code, click a speaker label, select and code again
    start, end = person.select_phrase(document, "recording", turns[0].body_start)
    code = study.codes.find("Context")
    person.double_click_item(window.codebook.tree, window.codebook.index_of(code.id))
    qtbot.waitUntil(lambda: any(c.start == start and c.coder == "tester" for c in document.codings))
    person.click_text(document, turns[1].start + 2)  # on the second speaker's label
    person.click_text(document, turns[0].start + 1)  # and on the first, at the very top
    person.select_phrase(document, "paper chain")
    person.press("Ctrl+I", document.editor)  # in-vivo
    qtbot.waitUntil(lambda: any(p.endswith("paper chain”") for p in window.codebook.paths_by_id().values()))
    person.click_text(document, start + 1)  # into the coded passage
    assert person.char_formats(document) == as_fresh(window, first.id)

    others = [s for s in study.sources.all() if s.id != first.id][:10]
    assert len(others) == 10
    for info in others:
        open_in_navigator(window, qtbot, info.id)
        if info.turns:  # click a speaker label and some coded text, as a reader does
            turn = study.sources.turns(info.id)[0]
            person.click_text(document, turn.start)
        if document.codings:
            person.click_text(document, document.codings[0].start)
        assert person.char_formats(document) == as_fresh(window, info.id), info.name
    open_in_navigator(window, qtbot, first.id)
    assert person.char_formats(document) == as_fresh(window, first.id)
