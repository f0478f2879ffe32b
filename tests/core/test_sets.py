"""Sets: made, renamed, filled and emptied as undoable actions; a set of sources narrows a run."""

from __future__ import annotations

import pytest

from coder.coding.runs import RunSpec
from coder.store.errors import ConflictError, NotFoundError

from .conftest import assert_undoable


def test_a_set_is_made_filled_and_emptied(demo_study):
    s = demo_study
    alder = [x.id for x in s.sources.all() if x.site == "Alder Street Elementary"]
    bayview = [x.id for x in s.sources.all() if x.site == "Bayview Middle School"]
    set_id = assert_undoable(s, lambda: s.sets.add_set(name="Wave one", kind="source", members=alder[:1])).result
    added = assert_undoable(s, lambda: s.sets.add_members(set_id=set_id, kind="source", members=alder + bayview))
    assert added.result == len(alder) + len(bayview) - 1  # the one already in it stays as it was
    assert set(s.sets.find("wave one").members["source"]) == set(alder + bayview)
    removed = assert_undoable(s, lambda: s.sets.remove_members(set_id=set_id, members=bayview))
    assert removed.result == len(bayview) and set(s.sets.find(set_id).members["source"]) == set(alder)
    assert_undoable(s, lambda: s.sets.rename_set(set_id=set_id, name="Alder", description="Alder's sources"))
    assert (s.sets.find("Alder").name, s.sets.find("Alder").description) == ("Alder", "Alder's sources")
    code = s.codes.find("Leadership configuration/Coaching").id
    segments = s.runs.run(RunSpec(codes=[code], sources=list(s.sets.find("Alder").members["source"])))
    assert segments and {seg.site for seg in segments} == {"Alder Street Elementary"}


def test_bad_members_and_names_change_nothing(demo_study):
    s = demo_study
    code = s.codes.find("Leadership configuration/Coaching").id
    set_id = s.sets.add_set(name="Coaching codes", kind="code", members=[code]).result
    other = s.sets.add_set(name="Other", kind="code", members=[]).result
    before = s.dump()
    with pytest.raises(ConflictError, match="already exists"):
        s.sets.add_set(name="coaching CODES", kind="code", members=[])
    with pytest.raises(ConflictError, match="already exists"):
        s.sets.rename_set(set_id=other, name="Coaching codes")
    with pytest.raises(NotFoundError, match="no source with id"):
        s.sets.add_members(set_id=set_id, kind="source", members=[code])
    with pytest.raises(NotFoundError, match="is not in the set"):
        s.sets.remove_members(set_id=set_id, members=[s.sources.all()[0].id])
    assert s.dump() == before
