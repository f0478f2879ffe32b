"""Word files with the features real transcripts have, built with python-docx plus raw XML."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

W = nsdecls("w")


def make_tracked_changes_docx(path: Path) -> Path:
    """Bold speaker labels, a tracked insertion, a tracked deletion, inline and block content
    controls, a hyperlink, a table, a header, a footer and a comment."""
    document = docx.Document()
    document.add_heading("Interview: Principal, Test School", level=1)
    document.sections[0].header.paragraphs[0].text = "CONFIDENTIAL HEADER TEXT"
    document.sections[0].footer.paragraphs[0].text = "Page footer text"

    p = document.add_paragraph()
    p.add_run("Interviewer:").bold = True
    p.add_run(" How often do teachers meet?")

    p = document.add_paragraph()
    p.add_run("Principal:").bold = True
    p.add_run(" We ")
    p._p.append(parse_xml(f'<w:ins {W} w:id="1" w:author="Editor" w:date="2025-10-01T00:00:00Z">'
                          '<w:r><w:t xml:space="preserve">really </w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {W} w:id="2" w:author="Editor" w:date="2025-10-01T00:00:00Z">'
                          '<w:r><w:delText xml:space="preserve">never </w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:r {W}><w:t xml:space="preserve">meet every week at </w:t></w:r>'))
    p._p.append(parse_xml(f'<w:sdt {W}><w:sdtPr><w:alias w:val="School"/></w:sdtPr><w:sdtContent>'
                          '<w:r><w:t>Harbor Valley</w:t></w:r></w:sdtContent></w:sdt>'))
    p._p.append(parse_xml(f'<w:r {W}><w:t>.</w:t></w:r>'))
    run = p.add_run(" Commented words.")
    document.add_comment(run, text="A REVIEWER COMMENT", author="Rev")

    document.element.body.append(parse_xml(
        f'<w:sdt {W}><w:sdtPr/><w:sdtContent><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Interviewer:</w:t></w:r>'
        '<w:r><w:t xml:space="preserve"> Inside a block content control.</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    p = document.add_paragraph("Principal: See ")
    p._p.append(parse_xml(
        f'<w:hyperlink {W} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'w:anchor="x"><w:r><w:t>the plan</w:t></w:r></w:hyperlink>'))
    p.add_run(" for details.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Goal"
    table.cell(0, 1).text = "Target"
    table.cell(1, 0).text = "Reading"
    table.cell(1, 1).text = "70% proficient"
    document.add_paragraph("After the table.")
    # move the trailing section properties back to the end so the body stays valid
    body = document.element.body
    sect = body.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr")
    if sect is not None:
        body.remove(sect)
        body.append(sect)
    document.save(path)
    return path


def make_odt(path: Path, body: str) -> Path:
    """An OpenDocument text whose office:text holds `body` (text:h, text:p ... as XML)."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", (
            '<?xml version="1.0"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
            f'{body}</office:text></office:body></office:document-content>'))
    return path
