"""Pair review between two copies of a study: send, open, edit on both sides, reconcile, and
refuse what does not belong."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from coder import Study
from coder.memos.review_package import open_package, send_package
from coder.store.errors import ConflictError, ImportFailed

from .conftest import assert_undoable


@pytest.fixture
def pair(demo_study_file, tmp_path):
    """The drafter's and the reviewer's copies of the same study."""
    paths = []
    for name in ("drafter", "reviewer"):
        path = tmp_path / f"{name}.casecoder"
        shutil.copy(demo_study_file[0], path)
        paths.append(path)
    a, b = Study.open(paths[0], user="okafor"), Study.open(paths[1], user="lindqvist")
    yield a, b
    a.close()
    b.close()


def _draft(study) -> str:
    alder = study.cases.find("Bayview Middle School")
    memo_id = study.memos.write(kind="site", subject_id=alder.id, author="okafor",
                                text="# 1 Context\n\nA growing neighbourhood.\n").result
    source = next(s for s in study.sources.all() if s.case_id == alder.id and s.codings)
    study.memos.quote(memo_id=memo_id, coding_id=study.codings.for_source(source.id)[0].id,
                      section="3.2 Teacher leaders and coaches")
    study.memos.set_reviewers(memo_id=memo_id, drafter="okafor", reviewers=["lindqvist"])
    study.memos.set_status(memo_id=memo_id, status="in-review", by="okafor")
    return memo_id


def test_round_trip_with_edits_on_both_sides_loses_nothing(pair, tmp_path):
    a, b = pair
    memo_id = _draft(a)
    first = send_package(a, memo_id, tmp_path / "to-reviewer.ccreview")

    report = assert_undoable(b, lambda: open_package(b, first))
    assert report["created"] and len(report["versions_added"]) == 2 and report["evidence_added"] == 1
    assert not report["diverged"] and b.memos.text(memo_id) == a.memos.text(memo_id)
    assert b.memos.get(memo_id).reviewers == ("lindqvist",) and b.memos.get(memo_id).status == "in-review"

    # the reviewer elaborates and asks; meanwhile the drafter keeps writing on the same version
    text_b = b.memos.text(memo_id).replace("A growing neighbourhood.", "A growing neighbourhood, per the census.")
    b.memos.write(kind="site", subject_id=b.memos.get(memo_id).subject_id, text=text_b, author="lindqvist")
    at = b.memos.text(memo_id).index("per the census")
    question = b.memo_comments.comment(memo_id=memo_id, author="lindqvist", kind="question", start=at,
                                       end=at + 14, text="Which year?").result
    b.memos.mark_section(memo_id=memo_id, section="1 Context", by="lindqvist")
    b.memos.set_status(memo_id=memo_id, status="revising", by="lindqvist")
    text_a = a.memos.text(memo_id).replace("# 2 Learning agenda", "# 2 Learning agenda\n\nStudent talk.")
    a.memos.write(kind="site", subject_id=a.memos.get(memo_id).subject_id, text=text_a, author="okafor")

    back = open_package(a, send_package(b, memo_id, tmp_path / "to-drafter.ccreview"))
    assert back["diverged"] and len(back["heads"]) == 2 and back["comments_added"] == 1
    assert {h.text for h in a.memos.heads(memo_id)} == {text_a, b.memos.text(memo_id)}
    assert a.memos.get(memo_id).status == "revising" and "1 Context" in a.memos.section_marks(memo_id)
    assert ("memo_status", "lindqvist") in a.conn.execute("SELECT op, author FROM changelog").fetchall()

    merged = text_a.replace("A growing neighbourhood.", "A growing neighbourhood, per the census.")
    a.memos.reconcile(memo_id=memo_id, text=merged, by="okafor")
    a.memo_comments.reply(comment_id=question, author="okafor", text="2020.")
    a.memo_comments.set_state(comment_id=question, state="resolved", by="okafor")
    again = open_package(b, send_package(a, memo_id, tmp_path / "again.ccreview"))
    assert not again["diverged"] and again["comments_added"] == 1 and again["comments_updated"] == 1
    for study in (a, b):  # both copies hold every version and every comment, and agree
        assert len(study.memos.versions(memo_id)) == 5
        assert [(c.kind, c.state) for c in study.memo_comments.for_memo(memo_id)] == \
            [("question", "resolved"), ("reply", "open")]
        assert study.memos.text(memo_id) == merged + ("" if merged.endswith("\n") else "\n")
    quoted = b.memo_comments.get(question)
    assert b.memos.text(memo_id)[quoted.start:quoted.end] == "per the census"


def test_packages_that_do_not_belong_change_nothing(pair, tmp_path):
    a, b = pair
    memo_id = _draft(a)
    package = send_package(a, memo_id, tmp_path / "p.ccreview")
    before = b.dump()

    other = Study.create(tmp_path / "other.casecoder", user="x")
    with pytest.raises(ConflictError, match="another study"):
        open_package(other, package)
    other.close()

    cited = json.loads(zipfile.ZipFile(package).read("package.json"))["sources"][0]
    b.sources.delete_source(source_id=cited["id"])
    b.history.clear()
    with pytest.raises(ConflictError, match=cited["name"]):
        open_package(b, package)

    broken = tmp_path / "broken.ccreview"
    broken.write_bytes(package.read_bytes()[:200])
    with pytest.raises(ImportFailed, match="broken.ccreview"):
        open_package(b, broken)
    not_json = tmp_path / "notjson.ccreview"
    with zipfile.ZipFile(not_json, "w") as z:
        z.writestr("package.json", "{not json")
    with pytest.raises(ImportFailed, match="damaged"):
        open_package(b, not_json)
    text_file = tmp_path / "memo.txt"
    text_file.write_text("hello")
    with pytest.raises(ImportFailed, match="not a CaseCoder review package"):
        open_package(b, text_file)
    assert b.conn.execute("SELECT count(*) FROM memos WHERE id = ?", (memo_id,)).fetchone()[0] == 0
    assert {k: v for k, v in b.dump().items() if k.startswith("memo")} == \
        {k: v for k, v in before.items() if k.startswith("memo")}


def test_sources_imported_separately_are_matched_by_their_text(pair, tmp_path):
    a, b = pair
    memo_id = _draft(a)
    package = send_package(a, memo_id, tmp_path / "p.ccreview")
    cited = json.loads(zipfile.ZipFile(package).read("package.json"))["sources"][0]
    # the reviewer's copy holds the same transcript under another id
    b.conn.execute("PRAGMA foreign_keys = OFF")
    for table, column in (("source_texts", "source_id"), ("turns", "source_id"), ("source_values", "source_id"),
                          ("sources", "id")):
        b.conn.execute(f"UPDATE {table} SET {column} = 'local-copy' WHERE {column} = ?", (cited["id"],))
    b.conn.execute("PRAGMA foreign_keys = ON")
    open_package(b, package)
    [link] = b.memos.evidence(memo_id)
    assert link.source_id == "local-copy"
