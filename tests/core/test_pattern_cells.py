"""Cell summaries and pinned quotations of named pattern tables, and their exports."""

from __future__ import annotations

import csv
import io

import pytest

from coder.crosssite.pattern_tables import build_table, delete_table, save_table
from coder.reports.pattern import export_table, table_csv, table_json
from coder.store.errors import ConflictError, NotFoundError

from .conftest import assert_undoable

SECTION = "3.2 Teacher leaders and coaches"
SPEC = {"cols": "sections", "items": [SECTION]}


def coded(study, source_name: str, code_path: str):
    source = study.sources.find(source_name)
    code = study.codes.find(code_path)
    return next(c for c in study.codings.for_source(source.id) if c.code_id == code.id)


@pytest.fixture
def saved(demo_study):
    s = demo_study
    save_table(s, "Leadership", SPEC)
    s.history.clear()
    return s, s.cases.find("Alder Street Elementary").id, s.sections.find(SECTION).id


def test_summaries_need_a_saved_table(demo_study):
    s = demo_study
    with pytest.raises(NotFoundError, match="save the table"):
        s.cells.set_summary(table="Unsaved", site_id=s.cases.find("Alder Street Elementary").id, key="x", text="hi")


def test_a_summary_is_written_cleared_and_undone(saved):
    s, alder, key = saved
    assert_undoable(s, lambda: s.cells.set_summary(table="Leadership", site_id=alder, key=key,
                                                   text="  Coach runs cycles; veterans resist.  "))
    assert s.cells.cell("leadership", alder, key).summary == "Coach runs cycles; veterans resist."
    s.cells.set_summary(table="Leadership", site_id=alder, key=key, text="")
    assert s.cells.notes("Leadership") == {}  # an emptied cell is not a written one


def test_a_summary_starts_from_the_site_memo_section(saved):
    s, alder, key = saved
    start = s.cells.memo_start("Leadership", alder, key)
    memo = s.memos.text(s.memos.for_subject("site", alder).id)
    assert start and start in memo and not start.startswith("#")
    elm = s.cases.find("Elm Creek Elementary").id
    with pytest.raises(NotFoundError, match="no site memo"):
        s.cells.memo_start("Leadership", elm, key)
    # a code column reads the section its code is linked to
    code_id = s.codes.linked_to(key)[0]
    save_table(s, "By code", {"cols": "codes", "items": [s.codes.path_of(code_id)]})
    assert s.cells.memo_start("By code", alder, code_id) == start


def test_pinned_quotations_come_from_the_site_and_keep_their_order(saved):
    s, alder, key = saved
    first = coded(s, "alder_coach_w1", "Leadership configuration/Coaching")
    second = coded(s, "alder_principal_w1", "Leadership configuration/Coaching")
    q1 = assert_undoable(s, lambda: s.cells.pin(table="Leadership", site_id=alder, key=key,
                                                coding_id=first.id)).result
    s.cells.pin(table="Leadership", site_id=alder, key=key, coding_id=second.id)
    quotes = s.cells.cell("Leadership", alder, key).quotes
    assert [q.coding_id for q in quotes] == [first.id, second.id]
    text = s.sources.text(first.source_id)
    assert quotes[0].quote == text[first.start:first.end]
    elsewhere = coded(s, "elm_coach_w1", "Leadership configuration/Coaching")
    before = s.dump()
    with pytest.raises(ConflictError, match="is not from Alder"):
        s.cells.pin(table="Leadership", site_id=alder, key=key, coding_id=elsewhere.id)
    assert s.dump() == before
    assert_undoable(s, lambda: s.cells.unpin(quote_id=q1))
    assert [q.coding_id for q in s.cells.cell("Leadership", alder, key).quotes] == [second.id]


def test_exports_carry_summaries_and_cited_quotations(saved, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    s, alder, key = saved
    s.cells.set_summary(table="Leadership", site_id=alder, key=key, text="Coaching cycles with six teachers.")
    coding = coded(s, "alder_coach_w1", "Leadership configuration/Coaching")
    s.cells.pin(table="Leadership", site_id=alder, key=key, coding_id=coding.id)
    citation = s.memos.citation(coding.source_id)
    table = build_table(s, **SPEC)
    rows = {r[1]: r for r in csv.reader(io.StringIO(table_csv(table, "text", s.cells.notes("Leadership"),
                                                                s.memos.citation)))}
    assert rows["Alder Street Elementary"][2].startswith("Coaching cycles with six teachers.\n“")
    assert rows["Alder Street Elementary"][2].endswith(f"— {citation}") and rows["Elm Creek Elementary"][2] == ""
    counts = list(csv.reader(io.StringIO(table_csv(table))))
    assert all(r[2].isdigit() for r in counts[1:])  # the counts contract is unchanged
    doc = Document(str(export_table(s, table, tmp_path / "t.docx", "docx", name="Leadership", view="text")))
    cells = {r.cells[1].text: r.cells[2] for r in doc.tables[0].rows}
    alder_cell = cells["Alder Street Elementary"]
    assert [p.text for p in alder_cell.paragraphs][1] == "Coaching cycles with six teachers."
    from coder.reports.document import bind_citation

    assert alder_cell.paragraphs[2].text.endswith(bind_citation(citation)) and alder_cell.paragraphs[2].runs[0].italic
    assert doc.sections[0].page_width < doc.sections[0].page_height  # one column of text fits a portrait page
    book = load_workbook(export_table(s, table, tmp_path / "t.xlsx", "xlsx", name="Leadership"))
    assert book.sheetnames == ["Counts", "Summaries"]
    summaries = {r[1].value: r[2].value for r in book["Summaries"].iter_rows(min_row=2)}
    assert summaries["Alder Street Elementary"].startswith("Coaching cycles")
    data = table_json(table, s.cells.notes("Leadership"), s.memos.citation)
    alder_json = next(r for r in data["rows"] if r["site"] == "Alder Street Elementary")["cells"][0]
    assert alder_json["summary"].startswith("Coaching") and alder_json["quotes"][0]["citation"] == citation


def test_deleting_a_table_a_site_or_a_source_takes_its_notes_and_undo_brings_them_back(saved):
    s, alder, key = saved
    coding = coded(s, "alder_coach_w1", "Leadership configuration/Coaching")
    s.cells.set_summary(table="Leadership", site_id=alder, key=key, text="Summary")
    s.cells.pin(table="Leadership", site_id=alder, key=key, coding_id=coding.id)
    claim = s.cross_outline.add(path="Coaching", claim="Coaching is non-evaluative").result
    s.cross_outline.cite(claim_id=claim, coding_id=coding.id)
    s.cross_outline.set_stance(claim_id=claim, site_id=alder, stance="supports")
    assert_undoable(s, lambda: s.sources.delete_source(source_id=coding.source_id))
    assert s.cells.cell("Leadership", alder, key).quotes == [] and s.cross_outline.evidence(claim) == []
    assert_undoable(s, lambda: s.cases.delete_case(case_id=alder))  # stances and notes of the site go too
    assert_undoable(s, lambda: delete_table(s, "Leadership"))
