"""Writing many paragraphs into a Word document quickly.

python-docx's `add_paragraph(text, style=...)` looks the style up by name on every call; for the
thousands of quotations of a data run or an outline that lookup is most of the time. A
`ParagraphCopier` makes one paragraph per kind once, then appends copies of its XML with new text
before the document's section properties.
"""

from __future__ import annotations

import copy

from ..store.characters import xml_safe
from .styles import Kind

_PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"
_SLOW = ("\t", "\n", "\r")  # text python-docx writes as tabs and line breaks, not as plain text


class ParagraphCopier:
    def __init__(self, doc, body_style: str) -> None:
        """`doc`: a python-docx Document; `body_style`: its default paragraph style (written
        without a style of its own, as python-docx writes it)."""
        self.doc = doc
        self.body_style = body_style
        self.body = doc.element.body
        self.templates: dict[Kind, tuple[object, object]] = {}

    def _template(self, kind: Kind):
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph = self.doc.add_paragraph("x", style=None if kind.style == self.body_style else kind.style)
        run = paragraph.runs[0]
        if kind.bold:
            run.bold = True
        if kind.italic:
            run.italic = True
        if kind.right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p = paragraph._p
        self.body.remove(p)
        bare = copy.deepcopy(p)
        bare.remove(bare[-1])  # the same paragraph without its run: for runs added one by one
        self.templates[kind] = (p, bare)
        return p, bare

    def add(self, kind: Kind, text: str):
        """Append a paragraph of `kind` holding `text` (XML-safe); returns its element."""
        full, bare = self.templates.get(kind) or self._template(kind)
        if not text:
            p = copy.deepcopy(bare)
        else:
            p = copy.deepcopy(full)
            text = xml_safe(text)
            run = p[-1]
            if any(c in text for c in _SLOW):
                run.text = text  # python-docx's setter: tabs and line breaks as Word writes them
            else:
                t = run[-1]
                t.text = text
                if text.strip() != text:
                    t.set(_PRESERVE, "preserve")
        self.body[-1].addprevious(p)  # the section properties stay last
        return p
