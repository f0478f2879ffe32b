"""Word fields and the XML around them: the table of contents written out in full, bookmarks on
the headings it links to, and the page number of the running footer.

A contents field left empty shows "right-click and choose Update Field" until the reader does;
a funder never does. So the entries are written when the document is: one paragraph per heading
(levels 1-3), in the contents styles, each a link to a bookmark on its heading and ending in a
PAGEREF field. They are deliberately not wrapped in a TOC field: LibreOffice keeps a TOC field's
text as it was written (no page numbers), but computes a free-standing PAGEREF as it lays the
document out, so a PDF made from the file has the right numbers; Word shows them once its fields
are updated (F9, or printing), and the list and its links work before that.
"""

from __future__ import annotations

from collections.abc import Sequence

from .template import style_id

CONTENTS_TITLE = "Contents"
_TWIPS = 635  # EMU per twentieth of a point


def _el(tag: str, **attrs: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(key.replace("_", ":", 1)), value)
    return element


def _run(*children):
    run = _el("w:r")
    for child in children:
        run.append(child)
    return run


def _text(value: str):
    t = _el("w:t")
    t.text = value
    if value != value.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return t


def field(code: str, shown: str = "") -> list:
    """The runs of a field: `code` (PAGE, NUMPAGES, PAGEREF name \\h) and the result shown until
    the field is computed."""
    instr = _el("w:instrText", xml_space="preserve")
    instr.text = f" {code} "
    runs = [_run(_el("w:fldChar", w_fldCharType="begin")), _run(instr),
            _run(_el("w:fldChar", w_fldCharType="separate"))]
    if shown:
        runs.append(_run(_text(shown)))
    runs.append(_run(_el("w:fldChar", w_fldCharType="end")))
    return runs


def heading_text(p) -> str:
    """The text of a heading paragraph as written (all its runs)."""
    from docx.oxml.ns import qn

    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def bookmark(p, name: str, number: int) -> None:
    """Mark paragraph `p`'s whole text as bookmark `name` (the target of a contents link)."""
    from docx.oxml.ns import qn

    start = _el("w:bookmarkStart", w_id=str(number), w_name=name)
    properties = p.find(qn("w:pPr"))
    if properties is not None:
        properties.addnext(start)
    else:
        p.insert(0, start)
    p.append(_el("w:bookmarkEnd", w_id=str(number)))


def contents(doc, headings: Sequence[tuple[int, object]], width: int) -> list:
    """The paragraphs of a filled table of contents for `headings` ((level, paragraph element),
    in document order, levels 1-3), its title first; `width` the text width in EMU (where the
    page numbers are aligned). Bookmarks are put on the headings."""
    paragraphs = [_paragraph(style_id(doc, "TOC Heading"), [_run(_text(CONTENTS_TITLE))])]
    tab = str(max(1, width // _TWIPS - 10))
    for number, (level, heading) in enumerate(headings, start=1):
        name = f"_Toc{number:08d}"
        bookmark(heading, name, number)
        link = _el("w:hyperlink", w_anchor=name, w_history="1")
        for run in (_run(_text(heading_text(heading))), _run(_el("w:tab")), *field(f"PAGEREF {name} \\h")):
            link.append(run)
        paragraphs.append(_paragraph(style_id(doc, f"toc {level}"), [link], tab=tab))
    return paragraphs


def _paragraph(style: str | None, runs: list, tab: str | None = None):
    p = _el("w:p")
    properties = _el("w:pPr")
    if style:
        properties.append(_el("w:pStyle", w_val=style))
    if tab:
        tabs = _el("w:tabs")
        tabs.append(_el("w:tab", w_val="right", w_leader="dot", w_pos=tab))
        properties.append(tabs)
    p.append(properties)
    for run in runs:
        p.append(run)
    return p


def running(section, text: str) -> None:
    """A header naming the study and the document, and a "Page n of m" footer, on `section` and
    the sections after it (which inherit them) — unless the template brought its own."""
    header, footer = section.header, section.footer
    if header.is_linked_to_previous:
        paragraph = header.paragraphs[0]
        paragraph.text = text
        paragraph.style = "Header"
    if footer.is_linked_to_previous:
        paragraph = footer.paragraphs[0]
        paragraph.style = "Footer"
        p = paragraph._p
        p.append(_run(_text("Page ")))
        for run in field("PAGE", "1"):
            p.append(run)
        p.append(_run(_text(" of ")))
        for run in field("NUMPAGES", "1"):
            p.append(run)
