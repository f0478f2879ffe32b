"""Word tables: a bold header row (repeated on every page the table runs onto when asked), rows
of text, cells written paragraph by paragraph, cells merged down a group of rows, and column
widths set for both Word (cell widths) and LibreOffice (the table grid)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from .paragraphs import Paragraph


class Cell:
    __slots__ = ("_cell", "_used")

    def __init__(self, cell) -> None:
        self._cell, self._used = cell, False

    def text(self, text: str, *, bold: bool = False) -> None:
        """The cell's whole text (XML-safe), replacing what it held."""
        self._cell.text = text
        self._used = True
        if bold:
            self._cell.paragraphs[0].runs[0].bold = True

    def paragraph(self) -> Paragraph:
        """The cell's next paragraph: its empty first one, then a new one each time."""
        if self._used:
            word = self._cell.add_paragraph()
        else:
            word, self._used = self._cell.paragraphs[0], True
        return Paragraph(word._p, word._parent)


class Table:
    def __init__(self, doc, header: Sequence[str], style: str, repeat_header: bool) -> None:
        """`doc`: the python-docx Document (see Document.table)."""
        self._doc = doc
        self._grid = doc.add_table(rows=1, cols=len(header))
        self._grid.style = style
        if repeat_header:
            _repeat(self._grid.rows[0])
        for cell, text in zip(self._grid.rows[0].cells, header, strict=True):
            Cell(cell).text(text, bold=True)
        self._groups: dict[int, tuple[str | None, object]] = {}

    def row(self, values: Sequence[str | None] = (), *, group: Collection[int] = ()) -> list[Cell]:
        """A new row with `values` in its first cells (None: left empty). A column in `group` whose
        value is the one above joins the cell above: one merged cell down the rows that share it."""
        cells = self._grid.add_row().cells
        for i, value in enumerate(values):
            if i in group:
                above = self._groups.get(i)
                if above is not None and above[0] == value:
                    above[1].merge(cells[i])
                    continue
                self._groups[i] = (value, cells[i])
            if value is not None:
                cells[i].text = value
        return [Cell(c) for c in cells]

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


def _repeat(row) -> None:
    """The header row repeats at the top of every page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)
