"""The cross-site outline in Word, read back: headings, claims, checks, quotes, citations."""

from __future__ import annotations

from docx import Document

from coder.reports.document import bind_citation
from coder.reports.outline import write_outline
from coder.reports.passages import passages


def test_outline_to_word(demo_study, tmp_path):
    s = demo_study
    o = s.cross_outline
    claim = o.add(path="Coaching/Trust", claim="Coaching is kept apart from evaluation").result
    o.assign(item_id=o.find("Coaching").id, owner="okafor", status="drafting")
    code = s.codes.find("Leadership configuration/Coaching")
    principal = next(c for c in s.codings.for_source(s.sources.find("alder_principal_w1").id) if c.code_id == code.id)
    coach = next(c for c in s.codings.for_source(s.sources.find("elm_coach_w1").id) if c.code_id == code.id)
    o.cite(claim_id=claim, coding_id=principal.id)
    o.cite(claim_id=claim, coding_id=coach.id, stance="contradicts")
    doc = Document(str(write_outline(s, tmp_path / "outline.docx")))
    styled = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Heading 1", "Coaching  (okafor, drafting)") in styled and ("Heading 2", "Trust") in styled
    assert ("Claim", "Coaching is kept apart from evaluation") in styled
    check = styled[styled.index(("Claim", "Coaching is kept apart from evaluation")) + 1][1]
    assert "1 site(s) support, 0 mixed, 1 contradict (disconfirming evidence)" in check and "not triangulated" in check
    sites = styled[styled.index(("Claim", "Coaching is kept apart from evaluation")) + 2][1]
    assert sites == ("Sites — supports: Alder Street Elementary; contradicts: Elm Creek Elementary "
                     "(from their evidence)")
    quotes = [t for st, t in styled if st == "Quote"]
    assert bind_citation(s.memos.citation(principal.source_id)) in [t for st, t in styled if st == "Citation"]
    assert any(t.startswith("[contradicts] ") for t in quotes)
    assert ("Heading 1", "Appendix: evidence by theme and site") in styled

    # a site cited both ways is mixed, and the analyst's own judgement is marked as theirs
    o.cite(claim_id=claim, coding_id=next(c for c in s.codings.for_source(s.sources.find("elm_principal_w2").id)
                                          if c.code_id == code.id).id)
    o.set_stance(claim_id=claim, site_id=s.cases.find("Bayview Middle School").id, stance="contradicts")
    doc = Document(str(write_outline(s, tmp_path / "outline2.docx")))
    texts = [p.text for p in doc.paragraphs]
    at = texts.index("Coaching is kept apart from evaluation")
    assert texts[at + 1].startswith("1 site(s) support, 1 mixed, 1 contradict (disconfirming evidence), 3 silent")
    assert texts[at + 2] == ("Sites — supports: Alder Street Elementary; mixed: Elm Creek Elementary; contradicts: "
                             "Bayview Middle School* (* the analyst's judgement; the others from their evidence)")
    assert ("Heading 3", "Alder Street Elementary") in styled
    contents = [t.rstrip("\t") for st, t in styled if st.startswith("toc ")]  # filled when written
    at = contents.index("Coaching  (okafor, drafting)")
    assert contents[at + 1] == "Trust" and "Appendix: evidence by theme and site" in contents


def test_an_empty_outline_is_a_valid_document_that_says_so(study, tmp_path):
    doc = Document(str(write_outline(study, tmp_path / "empty.docx")))
    assert any("outline is empty" in p.text for p in doc.paragraphs)


def test_the_appendix_holds_the_data_runs_of_a_theme_s_codes_by_site(demo_study, tmp_path):
    from coder.coding.runs import RunSpec
    from coder.store.progress import CancelToken

    s = demo_study
    o = s.cross_outline
    o.add(path="Coaching/Trust", claim="Coaching is kept apart from evaluation")
    code = s.codes.find("Leadership configuration/Coaching")
    o.link_code(theme_id=o.find("Coaching/Trust").id, code_id=code.id)  # a sub-theme's code feeds its chapter
    heard = []
    doc = Document(str(write_outline(s, tmp_path / "o.docx", progress=lambda d, t, n: heard.append((d, t)))))
    styled = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Heading 2", "Coaching: data runs") in styled
    segments = s.runs.run(RunSpec(codes=[code.id], descendants=True))
    run_part = styled[styled.index(("Heading 2", "Coaching: data runs")):]
    assert sum(1 for st, _t in run_part if st == "Quote") == len(passages(segments)) < len(segments)
    assert any(st == "Citation" and "coded by lindqvist, okafor" in t for st, t in run_part)  # once, both named
    assert ("Heading 3", "Alder Street Elementary (Coaching)") in run_part
    assert heard and all(d < t for d, t in heard)
    token = CancelToken()
    token.cancel()
    import pytest

    from coder.store.errors import Cancelled

    with pytest.raises(Cancelled):
        write_outline(s, tmp_path / "cancelled.docx", token=token)
    assert not (tmp_path / "cancelled.docx").exists()


def test_saved_pattern_tables_are_word_tables_in_the_report(demo_study, tmp_path):
    from coder.crosssite.pattern_tables import save_table

    s = demo_study  # the demo has a saved table with summaries
    save_table(s, "Coaching counts", {"cols": "codes", "items": ["Leadership configuration/Coaching"]})
    doc = Document(str(write_outline(s, tmp_path / "o.docx")))
    styled = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Heading 1", "Pattern tables") in styled
    assert ("Heading 2", "Leadership across sites") in styled and ("Heading 2", "Coaching counts") in styled
    counts_table, text_table = doc.tables[:2]  # in name order: "Coaching counts" first
    assert counts_table.rows[0].cells[2].text == "Leadership configuration /\nCoaching"  # breaks between words
    assert text_table.rows[0].cells[3].text == "3.2 Teacher leaders and coaches"
    alder = next(r for r in text_table.rows if r.cells[1].text == "Alder Street Elementary")
    assert "—\u00a0Alder Street Elementary, principal" in alder.cells[3].text  # a pinned, cited quotation
    assert doc.sections[1].page_width > doc.sections[1].page_height  # the tables get landscape pages
    assert doc.sections[-1].page_width < doc.sections[-1].page_height  # the appendix is portrait again
