"""The one way CaseCoder writes Word: a document built from what goes in it.

Every Word export (memos, the cross-site outline, pattern tables, data runs, coder agreement)
says what it writes — a title, headings by level, body text, notes, quotations with their
citations, tables, comments, landscape pages — and this builder decides how Word holds it. The
styles come from one place (coder.reports.styles, optionally a template document), so fixing how
Word output looks is one fix, not five.

Two guarantees hold for every document built here: every piece of text is XML-safe however it
arrives (a study may hold control characters that XML 1.0 cannot; see coder.reports.characters),
and single-run paragraphs are written by copying one prepared paragraph per kind
(coder.reports.fast_copy), which keeps outlines and data runs of thousands of quotations fast.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..store.characters import xml_safe
from ..store.files import save_atomically
from .fast_copy import ParagraphCopier
from .paragraphs import Paragraph, Run
from .styles import DEFAULT, Styles
from .tables import Table

CONTENTS_PLACEHOLDER = "Contents: right-click and choose Update Field."

_guarded = False


def _guard_run_text() -> None:
    """Make python-docx's run-text setter XML-safe, so text set any way (a run, a table cell, a
    comment) never holds a character XML forbids. Done once per process."""
    global _guarded
    if _guarded:
        return
    from docx.oxml.text.run import CT_R

    plain = CT_R.text

    def _set(run, text: str) -> None:
        plain.fset(run, xml_safe(text))

    CT_R.text = property(plain.fget, _set, doc=plain.__doc__)
    _guarded = True


class Document:
    """A Word document being built; `save` writes it atomically."""

    def __init__(self, styles: Styles = DEFAULT) -> None:
        import docx

        _guard_run_text()
        self.styles = styles
        self._doc = docx.Document(str(styles.template) if styles.template else None)
        self._parent = self._doc._body
        self._copier = ParagraphCopier(self._doc, styles.body)
        self._page_begun = True  # nothing written on the current page yet

    # -- paragraphs ---------------------------------------------------------------------------

    def title(self, text: str) -> Paragraph:
        return self.heading(text, 0)

    def heading(self, text: str = "", level: int = 1) -> Paragraph:
        """A heading: level 0 the title, 1-9 Word's heading levels (the navigation pane's)."""
        self._page_begun = False
        return Paragraph(self._copier.add(self.styles.heading_kind(level), text), self._parent)

    def paragraph(self, text: str = "", kind: str = "body") -> Paragraph:
        """A paragraph of a kind from coder.reports.styles ("body", "strong", "note", "quote",
        "citation", "bullet", "number"); more text can be added to it run by run."""
        self._page_begun = False
        return Paragraph(self._copier.add(self.styles.kind(kind), text), self._parent)

    def quotation(self, words: str, citation: str, *, prefix: str = "", cited_as: str = "citation") -> None:
        """A quotation (its whitespace run together, after `prefix`) and, under it, "— citation"
        as a paragraph of kind `cited_as`."""
        self._page_begun = False
        add, kind = self._copier.add, self.styles.kind
        add(kind("quote"), prefix + " ".join(words.split()))
        add(kind(cited_as), f"— {citation}")

    def contents(self) -> None:
        """A table of contents of headings 1-3 (Word fills it in when the document is updated)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self._page_begun = False
        run = self._doc.add_paragraph().add_run()
        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        code = OxmlElement("w:instrText")
        code.set(qn("xml:space"), "preserve")
        code.text = 'TOC \\o "1-3" \\h \\z \\u'
        separate = OxmlElement("w:fldChar")
        separate.set(qn("w:fldCharType"), "separate")
        placeholder = OxmlElement("w:t")
        placeholder.text = CONTENTS_PLACEHOLDER
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        for element in (begin, code, separate, placeholder, end):
            run._r.append(element)

    # -- pages --------------------------------------------------------------------------------

    def page_break(self) -> None:
        self._doc.add_page_break()
        self._page_begun = True

    def new_page(self) -> None:
        """What follows starts a page: a page break, unless a page has just begun."""
        if not self._page_begun:
            self.page_break()

    def landscape(self) -> None:
        """The current section's pages (the whole document, before any landscape_pages) turned."""
        _turn(self._doc.sections[-1])

    @contextmanager
    def landscape_pages(self) -> Iterator[None]:
        """What is written inside goes on landscape pages of its own; the page after is as before."""
        from docx.enum.section import WD_SECTION

        last = self._doc.sections[-1]  # a proxy of the document's last section: read its page now
        page = (last.orientation, last.page_width, last.page_height)
        _turn(self._doc.add_section(WD_SECTION.NEW_PAGE))
        self._page_begun = True
        yield
        back = self._doc.add_section(WD_SECTION.NEW_PAGE)
        back.orientation, back.page_width, back.page_height = page
        self._page_begun = True

    def text_width(self) -> int:
        """The width between the current page's margins, in EMU."""
        section = self._doc.sections[-1]
        return section.page_width - section.left_margin - section.right_margin

    # -- tables and comments ------------------------------------------------------------------

    def table(self, header: Sequence[str], *, repeat_header: bool = False) -> Table:
        """A table with a bold header row; `repeat_header` repeats it on every page it runs onto."""
        self._page_begun = False
        return Table(self._doc, header, self.styles.table, repeat_header)

    def comment(self, runs: Sequence[Run], text: str, author: str) -> None:
        """A Word comment by `author` on `runs` (runs of one paragraph, or the first paragraph's
        part of them when they span several: Word anchors a comment within one paragraph here)."""
        initials = "".join(p[0] for p in author.split() if p)[:3].upper() or None
        try:
            self._doc.add_comment(runs if len(runs) > 1 else runs[0], text=text, author=xml_safe(author),
                                  initials=initials)
        except ValueError:
            same = [r for r in runs if r._parent is runs[0]._parent]
            self._doc.add_comment(same if len(same) > 1 else same[0], text=text, author=xml_safe(author),
                                  initials=initials)

    def save(self, out: str | Path) -> Path:
        """Write the document to `out` atomically (coder.store.files.save_atomically)."""
        return save_atomically(out, self._doc.save)


def _turn(section) -> None:
    from docx.enum.section import WD_ORIENT

    if section.orientation != WD_ORIENT.LANDSCAPE:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
