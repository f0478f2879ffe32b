"""A review round trip where both sides edit: sending moves the memo to in-review, opening the
reply diverges it, and reconciling takes the changes the user accepts, with comments kept on
their words and the whole reconciliation one undoable step."""

from __future__ import annotations

import shutil

import pytest

from coder import Study
from coder.memos.review_package import open_package, send_for_review
from coder.store.errors import ConflictError, NotFoundError, WriteFailed

from .conftest import assert_undoable


@pytest.fixture
def pair(demo_study_file, tmp_path):
    """The drafter's (okafor) and the reviewer's (lindqvist) copies of the same study."""
    studies = []
    for name, user in (("drafter", "okafor"), ("reviewer", "lindqvist")):
        path = tmp_path / f"{name}.casecoder"
        shutil.copy(demo_study_file[0], path)
        studies.append(Study.open(path, user=user))
    yield studies
    for study in studies:
        study.close()


def _draft(study) -> str:
    site = study.cases.find("Bayview Middle School")
    memo_id = study.memos.write(kind="site", subject_id=site.id, author="okafor",
                                text="# 1 Context\n\nThe coach runs calibration cycles with six teachers.\n\n"
                                     "# 2 Learning agenda\n\nStudent talk.\n").result
    study.memos.set_reviewers(memo_id=memo_id, drafter="okafor", reviewers=["lindqvist"])
    return memo_id


def _edit(study, memo_id: str, old: str, new: str, author: str) -> None:
    text = study.memos.text(memo_id)
    assert old in text
    study.memos.write(kind="site", subject_id=study.memos.get(memo_id).subject_id, author=author,
                      text=text.replace(old, new))


def test_sending_moves_a_drafting_memo_to_in_review_in_one_undoable_step(pair, tmp_path):
    a, b = pair
    memo_id = _draft(a)
    assert a.memos.get(memo_id).status == "drafting"
    changes = assert_undoable(a, lambda: send_for_review(a, memo_id=memo_id, out=tmp_path / "p.ccreview"))
    assert changes.extra["status"] == "in-review" and changes.extra["status_changed"]
    assert a.memos.get(memo_id).status == "in-review"
    assert a.memos.status_history(memo_id)[-1] == {**a.memos.status_history(memo_id)[-1], "status": "in-review",
                                                   "by": "okafor"}
    report = open_package(b, tmp_path / "p.ccreview")
    assert report["status"] == "in-review"  # the partner reviews it as in review

    # the reviewer sends it back: the status stays what the reviewer set
    b.memos.set_status(memo_id=memo_id, status="revising", by="lindqvist")
    back = send_for_review(b, memo_id=memo_id, out=tmp_path / "back.ccreview")
    assert back.step is None and not back.extra["status_changed"] and b.memos.get(memo_id).status == "revising"
    # the drafter revised and sends again: in review once more; or keeps the status on request
    open_package(a, tmp_path / "back.ccreview")
    kept = send_for_review(a, memo_id=memo_id, out=tmp_path / "kept.ccreview", keep_status=True)
    assert kept.step is None and a.memos.get(memo_id).status == "revising"
    send_for_review(a, memo_id=memo_id, out=tmp_path / "again.ccreview")
    assert a.memos.get(memo_id).status == "in-review"


def test_a_package_that_cannot_be_written_changes_nothing(pair, tmp_path):
    a, _b = pair
    memo_id = _draft(a)
    before = a.dump()
    with pytest.raises(WriteFailed, match="no-such-folder"):
        send_for_review(a, memo_id=memo_id, out=tmp_path / "no-such-folder" / "p.ccreview")
    assert a.dump() == before and a.memos.get(memo_id).status == "drafting"


def _diverge(a, b, tmp_path) -> str:
    """Both sides edit the memo after one review round: the drafter's copy holds two heads."""
    memo_id = _draft(a)
    open_package(b, send_for_review(a, memo_id=memo_id, out=tmp_path / "out.ccreview").result)
    _edit(b, memo_id, "calibration cycles with six teachers.", "calibrated cycles with eight teachers.",
          "lindqvist")
    at = b.memos.text(memo_id).index("eight teachers")
    b.memo_comments.comment(memo_id=memo_id, author="lindqvist", kind="question", start=at, end=at + 14,
                            text="All grades?")
    _edit(a, memo_id, "Student talk.", "Student talk, and writing across subjects.", "okafor")
    report = open_package(a, send_for_review(b, memo_id=memo_id, out=tmp_path / "back.ccreview").result)
    assert report["diverged"]
    return memo_id


def test_the_changes_read_as_the_partner_s_edits_to_one_s_own_text(pair, tmp_path):
    a, b = pair
    memo_id = _diverge(a, b, tmp_path)
    divergence = a.memos.compare_heads(memo_id, by="okafor")
    assert (divergence.original.author, divergence.revised.author) == ("okafor", "lindqvist")
    summary = [(c.number, c.kind, c.original, c.revised, c.by, c.section) for c in divergence.comparison.changes]
    assert summary == [
        (1, "replacement", "calibration", "calibrated", "revised", "1 Context"),
        (2, "replacement", "six", "eight", "revised", "1 Context"),
        (3, "deletion", ", and writing across subjects", "", "original", "2 Learning agenda")]
    assert divergence.comparison.combined() == {1, 2}
    other = a.memos.compare_heads(memo_id, by="lindqvist")  # seen from the other side
    assert (other.original.author, other.revised.author) == ("lindqvist", "okafor")


MINE, THEIRS = "Student talk, and writing across subjects.\n", "Student talk.\n"


@pytest.mark.parametrize(("accept", "context", "agenda"), [
    ({1, 2}, "The coach runs calibrated cycles with eight teachers.", MINE),  # both sides' edits
    ({2}, "The coach runs calibration cycles with eight teachers.", MINE),
    ({1, 2, 3}, "The coach runs calibrated cycles with eight teachers.", THEIRS),  # all: the partner's
    (set(), "The coach runs calibration cycles with six teachers.", MINE),  # none: one's own
])
def test_reconciling_takes_the_accepted_changes_and_keeps_comments_on_their_words(pair, tmp_path, accept,
                                                                                   context, agenda):
    a, b = pair
    memo_id = _diverge(a, b, tmp_path)
    heads = a.memos.heads(memo_id)
    changes = assert_undoable(a, lambda: a.memos.reconcile(memo_id=memo_id, by="okafor", accept=accept))
    assert changes.result == memo_id
    [head] = a.memos.heads(memo_id)
    assert {head.parent_id, head.other_parent_id} == {h.id for h in heads}
    assert f"# 1 Context\n\n{context}\n" in head.text and f"# 2 Learning agenda\n\n{agenda}" in head.text
    [question] = [c for c in a.memo_comments.for_memo(memo_id) if c.text == "All grades?"]
    words = head.text[question.start:question.end]
    assert words == ("eight teachers" if 2 in accept else "")  # rejected words take their comment's range away
    if 2 not in accept:
        assert head.text[question.start:question.start + 3] == "six"


def test_reconciling_refuses_what_does_not_fit(pair, tmp_path):
    a, b = pair
    memo_id = _diverge(a, b, tmp_path)
    before = a.dump()
    with pytest.raises(ConflictError, match="no change 4, 9: the versions differ in 3"):
        a.memos.reconcile(memo_id=memo_id, by="okafor", accept={1, 4, 9})
    with pytest.raises(ConflictError, match="either the reconciled text or the changes"):
        a.memos.reconcile(memo_id=memo_id, by="okafor")
    assert a.dump() == before
    a.memos.reconcile(memo_id=memo_id, by="okafor", accept=set())
    with pytest.raises(ConflictError, match="has not diverged"):
        a.memos.compare_heads(memo_id)


def test_a_reviewer_marks_a_section_by_its_heading(pair):
    a, _b = pair
    memo_id = _draft(a)
    assert_undoable(a, lambda: a.memos.mark_section(memo_id=memo_id, section="1 context", by="lindqvist"))
    assert a.memos.section_marks(memo_id)["1 Context"]["by"] == "lindqvist"  # spelled as the heading
    with pytest.raises(NotFoundError, match="has no section 'Findings'"):
        a.memos.mark_section(memo_id=memo_id, section="Findings", by="lindqvist")
    a.memos.mark_section(memo_id=memo_id, section="1 Context", by="lindqvist", corroborated=False)
    assert a.memos.section_marks(memo_id) == {}
