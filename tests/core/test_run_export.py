"""A data run to Word and to a spreadsheet, read back."""

from __future__ import annotations

from docx import Document
from openpyxl import load_workbook

from coder.coding.runs import RunSpec
from coder.reports.document import bind_citation
from coder.reports.passages import passages
from coder.reports.run import write_segments_docx, write_segments_xlsx


def test_run_to_word_grouped_by_site_and_source(demo_study, tmp_path):
    s = demo_study
    segments = s.runs.run(RunSpec(codes=[s.codes.find("Leadership configuration/Coaching").id]))
    doc = Document(str(write_segments_docx(s, segments, tmp_path / "run.docx", title="Coaching")))
    styled = [(p.style.name, p.text) for p in doc.paragraphs]
    assert styled[0] == ("Title", "Coaching")
    sites = [t for st, t in styled if st == "Heading 1"]
    assert sites == list(dict.fromkeys(x.site or x.district for x in segments))  # each site once, in run order
    quotes = [t for st, t in styled if st == "Quote"]
    found = passages(segments)  # two coders' overlapping codings of the same words: one passage
    assert len(quotes) == len(found) < len(segments) and quotes[0] == " ".join(found[0].segment.text.split())
    first = styled.index(("Quote", quotes[0]))
    assert styled[first + 1] == ("Citation", bind_citation(s.memos.citation(segments[0].source))
                                 + "\ncoded by " + ", ".join(sorted(found[0].coders)))


def test_run_to_xlsx_with_every_attribute(demo_study, tmp_path):
    s = demo_study
    segments = s.runs.run(RunSpec(codes=[s.codes.find("Challenges").id], descendants=True))
    sheet = load_workbook(write_segments_xlsx(s, segments, tmp_path / "run.xlsx")).active
    header = [c.value for c in sheet[1]]
    assert header[:8] == ["district", "site", "source", "type", "role", "wave", "speaker", "code"]
    assert "school level" in header  # a case attribute, inherited by every source of the site
    assert sheet.max_row == len(segments) + 1
    row = [c.value for c in sheet[2]]
    assert row[2] == segments[0].source_name and row[7] == segments[0].code and row[11] == segments[0].text
    assert row[header.index("school level")]
