"""Memos in Word, read back: headings, quotations with citations, lists, and comments."""

from __future__ import annotations

from docx import Document

from coder.reports.document import bind_citation
from coder.reports.memo import write_memos

TEXT = """# 1 Context

A **growing** neighbourhood with *new* families.

- first point
- second point

# 2 Learning agenda

Student talk is the focus.
"""


def test_memo_to_word_with_styles_quotes_and_comments(demo_study, tmp_path):
    s = demo_study
    alder = s.cases.find("Bayview Middle School")
    memo_id = s.memos.write(kind="site", subject_id=alder.id, text=TEXT, author="okafor").result
    source = next(x for x in s.sources.all() if x.case_id == alder.id and x.codings)
    coding = s.codings.for_source(source.id)[0]
    s.memos.quote(memo_id=memo_id, coding_id=coding.id, section="2 Learning agenda")
    s.memos.set_reviewers(memo_id=memo_id, drafter="okafor", reviewers=["lindqvist"])
    text = s.memos.text(memo_id)
    at, end = text.index("growing"), text.index("neighbourhood") + len("neighbourhood")  # a bold and a plain run
    first = s.memo_comments.comment(memo_id=memo_id, author="Eva Lindqvist", kind="correction", start=at,
                                    end=end, text="Shrinking since 2019.").result
    s.memo_comments.reply(comment_id=first, author="okafor", text="Fixed in the next draft.")
    s.memo_comments.set_state(comment_id=first, state="resolved", by="okafor")
    at = text.index("Student talk")
    s.memo_comments.comment(memo_id=memo_id, author="lindqvist", kind="question", start=at, end=at + 12,
                            text="Whose words?")

    out = write_memos(s, [memo_id], tmp_path / "memo.docx")
    doc = Document(str(out))
    styled = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Title", "Bayview Middle School case memo") in styled
    assert ("Heading 1", "1 Context") in styled and ("Heading 1", "2 Learning agenda") in styled
    assert ("List Bullet", "first point") in styled
    body = next(p for p in doc.paragraphs if p.text.startswith("A growing"))
    assert [r.bold for r in body.runs if r.text == "growing"] == [True]
    quotes = [p for p in doc.paragraphs if p.style.name == "Quote"]
    words = s.sources.text(source.id)[coding.start:coding.end].split("\n")[0].strip()
    assert any(words[:40] in q.text for q in quotes)
    cites = [p for p in doc.paragraphs if p.style.name == "Citation"]
    assert cites[-1].text == bind_citation(s.memos.citation(source.id))  # kept with its quotation, unbreakable
    comments = list(doc.comments)
    assert len(comments) == 2
    correction = next(c for c in comments if c.author == "Eva Lindqvist")
    assert "Correction: Shrinking since 2019." in correction.text
    assert "Reply from okafor: Fixed in the next draft." in correction.text and "[resolved]" in correction.text
    assert correction.initials == "EL"
    assert not [p.text for p in doc.paragraphs if "**" in p.text or p.text.startswith("#")]
