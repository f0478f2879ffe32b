"""The code-by-site heat map: coded segments per site (grouped by district), each cell opening the
data run for that code and site."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

CODE_ROLE = Qt.UserRole + 1
CASE_ROLE = Qt.UserRole + 2


def _wrap(text: str, width: int = 13) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isalnum()).upper() or name[:2]


def _heading(district: str, site: str) -> str:
    """Column heading: the district's initials, then the site name wrapped to fit a narrow column."""
    return "\n".join(_wrap(f"{initials(district)} · {site}" if district else site)[:3])


class HeatmapView(QWidget):
    cell_opened = Signal(str, str)  # code id, case id

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.title = QLabel("<b>Codes by site</b> — coded segments per site (with sub-codes); click a cell "
                            "for its data run")
        self.title.setWordWrap(True)
        self.title.setMinimumWidth(120)
        self.top_only = QCheckBox("Top-level codes only")
        self.top_only.toggled.connect(self.refresh)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.cellClicked.connect(self._clicked)
        self.table.horizontalHeader().setDefaultSectionSize(92)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(True)
        self.table.setMinimumWidth(200)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignCenter)
        small = self.table.horizontalHeader().font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.table.horizontalHeader().setFont(small)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        self.legend = QLabel("")
        self.legend.setStyleSheet("color: #555;")
        head.addWidget(self.legend)
        head.addWidget(self.top_only)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(head)
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

    def refresh(self) -> None:
        """Recount from the study; only called when codings, codes or cases changed."""
        study = self.session.study
        codes = study.codes.all()
        if self.top_only.isChecked():
            codes = [c for c in codes if c.parent_id is None]
        cols = self.columns()
        counts = study.runs.code_case_counts()
        everything = study.codes.all()
        children: dict[str | None, list[str]] = {}
        for code in everything:
            children.setdefault(code.parent_id, []).append(code.id)

        def subtree(code_id: str) -> list[str]:
            return [code_id] + [d for child in children.get(code_id, []) for d in subtree(child)]

        below = {code.id: subtree(code.id) for code in codes}
        cells = {}
        for code in codes:
            for case_id, _d, _h in cols:
                cells[(code.id, case_id)] = sum(counts.get((cid, case_id), 0) for cid in below[code.id])
        peak = max(cells.values(), default=0) or 1
        self.table.clear()
        self.table.setRowCount(len(codes))
        self.table.setColumnCount(len(cols))
        self.table.setHorizontalHeaderLabels([_heading(d, h) for _c, d, h in cols])
        districts = dict.fromkeys(d for _c, d, _h in cols if d)
        self.legend.setText("   ".join(f"<b>{initials(d)}</b> {d}" for d in districts))
        for col, (_c, district, heading) in enumerate(cols):
            self.table.horizontalHeaderItem(col).setToolTip(f"{district} / {heading}" if district else heading)
        self.table.setVerticalHeaderLabels([("   " * c.path.count("/")) + c.name for c in codes])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(64)
        for row, code in enumerate(codes):
            for col, (case_id, _d, heading) in enumerate(cols):
                n = cells[(code.id, case_id)]
                item = QTableWidgetItem(str(n) if n else "")
                item.setTextAlignment(Qt.AlignCenter)
                item.setData(CODE_ROLE, code.id)
                item.setData(CASE_ROLE, case_id)
                share = n / peak
                color = QColor(code.color) if n else QColor("#fbfbfa")
                if n:
                    color.setAlphaF(0.12 + 0.83 * share)
                item.setBackground(QBrush(color))
                if share > 0.55:
                    item.setForeground(QBrush(QColor("#ffffff")))
                item.setToolTip(f"{code.path} at {heading}: {n} coded segment{'s' if n != 1 else ''}")
                self.table.setItem(row, col, item)

    def _clicked(self, row: int, col: int) -> None:
        item = self.table.item(row, col)
        if item is not None:
            self.cell_opened.emit(item.data(CODE_ROLE), item.data(CASE_ROLE))
