"""Text search: exact (case-sensitive), lemma, fuzzy and regex, confirmed on the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.coding.runs import RunSpec
from coder.store.errors import ConflictError


def test_exact_is_case_sensitive_and_whole_word(coded_study):
    s = coded_study
    hits = s.search.search("PLCs", "exact")
    assert [h.text for h in hits] == ["PLCs", "PLCs"]
    assert s.search.search("plcs", "exact") == []
    assert s.search.search("PLC", "exact")[0].source_name == "b_teacher"
    assert [h.text for h in s.search.search("student talk", "exact")] == ["student talk"]


def test_hits_carry_citation_and_context(coded_study):
    hit = coded_study.search.search("close their doors", "exact")[0]
    assert hit.code is None and hit.coder is None
    assert hit.speaker == "Principal" and hit.site == "Oak Elementary"
    assert "close their doors" in hit.context["text"]
    assert len(hit.id) == 36


def test_lemma_matches_inflections(coded_study):
    s = coded_study
    hits = s.search.search("teacher meeting", "lemma")
    assert [h.text for h in hits] == ["Teachers meet"]
    assert {h.text for h in s.search.search("run", "lemma")} == {"runs"}


def test_fuzzy_tolerates_typos(coded_study):
    s = coded_study
    assert {h.text for h in s.search.search("evaluatve", "fuzzy")} == {"evaluative"}
    assert [h.text for h in s.search.search("veterens clse", "fuzzy", threshold=75)] == ["veterans close"]
    assert s.search.search("zzzzqqq", "fuzzy") == []


def test_regex(coded_study):
    s = coded_study
    assert sorted(h.text for h in s.search.search(r"[Cc]oach\w*", "regex")) == ["Coaching", "coach", "coaching"]
    with pytest.raises(ConflictError, match="regular expression"):
        s.search.search("(unclosed", "regex")


def test_filters_and_bad_queries(coded_study):
    s = coded_study
    north = s.cases.find("North").id
    assert len(s.search.search("PLCs", "exact", spec=RunSpec(codes=[], districts=[north]))) == 1
    assert len(s.search.search("PLC", "exact", spec=RunSpec(codes=[], districts=[north]))) == 0
    with pytest.raises(ConflictError):
        s.search.search("  ", "exact")
    with pytest.raises(ConflictError):
        s.search.search("x", "telepathy")


def test_index_follows_edits_and_undo(coded_study):
    s = coded_study
    sid = s.sources.find("b_teacher").id
    s.sources.edit_text(source_id=sid, text=s.sources.text(sid).replace("testing", "assessments"))
    assert s.search.search("testing", "exact") == []
    assert len(s.search.search("assessments", "exact")) == 1
    s.undo()
    assert len(s.search.search("testing", "exact")) == 1
    assert s.search.search("assessments", "exact") == []
    assert len(s.search.search("assessment", "lemma")) == 0


def test_hit_ids_are_the_uuid5_of_the_place():
    import uuid

    from coder.coding.search import HIT_NAMESPACE, hit_id

    for place in (("a-source", 0, 5), ("6d1c2b8e-3f7a-4c55-9a51-2f1e0c7d9b10", 12345, 12400), ("é", 1, 2)):
        assert hit_id(*place) == str(uuid.uuid5(HIT_NAMESPACE, "{}:{}:{}".format(*place)))


@pytest.mark.parametrize("prefix", ["Our ", "İzmir's "])  # 'İ' grows when lower-cased: offsets must hold
def test_fuzzy_hits_land_on_the_words_whatever_the_case(study, prefix):
    from coder.sources.sources import prepare_text

    text = prefix + "COACHING cycles and Coaching notes; coach-led coachings."
    sid = study.sources.add_source(name="s", prepared=prepare_text(text, None, "observation")).result
    hits = study.search.search("coachng", "fuzzy")
    assert [h.text for h in hits] == ["COACHING", "Coaching", "coach", "coachings"]
    assert all(study.sources.text(sid)[h.start:h.end] == h.text for h in hits)
    assert [h.text for h in study.search.search("coachng notes", "fuzzy")] == ["Coaching notes"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "ab", "c"]), max_size=30),
       st.lists(st.sampled_from(["a", "b", "ab"]), min_size=1, max_size=3))
def test_phrase_starts_match_a_token_by_token_scan(tokens, wanted):
    from coder.coding.search import phrase_starts

    naive = [i for i in range(len(tokens) - len(wanted) + 1) if tokens[i:i + len(wanted)] == wanted]
    assert phrase_starts(" ".join(tokens), wanted) == naive


@pytest.mark.parametrize(("query", "mode"), [("the", "exact"), ("teacher", "lemma"), (r"\bcoach\w*", "regex")])
def test_found_hits_are_the_search_in_the_same_order_decorated_only_when_read(demo_study, query, mode):
    """What the window lists (`find`) is what `search` returns, row for row: the first rows at
    once, none decorated until read; reading the first row decorates its chunk only; counting
    the sources finds the rest."""
    from coder.coding.lazy_segments import CHUNK
    from coder.coding.search import FIRST_ROWS

    whole = demo_study.search.search(query, mode)
    found = demo_study.search.find(query, mode)
    assert len(whole) > CHUNK or mode != "exact"  # the common word spans several chunks
    assert min(FIRST_ROWS, len(whole)) <= len(found) <= len(whole) and found.decorated == 0
    if mode == "exact":
        assert not found.complete and len(found) < len(whole)  # the first sources were enough
    assert found[0] == whole[0] and found.decorated == min(CHUNK, len(found))
    assert found[:len(found)] == whole[:len(found)]
    assert found.source_count() == len({s.source for s in whole}) and found.complete
    assert len(found) == len(whole)
    assert found[-1] == whole[-1] and found[1:3] == whole[1:3]
    assert list(found) == whole
    with pytest.raises(IndexError):
        found[len(whole)]


PATTERNS = [r"\bPLCs?\b", r"coach(ing|es)", r"(?i)COACH", r"data[- ]driven", r"\d+ students",
            r"(?:instructional )+coach", r"(?i:coach)ing", r"(?m)^Principal:", r"[Tt]eachers?"]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_regex_narrowed_on_its_literal_finds_what_trying_every_text_finds(demo_study, pattern):
    import re

    compiled = re.compile(pattern)
    every = sorted((sid, m.start(), m.end()) for sid, text in demo_study.conn.execute(
        "SELECT source_id, text FROM source_texts") for m in compiled.finditer(text) if m.end() > m.start())
    found = sorted((h.source, h.start, h.end) for h in demo_study.search.search(pattern, "regex"))
    assert found == every


def test_the_literal_a_pattern_requires():
    import re

    from coder.coding.search import required_literal

    assert required_literal(re.compile(r"\bPLCs?\b")) == "PLC"
    assert required_literal(re.compile(r"coach(ing|es)")) == "coach"
    assert required_literal(re.compile(r"(?i)coach")) is None  # any case: nothing plain to look for
    assert required_literal(re.compile(r"a|b")) is None and required_literal(re.compile(r"x*")) is None
    assert required_literal(re.compile(r"(?i:coach)ing")) == "ing"
