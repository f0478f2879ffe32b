"""Text as every export writes it: never an illegal character, never a live formula.

Import keeps control characters out of new texts (coder.text.clean_controls), but a study may
already hold some (stored before that, or typed into a note), and XML 1.0 — the inside of every
Word, Excel and REFI-QDA file — cannot hold them at all: one such character in a coded passage
used to make the whole export fail. So each writer passes user text through here:

- `xml_safe`: a vertical tab or form feed becomes a line break, any other character XML forbids a
  space — one character for one, so offsets into a text (REFI-QDA positions) stay right.
- `csv_row`: a cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a
  carriage return) is written with a leading apostrophe, as OWASP advises for CSV files; a plain
  number ("-3", "+1.5") is left as it is, since no spreadsheet runs it.
- `sheet_row`: strings written to Excel as string cells (openpyxl makes any string that starts
  with "=" a formula otherwise), XML-safe.
- Word documents hold XML-safe text whichever way the text arrives: coder.reports.document passes
  every run's text through `xml_safe` as python-docx sets it.
"""

from __future__ import annotations

import re

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BREAKS = {"\x0b": "\n", "\x0c": "\n"}
RISKY_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def xml_safe(text):
    """`text` with every character XML 1.0 forbids replaced (one for one); not text: unchanged."""
    if not isinstance(text, str) or XML_ILLEGAL.search(text) is None:
        return text
    return XML_ILLEGAL.sub(lambda m: _BREAKS.get(m.group(0), " "), text)


def csv_cell(value):
    """A value as a CSV cell that no spreadsheet turns into a formula."""
    if isinstance(value, str) and value.startswith(RISKY_START) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_row(values) -> list:
    return [csv_cell(v) for v in values]


def sheet_row(sheet, values) -> list:
    """A row for `sheet.append`: strings as XML-safe string cells, never formulas."""
    from openpyxl.cell.cell import Cell

    row = []
    for value in values:
        if isinstance(value, str):
            value = xml_safe(value)
            if value.startswith("="):  # openpyxl's only formula trigger: make the cell a string cell
                cell = Cell(sheet, row=1, column=1)  # placed by append
                cell._value, cell.data_type = value[:32767], "s"
                value = cell
        row.append(value)
    return row


def append_row(sheet, values) -> None:
    """`sheet.append(values)` with every string written as text (see `sheet_row`)."""
    sheet.append(sheet_row(sheet, values))
