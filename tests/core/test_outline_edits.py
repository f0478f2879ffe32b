"""Reshaping the cross-site outline: rename, move, delete, withdraw evidence, a theme's codes."""

from __future__ import annotations

import pytest

from coder.store.errors import ConflictError

from .conftest import assert_undoable
from .test_cross_outline import coded


@pytest.fixture
def outline(demo_study):
    s = demo_study
    o = s.cross_outline
    first = o.add(path="Coaching/Trust", claim="Coaching is kept apart from evaluation").result
    second = o.add(path="Coaching/Trust", claim="Teachers choose their coaching cycles").result
    s.history.clear()
    return s, o, first, second


def test_rename_rewrites_a_claim_and_refuses_a_twin(outline):
    s, o, first, second = outline
    assert_undoable(s, lambda: o.rename(item_id=first, name="  Coaching is   kept apart from appraisal "))
    assert o.get(first).name == "Coaching is kept apart from appraisal"
    with pytest.raises(ConflictError, match="already there"):
        o.rename(item_id=second, name="coaching is kept apart from appraisal")


def test_move_reorders_and_reparents_but_never_into_a_claim_or_itself(outline):
    s, o, first, second = outline
    trust = o.find("Coaching/Trust").id
    assert_undoable(s, lambda: o.shift(item_id=second, by=-1))
    assert [i.id for i in o.items() if i.parent_id == trust] == [second, first]
    top = o.add(path="Time").result
    assert_undoable(s, lambda: o.move(item_id=first, parent_id=top))
    assert o.get(first).path == "Time/Coaching is kept apart from evaluation"
    with pytest.raises(ConflictError, match="only themes hold"):
        o.move(item_id=second, parent_id=first)
    with pytest.raises(ConflictError, match="inside itself"):
        o.move(item_id=o.find("Coaching").id, parent_id=trust)
    with pytest.raises(ConflictError, match="under a theme"):
        o.move(item_id=second, parent_id=None)
    assert_undoable(s, lambda: o.move(item_id=trust, parent_id=None, position=0))
    assert o.items()[0].path == "Trust"


def test_delete_takes_the_subtree_with_evidence_stances_and_code_links(outline):
    s, o, first, second = outline
    coding = coded(s, "alder_coach_w1", "Leadership configuration/Coaching")
    o.cite(claim_id=first, coding_id=coding.id)
    o.set_stance(claim_id=second, site_id=s.cases.find("Elm Creek Elementary").id, stance="contradicts")
    coaching = o.find("Coaching").id
    code = o.new_code(theme_id=coaching, path="Cross-site/Coaching trust").result
    assert_undoable(s, lambda: o.delete(item_id=coaching))
    assert not [i for i in o.items() if i.path == "Coaching" or i.path.startswith("Coaching/")]
    tombstoned = {r[0] for r in s.conn.execute("SELECT entity FROM tombstones")}
    assert {"outline_item", "claim_evidence"} <= tombstoned
    assert s.codes.get(code).name == "Coaching trust"  # the code stays


def test_evidence_is_withdrawn_or_read_the_other_way(outline):
    s, o, first, _second = outline
    coding = coded(s, "elm_coach_w1", "Leadership configuration/Coaching")
    evidence = o.cite(claim_id=first, coding_id=coding.id).result
    assert o.check(first)["supporting_sites"] == 1
    assert_undoable(s, lambda: o.set_evidence_stance(evidence_id=evidence, stance="contradicts"))
    assert o.check(first)["disconfirming"] and o.check(first)["contradicting_sites"] == 1
    assert_undoable(s, lambda: o.uncite(evidence_id=evidence))
    assert o.evidence(first) == [] and o.check(first)["silent_sites"] == 6


def test_a_theme_s_new_code_is_one_action_and_follows_merges_and_deletes(outline):
    s, o, first, _second = outline
    coaching = o.find("Coaching").id
    code = assert_undoable(s, lambda: o.new_code(theme_id=coaching, path="Cross-site/Trust in coaches")).result
    assert o.theme_codes(coaching) == [code] and "Coaching" in s.codes.get(code).definition
    with pytest.raises(ConflictError, match="is a claim"):
        o.new_code(theme_id=first, path="Other")
    other = s.codes.find("Leadership configuration/Coaching").id
    assert_undoable(s, lambda: o.link_code(theme_id=coaching, code_id=other))
    s.codes.merge_codes(source_id=code, target_id=other)
    assert o.theme_codes(coaching) == [other]
    s.codes.delete_code(code_id=other)
    assert o.theme_codes(coaching) == []


def test_triangulation_thresholds_are_a_study_setting_that_undo_restores(outline):
    s, o, first, _second = outline
    coding = coded(s, "alder_principal_w1", "Leadership configuration/Coaching")
    o.cite(claim_id=first, coding_id=coding.id)
    assert o.thresholds() == {"triangulation_types": 2, "triangulation_roles": 2}
    assert not o.check(first)["triangulated"]
    assert_undoable(s, lambda: o.set_thresholds(types=1, roles=1))
    assert o.check(first)["triangulated"]
    with pytest.raises(ConflictError):
        o.set_thresholds(types=0, roles=1)
    s.undo()
    assert o.thresholds()["triangulation_types"] == 2
