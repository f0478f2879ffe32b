"""Hits found source by source (coder.coding.hit_stream): however the rows are asked for, and
whatever is read in between, they are the search's, in its order."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder import Study


@pytest.fixture(scope="module")
def demo(demo_study_file):
    with Study.open(demo_study_file[0], user="tester", read_only=True) as study:
        yield study


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(1, 400), st.integers(0, 3000)), max_size=8),
       query=st.sampled_from([("the", "exact"), ("teacher", "lemma"), (r"\bcoach\w*", "regex"), ("coachng", "fuzzy")]))
def test_rows_asked_for_in_any_steps_are_the_search_row_for_row(demo, steps, query):
    """Finding more in steps of any size, reading rows (a chunk decorated short, then grown)
    between them, ends with exactly what the whole search gives."""
    whole = demo.search.search(*query)
    found = demo.search.find(*query)
    for rows, read in steps:
        before = len(found)
        added = found.more(rows)
        assert len(found) == before + added and (added >= min(rows, 1) or found.complete)
        if len(found):
            index = read % len(found)
            assert found[index] == whole[index]
    assert list(found) == whole


def test_a_search_can_find_nothing_and_says_so_without_finding_first(demo):
    found = demo.search.find("zzzqqq", "regex")
    assert found.complete and not found and len(found) == 0 and list(found) == []


def test_truth_of_an_unfinished_search_looks_for_a_first_hit(demo):
    """An export or a prune asks "any hits?" of a search still finding: it finds one to answer."""
    stream = demo.search._stream("the", "exact", None, 80.0, 20_000)
    assert len(stream) == 0 and not stream.complete
    assert stream and len(stream) >= 1


def test_the_limit_stops_the_search(demo):
    found = demo.search.find("the", "exact", limit=150)
    assert len(found.finish()) == 150 and found.complete and found.at_limit
    assert not demo.search.find("the", "exact").finish().at_limit
    assert list(found) == demo.search.search("the", "exact")[:150]


def test_pruned_hits_keep_looking_in_the_other_sources(demo):
    """Pruning (a source deleted while the hits are shown) takes that source's hits off and out
    of what is still to look in; the search goes on in the rest."""
    whole = demo.search.search("the", "exact")
    found = demo.search.find("the", "exact")
    gone = {whole[0].source, whole[-1].source}  # one already searched, one still to look in
    assert whole[-1].source in found.source_ids() and not found.complete
    kept = found.without(sources=gone)
    assert not kept.complete
    assert list(kept) == [s for s in whole if s.source not in gone]


def test_a_copy_on_another_connection_finds_the_rest_there(demo, demo_study_file):
    """An export in a worker reads through its own connection: the copy finishes the search
    there, every row decorated as the search decorates it; the window's own goes on unchanged."""
    whole = demo.search.search("the", "exact")
    found = demo.search.find("the", "exact")
    shown = len(found)
    with Study.open(demo_study_file[0], user="tester", read_only=True) as other:
        copy = found.on(other.runs)
        assert len(copy) == len(whole) and list(copy) == whole
    assert len(found) == shown and not found.complete
