"""The grid of a pattern table: district names and site names in the row headers (the frozen
first column: a QTableView never scrolls its headers sideways), a shaded band across each
district, the cells as counts (shaded by size) or as text (summary, pinned quotations), and the
"n of N sites" totals row."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from coder.crosssite.pattern_tables import PatternTable

from ..style import blend, current_theme, readable_on
from ..style import color as theme_color

TEXT_WIDTH = 240  # a text-matrix column: room for a few lines of summary
TEXT_CHARS = 260  # of a summary shown in the grid; the pane has all of it


def fill_grid(grid: QTableWidget, table: PatternTable, notes: dict, text_view: bool) -> list:
    """Fill `grid` with `table`; returns per grid row a district name (a band) or an index into
    table.rows."""
    grid.clear()
    grid.clearSpans()
    grid.setColumnCount(len(table.columns))
    layout_rows = _group_rows(table.rows)
    grid.setRowCount(len(layout_rows) + 1)
    grid.setWordWrap(text_view)
    for column, (_key, label) in enumerate(table.columns):
        header = QTableWidgetItem(_header(label))
        header.setToolTip(label)
        grid.setHorizontalHeaderItem(column, header)
    peak = max((c.segments for c in table.cells.values()), default=0) or 1
    for row, entry in enumerate(layout_rows):
        if isinstance(entry, str):  # a district: its name in the frozen row headers, a band across
            name = entry or "No district"
            head = QTableWidgetItem(name)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            head.setToolTip(f"District: {name}")
            grid.setVerticalHeaderItem(row, head)
            if table.columns:
                band = QTableWidgetItem("")
                band.setFlags(Qt.ItemIsEnabled)
                band.setBackground(QBrush(blend(theme_color("highlight"), theme_color("base"), 0.12)))
                band.setToolTip(f"District: {name}")
                grid.setItem(row, 0, band)
                if len(table.columns) > 1:
                    grid.setSpan(row, 0, 1, len(table.columns))
            continue
        _district, site, name = table.rows[entry]
        header = QTableWidgetItem("  " + name)  # indented under its district
        header.setToolTip(f"{name} ({_district or 'no district'})")
        grid.setVerticalHeaderItem(row, header)
        for column, (key, _label) in enumerate(table.columns):
            grid.setItem(row, column, _item(table, notes, site, key, peak, text_view))
    total = QTableWidgetItem("n of N sites")
    total.setToolTip("In how many of the sites the column is present")
    grid.setVerticalHeaderItem(len(layout_rows), total)
    totals = table.totals()
    for column, (key, _label) in enumerate(table.columns):
        t = totals[key]
        item = QTableWidgetItem(f"{t['sites_present']}/{t['sites']}")
        item.setTextAlignment(Qt.AlignCenter)
        item.setToolTip(f"present at {t['sites_present']} of {t['sites']} sites; {t['segments']} segments in all")
        grid.setItem(len(layout_rows), column, item)
    if text_view:
        for column in range(len(table.columns)):
            grid.setColumnWidth(column, TEXT_WIDTH)
        grid.resizeRowsToContents()
    else:
        grid.resizeColumnsToContents()
        for row in range(grid.rowCount()):
            grid.setRowHeight(row, grid.verticalHeader().defaultSectionSize())
    return layout_rows


def _item(table: PatternTable, notes_of: dict, site: str, key: str, peak: int, text_view: bool) \
        -> QTableWidgetItem:
    cell = table.cell(site, key)
    notes = notes_of.get((site, key))
    if text_view:
        lines = []
        if notes is not None and notes.summary:
            summary = " ".join(notes.summary.split())
            lines.append(summary if len(summary) <= TEXT_CHARS else summary[:TEXT_CHARS] + "…")
        if notes is not None and notes.quotes:
            lines.append(f"+ {len(notes.quotes)} pinned quotation{'s' if len(notes.quotes) != 1 else ''}")
        lines.append(cell.counted())
        item = QTableWidgetItem("\n".join(lines))
        item.setTextAlignment(Qt.AlignLeft | Qt.AlignTop)
        if not cell.segments:
            item.setForeground(QBrush(theme_color("muted")))
    else:
        marker = " ✎" if notes is not None else ""
        item = QTableWidgetItem(f"{cell.segments}{marker}" if cell.segments else marker.strip())
        item.setTextAlignment(Qt.AlignCenter)
        if cell.segments:
            background, text = _heat(cell.segments, peak, current_theme())
            item.setBackground(background)
            item.setForeground(text)
    item.setToolTip(f"{cell.segments} segments from {len(cell.sources)} sources; roles: "
                    f"{', '.join(sorted(cell.roles)) or '—'}" + ("\n✎ summary or quotations written"
                                                                  if notes is not None else ""))
    return item


@lru_cache(maxsize=1024)
def _heat(segments: int, peak: int, _theme: str) -> tuple[QBrush, QBrush]:
    """A count's shade and the text that reads on it: worked out once per count and theme (a
    table of 250 codes at 40 sites has 10,000 cells but a few dozen counts)."""
    shade = blend(QColor("#2f6f9f"), theme_color("base"), (30 + 190 * segments / peak) / 255)
    return QBrush(shade), QBrush(readable_on(shade))


def _group_rows(rows: list[tuple[str, str, str]]) -> list:
    """Grid rows: each district's name before its sites (rows come grouped by district)."""
    out: list = []
    current = object()
    for index, (district, _site, _name) in enumerate(rows):
        if district != current:
            current = district
            out.append(district)
        out.append(index)
    return out


def _header(label: str) -> str:
    """A column header: the last part of a path, long names broken over two lines."""
    leaf = label.rsplit("/", 1)[-1]
    if len(leaf) <= 18:
        return leaf
    words, lines = leaf.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > max(18, len(leaf) // 2 + 1):
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return "\n".join(lines[:3])
