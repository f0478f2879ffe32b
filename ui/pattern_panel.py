"""Pattern tables in the window: sites (grouped by district, in any case-attribute order) down,
codes, outline sections or themes across. Two views of one table: a counts heat map (coded
segments shaded, sources and roles in the tooltip) and a text matrix (each cell's summary and
pinned quotations). A totals row gives "n of N sites". Named tables are saved with the notes
written in their cells; the chosen cell is worked on in the pane beside the grid; export to Word,
Excel or CSV runs in a worker.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.errors import CaseCoderError
from coder.pattern_tables import build_table, delete_table, save_table, saved_names, saved_spec

from .pattern_cell import CellPane
from .tool_row import tool_row

UNSAVED = "(unsaved table)"
TEXT_WIDTH = 240  # a text-matrix column: room for a few lines of summary
TEXT_CHARS = 260  # of a summary shown in the grid; the pane has all of it


class PatternPanel(QWidget):
    cell_opened = Signal(str, str, str)  # column kind, column key, site id
    passage_opened = Signal(str, int, int)

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.table = None
        self.layout_rows: list = []  # per grid row: a district name (a band) or an index into table.rows
        self.notes: dict = {}
        self.name: str | None = None  # the saved table shown (its notes), None when unsaved
        self.saved = QComboBox()
        self.saved.setToolTip("Named tables of this study, with what is written in their cells")
        self.saved.setMinimumContentsLength(12)
        self.changed = QLabel()
        self.view = QComboBox()
        self.view.addItem("Counts", "counts")
        self.view.addItem("Text", "text")
        self.view.setToolTip("Counts: coded segments per cell. Text: each cell's summary and pinned quotations")
        self.cols = QComboBox()
        for label, kind in (("Codes", "codes"), ("Outline sections", "sections"), ("Themes", "themes")):
            self.cols.addItem(label, kind)
        self.descendants = QCheckBox("with sub-codes")
        self.descendants.setChecked(True)
        self.order = QComboBox()
        self.order.setToolTip("Order the sites within each district by a case attribute")
        self.filters = {key: QComboBox() for key in ("wave", "role", "type")}
        for box in (self.order, *self.filters.values()):
            box.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        top_items: list = [QLabel("Table"), self.saved]
        for text, tip, slot in (("Save", "Keep this table's definition under its name", self.save),
                                ("Save as…", "Keep it under a new name", self.save_as),
                                ("Delete…", "Delete the saved table and what its cells say", self.delete)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            top_items.append(button)
        export = QPushButton("Export…")
        export.setToolTip("To Word (a real table; in the text view with summaries and cited quotations), "
                          "Excel (counts and summaries) or CSV")
        export.clicked.connect(self.export)
        top_items += [self.changed, None, QLabel("View"), self.view, export]
        control_items = [QLabel("Columns"), self.cols, self.descendants, QLabel("Order"), self.order, QLabel("Only"),
                         *self.filters.values(), None]
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QTableWidget.NoEditTriggers)
        self.grid.cellDoubleClicked.connect(self._open_cell)
        self.grid.currentCellChanged.connect(lambda row, column, *_: self._show_cell(row, column))
        self.pane = CellPane(session, self._ensure_saved)
        self.pane.passage_opened.connect(self.passage_opened)
        self.pane.run_requested.connect(lambda: self._open_cell(self.grid.currentRow(), self.grid.currentColumn()))
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.grid)
        split.addWidget(self.pane)
        split.setStretchFactor(0, 1)
        split.setSizes([520, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(tool_row(*top_items))
        layout.addWidget(tool_row(*control_items))
        layout.addWidget(split, 1)
        for widget in (self.cols, self.order, *self.filters.values()):
            widget.currentIndexChanged.connect(lambda _i: self._spec_changed())
        self.descendants.toggled.connect(lambda _c: self._spec_changed())
        self.view.currentIndexChanged.connect(lambda _i: self.show_table())
        self.saved.activated.connect(lambda _i: self.load_saved(self.saved.currentData()))

    @property
    def study(self):
        return self.session.study

    # ------------------------------------------------------------------ choices
    def refresh(self) -> None:
        """Fill the choices from the study, then count (keeping the chosen cell)."""
        study = self.study
        for box, values, label in ((self.filters["wave"], study.sources.waves(), "wave"),
                                   (self.filters["role"], study.sources.roles(), "role"),
                                   (self.filters["type"], ["interview", "observation", "artifact"], "type")):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(f"any {label}", None)
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
        self._fill_saved()
        self.recount()

    def _fill_saved(self) -> None:
        names = saved_names(self.study)
        if self.name is not None and self.name.lower() not in {n.lower() for n in names}:
            self.name = None  # deleted (or its save undone)
        self.saved.blockSignals(True)
        self.saved.clear()
        self.saved.addItem(UNSAVED, None)
        for name in names:
            self.saved.addItem(name, name)
        index = next((i for i, n in enumerate(names, start=1) if self.name and n.lower() == self.name.lower()), 0)
        self.saved.setCurrentIndex(index)
        self.saved.blockSignals(False)
        self._mark_changed()

    def spec(self) -> dict:
        one = {key: box.currentData() for key, box in self.filters.items()}
        return {"cols": self.cols.currentData(), "items": None, "descendants": self.descendants.isChecked(),
                "waves": [one["wave"]] if one["wave"] is not None else [],
                "roles": [one["role"]] if one["role"] is not None else [],
                "types": [one["type"]] if one["type"] is not None else [], "order_by": self.order.currentData()}

    def _mark_changed(self) -> None:
        differs = False
        if self.name is not None:
            stored = saved_spec(self.study, self.name)
            differs = {k: stored.get(k) for k in self.spec() if k != "items"} != \
                {k: v for k, v in self.spec().items() if k != "items"}
        self.changed.setText("<i>changed — Save to keep</i>" if differs else "")

    def current_spec(self) -> dict:
        """The saved table's own definition (which may pick some columns only) until the controls
        change it; then what the controls say."""
        if self.name and not self.changed.text():
            return saved_spec(self.study, self.name)
        return self.spec()

    def _spec_changed(self) -> None:
        self._mark_changed()
        self.recount()

    # ------------------------------------------------------------------ counting and showing
    def recount(self) -> None:
        try:
            self.table = build_table(self.study, **self.current_spec())
            self.notes = self.study.cells.notes(self.name) if self.name else {}
        except CaseCoderError as exc:
            self.session.notify(str(exc))
            return
        self.show_table()

    def show_table(self) -> None:
        table, grid = self.table, self.grid
        if table is None:
            return
        row_at, column_at = grid.currentRow(), grid.currentColumn()
        text_view = self.view.currentData() == "text"
        grid.blockSignals(True)
        grid.clear()
        grid.clearSpans()
        grid.setColumnCount(len(table.columns))
        self.layout_rows = _group_rows(table.rows)
        grid.setRowCount(len(self.layout_rows) + 1)
        grid.setWordWrap(text_view)
        for column, (_key, label) in enumerate(table.columns):
            header = QTableWidgetItem(_header(label))
            header.setToolTip(label)
            grid.setHorizontalHeaderItem(column, header)
        peak = max((c.segments for c in table.cells.values()), default=0) or 1
        for row, entry in enumerate(self.layout_rows):
            if isinstance(entry, str):  # a district: one spanning band over its sites
                band = QTableWidgetItem(entry or "No district")
                band.setFlags(Qt.ItemIsEnabled)
                band.setBackground(QBrush(QColor("#e3e9ef")))
                font = band.font()
                font.setBold(True)
                band.setFont(font)
                grid.setVerticalHeaderItem(row, QTableWidgetItem(""))
                grid.setItem(row, 0, band)
                if len(table.columns) > 1:
                    grid.setSpan(row, 0, 1, len(table.columns))
                continue
            _district, site, name = table.rows[entry]
            header = QTableWidgetItem(name)
            header.setToolTip(f"{name} ({_district or 'no district'})")
            grid.setVerticalHeaderItem(row, header)
            for column, (key, _label) in enumerate(table.columns):
                grid.setItem(row, column, self._item(site, key, peak, text_view))
        total = QTableWidgetItem("n of N sites")
        total.setToolTip("In how many of the sites the column is present")
        grid.setVerticalHeaderItem(len(self.layout_rows), total)
        totals = table.totals()
        for column, (key, _label) in enumerate(table.columns):
            t = totals[key]
            item = QTableWidgetItem(f"{t['sites_present']}/{t['sites']}")
            item.setTextAlignment(Qt.AlignCenter)
            item.setToolTip(f"present at {t['sites_present']} of {t['sites']} sites; {t['segments']} segments in all")
            grid.setItem(len(self.layout_rows), column, item)
        if text_view:
            for column in range(len(table.columns)):
                grid.setColumnWidth(column, TEXT_WIDTH)
            grid.resizeRowsToContents()
        else:
            grid.resizeColumnsToContents()
            for row in range(grid.rowCount()):
                grid.setRowHeight(row, grid.verticalHeader().defaultSectionSize())
        if 0 <= row_at < grid.rowCount() and 0 <= column_at < grid.columnCount():
            grid.setCurrentCell(row_at, column_at)
        grid.blockSignals(False)
        self._show_cell(grid.currentRow(), grid.currentColumn())

    def site_at(self, row: int) -> int | None:
        """The index into table.rows of a grid row (None for a district band or the totals)."""
        if self.table is None or not (0 <= row < len(self.layout_rows)):
            return None
        entry = self.layout_rows[row]
        return None if isinstance(entry, str) else entry

    def row_of(self, site_id: str) -> int:
        return next(r for r, e in enumerate(self.layout_rows)
                    if not isinstance(e, str) and self.table.rows[e][1] == site_id)

    def _item(self, site: str, key: str, peak: int, text_view: bool) -> QTableWidgetItem:
        cell = self.table.cell(site, key)
        notes = self.notes.get((site, key))
        if text_view:
            lines = []
            if notes is not None and notes.summary:
                summary = " ".join(notes.summary.split())
                lines.append(summary if len(summary) <= TEXT_CHARS else summary[:TEXT_CHARS] + "…")
            if notes is not None and notes.quotes:
                lines.append(f"+ {len(notes.quotes)} pinned quotation{'s' if len(notes.quotes) != 1 else ''}")
            lines.append(f"({cell.segments} segments)" if cell.segments else "(no segments)")
            item = QTableWidgetItem("\n".join(lines))
            item.setTextAlignment(Qt.AlignLeft | Qt.AlignTop)
            if not cell.segments:
                item.setForeground(QBrush(QColor("#888888")))
        else:
            marker = " ✎" if notes is not None else ""
            item = QTableWidgetItem(f"{cell.segments}{marker}" if cell.segments else marker.strip())
            item.setTextAlignment(Qt.AlignCenter)
            if cell.segments:
                shade = QColor("#2f6f9f")
                shade.setAlpha(int(30 + 190 * cell.segments / peak))
                item.setBackground(QBrush(shade))
        item.setToolTip(f"{cell.segments} segments from {len(cell.sources)} sources; roles: "
                        f"{', '.join(sorted(cell.roles)) or '—'}" + ("\n✎ summary or quotations written"
                                                                      if notes is not None else ""))
        return item

    def _show_cell(self, row: int, column: int) -> None:
        table, at = self.table, self.site_at(row)
        if at is None or not (0 <= column < len(table.columns)):
            self.pane.clear()
            return
        _district, site, site_name = table.rows[at]
        key, label = table.columns[column]
        cell = table.cell(site, key)
        counts = (f"{cell.segments} segments from {len(cell.sources)} sources, {len(cell.roles)} roles "
                  f"({', '.join(sorted(cell.roles)) or 'none'})")
        self.pane.show_cell(self.name, self.current_spec(), site, key, f"{site_name} × {label}", counts)

    def _open_cell(self, row: int, column: int) -> None:
        at = self.site_at(row)
        if at is None or column < 0:
            return
        self.cell_opened.emit(self.cols.currentData(), self.table.columns[column][0], self.table.rows[at][1])

    # ------------------------------------------------------------------ named tables
    def _ensure_saved(self) -> str | None:
        """The saved table to write into; an unsaved one is named and saved first."""
        if self.name is None:
            name, ok = QInputDialog.getText(self, "Name the table", "What you write in its cells is kept with a "
                                            "named table. Name this one:")
            if not ok or not name.strip():
                return None
            if self.session.run_op(lambda: save_table(self.study, name, self.spec())) is None:
                return None
            self.name = name.strip()
            self._fill_saved()
        return self.name

    def save(self) -> None:
        if self.name is None:
            self.save_as()
        elif self.session.run_op(lambda: save_table(self.study, self.name, self._kept_items(self.spec()))):
            self._fill_saved()

    def _kept_items(self, spec: dict) -> dict:
        """A saved table that picks some columns keeps them while its column kind stays."""
        stored = saved_spec(self.study, self.name)
        return {**spec, "items": stored.get("items")} if stored.get("cols") == spec["cols"] else spec

    def save_as(self) -> None:
        name, ok = QInputDialog.getText(self, "Save table", "Name:")
        if ok and name.strip() and self.session.run_op(lambda: save_table(self.study, name, self.spec())):
            self.name = name.strip()
            self._fill_saved()
            self.recount()

    def delete(self) -> None:
        if self.name is None:
            return
        if QMessageBox.question(self, "Delete table", f"Delete the table “{self.name}” and what its cells say? "
                                "(Edit > Undo brings it back.)") != QMessageBox.Yes:
            return
        self.session.run_op(lambda: delete_table(self.study, self.name))

    def load_saved(self, name: str | None) -> None:
        self.name = name
        if name is None:
            self._mark_changed()
            self.recount()
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
        self._mark_changed()
        self.recount()

    # ------------------------------------------------------------------ export
    def export(self):
        from coder.pattern_export import export_table

        from .exports import ask_path, export_in_background

        if self.table is None:
            return None
        chosen = ask_path(self, "Export the table", self.name or "Pattern table", ("docx", "xlsx", "csv"))
        if chosen is None:
            return None
        out, kind = chosen
        spec, name, view = self.current_spec(), self.name, self.view.currentData()

        def job(study, _progress, _token):
            return export_table(study, build_table(study, **spec), out, kind, name=name, view=view)

        return export_in_background(self, self.session, "Writing the pattern table…", job)


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
