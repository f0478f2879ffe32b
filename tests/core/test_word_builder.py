"""One Word writer: every Word export goes through coder.reports.document, which alone touches
python-docx, keeps every piece of text XML-safe and writes what the exports ask for the way
python-docx would (the fast paragraph copier included)."""

from __future__ import annotations

import ast
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coder
from coder.reports.document import Document
from coder.reports.styles import Styles
from coder.store.characters import xml_safe

ROOT = Path(coder.__path__[0])
BUILDER = {"reports/document.py", "reports/fast_copy.py", "reports/paragraphs.py", "reports/tables.py",
           "reports/fields.py", "reports/template.py"}
READERS = "importers/"  # reading transcripts from .docx is not writing Word
EXPORTS = ["reports/memo.py", "reports/outline.py", "reports/pattern.py", "reports/run.py", "reports/agreement.py"]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
    return names


def test_only_the_builder_imports_python_docx():
    touching = {p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*.py")
                if any(n == "docx" or n.startswith("docx.") for n in _imports(p))}
    assert {t for t in touching if not t.startswith(READERS)} <= BUILDER
    assert "reports/document.py" in touching


def test_every_word_export_goes_through_the_builder():
    for export in EXPORTS:
        assert ".document" in _imports(ROOT / export), export


def _read(doc: Document, tmp_path) -> docx.document.Document:
    return docx.Document(str(doc.save(tmp_path / "out.docx")))


def test_text_is_xml_safe_however_it_arrives(tmp_path):
    dirty = "a\x01b\x0bc\x1bd"
    doc = Document()
    doc.title(dirty)
    doc.heading(dirty, 2).add(dirty, italic=True)
    doc.paragraph(dirty, "note").add(dirty)
    doc.quotation(dirty, dirty)
    table = doc.table([dirty, "b"])
    cells = table.row([dirty, None])
    cells[1].paragraph().add(dirty, size=9)
    run = doc.paragraph().add(dirty)
    doc.comment([run], dirty, author="Eva\x01 Lindqvist")
    read = _read(doc, tmp_path)  # python-docx refuses XML it cannot parse
    texts = [p.text for p in read.paragraphs]
    assert texts[0] == "a b\nc d"
    assert texts[1] == "a b\nc d" * 2
    assert read.tables[0].rows[1].cells[0].text == "a b\nc d"
    assert [c.author for c in read.comments] == ["Eva  Lindqvist"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(" \t\n\r\x0b"), max_size=40))
def test_a_copied_paragraph_reads_back_as_python_docx_writes_it(tmp_path_factory, text):
    """The fast copier and python-docx's own add_paragraph give the same text back: spaces at
    the ends kept, tabs and line breaks as Word's."""
    out = tmp_path_factory.mktemp("copy")
    doc = Document()
    doc.paragraph(text, "quote")
    plain = docx.Document()
    plain.add_paragraph(xml_safe(text), style="Quote")
    plain.save(out / "plain.docx")
    expected = docx.Document(str(out / "plain.docx")).paragraphs[0].text
    assert _read(doc, out).paragraphs[0].text == expected


def test_kinds_and_headings_take_their_styles(tmp_path):
    doc = Document()
    doc.title("T")
    for level in (1, 2, 3):
        doc.heading(f"H{level}", level)
    doc.paragraph("q", "quote")
    doc.paragraph("c", "citation")
    doc.paragraph("n", "note")
    doc.paragraph("s", "strong")
    read = _read(doc, tmp_path).paragraphs
    assert [p.style.name for p in read] == ["Title", "Heading 1", "Heading 2", "Heading 3", "Quote", "Citation",
                                            "Report Note", "Normal"]
    assert read[5].style.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert read[6].style.font.italic and read[7].runs[0].bold
    with pytest.raises(ValueError, match="heading level"):
        doc.heading("x", 10)
    with pytest.raises(ValueError, match="no paragraph kind 'aside'"):
        doc.paragraph("x", "aside")


def test_landscape_pages_come_back_to_the_page_before_and_need_no_second_break(tmp_path):
    doc = Document()
    doc.paragraph("portrait")
    with doc.landscape_pages():
        doc.heading("Wide", 1)
    doc.new_page()  # a page has just begun: no empty page
    doc.heading("After", 1)
    doc.new_page()
    doc.paragraph("next page")
    read = _read(doc, tmp_path)
    portrait, wide, back = read.sections
    assert wide.page_width > wide.page_height
    assert (back.page_width, back.page_height) == (portrait.page_width, portrait.page_height)
    breaks = [p for p in read.paragraphs if 'w:br w:type="page"' in p._p.xml]
    assert len(breaks) == 1


def test_a_table_groups_equal_cells_repeats_its_header_and_keeps_columns_readable(tmp_path):
    doc = Document()
    table = doc.table(["District", "Site", *[f"c{i}" for i in range(30)]], repeat_header=True)
    for district, site in (("North", "A"), ("North", "B"), ("South", "C")):
        table.row([district, site], group=(0,))
    table.share_width(doc.text_width(), fixed=[1.0, 1.3], least=0.8)
    read = _read(doc, tmp_path).tables[0]
    assert "w:tblHeader" in read.rows[0]._tr.xml
    assert read.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert read.rows[1].cells[0]._tc is read.rows[2].cells[0]._tc  # one merged North cell
    assert [r.cells[0].text for r in read.rows[1:]] == ["North", "North", "South"]
    assert min(c.width for c in read.columns) == docx.shared.Inches(0.8)


def test_a_template_gives_every_export_its_styles(tmp_path):
    """A lab's template: its fonts (here, the body font) carry into the document built on it."""
    template = docx.Document()
    template.styles["Normal"].font.name = "Gentium"
    template.save(tmp_path / "lab.docx")
    doc = Document(Styles(template=tmp_path / "lab.docx"))
    doc.paragraph("x")
    assert _read(doc, tmp_path).styles["Normal"].font.name == "Gentium"
