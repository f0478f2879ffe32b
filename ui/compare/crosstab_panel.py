"""The Compare workspace's crosstab: codes (or outline sections, or themes) down, an attribute
across — role, wave, phase, type, district, site, coder or one of the study's — or one within
another (role within wave), inside one district or site or the whole study. Each cell shows its
passages, the sources they come from of the column's ("3 of 4"), or a row or column percentage;
a cell opens its data run. The counts are `coder.compare.crosstabs`' (`casecoder crosstab`)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.coding.run_spec import RunSpec
from coder.compare.crosstabs import FIXED, NONE, crosstab

from ..folders import ask_save
from ..style import blend, readable_on
from ..style import color as theme_color

SHOW = (("passages", "Passages"), ("sources", "Sources of the column's"), ("row", "Row %"), ("col", "Column %"))


class CrosstabPanel(QWidget):
    cell_opened = Signal(object)  # a RunSpec: the cell's data run

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.table = None
        self.rows = QComboBox()
        for key, label in (("codes", "Codes"), ("sections", "Outline sections"), ("themes", "Themes")):
            self.rows.addItem(label, key)
        self.cols = QComboBox()
        self.within = QComboBox()
        self.scope = QComboBox()
        self.show_as = QComboBox()
        for key, label in SHOW:
            self.show_as.addItem(label, key)
        self.descendants = QCheckBox("with sub-codes")
        self.descendants.setChecked(True)
        self.top_only = QCheckBox("Top-level codes only")
        self.top_only.setChecked(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QTableWidget.NoEditTriggers)
        self.grid.setAccessibleName("Crosstab")
        self.grid.setAccessibleDescription("Rows by the chosen attribute; double-click a cell for its data run")
        self.grid.cellDoubleClicked.connect(self._open)
        export = QPushButton("Export…")
        export.setToolTip("Write the table to Excel (passages, and sources coded of each column's) or CSV")
        export.clicked.connect(self.export)
        chart = QPushButton("Chart…")
        chart.setToolTip("Draw the table as bars (stacked when Sources or percentages are not shown) to PNG or SVG")
        chart.clicked.connect(self.save_chart)
        head, second = QHBoxLayout(), QHBoxLayout()  # two short rows: the workspace fits a laptop
        for row, text, widget in ((head, "&Rows", self.rows), (head, "&Columns", self.cols),
                                  (head, "&within", self.within), (head, "In", self.scope),
                                  (second, "Sho&w", self.show_as)):
            label = QLabel(text)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
            widget.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(10)
        head.addStretch(1)
        second.addWidget(self.descendants)
        second.addWidget(self.top_only)
        second.addStretch(1)
        second.addWidget(chart)
        second.addWidget(export)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(head)
        layout.addLayout(second)
        layout.addWidget(self.summary)
        layout.addWidget(self.grid, 1)
        for box in (self.rows, self.cols, self.within, self.scope, self.show_as):
            box.currentIndexChanged.connect(lambda _i: self.recount())
        for box in (self.descendants, self.top_only):
            box.toggled.connect(lambda _on: self.recount())
        self._filling = False

    # ------------------------------------------------------------------ choices
    def refresh(self) -> None:
        """Fill the choices from the study (its attributes, districts and sites), then count."""
        study = self.session.study
        self._filling = True
        try:
            names = list(FIXED) + [a.name for a in study.attributes.definitions("case")] + \
                [a.name for a in study.attributes.definitions("source")]
            for box, first in ((self.cols, None), (self.within, "(nothing)")):
                current = box.currentData()
                box.clear()
                if first:
                    box.addItem(first, None)
                for name in names:
                    box.addItem(name, name)
                index = box.findData(current)
                box.setCurrentIndex(index if index >= 0 else 0)
            current = self.scope.currentData()
            self.scope.clear()
            self.scope.addItem("the whole study", None)
            for case in study.cases.all():
                self.scope.addItem(("    " if case.kind == "site" else "") + case.name, case.id)
            self.scope.setCurrentIndex(max(0, self.scope.findData(current)))
        finally:
            self._filling = False
        self.recount()

    def by(self) -> list[str]:
        return [b for b in (self.within.currentData(), self.cols.currentData()) if b]

    def spec(self) -> RunSpec:
        case_id = self.scope.currentData()
        return RunSpec(codes=[], sites=[case_id] if case_id else [])

    # ------------------------------------------------------------------ the table
    def recount(self) -> None:
        if self._filling or not self.cols.count():
            return
        study = self.session.study
        rows = self.rows.currentData()
        items = None
        if rows == "codes" and self.top_only.isChecked():
            items = [c.id for c in study.codes.all() if not c.parent_id]
        self.table = crosstab(study, self.by(), rows=rows, items=items, descendants=self.descendants.isChecked(),
                              scope=self.spec())
        self._fill()

    def _fill(self) -> None:
        table, show = self.table, self.show_as.currentData()
        self.grid.clear()
        self.grid.setRowCount(len(table.rows))
        self.grid.setColumnCount(len(table.cols))
        self.grid.setHorizontalHeaderLabels([f"{c}\n({table.sources_in_col.get(c, 0)} sources)" for c in table.cols])
        self.grid.setVerticalHeaderLabels([label for _k, label in table.rows])
        peak = max((table.cell(k, c).passages for k, _l in table.rows for c in table.cols), default=0) or 1
        page = theme_color("base")
        for r, (key, _label) in enumerate(table.rows):
            for c, col in enumerate(table.cols):
                cell = table.cell(key, col)
                if show == "sources":
                    text = f"{len(cell.sources)} of {table.sources_in_col.get(col, 0)}" if cell.passages else ""
                elif show == "row":
                    text = f"{table.row_percent(key, col):.0f} %" if cell.passages else ""
                elif show == "col":
                    text = f"{table.col_percent(key, col):.0f} %" if cell.passages else ""
                else:
                    text = str(cell.passages) if cell.passages else ""
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignCenter)
                item.setToolTip(f"{cell.passages} passages ({cell.codings} codings) from {len(cell.sources)} of the "
                                f"column's {table.sources_in_col.get(col, 0)} sources; double-click for the data run")
                if cell.passages:
                    shade = blend(QColor("#2f6f9f"), page, 0.12 + 0.6 * cell.passages / peak)
                    item.setBackground(QBrush(shade))
                    item.setForeground(QBrush(readable_on(shade)))
                self.grid.setItem(r, c, item)
        self.grid.resizeColumnsToContents()
        self.summary.setText(f"<b>{len(table.rows)} {self.rows.currentText().lower()}</b> by "
                             f"<b>{' within '.join(reversed(table.by))}</b> in {table.scope_sources} sources: "
                             "passages once however many coders coded them; a district's own sources are its "
                             "district office. Double-click a cell for its data run.")

    def _open(self, row: int, column: int) -> None:
        """The cell's data run: its row's codes, and its column's value as the run's filter."""
        if self.table is None or self.rows.currentData() != "codes":
            self.session.notify("A cell opens its data run for code rows; choose Codes as the rows.")
            return
        key = self.table.rows[row][0]
        spec = self.spec()
        spec.codes, spec.descendants = [key], self.descendants.isChecked()
        values = self.table.cols[column].split(" · ")
        study = self.session.study
        for name, value in zip(self.table.by, values, strict=True):
            if value == NONE:
                continue
            field = name.strip().lower()
            if field == "role":
                spec.roles = [value]
            elif field == "wave":
                spec.waves = [int(value.split()[-1])]
            elif field == "type":
                spec.types = [value]
            elif field == "coder":
                spec.coders = [value]
            elif field == "district":
                spec.districts = [study.cases.find(value).id]
            elif field == "site":
                place = value.split(" — district office")[0]
                spec.sites = [study.cases.find(place).id]
                if value.endswith("— district office"):
                    self.session.notify(f"The data run shows every source of {place}, its sites' too; the cell "
                                        "counts only the district's own (its district office).")
            elif field != "phase":
                spec.attrs = {**spec.attrs, name: [value]}
        self.cell_opened.emit(spec)

    def save_chart(self) -> str | None:
        """The table as bars, to a picture for a report."""
        from coder.reports.charts import crosstab_chart

        return save_chart(self, self.table, "crosstab", crosstab_chart)

    def export(self) -> str | None:
        from coder.reports.crosstab import write_crosstab_csv, write_crosstab_xlsx
        from coder.store.errors import CaseCoderError

        if self.table is None:
            return None
        path, chosen = ask_save(self, "Export the crosstab", f"{self.session.study.path.stem}-crosstab.xlsx",
                                "Excel (*.xlsx);;CSV (*.csv)")
        if not path:
            return None
        try:
            (write_crosstab_csv if path.endswith(".csv") or "CSV" in chosen else write_crosstab_xlsx)(self.table, path)
        except (OSError, CaseCoderError) as exc:
            self.session.notify(f"{path}: not written ({exc})")
            return None
        self.session.notify(f"Exported to {path}")
        return path


def save_chart(widget, table, name: str, draw) -> str | None:
    """Ask where, then draw `table` there with `draw(table, path)` (PNG or SVG by the ending)."""
    from coder.store.errors import CaseCoderError

    if table is None:
        return None
    path, chosen = ask_save(widget, "Save the chart", f"{widget.session.study.path.stem}-{name}.png",
                            "PNG picture (*.png);;SVG drawing (*.svg)")
    if not path:
        return None
    if not path.lower().endswith((".png", ".svg")):
        path += ".svg" if "SVG" in chosen else ".png"
    try:
        draw(table, path)
    except (OSError, CaseCoderError) as exc:
        widget.session.notify(f"{path}: not written ({exc})")
        return None
    widget.session.notify(f"Chart saved to {path}")
    return path
