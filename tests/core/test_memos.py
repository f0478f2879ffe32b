"""Memos: writing by the outline, versions, quotations with evidence links, completeness, the
review cycle and comments that stay on their words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.memos.text import arrange, section_spans
from coder.store.errors import ConflictError, NotFoundError
from coder.store.text import pack_text

from .conftest import assert_undoable

DRAFT = """Notes from the first visit.

# 2 learning agenda

The school's focus is student talk.

# Things I noticed

The hallway was quiet.

# 1 Context

A growing neighbourhood.
"""


def site(study, name="Cedar Ridge High School"):
    return study.cases.find(name)


def test_site_memo_is_arranged_by_the_outline_and_nothing_is_lost(demo_study):
    s = demo_study
    memo_id = s.memos.write(kind="site", subject_id=site(s).id, text=DRAFT, author="okafor").result
    text = s.memos.text(memo_id)
    headings = [name for name, _s, _e in section_spans(text) if name]
    outline = [x.name for x in s.sections.all()]
    assert headings == outline + ["Unsorted"]  # every section, in order, even empty ones
    assert text.index("A growing neighbourhood.") < text.index("The school's focus is student talk.")
    unsorted = text[text.index("# Unsorted"):]
    assert "Notes from the first visit." in unsorted and "## Things I noticed" in unsorted
    assert "The hallway was quiet." in unsorted
    info = s.memos.get(memo_id)
    assert (info.kind, info.subject_id, info.status, info.drafter) == ("site", site(s).id, "drafting", "okafor")
    assert s.memos.write(kind="site", subject_id=site(s).id, text=DRAFT, author="okafor").step is None
    assert len(s.memos.versions(memo_id)) == 1  # identical text: no new version


def test_every_change_is_a_version_with_its_parent_and_restore_makes_a_new_one(demo_study):
    s = demo_study
    first = s.memos.write(kind="free", title="Methods", text="Draft one.", author="ana").result
    assert_undoable(s, lambda: s.memos.write(kind="free", title="methods", text="Draft two.", author="ben"))
    versions = s.memos.versions(first)
    assert [v.text for v in versions] == ["Draft one.\n", "Draft two.\n"]
    assert versions[1].parent_id == versions[0].id and versions[1].author == "ben"
    assert_undoable(s, lambda: s.memos.restore(memo_id=first, version_id=versions[0].id, by="ana"))
    after = s.memos.versions(first)
    assert len(after) == 3 and after[2].parent_id == versions[1].id and s.memos.text(first) == "Draft one.\n"


def test_quoting_a_segment_adds_a_cited_block_quote_and_an_evidence_link(demo_study):
    s = demo_study
    alder = site(s)
    memo_id = s.memos.write(kind="site", subject_id=alder.id, text="# 1 Context\n\nSome context.",
                            author="okafor").result
    source = next(x for x in s.sources.all() if x.case_id == alder.id and x.role == "principal")
    coding = s.codings.for_source(source.id)[0]
    assert_undoable(s, lambda: s.memos.quote(memo_id=memo_id, coding_id=coding.id,
                                             section="3.2 Teacher leaders and coaches"))
    text = s.memos.text(memo_id)
    words = s.sources.text(source.id)[coding.start:coding.end]
    section = text[text.index("# 3.2 Teacher leaders and coaches"):text.index("# 3.3")]
    assert f"> {words.split(chr(10))[0].strip()[:40]}" in section
    assert f"— Cedar Ridge High School, principal, {source.name}, wave {source.wave}" in section
    [link] = s.memos.evidence(memo_id)
    assert (link.source_id, link.coding_id, link.start, link.end, link.quote) == \
        (source.id, coding.id, coding.start, coding.end, words)
    report = s.memos.completeness(memo_id)
    by_name = {r["section"]: r for r in report["sections"]}
    assert by_name["3.2 Teacher leaders and coaches"]["quotations"] == 1
    assert by_name["1 Context"]["empty"] is False and by_name["2 Learning agenda"]["empty"] is True
    assert report["cited_sources"] == [source.name] and report["cited_roles"] == ["principal"]
    site_sources = {x.name for x in s.sources.all() if x.case_id == alder.id}
    assert set(report["uncited_sources"]) == site_sources - {source.name}
    with pytest.raises(NotFoundError):
        s.memos.quote(memo_id=memo_id, coding_id=coding.id, section="No such section")


def test_review_cycle_and_who_moved_it(demo_study):
    s = demo_study
    memo_id = s.memos.write(kind="site", subject_id=site(s).id, text="Draft", author="okafor").result
    with pytest.raises(ConflictError):
        s.memos.set_reviewers(memo_id=memo_id, drafter="okafor", reviewers=["okafor"])
    assert_undoable(s, lambda: s.memos.set_reviewers(memo_id=memo_id, drafter="okafor", reviewers=["lindqvist"]))
    assert s.memos.get(memo_id).reviewers == ("lindqvist",)
    with pytest.raises(ConflictError, match="can move to in-review"):
        s.memos.set_status(memo_id=memo_id, status="corroborated", by="okafor")
    for status, by in (("in-review", "okafor"), ("revising", "lindqvist"), ("in-review", "okafor"),
                       ("corroborated", "lindqvist")):
        s.memos.set_status(memo_id=memo_id, status=status, by=by)
    history = s.memos.status_history(memo_id)
    assert [(h["status"], h["by"]) for h in history] == [("in-review", "okafor"), ("revising", "lindqvist"),
                                                          ("in-review", "okafor"), ("corroborated", "lindqvist")]
    s.undo()
    assert s.memos.get(memo_id).status == "in-review" and len(s.memos.status_history(memo_id)) == 3


def test_comments_follow_their_words_through_new_versions(demo_study):
    s = demo_study
    memo_id = s.memos.write(kind="free", title="Cross-check", text="Coaching is evaluative here.\n",
                            author="okafor").result
    start = s.memos.text(memo_id).index("evaluative")
    comment_id = assert_undoable(s, lambda: s.memo_comments.comment(
        memo_id=memo_id, author="lindqvist", kind="question", start=start, end=start + 10,
        text="Whose view is this?")).result
    s.memo_comments.reply(comment_id=comment_id, author="okafor", text="The teachers'.")
    s.memos.write(kind="free", title="Cross-check", text="Teachers say coaching is evaluative here.\n",
                  author="okafor")
    text = s.memos.text(memo_id)
    thread = s.memo_comments.for_memo(memo_id)
    assert [c.kind for c in thread] == ["question", "reply"]
    assert text[thread[0].start:thread[0].end] == "evaluative"
    assert_undoable(s, lambda: s.memo_comments.set_state(comment_id=thread[1].id, state="resolved", by="okafor"))
    assert s.memo_comments.get(comment_id).state == "resolved"  # a reply resolves its thread
    with pytest.raises(ConflictError):
        s.memo_comments.comment(memo_id=memo_id, author="x", kind="praise", start=0, end=1, text="!")
    with pytest.raises(ConflictError):
        s.memo_comments.comment(memo_id=memo_id, author="x", kind="question", start=0, end=10_000, text="?")


def test_two_heads_are_a_divergence_until_reconciled(demo_study):
    s = demo_study
    memo_id = s.memos.write(kind="free", title="Shared", text="Base.", author="a").result
    base = s.memos.versions(memo_id)[0]
    with pytest.raises(ConflictError):
        s.memos.reconcile(memo_id=memo_id, text="x", by="a")
    s.memos.write(kind="free", title="Shared", text="Mine.", author="a")
    # the partner's version, written on the same base in another copy of the study
    s.conn.execute("INSERT INTO memo_versions (id, memo_id, parent_id, author, at, text) VALUES "
                   "('theirs', ?, ?, 'b', '2099-01-01T00:00:00Z', ?)", (memo_id, base.id, pack_text("Theirs.\n")))
    assert [h.text for h in s.memos.heads(memo_id)] == ["Mine.\n", "Theirs.\n"]
    s.memos.reconcile(memo_id=memo_id, text="Mine and theirs.", by="a")
    [head] = s.memos.heads(memo_id)
    assert head.text == "Mine and theirs.\n" and {head.parent_id, head.other_parent_id} == \
        {"theirs", s.memos.versions(memo_id)[1].id}


def test_memo_subjects_are_checked(demo_study):
    s = demo_study
    with pytest.raises(ConflictError, match="is a district"):
        s.memos.write(kind="site", subject_id=s.cases.find("Harbor Valley").id, text="x", author="a")
    with pytest.raises(ConflictError):
        s.memos.write(kind="free", text="x", author="a")
    district = s.memos.write(kind="district", subject_id=s.cases.find("Harbor Valley").id, text="# Any heading\n\nx",
                             author="a").result
    assert s.memos.text(district) == "# Any heading\n\nx\n"  # only site memos follow the outline
    assert s.memos.find(s.memos.get(district).title).id == district


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", "b", "C", "Unsorted", "Other", None]),
                          st.text(alphabet="xy >-*\n", max_size=20)), max_size=6))
def test_arranging_is_stable_and_keeps_every_word(parts):
    text = "\n\n".join((f"# {h}\n\n" if h else "") + body for h, body in parts)
    once = arrange(text, ["A", "B", "C"])
    assert arrange(once, ["A", "B", "C"]) == once
    words = [w for _h, body in parts for w in body.split()]
    for word in words:
        assert word in once


def test_site_and_district_memos_start_with_their_visitors_as_reviewers(demo_study):
    s = demo_study
    district = s.cases.find("Prairie Ridge")
    memo_id = s.memos.write(kind="district", subject_id=district.id, text="Context.", author="castillo").result
    visitors = s.memos.visitors(district.id)
    assert visitors and all(isinstance(v, str) for v in visitors)
    assert set(s.memos.get(memo_id).reviewers) == {v for v in visitors if "castillo" not in v.lower()}
    assert not any("castillo" in r.lower() for r in s.memos.get(memo_id).reviewers)


def test_reading_one_section_across_every_site(demo_study):
    s = demo_study
    rows = s.memos.across_sites("3.2 Teacher leaders and coaches", order_by="school level")
    assert [r["district"] for r in rows] == ["Harbor Valley"] * 3 + ["Prairie Ridge"] * 3
    alder = next(r for r in rows if r["site"] == "Alder Street Elementary")
    assert "kept apart from evaluation" in alder["text"] and alder["memo_id"]
    assert all(r["text"] == "" and r["memo_id"] is None for r in rows if r["site"] != "Alder Street Elementary")
    section = s.sections.find("3.2 Teacher leaders and coaches")
    from coder.coding.runs import RunSpec

    spec = RunSpec(codes=s.codes.linked_to(section.id), descendants=True, sites=[alder["site_id"]])
    assert alder["segments"] == s.runs.count(spec) and alder["passages"] == s.runs.passage_count(spec)
