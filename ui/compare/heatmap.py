"""The code-by-site heat map: coded passages per site (grouped by district), each cell opening the
data run for that code and site.

By default a cell counts passages with every coder's codings together: a passage two coders
coded alike (or overlapping) counts once (coder/store/schema_counts.py says exactly what a passage is).
"Count" switches to one coder's passages; the legend says which count is shown, and a cell's
tooltip gives the codings behind it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..style import color as theme_color
from ..style import readable_on, shade

CODE_ROLE = Qt.UserRole + 1
CASE_ROLE = Qt.UserRole + 2


def _wrap(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Break at spaces into lines that fit (a single word too long for the column keeps its own
    line and is elided by the header)."""
    lines, line = [], ""
    for word in text.split():
        if line and not fits(f"{line} {word}"):
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isalnum()).upper() or name[:2]


def _heading(district: str, site: str, fits: Callable[[str], bool]) -> str:
    """Column heading: the district's initials, then the site name wrapped to the column's width
    (at most four lines; the tooltip has the whole name)."""
    return "\n".join(_wrap(f"{initials(district)} · {site}" if district else site, fits)[:4])


ALL_CODERS = ""  # the count's choice for every coder's codings together


def counting_text(coder: str) -> str:
    """What the legend says is counted."""
    if coder == ALL_CODERS:
        return "passages of all coders, each once (codings of a code that overlap are one passage, whoever made them)"
    return f"{coder}'s passages only"


class HeatmapView(QWidget):
    cell_opened = Signal(str, str, str)  # code id, case id, coder ('' for all coders)

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.title = QLabel("<b>Codes by site</b> — coded passages per site (with sub-codes); click a cell "
                            "for its data run")
        self.title.setWordWrap(True)
        self.title.setMinimumWidth(120)
        self.top_only = QCheckBox("Top-level codes only")
        self.top_only.toggled.connect(self.refresh)
        self.count = QComboBox()
        self.count.setToolTip("Count every coder's codings together, each passage once, or one coder's passages")
        self.count.addItem("All coders, each passage once", ALL_CODERS)
        self.count.activated.connect(lambda _index: self.refresh())
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.cellClicked.connect(self._clicked)
        self.table.horizontalHeader().setDefaultSectionSize(92)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(True)
        self._cols: list = []
        self.table.viewport().installEventFilter(self)
        self.table.setMinimumWidth(200)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignCenter)
        small = self.table.horizontalHeader().font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.table.horizontalHeader().setFont(small)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(QLabel("Count"))
        head.addWidget(self.count)
        head.addWidget(self.top_only)
        self.legend = QLabel("")  # what is counted, and the districts' initials, across the whole width
        self.legend.setStyleSheet("color: palette(placeholder-text);")
        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(head)
        layout.addWidget(self.legend)
        layout.addWidget(self.table, 1)

    def columns(self) -> list[tuple[str, str, str]]:
        """(case id, district, heading) for each column: every site, then each district's own
        sources (the district office)."""
        study = self.session.study
        cases = study.cases.all()
        places = study.cases.places()
        used = study.sources.case_ids()
        cols = []
        for district in (c for c in cases if c.kind == "district"):
            for site in (c for c in cases if c.kind == "site" and places[c.id][0] == district.name):
                cols.append((site.id, district.name, site.name))
            if district.id in used:
                cols.append((district.id, district.name, "District office"))
        for case in cases:
            if case.kind == "site" and places[case.id][0] is None:
                cols.append((case.id, "", case.name))
        return cols

    def coder(self) -> str:
        """The coder whose passages are counted; ALL_CODERS for everyone's together."""
        return self.count.currentData() or ALL_CODERS

    def _fill_coders(self) -> None:
        """The count's choices: all coders, then each coder (the choice kept while it exists)."""
        coders = self.session.study.codings.coders()
        if coders == [self.count.itemData(i) for i in range(1, self.count.count())]:
            return
        chosen = self.coder()
        self.count.clear()
        self.count.addItem("All coders, each passage once", ALL_CODERS)
        for name in coders:
            self.count.addItem(f"{name}'s passages", name)
        self.count.setCurrentIndex(max(0, self.count.findData(chosen)))

    def _headings(self) -> list[str]:
        """The column headings wrapped to the width the columns have now: the table stretches its
        columns over the view, so a laptop's columns are narrower than a monitor's."""
        header = self.table.horizontalHeader()
        columns = max(len(self._cols), 1)
        width = max(header.minimumSectionSize(), self.table.viewport().width() // columns) - 12
        metrics = QFontMetrics(header.font())
        return [_heading(d, h, lambda line: metrics.horizontalAdvance(line) <= width) for _c, d, h in self._cols]

    def _rewrap_headings(self) -> None:
        if not self._cols:
            return
        for col, text in enumerate(self._headings()):
            item = self.table.horizontalHeaderItem(col)
            if item is not None and item.text() != text:
                item.setText(text)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Resize:
            self._rewrap_headings()
        return super().eventFilter(watched, event)

    def refresh(self) -> None:
        """Recount from the study; only called when codings, codes or cases changed."""
        study = self.session.study
        self._fill_coders()
        coder = self.coder()
        codes = study.codes.all()
        if self.top_only.isChecked():
            codes = [c for c in codes if c.parent_id is None]
        cols = self.columns()
        counts = study.runs.code_case_passages(coder or None)
        codings = study.runs.code_case_counts([coder] if coder else None)
        everything = study.codes.all()
        children: dict[str | None, list[str]] = {}
        for code in everything:
            children.setdefault(code.parent_id, []).append(code.id)

        def subtree(code_id: str) -> list[str]:
            return [code_id] + [d for child in children.get(code_id, []) for d in subtree(child)]

        below = {code.id: subtree(code.id) for code in codes}
        cells, behind = {}, {}
        for code in codes:
            for case_id, _d, _h in cols:
                cells[(code.id, case_id)] = sum(counts.get((cid, case_id), 0) for cid in below[code.id])
                behind[(code.id, case_id)] = sum(codings.get((cid, case_id), 0) for cid in below[code.id])
        peak = max(cells.values(), default=0) or 1
        self.table.clear()
        self.table.setRowCount(len(codes))
        self.table.setColumnCount(len(cols))
        self._cols = cols
        # no column narrower than its longest word ("Elementary"), which would be clipped
        metrics = QFontMetrics(self.table.horizontalHeader().font())
        longest = max((metrics.horizontalAdvance(w) for _c, d, h in cols for w in h.split()), default=0)
        self.table.horizontalHeader().setMinimumSectionSize(min(max(64, longest + 20), 120))
        self.table.setHorizontalHeaderLabels(self._headings())
        districts = dict.fromkeys(d for _c, d, _h in cols if d)
        self.legend.setText(f"<b>Counting:</b> {counting_text(coder)}.   " +
                            "   ".join(f"<b>{initials(d)}</b> {d}" for d in districts))
        for col, (_c, district, heading) in enumerate(cols):
            self.table.horizontalHeaderItem(col).setToolTip(f"{district} / {heading}" if district else heading)
        self.table.setVerticalHeaderLabels([("   " * c.path.count("/")) + c.name for c in codes])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        for row, code in enumerate(codes):
            for col, (case_id, _d, heading) in enumerate(cols):
                n = cells[(code.id, case_id)]
                item = QTableWidgetItem(str(n) if n else "")
                item.setTextAlignment(Qt.AlignCenter)
                item.setData(CODE_ROLE, code.id)
                item.setData(CASE_ROLE, case_id)
                share = n / peak
                cell = shade(code.color, 0.12 + 0.83 * share, theme_color("base")) if n else theme_color("base")
                item.setBackground(QBrush(cell))
                item.setForeground(QBrush(readable_on(cell)))
                item.setToolTip(_cell_tip(code.path, heading, n, behind[(code.id, case_id)], coder))
                self.table.setItem(row, col, item)

    def _clicked(self, row: int, col: int) -> None:
        item = self.table.item(row, col)
        if item is not None:
            self.cell_opened.emit(item.data(CODE_ROLE), item.data(CASE_ROLE), self.coder())


def _cell_tip(path: str, place: str, passages: int, codings: int, coder: str) -> str:
    who = "by all coders" if coder == ALL_CODERS else f"by {coder}"
    text = f"{path} at {place}: {passages} passage{'s' if passages != 1 else ''} {who}"
    if codings != passages:
        text += f" ({codings} codings: overlapping ones count once)"
    return text
