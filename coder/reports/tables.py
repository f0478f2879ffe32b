"""Word tables: a bold header row repeated on every page the table runs onto, rows of text in the
template's "Table Text" style, counts right-aligned ("Table Count"), cells written paragraph by
paragraph, shaded cells (a heat map), cells merged down a group of rows, and column widths set
for both Word (cell widths) and LibreOffice (the table grid).

A table too wide for its page is not this module's business: coder.reports.pattern splits it into
column groups (column_groups) before it is written."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from .paragraphs import Paragraph
from .template import style_id


def _style(p, style: str) -> None:
    """Give paragraph element `p` the paragraph style with id `style` (no lookup per cell)."""
    from docx.oxml.ns import qn

    properties = p.get_or_add_pPr()
    found = properties.find(qn("w:pStyle"))
    if found is None:
        from docx.oxml import OxmlElement

        found = OxmlElement("w:pStyle")
        properties.insert(0, found)
    found.set(qn("w:val"), style)


class Cell:
    __slots__ = ("_cell", "_used", "_styles")

    def __init__(self, cell, styles: tuple[str, str]) -> None:
        self._cell, self._used, self._styles = cell, False, styles

    def text(self, text: str, *, bold: bool = False, count: bool = False) -> None:
        """The cell's whole text (XML-safe), replacing what it held; `count`: right-aligned."""
        self._cell.text = text
        self._used = True
        first = self._cell.paragraphs[0]
        _style(first._p, self._styles[1 if count else 0])
        if bold and first.runs:
            first.runs[0].bold = True

    def paragraph(self, *, count: bool = False) -> Paragraph:
        """The cell's next paragraph: its empty first one, then a new one each time."""
        if self._used:
            word = self._cell.add_paragraph()
        else:
            word, self._used = self._cell.paragraphs[0], True
        _style(word._p, self._styles[1 if count else 0])
        return Paragraph(word._p, word._parent)

    def shade(self, fill: str) -> None:
        """Shade the cell with `fill`, a hex colour such as "DCE9F5"."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), fill)
        self._cell._tc.get_or_add_tcPr().append(shading)


class Table:
    def __init__(self, doc, header: Sequence[str], style: str, repeat_header: bool) -> None:
        """`doc`: the python-docx Document (see Document.table)."""
        self._doc = doc
        self._styles = (style_id(doc, "Table Text"), style_id(doc, "Table Count"))
        self._grid = doc.add_table(rows=1, cols=len(header))
        self._grid.style = style
        if repeat_header:
            _repeat(self._grid.rows[0])
        self.header = [Cell(cell, self._styles) for cell in self._grid.rows[0].cells]
        for cell, text in zip(self.header, header, strict=True):
            if text:
                cell.text(text, bold=True)
        self._groups: dict[int, tuple[str | None, object]] = {}

    def row(self, values: Sequence[str | None] = (), *, group: Collection[int] = (),
            counts: Collection[int] = (), whole: bool = False) -> list[Cell]:
        """A new row with `values` in its first cells (None: left empty; a column in `counts`
        right-aligned). A column in `group` whose value is the one above joins the cell above:
        one merged cell down the rows that share it. `whole`: the row is never split across a
        page break (a code's name, a quotation and its citation stay together)."""
        added = self._grid.add_row()
        if whole:
            _keep_whole(added)
        cells = added.cells
        out = [Cell(c, self._styles) for c in cells]
        for i, value in enumerate(values):
            if i in group:
                above = self._groups.get(i)
                if above is not None and above[0] == value:
                    above[1].merge(cells[i])
                    continue
                self._groups[i] = (value, cells[i])
            if value is not None:
                out[i].text(value, count=i in counts)
        return out

    def widths(self, inches: Sequence[float]) -> None:
        """Each column's width in inches."""
        from docx.shared import Inches

        self._set([Inches(w) for w in inches])

    def share_width(self, usable: int, fixed: Sequence[float], least: float) -> None:
        """The first columns `fixed` inches wide, the others sharing the rest of `usable` (EMU: the
        page's text width) alike, none narrower than `least` inches."""
        from docx.shared import Inches

        first = [Inches(w) for w in fixed]
        others = len(self._grid.columns) - len(first)
        rest = max(Inches(least), (usable - sum(first)) // max(others, 1))
        self._set(first + [rest] * others)

    def _set(self, widths: list[int]) -> None:
        grid = self._grid
        grid.autofit = False
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = width
        for row in grid.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width


def column_groups(columns: int, fit: int) -> list[range]:
    """The columns (by index) split into groups of at most `fit`, as even as they can be: 40
    columns at 8 a page are five groups of 8, 17 are 6, 6 and 5 — never a last page of one."""
    if columns <= fit:
        return [range(columns)]
    count = -(-columns // max(fit, 1))
    size, extra = divmod(columns, count)
    groups, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        groups.append(range(start, end))
        start = end
    return groups


def _repeat(row) -> None:
    """The header row repeats at the top of every page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


def _keep_whole(row) -> None:
    """The row moves to the next page whole rather than breaking across it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    mark = OxmlElement("w:cantSplit")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)
