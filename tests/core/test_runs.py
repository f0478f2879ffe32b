"""Coded data runs: every filter and every operator, on a study with known codings."""

from __future__ import annotations

import pytest

from coder.coding.runs import RunSpec
from coder.store.errors import ConflictError, NotFoundError

from .conftest import code_passage

PLC = "Supports/Professional learning communities"
COACH = "Leadership configuration/Coaching"
RESIST = "Challenges/Resistance"
DATA = "Learning agenda/Data use"


@pytest.fixture
def run_study(coded_study):
    s = coded_study
    code_passage(s, "a_principal", "Teachers meet in PLCs every Wednesday", PLC, "ana")
    code_passage(s, "a_principal", "PLCs every Wednesday to look at data", DATA, "ana")
    code_passage(s, "a_principal", "The coach runs cycles with six teachers.", COACH, "ana")
    code_passage(s, "a_principal", "Some veterans close their doors.", RESIST, "ben")
    code_passage(s, "b_teacher", "Our PLC time keeps getting taken for testing.", PLC, "ben")
    code_passage(s, "b_teacher", "Coaching feels evaluative to me.", COACH, "ben")
    code_passage(s, "b_teacher", "Coaching feels evaluative", RESIST, "ana")
    s.attributes.define(scope="case", name="level", type="choice", choices=["elementary", "middle"])
    s.attributes.set_value(scope="case", owner_id=s.cases.find("Oak Elementary").id, name="level",
                           value="elementary")
    s.attributes.set_value(scope="case", owner_id=s.cases.find("Pine Middle").id, name="level", value="middle")
    s.attributes.set_value(scope="source", owner_id=s.sources.find("b_teacher").id, name="language",
                           value="English")
    return s


def _run(s, codes, **kw):
    return s.runs.run(s.runs.spec_from_names(codes=codes, **kw))


def texts(segments):
    return [seg.text for seg in segments]


def test_single_code_with_citation_and_turn_context(run_study):
    segs = _run(run_study, [PLC])
    assert texts(segs) == ["Teachers meet in PLCs every Wednesday", "Our PLC time keeps getting taken for testing."]
    first = segs[0]
    assert (first.district, first.site, first.role, first.wave, first.speaker) == (
        "North", "Oak Elementary", "principal", 1, "Principal")
    assert first.context["text"].startswith("Principal: Our focus is student talk.")
    assert first.code == PLC and first.coder == "ana"
    text = run_study.sources.text(first.source)
    assert text[first.start:first.end] == first.text
    assert "Oak Elementary" in first.citation


def test_descendants_only_when_asked(run_study):
    assert _run(run_study, ["Supports"]) == []
    assert len(_run(run_study, ["Supports"], descendants=True)) == 2


def test_or_combines_codes(run_study):
    assert len(_run(run_study, [PLC, COACH])) == 4


def test_and_overlap(run_study):
    segs = _run(run_study, [PLC, DATA], op="and")
    assert texts(segs) == ["Teachers meet in PLCs every Wednesday"]
    assert _run(run_study, [COACH, RESIST], op="and")[0].text == "Coaching feels evaluative to me."


def test_and_share_a_turn(run_study):
    assert _run(run_study, [COACH, RESIST], op="and", and_scope="overlap")[0].source_name == "b_teacher"
    segs = _run(run_study, [COACH, RESIST], op="and", and_scope="turn")
    assert sorted(s.source_name for s in segs) == ["a_principal", "b_teacher"]


def test_not(run_study):
    assert texts(_run(run_study, [COACH], not_codes=[RESIST])) == ["The coach runs cycles with six teachers."]
    assert texts(_run(run_study, [PLC], not_codes=[DATA])) == ["Our PLC time keeps getting taken for testing."]


def test_filters(run_study):
    s = run_study
    assert len(_run(s, [PLC, COACH], districts=["North"])) == 2
    assert len(_run(s, [PLC, COACH], sites=["Pine Middle"])) == 2
    assert len(_run(s, [PLC, COACH], roles=["Principal"])) == 2
    assert len(_run(s, [PLC, COACH], waves=[2])) == 2
    assert len(_run(s, [PLC, COACH], types=["observation"])) == 0
    assert len(_run(s, [PLC, COACH], coders=["ben"])) == 2
    assert len(_run(s, [PLC, COACH], attrs={"level": "elementary"})) == 2
    assert len(_run(s, [PLC, COACH], attrs={"language": "english"})) == 2
    assert len(_run(s, [PLC, COACH], coders=["ben"], waves=[1])) == 0
    with pytest.raises(NotFoundError):
        _run(s, [PLC], attrs={"nonsense": "x"})


def test_coder_filter_applies_to_and_partner(run_study):
    assert _run(run_study, [COACH, RESIST], op="and", coders=["ben"]) == []


def test_bad_specs(run_study):
    with pytest.raises(ConflictError):
        run_study.runs.run(RunSpec(codes=[]))
    with pytest.raises(ConflictError):
        run_study.runs.run(RunSpec(codes=[run_study.codes.find(PLC).id], op="xor"))


def test_saved_run_reruns_on_current_data(run_study):
    s = run_study
    spec = s.runs.spec_from_names(codes=[PLC])
    s.queries.save_query(name="PLC run", kind="run", spec=spec.to_dict())
    assert len(s.queries.rerun("plc run")) == 2
    code_passage(s, "b_teacher", "How are PLCs going?", PLC, "ana")
    assert len(s.queries.rerun("PLC run")) == 3
    s.queries.save_query(name="talk", kind="search", spec={"query": "talk", "mode": "exact"})
    assert [q.name for q in s.queries.all()] == ["PLC run", "talk"]
    assert len(s.queries.rerun("talk")) == 1


def test_demo_study_runs(demo_study):
    segs = demo_study.runs.run(demo_study.runs.spec_from_names(codes=["Leadership configuration"],
                                                               descendants=True))
    assert len(segs) > 40
    sites = {s.site for s in segs}
    assert len(sites) >= 6
    for seg in segs[:50]:
        assert demo_study.sources.text(seg.source)[seg.start:seg.end] == seg.text
        assert seg.context["start"] <= seg.start and seg.end <= seg.context["end"]


def test_count_and_first_page(demo_study):
    spec = demo_study.runs.spec_from_names(codes=["Leadership configuration"], descendants=True)
    total = demo_study.runs.count(spec)
    assert total == len(demo_study.runs.run(spec)) > 20
    page = demo_study.runs.run(spec, limit=20)
    assert len(page) == 20
    assert {s.id for s in page} <= {s.id for s in demo_study.runs.run(spec)}


def test_page_is_the_start_of_the_whole_run(demo_study):
    spec = demo_study.runs.spec_from_names(codes=["Supports"], descendants=True)
    whole = demo_study.runs.run(spec)
    page, total = demo_study.runs.page(spec, 25)
    assert total == len(whole) and [s.id for s in page] == [s.id for s in whole[:25]]


def _recount(study, coders=None) -> dict:
    """The code-by-case counts computed from scratch, to check the maintained ones against."""
    where, args = "", []
    if coders:
        where, args = f" AND c.coder IN ({','.join('?' * len(coders))})", coders
    return {(code, case): n for code, case, n in study.conn.execute(
        "SELECT k.id, s.case_id, count(*) FROM codings c JOIN sources s ON s.n = c.source_n "
        f"JOIN codes k ON k.n = c.code_n WHERE c.detached = 0{where} GROUP BY k.id, s.case_id", args)}


def test_code_by_case_counts_follow_every_change(demo_study):
    study = demo_study
    assert study.runs.code_case_counts() == _recount(study) != {}
    coders = study.codings.coders()[:1]
    assert study.runs.code_case_counts(coders) == _recount(study, coders)
    source = study.sources.all()[0]
    other_site = next(c for c in study.cases.all() if c.kind == "site" and c.id != source.case_id)
    leaf = next(c for c in study.codes.all() if c.parent_id)
    other = next(c for c in study.codes.all() if c.id != leaf.id and c.parent_id)
    made: dict[str, str] = {}
    text = study.sources.text(source.id)
    steps = [
        lambda: made.update(id=study.codings.apply_code(source_id=source.id, code_id=leaf.id, start=0,
                                                        end=5).result),
        lambda: study.codings.recode(coding_id=made["id"], code_id=other.id),
        lambda: study.codings.remove_coding(coding_id=made["id"]),
        lambda: study.codings.remove_coding(coding_id=study.codings.for_source(source.id)[0].id),
        lambda: study.sources.update_source(source_id=source.id, case_id=other_site.id),
        lambda: study.sources.update_source(source_id=source.id, case_id=None),
        lambda: study.sources.edit_text(source_id=source.id, text=text[len(text) // 2:]),  # detaches some
        lambda: study.codes.merge_codes(source_id=leaf.id, target_id=other.id),
        lambda: study.sources.delete_source(source_id=source.id),
    ]
    for step in steps:
        step()
        assert study.runs.code_case_counts() == _recount(study)
        if step is steps[6]:
            assert study.codings.detached()  # the edit detached codings: they leave the counts
    for _ in steps:
        study.undo()
        assert study.runs.code_case_counts() == _recount(study)
    for _ in steps:
        study.redo()
        assert study.runs.code_case_counts() == _recount(study)


def test_turn_context_is_the_same_read_per_hit_or_per_source(demo_study, monkeypatch):
    from coder.coding import runs

    top = next(c for c in demo_study.codes.all() if c.parent_id is None)
    spec = RunSpec(codes=[top.id], descendants=True)
    monkeypatch.setattr(runs, "FEW_HITS", 10**9)  # every turn looked up per hit
    per_hit = demo_study.runs.run(spec)
    monkeypatch.setattr(runs, "FEW_HITS", 0)  # every source's turns read at once
    assert demo_study.runs.run(spec) == per_hit and any(s.speaker for s in per_hit)


def test_light_source_lists_agree_with_the_full_listing(demo_study):
    every = demo_study.sources.all()
    assert demo_study.sources.first_id() == every[0].id
    assert demo_study.sources.roles() == sorted({s.role for s in every if s.role})
    assert demo_study.sources.waves() == sorted({s.wave for s in every if s.wave is not None})
    assert demo_study.sources.case_ids() == {s.case_id for s in every}
    one = demo_study.sources.get(every[3].id)  # the filtered listing counts the same as the full one
    assert one == every[3] and one.turns and one.speakers and one.codings


def test_a_lazy_run_is_the_run_row_for_row_and_counts_without_decorating(demo_study):
    """What the window's data-run panel shows (`Runs.lazy`) is what `run` returns, in order;
    its counts (segments, passages, sources, sites) come from the bare rows."""
    from coder.coding.lazy_segments import CHUNK
    from coder.coding.runs import passages

    study = demo_study
    for code in [c for c in study.codes.all() if c.parent_id is None]:
        spec = RunSpec(codes=[code.id], descendants=True)
        whole, lazy = study.runs.run(spec), study.runs.lazy(spec)
        assert len(lazy) == len(whole) and lazy.decorated == 0
        assert lazy.passage_count() == passages(whole)
        assert lazy.source_count() == len({s.source for s in whole})
        assert lazy.site_count() == len({s.site or s.district for s in whole})
        assert lazy.decorated == 0
        assert list(lazy) == whole
    top = max((c for c in study.codes.all() if c.parent_id is None),
              key=lambda c: len(study.runs.run(RunSpec(codes=[c.id], descendants=True))))
    lazy = study.runs.lazy(RunSpec(codes=[top.id], descendants=True))
    assert len(lazy) > CHUNK
    first = lazy[0]
    assert lazy.decorated == CHUNK
    kept = lazy.without(ids={first.id})
    assert len(kept) == len(lazy) - 1 and kept[0] != first
