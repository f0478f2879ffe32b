"""The one way CaseCoder writes Word: a document built from what goes in it.

Every Word export (memos, the cross-site outline, pattern tables, data runs, coder agreement)
says what it writes — a title block, headings by level, body text, notes, quotations with their
citations, tables, comments, landscape pages — and this builder decides how Word holds it. The
styles come from one template (coder.reports.template: ours, or a lab's own .docx or .dotx), so
fixing how Word output looks is one fix, not five.

What every document built here has without its export asking: a table of contents that is filled
when the file is written (each heading of levels 1-3 bookmarked and linked from its entry; the
page numbers are fields Word and LibreOffice fill in), a running header naming the study and the
document and a "Page n of m" footer (unless the template brings its own), citations that never
leave a word alone on a line, and XML-safe text however it arrives (a study may hold control
characters that XML 1.0 cannot; see coder.store.characters). Single-run paragraphs are written by
copying one prepared paragraph per kind (coder.reports.fast_copy), which keeps outlines and data
runs of thousands of quotations fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..store.characters import xml_safe
from ..store.files import save_atomically
from . import fields
from .fast_copy import ParagraphCopier
from .paragraphs import Paragraph, Run
from .styles import DEFAULT, Styles
from .tables import Table
from .template import open_document

NBSP = "\u00a0"
_WAVE = re.compile(r"\b(wave|Wave) (\d+)")

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


def bind(citation: str) -> str:
    """`citation` with no break inside "wave 2", after a leading dash, or before its last part,
    character for character (so offsets into it still hold): a citation that wraps never leaves
    a lone fragment on its last line."""
    text = _WAVE.sub(lambda m: f"{m.group(1)}{NBSP}{m.group(2)}", citation)
    if text.startswith(("— ", "-- ")):
        dash = text.index(" ")
        text = text[:dash] + NBSP + text[dash + 1:]
    head, comma, last = text.rpartition(", ")
    if comma:
        text = f"{head},{NBSP}{last}"
    return text


def bind_citation(citation: str) -> str:
    """"— site, role, source, wave 2", bound (bind)."""
    return bind("— " + " ".join(citation.split()))


class Document:
    """A Word document being built; `save` writes it atomically. `template`: a lab's .docx or
    .dotx to take styles and page from (None: the styles' template, else CaseCoder's)."""

    def __init__(self, styles: Styles = DEFAULT, *, template: str | Path | None = None) -> None:
        _guard_run_text()
        self.styles = styles
        self._doc = open_document(template or styles.template)
        self._parent = self._doc._body
        self._copier = ParagraphCopier(self._doc, styles.body)
        self._page_begun = True  # nothing written on the current page yet
        self._contents = None  # the paragraph the contents replace when the document is saved
        self._headings: list[tuple[int, object]] = []
        self._running = ""

    # -- the document's head ------------------------------------------------------------------

    def title(self, text: str) -> Paragraph:
        return self.heading(text, 0)

    def title_block(self, title: str, what: str, about: Sequence[tuple[str, str]] = (), *, running: str = "") -> None:
        """The title, what the document is on the line under it, then one "label: value" line
        for each of `about` (the study, who, when, and for a run or table exactly what was
        asked). `running`: the header on every page (default: the title)."""
        self.title(title)
        if what:
            self.paragraph(what, "subtitle")
        for label, value in about:
            line = self.paragraph(kind="query")
            line.add(f"{label}: ", bold=True)
            line.add(value)
        self._running = running or title

    def running_header(self, text: str) -> None:
        """The header of every page (the study and the document); the footer numbers the pages."""
        self._running = text

    def contents(self) -> None:
        """A table of contents of the headings 1-3 that follow, written in full when the
        document is saved (coder.reports.fields); nothing when there are none."""
        self._page_begun = False
        self._contents = self._copier.add(self.styles.kind("body"), "")

    # -- paragraphs ---------------------------------------------------------------------------

    def heading(self, text: str = "", level: int = 1) -> Paragraph:
        """A heading: level 0 the title, 1-9 Word's heading levels (the navigation pane's)."""
        self._page_begun = False
        element = self._copier.add(self.styles.heading_kind(level), text)
        if level:
            self._headings.append((level, element))
        return Paragraph(element, self._parent)

    def paragraph(self, text: str = "", kind: str = "body") -> Paragraph:
        """A paragraph of a kind from coder.reports.styles ("body", "strong", "claim", "note",
        "query", "quote", "citation", "bullet", "number"); more text can be added run by run."""
        self._page_begun = False
        return Paragraph(self._copier.add(self.styles.kind(kind), text), self._parent)

    def picture(self, path: str | Path, width: float | None = None) -> None:
        """A picture (a chart) on a line of its own, `width` inches wide (the text's width)."""
        from docx.shared import Emu, Inches

        self._page_begun = False
        paragraph = self._doc.add_paragraph()
        paragraph.add_run().add_picture(str(path), width=Inches(width) if width else Emu(self.text_width()))

    def quotation(self, words: str, citation: str, *, prefix: str = "", after: str = "") -> None:
        """A quotation (its whitespace run together, after `prefix`) and, directly under it and
        kept on its page, "— citation" (bound: bind_citation) followed by `after` (the codes and
        coders of a data run's passage)."""
        self._page_begun = False
        add, kind = self._copier.add, self.styles.kind
        add(kind("quote"), prefix + " ".join(words.split()))
        add(kind("citation"), bind_citation(citation) + after)

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

    def text_width(self, landscape: bool | None = None) -> int:
        """The width between the current page's margins, in EMU (or a landscape or portrait
        page's, whichever the current one is)."""
        section = self._doc.sections[-1]
        width, height = section.page_width, section.page_height
        if landscape is not None and (width > height) != landscape:
            width = height
        return width - section.left_margin - section.right_margin

    # -- tables and comments ------------------------------------------------------------------

    def table(self, header: Sequence[str], *, repeat_header: bool = True) -> Table:
        """A table with a bold header row, repeated on every page it runs onto (unless not)."""
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
        """Fill the contents, put the running header and footer on, and write the document to
        `out` atomically (coder.store.files.save_atomically)."""
        self._fill_contents()
        if self._running:
            fields.running(self._doc.sections[0], self._running)
        return save_atomically(out, self._doc.save)

    def _fill_contents(self) -> None:
        placeholder, self._contents = self._contents, None
        if placeholder is None:
            return
        listed = [(level, p) for level, p in self._headings if level <= 3 and fields.heading_text(p).strip()]
        if listed:
            first = self._doc.sections[0]
            width = first.page_width - first.left_margin - first.right_margin
            for p in fields.contents(self._doc, listed, width):
                placeholder.addprevious(p)
        placeholder.getparent().remove(placeholder)


def _turn(section) -> None:
    from docx.enum.section import WD_ORIENT

    if section.orientation != WD_ORIENT.LANDSCAPE:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
