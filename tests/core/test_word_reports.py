"""Word reports read back as a lead hands them on: the title block says what was asked, the
headings follow the outline's depth, the contents are filled, empty sections are left out unless
asked for, every passage appears once, wide tables are landscape column groups with repeated
header rows, and a lab's own template lends its page and fonts."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from coder.coding.run_spec import RunSpec, describe
from coder.crosssite.pattern_tables import build_table, save_table
from coder.reports.memo import write_memos
from coder.reports.options import WordOptions
from coder.reports.outline import write_outline
from coder.reports.passages import passages
from coder.reports.pattern import export_table
from coder.reports.run import write_segments_docx
from coder.store.errors import TemplateError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LAB = FIXTURES / "word" / "lab-a4.dotx"
BROKEN = FIXTURES / "word" / "not-a-template.dotx"


def _styled(doc) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs]


def _headings(doc) -> list[tuple[int, str]]:
    return [(int(st.split()[-1]), t) for st, t in _styled(doc) if st.startswith("Heading ")]


def _contents(doc) -> list[str]:
    return [t.rstrip("\t") for st, t in _styled(doc) if st.startswith("toc ")]


def _bookmarks(doc) -> set[str]:
    return {b.get(qn("w:name")) for b in doc.element.body.iter(qn("w:bookmarkStart"))}


def _links(doc) -> list[str]:
    return [h.get(qn("w:anchor")) for h in doc.element.body.iter(qn("w:hyperlink"))]


def test_outline_headings_follow_its_depth_and_empty_themes_are_left_out(demo_study, tmp_path):
    s = demo_study
    o = s.cross_outline
    o.add(path="Instruction/Talk/Routines", claim="Talk routines travel with coaches")
    o.add(path="Instruction/Talk/Routines/Turn and talk")  # a theme with no claim under it
    o.add(path="Instruction/Grading")  # another
    doc = Document(str(write_outline(s, tmp_path / "o.docx")))
    heads = _headings(doc)
    at = heads.index((1, "Instruction"))
    assert heads[at + 1:at + 3] == [(2, "Talk"), (3, "Routines")]  # depth 0, 1, 2: Heading 1, 2, 3
    texts = [t for _l, t in heads]
    assert "Turn and talk" not in texts and "Grading" not in texts
    assert not [t for st, t in _styled(doc) if st.startswith("Heading") and not t.strip()]  # no bare heading
    assert any(t.startswith("Outline:") and "left out" in t for st, t in _styled(doc) if st == "Query")
    contents = _contents(doc)  # written when the file is, linked to bookmarks on the headings
    assert contents[:len(contents)] and "Routines" in contents and "Appendix: evidence by theme and site" in contents
    assert set(_links(doc)) <= _bookmarks(doc) and len(_links(doc)) == len(contents)

    kept = Document(str(write_outline(s, tmp_path / "kept.docx", options=WordOptions(keep_empty=True))))
    heads = _headings(kept)
    assert (4, "Turn and talk") in heads and (2, "Grading") in heads  # as bare headings, for a checklist


def test_every_export_has_a_running_header_and_page_numbers(demo_study, tmp_path):
    doc = Document(str(write_outline(demo_study, tmp_path / "o.docx")))
    section = doc.sections[0]
    assert section.header.paragraphs[0].text == f"{demo_study.path.stem} · Cross-site analysis"
    codes = [i.text for i in section.footer._element.iter(qn("w:instrText"))]
    assert [c.strip() for c in codes] == ["PAGE", "NUMPAGES"] and section.footer.paragraphs[0].text.startswith("Page")
    assert all(later.header.is_linked_to_previous for later in doc.sections[1:])  # the landscape pages too


MEMO = """# 1 Context

Alder Street is a K–5 school.
Its English-learner population has doubled.

# 1.1 Community and students

## Families

The front door for newly arrived families.

# 3.2 Teacher leaders and coaches

The coach keeps what she sees from the principal.
"""


def test_memo_headings_take_their_section_s_depth_and_empty_sections_are_left_out(demo_study, tmp_path):
    s = demo_study
    site = s.cases.find("Bayview Middle School")
    memo = s.memos.write(kind="site", subject_id=site.id, text=MEMO, author="okafor").result
    doc = Document(str(write_memos(s, [memo], tmp_path / "m.docx")))
    heads = _headings(doc)
    # 3 holds nothing itself but 3.2 does; 2, 4 and 5 hold nothing: left out
    assert heads == [(1, "1 Context"), (2, "1.1 Community and students"), (3, "Families"),
                     (1, "3 Leadership configuration"), (2, "3.2 Teacher leaders and coaches")]
    body = next(p for p in doc.paragraphs if p.text.startswith("Alder Street"))
    assert body.text == "Alder Street is a K–5 school.\nIts English-learner population has doubled."  # one paragraph
    assert _contents(doc)[:2] == ["1 Context", "1.1 Community and students"]
    assert doc.paragraphs[0].style.name == "Title" and doc.paragraphs[1].style.name == "Subtitle"

    kept = Document(str(write_memos(s, [memo], tmp_path / "k.docx", WordOptions(keep_empty=True))))
    assert (1, "2 Learning agenda") in _headings(kept) and (2, "2.1 Focus and goals") in _headings(kept)


def test_several_memos_go_under_a_title_each_one_a_heading_1(demo_study, tmp_path):
    s = demo_study
    site = s.cases.find("Bayview Middle School")
    memo = s.memos.write(kind="site", subject_id=site.id, text=MEMO, author="okafor").result
    alder = next(m.id for m in s.memos.all() if m.title.startswith("Alder"))
    doc = Document(str(write_memos(s, [alder, memo], tmp_path / "all.docx")))
    assert doc.paragraphs[0].text == "Site case memos"
    heads = _headings(doc)
    assert (1, "Alder Street Elementary case memo") in heads and (1, "Bayview Middle School case memo") in heads
    assert (2, "1 Context") in heads and (3, "1.1 Community and students") in heads


def test_a_data_run_says_exactly_what_was_asked_and_shows_each_passage_once(demo_study, tmp_path):
    s = demo_study
    spec = s.runs.spec_from_names(codes=["Leadership configuration/Coaching"],
                                  roles=["principal", "instructional coach"], waves=[1])
    spec = RunSpec(**{**spec.to_dict(), "descendants": False})
    segments = s.runs.run(spec)
    doc = Document(str(write_segments_docx(s, segments, tmp_path / "r.docx", title="Coaching",
                                           description=describe(s, spec))))
    block = [t for st, t in _styled(doc) if st == "Query"]
    assert "Codes: Leadership configuration/Coaching (not its sub-codes)" in block
    assert "Roles: principal, instructional coach" in block and "Waves: 1" in block
    found = passages(segments)
    coders = {c for x in segments for c in [x.coder] if c}
    assert f"Found: {len(found)} passages ({len(segments)} codings by {len(coders)} coders) from " \
           f"{len({x.source for x in segments})} sources at {len({x.site for x in segments})} sites" in block
    quotes = [t for st, t in _styled(doc) if st == "Quote"]
    assert len(quotes) == len(found) < len(segments)  # two coders' codings of the same words: once
    assert any("coded by lindqvist, okafor" in t for st, t in _styled(doc) if st == "Citation")


def _wide_study(s, columns: int):
    """The demo's codes and enough more to make `columns` columns, one of them coded."""
    s.codes.add_code(path="Extra")
    for i in range(columns - len(s.codes.all())):
        s.codes.add_code(path=f"Extra/Theme {i + 1:02d} with a longer name")
    return build_table(s, cols="codes")


def test_a_forty_column_table_is_landscape_column_groups_that_repeat_the_site(demo_study, tmp_path):
    s = demo_study
    table = _wide_study(s, 40)
    assert len(table.columns) == 40
    save_table(s, "Everything", {"cols": "codes"})
    doc = Document(str(export_table(s, table, tmp_path / "wide.docx", "docx", name="Everything",
                                    spec={"cols": "codes"}, options=WordOptions(heat=True))))
    section = doc.sections[0]
    assert section.page_width > section.page_height
    grids = doc.tables
    assert len(grids) == 5 and sum(len(g.columns) - 2 for g in grids) == 40  # five groups of eight
    parts = [t for st, t in _styled(doc) if st == "Table Caption"]
    assert parts[0].startswith("Part 1 of 5: columns 1–8 of 40") and parts[-1].startswith("Part 5 of 5: columns 33–40")
    for grid in grids:
        assert [c.text for c in grid.rows[0].cells[:2]] == ["District", "Site"]
        assert grid.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
        assert [r.cells[1].text for r in grid.rows[1:]] == [n for _d, _s, n in table.rows] + ["n of N sites"]
        assert all(c.width >= Cm(2) for c in grid.rows[1].cells)
    row = grids[0].rows[1]
    count = next(c for c in row.cells[2:] if c.text.strip() not in ("—", ""))
    assert count.paragraphs[0].style.name == "Table Count"  # right-aligned
    shaded = [c for g in grids for r in g.rows[1:-1] for c in r.cells if c._tc.tcPr.find(qn("w:shd")) is not None]
    assert shaded and all(c.text != "—" for c in shaded)
    block = [t for st, t in _styled(doc) if st == "Query"]
    assert "Columns: 40 codes (each counted with its sub-codes)" in block and "Waves: all" in block
    assert any("darker a cell" in t for t in [p.text for p in doc.paragraphs])


def test_a_narrow_table_stays_on_portrait_pages(demo_study, tmp_path):
    s = demo_study
    table = build_table(s, cols="codes", items=["Leadership configuration/Coaching", "Challenges"])
    doc = Document(str(export_table(s, table, tmp_path / "narrow.docx", "docx")))
    assert doc.sections[0].page_width < doc.sections[0].page_height and len(doc.tables) == 1
    assert not [t for st, t in _styled(doc) if st == "Table Caption"]  # one part says nothing about parts


def test_a_lab_s_template_lends_its_page_and_fonts_and_gets_our_missing_styles(demo_study, tmp_path):
    doc = Document(str(write_outline(demo_study, tmp_path / "lab.docx", options=WordOptions(template=LAB))))
    assert round(doc.sections[0].page_width.mm) == 210 and doc.styles["Normal"].font.name == "Times New Roman"
    assert not any("sample text" in p.text for p in doc.paragraphs)  # the template's body is not the report's
    assert any(p.style.name == "Citation" for p in doc.paragraphs)  # a style the template lacks, lent


@pytest.mark.parametrize("bad", [BROKEN, FIXTURES / "word" / "missing.dotx"])
def test_a_template_word_cannot_take_is_refused_naming_it_and_nothing_is_written(demo_study, tmp_path, bad):
    out = tmp_path / "o.docx"
    with pytest.raises(TemplateError, match=bad.name):
        write_outline(demo_study, out, options=WordOptions(template=bad))
    assert not out.exists()


def test_the_command_line_takes_the_word_choices(demo_study, tmp_path, capsys):
    from coder.cli import main

    path = demo_study.path
    demo_study.close()
    out = tmp_path / "o.docx"
    assert main(["outline", "export", str(path), str(out), "--keep-empty", "--template", str(LAB)]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {out}: ")
    assert round(Document(str(out)).sections[0].page_width.mm) == 210
    assert main(["matrix", str(path), "--cols", "codes", "--docx", str(tmp_path / "t.docx"), "--heat"]) == 0
    assert main(["memo", "export", str(path), "Alder Street Elementary", str(tmp_path / "m.docx"),
                 "--template", str(BROKEN)]) == 1
    assert "not-a-template.dotx: not a Word document or template" in capsys.readouterr().err
    assert not (tmp_path / "m.docx").exists()


def test_the_appendix_shows_a_passage_cited_for_two_claims_once(demo_study, tmp_path):
    s = demo_study
    o = s.cross_outline
    first = o.add(path="Coaching cycles", claim="Cycles last six weeks").result
    second = o.add(path="Coaching cycles", claim="Cycles are chosen by teachers").result
    code = s.codes.find("Leadership configuration/Coaching")
    coding = next(c for c in s.codings.for_source(s.sources.find("alder_coach_w1").id) if c.code_id == code.id)
    o.cite(claim_id=first, coding_id=coding.id)
    o.cite(claim_id=second, coding_id=coding.id)
    styled = _styled(Document(str(write_outline(s, tmp_path / "o.docx"))))
    appendix = styled[styled.index(("Heading 2", "Coaching cycles")):]
    words = " ".join(s.sources.text(coding.source_id)[coding.start:coding.end].split())
    body = styled[styled.index(("Heading 1", "Coaching cycles")):styled.index(("Heading 1", "Representation"))]
    assert [t for st, t in body if st == "Quote"].count(words) == 2  # under each claim
    theme = appendix[:next((i for i, (st, _t) in enumerate(appendix[1:], 1) if st == "Heading 2"), None)]
    assert [t for st, t in theme if st == "Quote"].count(words) == 1  # and once among the theme's evidence
