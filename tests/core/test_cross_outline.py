"""The cross-site outline: themes and claims, evidence, stances, and the checks beside a claim."""

from __future__ import annotations

import pytest

from coder.store.errors import ConflictError

from .conftest import assert_undoable


def coded(study, source_name: str, code_path: str):
    source = study.sources.find(source_name)
    code = study.codes.find(code_path)
    return next(c for c in study.codings.for_source(source.id) if c.code_id == code.id)


def test_themes_and_claims_form_a_tree(demo_study):
    o = demo_study.cross_outline
    claim = assert_undoable(demo_study, lambda: o.add(path="Coaching/Trust", claim="Coaching is kept apart from "
                                                      "evaluation")).result
    items = [i for i in o.items() if i.path.split("/")[0] == "Coaching"]  # the demo has an outline of its own
    assert [(i.kind, i.path, i.depth) for i in items] == [
        ("theme", "Coaching", 0), ("theme", "Coaching/Trust", 1),
        ("claim", "Coaching/Trust/Coaching is kept apart from evaluation", 2)]
    assert o.add(path="Coaching/Trust").result == items[1].id  # an existing path is reused
    with pytest.raises(ConflictError, match="is a claim"):
        o.add(path="Coaching/Trust/Coaching is kept apart from evaluation/More")
    assert o.find("Coaching is kept apart from evaluation").id == claim


def test_checks_flag_untriangulated_disconfirming_and_uncited(demo_study):
    s = demo_study
    o = s.cross_outline
    claim = o.add(path="Coaching", claim="Coaching is non-evaluative").result
    principal = coded(s, "alder_principal_w1", "Leadership configuration/Coaching")
    assert_undoable(s, lambda: o.cite(claim_id=claim, coding_id=principal.id))
    check = o.check(claim)
    assert check["source_types"] == ["interview"] and check["roles"] == ["principal"]
    assert check["triangulated"] is False and check["supporting_sites"] == 1 and not check["disconfirming"]

    coach = coded(s, "elm_coach_w1", "Leadership configuration/Coaching")
    o.cite(claim_id=claim, coding_id=coach.id, stance="contradicts")
    check = o.check(claim)
    assert check["contradicting_sites"] == 1 and check["disconfirming"] is True
    assert check["roles"] == ["instructional coach", "principal"] and check["triangulated"] is False  # one type

    observation = next(x for x in s.sources.all() if x.type == "observation" and x.codings)
    o.cite(claim_id=claim, coding_id=s.codings.for_source(observation.id)[0].id)
    assert o.check(claim)["triangulated"] is True
    o.set_thresholds(types=2, roles=3)
    assert o.check(claim)["triangulated"] is False  # the study's own threshold

    sites = {c.name for c in s.cases.all() if c.kind == "site"}
    cited = {s.sources.get(r[0]).site for r in s.conn.execute("SELECT source_id FROM claim_evidence")}
    assert {s.sources.get(x).site for x in (principal.source_id, coach.source_id, observation.id)} <= cited
    assert set(o.uncited_sites()) == sites - cited


def test_the_analyst_sets_a_site_stance(demo_study):
    s = demo_study
    o = s.cross_outline
    claim = o.add(path="Time", claim="Collaboration time is protected").result
    fairmont = s.cases.find("Fairmont Middle School")
    assert o.stances(claim)[fairmont.id] == "silent"
    assert_undoable(s, lambda: o.set_stance(claim_id=claim, site_id=fairmont.id, stance="contradicts"))
    assert o.stances(claim)[fairmont.id] == "contradicts" and o.check(claim)["disconfirming"]
    with pytest.raises(ConflictError, match="is a district"):
        o.set_stance(claim_id=claim, site_id=s.cases.find("Prairie Ridge").id, stance="supports")
    with pytest.raises(ConflictError, match="belong to claims"):
        o.set_stance(claim_id=o.find("Time").id, site_id=fairmont.id, stance="supports")


def test_changing_thresholds_twice_undoes_to_the_first_change(study):
    """A setting written over is restored by undo, not lost (it was once replaced, not updated)."""
    study.cross_outline.set_thresholds(types=3, roles=3)
    study.cross_outline.set_thresholds(types=4, roles=1)
    study.undo()
    assert study.cross_outline.thresholds() == {"triangulation_types": 3, "triangulation_roles": 3}


def test_a_site_s_stance_follows_its_evidence_until_the_analyst_sets_one(demo_study):
    """The demo claim that showed "0 sites support" beside two supporting quotations: a site cited
    on both sides is mixed, and the four counts always add up to the sites."""
    s = demo_study
    o = s.cross_outline
    claim = o.add(path="Coaching", claim="Coaching stays non-evaluative").result
    alder, elm = s.cases.find("Alder Street Elementary").id, s.cases.find("Elm Creek Elementary").id
    o.cite(claim_id=claim, coding_id=coded(s, "alder_principal_w1", "Leadership configuration/Coaching").id)
    o.cite(claim_id=claim, coding_id=coded(s, "elm_principal_w2", "Leadership configuration/Coaching").id)
    check = o.check(claim)
    assert check["supporting_sites"] == 2 and not check["disconfirming"]
    o.cite(claim_id=claim, coding_id=coded(s, "elm_coach_w1", "Leadership configuration/Coaching").id,
           stance="contradicts")
    by_site = {x.site_id: x for x in o.site_stances(claim)}
    assert by_site[alder].stance == "supports" and by_site[elm].stance == "mixed"
    assert (by_site[elm].supporting, by_site[elm].contradicting, by_site[elm].set_by) == (1, 1, None)
    check = o.check(claim)
    assert (check["supporting_sites"], check["mixed_sites"], check["contradicting_sites"]) == (1, 1, 0)
    assert check["disconfirming"] and check["set_by_analyst"] == 0
    sites = sum(1 for c in s.cases.all() if c.kind == "site")
    assert sum(check[k] for k in ("supporting_sites", "mixed_sites", "contradicting_sites", "silent_sites")) == sites

    # the analyst's judgement wins, says whose it is, and can be withdrawn
    assert_undoable(s, lambda: o.set_stance(claim_id=claim, site_id=elm, stance="supports"))
    judged = next(x for x in o.site_stances(claim) if x.site_id == elm)
    assert (judged.stance, judged.derived, judged.set_by, judged.set_by_analyst) == ("supports", "mixed", "tester",
                                                                                    True)
    assert o.check(claim)["supporting_sites"] == 2 and o.check(claim)["set_by_analyst"] == 1
    assert_undoable(s, lambda: o.set_stance(claim_id=claim, site_id=alder, stance="mixed"))
    assert o.stances(claim)[alder] == "mixed"
    assert_undoable(s, lambda: o.set_stance(claim_id=claim, site_id=elm, stance=None))
    assert next(x for x in o.site_stances(claim) if x.site_id == elm).as_dict() == {
        "site": "Elm Creek Elementary", "stance": "mixed", "source": "evidence", "set_by": None,
        "from_evidence": "mixed", "evidence": {"supports": 1, "contradicts": 1}}
    with pytest.raises(ConflictError, match="unknown stance"):
        o.set_stance(claim_id=claim, site_id=elm, stance="unsure")


def test_derived_stances_are_the_four_cases():
    from coder.crosssite.cross_outline import derive_stance

    assert [derive_stance(a, b) for a, b in ((2, 0), (0, 1), (1, 3), (0, 0))] == [
        "supports", "contradicts", "mixed", "silent"]
