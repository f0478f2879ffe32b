"""The Word template every export starts from, and how a lab's own one is taken in.

Every style an export uses (headings, quotations and their citations, notes, table text, the
contents entries, the running header and footer) is defined once, in resources/reports/
casecoder.docx. A lab that wants its own fonts, sizes, colours or page (A4, other margins) gives
its own .docx or .dotx instead: its styles and its first page setup win, and any style it does
not define is taken from ours, so a template holding only "Normal" and "Heading 1" still works.

python-docx opens .docx only; a .dotx is the same package with another content type for its main
part, so it is read from memory with that one type changed. Whatever a template's body holds (a
sample page, a cover) is dropped: its styles and page are what it lends.

`build_template` writes our template from python-docx's own default document; the file in
resources/ is its output (`python -m coder.reports.template` writes it again;
tests/core/test_word_template.py checks they agree).
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from ..store.errors import TemplateError

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TEMPLATE = ROOT / "resources" / "reports" / "casecoder.docx"

_TEMPLATE_TYPES = (b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",)
_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

# paragraph styles of our own (name: what it is for); Word's built-in ones are named as Word names them
OWN_STYLES = {
    "Citation": "the source of a quotation, directly under it and kept with it",
    "Report Note": "a claim's checks, a legend, a byline",
    "Claim": "a claim of the cross-site outline",
    "Query": "a line of the title block: the study, who, when and what was asked for",
    "Table Text": "the text of a table cell",
    "Table Count": "a count in a table cell, right-aligned",
    "Table Caption": "the line over a table or a part of one, kept with it",
}
BUILT_IN = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Heading 5",
            "Heading 6", "Quote", "List Bullet", "List Number", "Header", "Footer", "TOC Heading",
            "toc 1", "toc 2", "toc 3", "Table Grid")
REQUIRED = BUILT_IN + tuple(OWN_STYLES)


def open_document(template: str | Path | None = None):
    """A python-docx Document holding `template`'s styles and page and an empty body (our own
    template when None). A file that is not a Word document or template is refused with its name
    and the reason."""
    import docx

    path = Path(template) if template else DEFAULT_TEMPLATE
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"{path}: the Word template cannot be read ({exc.strerror or exc})") from None
    try:
        doc = docx.Document(io.BytesIO(_as_document(data)))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(f"{path}: not a Word document or template (.docx or .dotx): {exc}") from None
    except Exception as exc:  # noqa: BLE001 - a damaged package fails in many ways inside python-docx
        raise TemplateError(f"{path}: the Word template is damaged ({type(exc).__name__}: {exc})") from None
    _empty_body(doc)
    if path != DEFAULT_TEMPLATE:
        _lend_missing_styles(doc)
    return doc


def _as_document(data: bytes) -> bytes:
    """The package with a template's main part typed as a document's (a .docx unchanged)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        types = package.read("[Content_Types].xml")
        if not any(t in types for t in _TEMPLATE_TYPES):
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy_to:
            for item in package.infolist():
                body = package.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    for t in _TEMPLATE_TYPES:
                        body = body.replace(t, _DOCUMENT_TYPE)
                copy_to.writestr(item, body)
        return out.getvalue()


def _empty_body(doc) -> None:
    """Drop what the template's body holds, keeping its last section (page size, margins,
    header and footer)."""
    body = doc.element.body
    for child in list(body):
        if child.tag != _qn("w:sectPr"):
            body.remove(child)


def _lend_missing_styles(doc) -> None:
    """Copy from our template each style the exports use that `doc` does not define."""
    import docx

    names = {s.name for s in doc.styles}
    missing = [n for n in REQUIRED if n not in names]
    if not missing:
        return
    ours = docx.Document(str(DEFAULT_TEMPLATE)).styles
    for name in missing:
        doc.styles.element.append(copy.deepcopy(ours[name].element))


def style_id(doc, name: str) -> str:
    """The id `doc` gives the style called `name` (a template may use other ids than ours)."""
    return doc.styles[name].style_id


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def build_template(out: str | Path) -> Path:
    """Write CaseCoder's template: Letter pages with 1-inch margins, Calibri text, and every
    style in REQUIRED. The defaults are python-docx's where they serve."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Inches, Pt, RGBColor

    doc = docx.Document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Inches(1)
    section.top_margin = section.bottom_margin = Inches(1)
    section.header_distance = section.footer_distance = Inches(0.5)
    styles = doc.styles
    grey, ink, accent = RGBColor(0x59, 0x59, 0x59), RGBColor(0x26, 0x26, 0x26), RGBColor(0x1F, 0x3A, 0x5F)

    def shape(name, *, size=None, bold=None, italic=None, color=None, before=None, after=None, left=None,
              right=None, align=None, keep_next=None, keep_together=None, font=None):
        style = styles[name]
        f, p = style.font, style.paragraph_format
        if font:
            f.name = font
        if size:
            f.size = Pt(size)
        if bold is not None:
            f.bold = bold
        if italic is not None:
            f.italic = italic
        if color is not None:
            f.color.rgb = color
        for attr, value in (("space_before", before), ("space_after", after)):
            if value is not None:
                setattr(p, attr, Pt(value))
        if left is not None:
            p.left_indent = Inches(left)
        if right is not None:
            p.right_indent = Inches(right)
        if align is not None:
            p.alignment = align
        if keep_next is not None:
            p.keep_with_next = keep_next
        if keep_together is not None:
            p.keep_together = keep_together
        return style

    def add(name, base="Normal", style_id=None):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        if style_id:
            style.element.styleId = style_id
        return style

    for name in OWN_STYLES:
        add(name)
    for level in (1, 2, 3):
        add(f"toc {level}", style_id=f"TOC{level}")
    shape("Normal", font="Calibri", size=10.5, after=6)
    styles["Normal"].paragraph_format.widow_control = True
    shape("Title", font="Calibri Light", size=24, color=accent, after=4)
    shape("Subtitle", font="Calibri", size=13, color=grey, italic=False, after=14)
    for level, size in ((1, 16), (2, 13), (3, 11.5), (4, 10.5), (5, 10.5), (6, 10.5)):
        shape(f"Heading {level}", font="Calibri", size=size, bold=True, color=accent, before=14 if level == 1 else 10,
              after=4, keep_next=True, keep_together=True)
    shape("Quote", size=10.5, italic=True, color=ink, left=0.4, right=0.4, before=4, after=0, keep_next=True,
          align=WD_ALIGN_PARAGRAPH.LEFT)
    shape("Citation", size=9, italic=False, color=grey, left=0.4, right=0.4, after=8, keep_together=True,
          align=WD_ALIGN_PARAGRAPH.RIGHT)
    shape("Report Note", size=9.5, italic=True, color=grey, after=4)
    shape("Claim", bold=True, before=8, after=2, keep_next=True)
    shape("Query", size=9.5, after=1)
    shape("Table Text", size=9, after=0)
    shape("Table Count", size=9, after=0, align=WD_ALIGN_PARAGRAPH.RIGHT)
    shape("Table Caption", size=9.5, italic=True, color=grey, before=8, after=3, keep_next=True)
    shape("TOC Heading", font="Calibri", size=14, bold=True, color=accent, before=6, after=6)
    for level in (1, 2, 3):
        shape(f"toc {level}", left=0.25 * (level - 1), after=2, bold=level == 1)
    shape("Header", size=8.5, color=grey, align=WD_ALIGN_PARAGRAPH.RIGHT)
    shape("Footer", size=8.5, color=grey, align=WD_ALIGN_PARAGRAPH.CENTER)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


if __name__ == "__main__":  # python -m coder.reports.template: write resources/reports/casecoder.docx again
    print(build_template(DEFAULT_TEMPLATE))
