"""The counts beside the codebook and the navigator say what is on the screen: under blind coding
only one's own codings, and never a coding whose words a correction removed (detached)."""

from __future__ import annotations

from . import person


def doc_and_study(window, code_path: str) -> tuple[str, str]:
    code_id = window.session.study.codes.find(code_path).id
    index = window.codebook.index_of(code_id)
    return index.siblingAtColumn(1).data(), index.siblingAtColumn(2).data()


def navigator_count(window, source_id: str) -> int:
    item = window.navigator.items[source_id]
    return int(window.navigator._count_cell(item).text() or 0)


def test_blind_coding_counts_only_ones_own_codings(window, qtbot):
    study = window.session.study
    window.session.set_coder("okafor")
    source = study.sources.find("alder_coach_w1")
    window.open_source(source.id)
    mine = [c for c in study.codings.for_source(source.id) if c.coder == "okafor"]
    theirs = [c for c in study.codings.for_source(source.id) if c.coder != "okafor"]
    assert mine and theirs
    code = next(c.code_path for c in theirs if c.code_path not in {m.code_path for m in mine})
    before = doc_and_study(window, code)
    assert before[0] not in ("", "0")
    person.choose_menu(window, "Code", "Blind coding (hide other coders)")
    assert window.blind_action.isChecked()
    doc, _study = doc_and_study(window, code)
    assert doc in ("", "0")  # the partner's codings of this code are not counted, nor shown
    assert navigator_count(window, source.id) == len(mine)
    code_id = study.codes.find(code).id
    assert window.codebook._own[code_id] == study.codings.count_for(code_id=code_id, coder="okafor")
    person.choose_menu(window, "Code", "Blind coding (hide other coders)")
    assert doc_and_study(window, code) == before
    assert navigator_count(window, source.id) == len(mine) + len(theirs)


def test_a_detached_coding_is_not_counted_as_on_the_text(window, qtbot):
    study = window.session.study
    source = study.sources.find("bayview_teacher_w1")
    window.open_source(source.id)
    coding = window.document.visible_codings()[0]
    count_before = navigator_count(window, source.id)
    text = study.sources.text(source.id)
    window.session.run_op(study.sources.edit_text, source_id=source.id,
                          text=text[:coding.start] + text[coding.end:])
    detached = [c for c in study.codings.for_source(source.id) if c.detached]
    assert detached
    assert navigator_count(window, source.id) == count_before - len(detached)
    assert navigator_count(window, source.id) == len(window.document.visible_codings())
    shown = sum(int(doc_and_study(window, p)[0] or 0) for p in {c.code_path for c in study.codings.for_source(
        source.id)})
    assert shown == len(window.document.visible_codings())
