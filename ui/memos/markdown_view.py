"""A memo's Markdown read as a document, in the plain-text editor that keeps it exactly as stored.

The text is never converted: comment ranges and quotation offsets are positions in the stored
Markdown, so the editor shows that Markdown and styles it. Headings are sized by level — a site
memo's `#` section at its depth in the case outline, as the Word export sets it (1.1 under 1 is a
level-2 heading), deeper `##` headings one level below their section per `#` —; the `#`, `>`,
`**` and `*` markers are faint; list bullets and numbers stand out; quotations are italic in a
muted colour on a tinted band with a bar in the margin; `code` is monospaced; links are coloured.

Qt's plain-text layout ignores a block's margins and indents (checked: an indented block is drawn
where any other is), and a block format is part of the text's undo history, so a quotation is set
off by painting — the band and bar under the text — rather than by an indent. Every colour is a
blend of the editor's palette (its text, page and accent), so the document reads on a light and
on a dark theme alike.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QRectF, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontInfo, QPainter, QPalette, QTextCharFormat, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit

from coder.memos.headings import ANY_HEADING as HEADING  # one reading of a heading, as the memo text has it
from coder.memos.spelling import is_fence

from ..widgets.spell_check import SpellHighlighter, offsets_for

NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s")  # "1.2 Coaching": the outline number a name starts with
QUOTE = re.compile(r"^[ \t]*>[> \t]*")
LIST = re.compile(r"^\s*([-*+]|\d+[.)])\s")
RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
BOLD = re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__")
ITALIC = re.compile(r"(?<![*\w])\*[^*\n]+\*(?!\*)|(?<![_\w])_[^_\n]+_(?!\w)")
CODE = re.compile(r"(`+)[^`\n]*?\1")
LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^)\n]*)\)")
SCALE = {1: 1.7, 2: 1.45, 3: 1.25, 4: 1.12, 5: 1.05, 6: 1.0}  # of the body text, by heading level
DEPTH, FENCED = 0x7, 0x8  # a block's state: the depth of the section it is in; inside a code fence


def mix(top: QColor, under: QColor, share: float) -> QColor:
    """`top` laid over `under` at `share` opacity, as one opaque colour."""
    return QColor.fromRgbF(*(a * share + b * (1 - share) for a, b in zip(
        (top.redF(), top.greenF(), top.blueF()), (under.redF(), under.greenF(), under.blueF()), strict=True)))


def luminance(c: QColor) -> float:
    """Relative luminance (WCAG 2): 0 for black, 1 for white."""
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def readable(colour: QColor, page: QColor, text: QColor, ratio: float = 4.5) -> QColor:
    """`colour`, moved toward the text colour until it has the contrast `ratio` on `page` (WCAG
    AA for body text): an accent that suits one theme's page stays legible on the other's."""
    for step in range(11):
        shown = mix(text, colour, step / 10)
        lighter, darker = sorted((luminance(shown), luminance(page)), reverse=True)
        if (lighter + 0.05) / (darker + 0.05) >= ratio:
            return shown
    return text


MONOSPACED = ("DejaVu Sans Mono", "Liberation Mono", "Cousine", "Menlo", "Consolas", "Courier New")


def monospace(like: QFont) -> QFont:
    """The system's fixed-width font at the size of `like`. Some systems name as theirs a font
    whose letters are not all one width after all (Noto Sans Mono, as Qt reads it on Debian): a
    well-known fixed-width family is taken then, so Markdown's columns still line up."""
    font = QFontDatabase.systemFont(QFontDatabase.FixedFont)
    if not QFontInfo(font).fixedPitch():
        for family in MONOSPACED:
            candidate = QFont(family)
            candidate.setStyleHint(QFont.TypeWriter)
            if QFontInfo(candidate).fixedPitch():
                font = candidate
                break
    if like.pointSizeF() > 0:
        font.setPointSizeF(like.pointSizeF())
    elif like.pixelSize() > 0:
        font.setPixelSize(like.pixelSize())
    return font


class MarkdownHighlighter(SpellHighlighter):
    """Styles each block of Markdown as it would read in a document (`document_view`), or only
    underlines misspellings and marks comments (the source view)."""

    def __init__(self, document, palette_of=None) -> None:
        super().__init__(document)
        self.palette_of = palette_of  # the widget whose palette gives the colours
        self.document_view = True
        self.section_depths: dict[str, int] = {}  # outline section (lower case) → depth, 1 at the top
        self.comment_ranges: list[tuple[int, int]] = []  # Qt positions
        self._style_key: tuple = ()
        self.restyle()

    def restyle(self) -> None:
        """Formats from the document's font and the palette (again after either changed)."""
        palette = self.palette_of.palette() if self.palette_of is not None else QPalette()
        font = self.document().defaultFont()
        self._style_key = (font.pointSizeF(), font.pixelSize(), font.family(), palette.cacheKey())
        text, page = palette.color(QPalette.Text), palette.color(QPalette.Base)
        accent = palette.color(QPalette.Link)  # the theme's accent for text (Highlight is a selection's)
        self.colours = {"heading": readable(mix(accent, text, 0.7), page, text), "marker": mix(text, page, 0.38),
                        "quote": mix(text, page, 0.75), "band": mix(accent, page, 0.09),
                        "bar": mix(accent, page, 0.55), "code": mix(text, page, 0.07),
                        "comment": mix(QColor("#f5c518"), page, 0.35)}
        self.heading = {}
        for level, scale in SCALE.items():
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Bold)
            if font.pointSizeF() > 0:
                fmt.setFontPointSize(font.pointSizeF() * scale)
            else:  # a font set in pixels has no point size (-1): scale its pixels
                fmt.setProperty(QTextFormat.FontPixelSize, max(1, round(font.pixelSize() * scale)))
            fmt.setForeground(mix(self.colours["heading"], page, 0.8) if level == 6 else self.colours["heading"])
            self.heading[level] = fmt
        self.marker = self._fmt(foreground=self.colours["marker"])
        self.bullet = self._fmt(foreground=self.colours["heading"], weight=QFont.Bold)
        self.quote = self._fmt(foreground=self.colours["quote"], italic=True)
        self.link = self._fmt(foreground=self.colours["heading"])
        self.code = self._fmt(background=self.colours["code"])
        self.code.setFontFamilies([monospace(font).family()])
        self.bold, self.italic = self._fmt(weight=QFont.Bold), self._fmt(italic=True)
        self.comment = self._fmt(background=self.colours["comment"])

    @staticmethod
    def _fmt(foreground=None, background=None, weight=None, italic=False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if foreground is not None:
            fmt.setForeground(foreground)
        if background is not None:
            fmt.setBackground(background)
        if weight is not None:
            fmt.setFontWeight(weight)
        if italic:
            fmt.setFontItalic(True)
        return fmt

    def section_depth(self, name: str) -> int:
        """How deep in the outline the section a `#` heading names is: from the outline when the
        editor was told it, else from its number ("1.2 Coaching" is 2 deep), else 1."""
        depth = self.section_depths.get(name.strip().lower())
        if depth is None:
            number = NUMBERED.match(name)
            depth = number.group(1).count(".") + 1 if number else 1
        return max(1, min(6, depth))

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        font = self.document().defaultFont()
        palette = self.palette_of.palette() if self.palette_of is not None else QPalette()
        if self._style_key != (font.pointSizeF(), font.pixelSize(), font.family(), palette.cacheKey()):
            self.restyle()
        self._offsets = offsets = offsets_for(text)
        state = max(0, self.previousBlockState())
        depth, fenced = state & DEPTH, bool(state & FENCED)
        if is_fence(text) or fenced:
            fenced = fenced != is_fence(text)
            if self.document_view:
                self._set(0, len(text), self.code)
        else:
            depth = self._markdown(text, depth)
            self.underline_misspelled(text, offsets)
        block = self.currentBlock()
        for a, b in self.comment_ranges:
            lo, hi = max(a, block.position()), min(b, block.position() + block.length() - 1)
            for position in range(lo - block.position(), hi - block.position()):
                fmt = self.format(position)
                fmt.merge(self.comment)
                self.setFormat(position, 1, fmt)
        self.setCurrentBlockState(depth | (FENCED if fenced else 0))

    def _markdown(self, text: str, depth: int) -> int:
        """Style one line (in the document view); the section depth after it."""
        heading = HEADING.match(text)
        if heading and len(heading.group(1)) == 1:
            depth = self.section_depth(heading.group(2))
        if not self.document_view:
            return depth
        if heading:
            hashes = len(heading.group(1))
            level = depth if hashes == 1 else min(6, (depth or 1) + hashes - 1)
            self._set(0, len(text), self.heading[level])
            self._merge(0, hashes, self.marker)
        elif QUOTE.match(text):
            self._set(0, len(text), self.quote)
            self._merge(0, QUOTE.match(text).end(), self.marker)
        elif RULE.match(text):
            self._set(0, len(text), self.marker)
            return depth
        elif LIST.match(text):
            self._merge(*LIST.match(text).span(1), self.bullet)
        for pattern, fmt, marks in ((BOLD, self.bold, 2), (ITALIC, self.italic, 1)):
            for m in pattern.finditer(text):
                self._merge(m.start(), m.end(), fmt)
                self._merge(m.start(), m.start() + marks, self.marker)
                self._merge(m.end() - marks, m.end(), self.marker)
        for m in LINK.finditer(text):
            self._merge(m.start(), m.end(), self.marker)
            self._merge(*m.span(1), self.link)
        for m in CODE.finditer(text):
            self._merge(m.start(), m.end(), self.code)
            self._merge(m.start(), m.start() + len(m.group(1)), self.marker)
            self._merge(m.end() - len(m.group(1)), m.end(), self.marker)
        return depth

    def _set(self, start: int, end: int, fmt: QTextCharFormat) -> None:
        """`fmt` on [start, end) of the block (Python indices), replacing what was there."""
        a, b = self._offsets.to_qt(start), self._offsets.to_qt(end)
        self.setFormat(a, b - a, fmt)

    def _merge(self, start: int, end: int, fmt: QTextCharFormat) -> None:
        """`fmt` over what [start, end) already has (a bold word in a quotation stays italic)."""
        for position in range(self._offsets.to_qt(start), self._offsets.to_qt(end)):
            merged = self.format(position)
            merged.merge(fmt)
            self.setFormat(position, 1, merged)


class MemoTextEdit(QPlainTextEdit):
    """The memo's plain-text editor; in the document view it paints each quotation's band and
    the bar in the margin beside it. `look_changed` fires when its palette or font changed."""

    look_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.highlighter: MarkdownHighlighter | None = None

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.PaletteChange, QEvent.FontChange, QEvent.StyleChange):
            self.look_changed.emit()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        highlighter = self.highlighter
        if highlighter is not None and highlighter.document_view:
            painter = QPainter(self.viewport())
            offset, width = self.contentOffset(), self.viewport().width()
            margin = self.document().documentMargin()
            block = self.firstVisibleBlock()
            while block.isValid():
                rect = self.blockBoundingGeometry(block).translated(offset)
                if rect.top() > event.rect().bottom():
                    break
                state = block.userState()  # -1 until highlighted
                if block.isVisible() and state >= 0 and not state & FENCED and QUOTE.match(block.text()):
                    painter.fillRect(QRectF(0, rect.top(), width, rect.height()), highlighter.colours["band"])
                    painter.fillRect(QRectF(margin * 0.3, rect.top(), 3, rect.height()), highlighter.colours["bar"])
                block = block.next()
            painter.end()
        super().paintEvent(event)
