"""Writing many paragraphs into a Word document quickly.

python-docx's `add_paragraph(text, style=...)` looks the style up by name on every call; for the
thousands of quotations of a data run or an outline that lookup is most of the time. A
`ParagraphWriter` makes one paragraph per style once, then appends copies of its XML with new
text before the document's section properties.
"""

from __future__ import annotations

import copy

from .characters import xml_safe

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class ParagraphWriter:
    def __init__(self, doc, styles: dict[str, tuple[str, dict]]) -> None:
        """`styles`: a name for each kind of paragraph -> (Word style, run properties such as
        {"italic": True} or {"bold": True}; "right": True aligns the paragraph right)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        self.templates = {}
        body = doc.element.body
        for kind, (style, props) in styles.items():
            paragraph = doc.add_paragraph("x", style=style)
            run = paragraph.runs[0]
            run.bold = props.get("bold") or None
            run.italic = props.get("italic") or None
            if props.get("right"):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            body.remove(paragraph._p)
            self.templates[kind] = paragraph._p
        self.body = body

    def add(self, kind: str, text: str) -> None:
        p = copy.deepcopy(self.templates[kind])
        p.find(f".//{W}t").text = xml_safe(text)
        self.body[-1].addprevious(p)  # the section properties stay last
