"""Correcting a transcript keeps every coding on its words (property tests on text ranges)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder.sources.anchoring import PositionMap, anchor_range, equal_blocks

WORDS = st.sampled_from(["the", "coach", "teachers", "PLC", "data", "we", "talk", "Wednesday", "\n", "\n\n",
                         "said", ",", ".", "principal", "every", "week"])


def _text(words: list[str]) -> str:
    return " ".join(words)


@st.composite
def edited(draw):
    """Words, a protected run of them, and an edit (replace some words by others) that leaves
    that run alone. Returns old text, the run's range, and the new text."""
    words = draw(st.lists(WORDS, min_size=6, max_size=80))
    i = draw(st.integers(0, len(words) - 1))
    j = draw(st.integers(i + 1, len(words)))
    insert = draw(st.lists(WORDS, max_size=6))
    if draw(st.booleans()):
        s = draw(st.integers(0, i))
        e = draw(st.integers(s, i))
    else:
        s = draw(st.integers(j, len(words)))
        e = draw(st.integers(s, len(words)))
    new_words = words[:s] + insert + words[e:]
    a = len(_text(words[:i])) + (1 if i else 0)
    b = a + len(_text(words[i:j]))
    return _text(words), (a, b), _text(new_words)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_edits_elsewhere_keep_coded_text_identical(case):
    text, (a, b), new = case
    ns, ne, status = anchor_range(PositionMap(text, new), text, new, a, b)
    assert 0 <= ns <= ne <= len(new)
    assert new[ns:ne] == text[a:b]
    assert status == "same"


@settings(max_examples=300)
@given(st.lists(WORDS, min_size=1, max_size=60), st.lists(WORDS, min_size=0, max_size=60),
       st.data())
def test_any_edit_gives_valid_ranges(old_words, new_words, data):
    old, new = _text(old_words), _text(new_words)
    a = data.draw(st.integers(0, len(old)))
    b = data.draw(st.integers(a, len(old)))
    ns, ne = PositionMap(old, new).map_range(a, b)
    assert 0 <= ns <= ne <= len(new)


@settings(max_examples=200)
@given(st.lists(WORDS, min_size=1, max_size=60), st.lists(WORDS, min_size=1, max_size=60))
def test_equal_blocks_really_are_equal(old_words, new_words):
    old, new = _text(old_words), _text(new_words)
    last_a = last_b = -1
    for a, b, n in equal_blocks(old, new):
        assert old[a:a + n] == new[b:b + n]
        assert a > last_a and b > last_b
        last_a, last_b = a + n - 1, b + n - 1


def _coded(study, source_name, phrase, code="Context"):
    info = study.sources.find(source_name)
    text = study.sources.text(info.id)
    start = text.index(phrase)
    return study.codings.apply_code(source_id=info.id, code_id=study.codes.find(code).id, start=start,
                                    end=start + len(phrase)).result


def test_correction_inside_a_passage_keeps_it(coded_study):
    s = coded_study
    cid = _coded(s, "a_principal", "The coach runs cycles with six teachers.")
    sid = s.sources.find("a_principal").id
    text = s.sources.text(sid)
    new = "Interviewer: Please introduce yourself.\n\n" + text.replace("six teachers", "seven teachers")
    report = s.sources.edit_text(source_id=sid, text=new).result
    coding = s.codings.get(cid)
    assert s.sources.text(sid)[coding.start:coding.end] == "The coach runs cycles with seven teachers."
    assert report["moved"][0]["id"] == cid and not report["detached"]


def test_deleted_passage_is_detached_not_lost_then_placed(coded_study):
    s = coded_study
    cid = _coded(s, "a_principal", "Some veterans close their doors.")
    keep = _coded(s, "a_principal", "Our focus is student talk.")
    sid = s.sources.find("a_principal").id
    text = s.sources.text(sid)
    changes = s.sources.edit_text(source_id=sid, text=text.replace(" Some veterans close their doors.", ""))
    report = changes.result
    assert [d["id"] for d in report["detached"]] == [cid]
    assert report["detached"][0]["text"] == "Some veterans close their doors."
    coding = s.codings.get(cid)
    assert coding.detached and coding.detached_text == "Some veterans close their doors."
    assert [c.id for c in s.codings.detached()] == [cid]
    assert s.codings.get(keep).detached is False
    # detached codings never reach data runs
    assert s.runs.run(s.runs.spec_from_names(codes=["Context"])) and all(
        seg.id != cid for seg in s.runs.run(s.runs.spec_from_names(codes=["Context"])))
    # the user places it again
    new_text = s.sources.text(sid)
    start = new_text.index("The coach")
    s.codings.set_range(coding_id=cid, start=start, end=start + 9)
    assert not s.codings.get(cid).detached


def test_moved_paragraph_is_found_again(coded_study):
    s = coded_study
    sid = s.sources.find("a_principal").id
    cid = _coded(s, "a_principal", "The coach runs cycles with six teachers.")
    text = s.sources.text(sid)
    paras = text.split("\n\n")
    new = "\n\n".join([paras[3], paras[0], paras[1], paras[2]])
    report = s.sources.edit_text(source_id=sid, text=new).result
    coding = s.codings.get(cid)
    assert not coding.detached
    assert s.sources.text(sid)[coding.start:coding.end] == "The coach runs cycles with six teachers."
    assert report["relocated"] or report["moved"]


def test_edit_is_one_undoable_step_and_rebuilds_turns(coded_study):
    s = coded_study
    sid = s.sources.find("b_teacher").id
    _coded(s, "b_teacher", "Coaching feels evaluative to me.")
    before = s.dump()
    new = s.sources.text(sid) + "\n\nInterviewer: Anything else?\n\nTeacher: No."
    s.sources.edit_text(source_id=sid, text=new)
    assert [t.speaker for t in s.sources.turns(sid)] == ["Interviewer", "Teacher", "Interviewer", "Teacher"]
    assert s.sources.get(sid).chars == len(new)
    s.undo()
    assert s.dump() == before


def test_demo_source_edit_keeps_all_codings(demo_study):
    s = demo_study
    info = s.sources.find("alder_principal_w1")
    text = s.sources.text(info.id)
    before = {c.id: text[c.start:c.end] for c in s.codings.for_source(info.id)}
    new = text.replace("Interviewer:", "INTERVIEWER:", 3).replace("  ", " ")
    new = "Transcribed by the research team.\n\n" + new
    report = s.sources.edit_text(source_id=info.id, text=new).result
    after = s.sources.text(info.id)
    assert not report["detached"]
    for coding in s.codings.for_source(info.id):
        assert after[coding.start:coding.end] == before[coding.id]
