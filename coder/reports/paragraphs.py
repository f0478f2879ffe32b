"""A paragraph being written run by run: for text whose pieces differ (a bold label and its
value, a memo line's bold and italic words, a heading with an italic note), and for the runs a
Word comment is anchored on."""

from __future__ import annotations

Run = object  # a run of the document, handed back to Document.comment; exports never look inside


class Paragraph:
    __slots__ = ("_element", "_parent", "_paragraph")

    def __init__(self, element, parent) -> None:
        self._element, self._parent, self._paragraph = element, parent, None

    def add(self, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None) -> Run:
        """Append `text` as a run (XML-safe); `size` in points. Returns the run, for comments."""
        if self._paragraph is None:
            from docx.text.paragraph import Paragraph as WordParagraph

            self._paragraph = WordParagraph(self._element, self._parent)
        run = self._paragraph.add_run(text)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if size is not None:
            from docx.shared import Pt

            run.font.size = Pt(size)
        return run
