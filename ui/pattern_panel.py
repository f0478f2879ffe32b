"""Pattern tables in the window: sites (grouped by district, in any case-attribute order) down,
codes, outline sections or themes across, each cell's coded segments shaded like a heat map with
its sources and roles in the tooltip, a totals row of "n of N sites", and named tables; export to
CSV, Excel or Word. A cell's double-click opens its data run.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.errors import CaseCoderError
from coder.pattern_tables import build_table, save_table, saved_names, saved_spec, table_csv, write_docx, write_xlsx

ANY = "(any)"


class PatternPanel(QWidget):
    cell_opened = Signal(str, str, str)  # column kind, column key, site id

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.table = None
        self.cols = QComboBox()
        for label, kind in (("Codes", "codes"), ("Outline sections", "sections"), ("Themes", "themes")):
            self.cols.addItem(label, kind)
        self.descendants = QCheckBox("with sub-codes")
        self.descendants.setChecked(True)
        self.order = QComboBox()
        self.order.setToolTip("Order the sites within each district by a case attribute")
        self.filters = {key: QComboBox() for key in ("wave", "role", "type")}
        for box in self.filters.values():
            box.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.saved = QComboBox()
        self.saved.setToolTip("Named tables of this study")
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Columns"))
        for widget in (self.cols, self.descendants, QLabel("Order"), self.order, *self.filters.values()):
            controls.addWidget(widget)
        controls.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Table"))
        buttons.addWidget(self.saved)
        for text, slot in (("Save as…", self.save), ("CSV…", lambda: self.export("csv")),
                           ("Excel…", lambda: self.export("xlsx")), ("Word…", lambda: self.export("docx"))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QTableWidget.NoEditTriggers)
        self.grid.cellDoubleClicked.connect(self._open_cell)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(buttons)
        layout.addWidget(self.grid, 1)
        for widget in (self.cols, self.order, *self.filters.values()):
            widget.currentIndexChanged.connect(lambda _i: self.recount())
        self.descendants.toggled.connect(lambda _c: self.recount())
        self.saved.activated.connect(lambda _i: self.load_saved(self.saved.currentText()))

    @property
    def study(self):
        return self.session.study

    def refresh(self) -> None:
        """Fill the choices from the study, then count."""
        study = self.study
        for box, values, label in ((self.filters["wave"], study.sources.waves(), "wave"),
                                   (self.filters["role"], study.sources.roles(), "role"),
                                   (self.filters["type"], ["interview", "observation", "artifact"], "type")):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(f"{label}: {ANY}", None)
            for value in values:
                box.addItem(str(value), value)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)
        self.order.blockSignals(True)
        current = self.order.currentData()
        self.order.clear()
        self.order.addItem("by name", None)
        for name in (a.name for a in study.attributes.definitions("case")):
            self.order.addItem(f"by {name}", name)
        self.order.setCurrentIndex(max(0, self.order.findData(current)))
        self.order.blockSignals(False)
        self.saved.clear()
        self.saved.addItems(saved_names(study))
        self.recount()

    def spec(self) -> dict:
        one = {key: box.currentData() for key, box in self.filters.items()}
        return {"cols": self.cols.currentData(), "items": None, "descendants": self.descendants.isChecked(),
                "waves": [one["wave"]] if one["wave"] is not None else [],
                "roles": [one["role"]] if one["role"] is not None else [],
                "types": [one["type"]] if one["type"] is not None else [], "order_by": self.order.currentData()}

    def recount(self) -> None:
        try:
            self.table = build_table(self.study, **self.spec())
        except CaseCoderError as exc:
            self.session.notify(str(exc))
            return
        self.show_table()

    def show_table(self) -> None:
        table = self.table
        grid = self.grid
        grid.clear()
        grid.setColumnCount(len(table.columns))
        grid.setRowCount(len(table.rows) + 1)
        grid.setHorizontalHeaderLabels([label.rsplit("/", 1)[-1] for _k, label in table.columns])
        for column, (_key, label) in enumerate(table.columns):
            grid.horizontalHeaderItem(column).setToolTip(label)
        grid.setVerticalHeaderLabels([f"{d} · {name}" for d, _s, name in table.rows] + ["n of N sites"])
        peak = max((c.segments for c in table.cells.values()), default=0) or 1
        for row, (_d, site, _name) in enumerate(table.rows):
            for column, (key, _label) in enumerate(table.columns):
                cell = table.cell(site, key)
                item = QTableWidgetItem(str(cell.segments) if cell.segments else "")
                item.setTextAlignment(Qt.AlignCenter)
                if cell.segments:
                    shade = QColor("#2f6f9f")
                    shade.setAlpha(int(30 + 190 * cell.segments / peak))
                    item.setBackground(QBrush(shade))
                    item.setToolTip(f"{cell.segments} segments from {len(cell.sources)} sources; roles: "
                                    f"{', '.join(sorted(cell.roles)) or '—'}")
                grid.setItem(row, column, item)
        totals = table.totals()
        for column, (key, _label) in enumerate(table.columns):
            t = totals[key]
            item = QTableWidgetItem(f"{t['sites_present']}/{t['sites']}")
            item.setTextAlignment(Qt.AlignCenter)
            item.setToolTip(f"{t['segments']} segments in all")
            grid.setItem(len(table.rows), column, item)
        grid.resizeColumnsToContents()

    def _open_cell(self, row: int, column: int) -> None:
        if self.table is None or row >= len(self.table.rows):
            return
        self.cell_opened.emit(self.cols.currentData(), self.table.columns[column][0], self.table.rows[row][1])

    def save(self) -> None:
        name, ok = QInputDialog.getText(self, "Save table", "Name:")
        if ok and name.strip():
            self.session.run_op(lambda: save_table(self.study, name, self.spec()))
            self.saved.clear()
            self.saved.addItems(saved_names(self.study))
            self.saved.setCurrentText(name.strip())

    def load_saved(self, name: str) -> None:
        if not name:
            return
        spec = saved_spec(self.study, name)
        for widget in (self.cols, self.order, *self.filters.values(), self.descendants):
            widget.blockSignals(True)
        self.cols.setCurrentIndex(max(0, self.cols.findData(spec.get("cols"))))
        self.descendants.setChecked(bool(spec.get("descendants")))
        self.order.setCurrentIndex(max(0, self.order.findData(spec.get("order_by"))))
        for key, values in (("wave", spec.get("waves")), ("role", spec.get("roles")), ("type", spec.get("types"))):
            box = self.filters[key]
            box.setCurrentIndex(max(0, box.findData(values[0])) if values else 0)
        for widget in (self.cols, self.order, *self.filters.values(), self.descendants):
            widget.blockSignals(False)
        self.table = build_table(self.study, **spec)
        self.show_table()

    def export(self, kind: str) -> None:
        if self.table is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export the table", f"Pattern table.{kind}", f"*.{kind}")
        if not path:
            return
        try:
            if kind == "csv":
                with open(path, "w", encoding="utf-8", newline="") as handle:
                    handle.write(table_csv(self.table))
            elif kind == "xlsx":
                write_xlsx(self.table, path)
            else:
                write_docx(self.table, path, title=self.saved.currentText() or "Pattern table")
        except (OSError, CaseCoderError) as exc:
            QMessageBox.warning(self, "CaseCoder", f"{path}: {exc}")
            return
        self.session.notify(f"Exported to {path}")
