"""The Compare workspace's crosstab: codes (or outline sections, or themes) down, an attribute
across — role, wave, phase, type, district, site, coder, speaker or one of the study's — or one within
another (role within wave), inside any scope a data run can have (a place, narrowed by roles,
waves, types, coders, attribute values or sets). Each cell shows its passages, the sources they
come from of the column's ("3 of 4"), or a row or column percentage; a cell opens its data run,
and a selection of cells (Return, or Run of selection) one run of them all. The table goes to
Excel, CSV or Word, its chart shows under it. The counts are `coder.compare.crosstabs`'
(`casecoder crosstab`, `--cell` for the runs)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from coder.coding.run_spec import RunSpec
from coder.compare.crosstabs import FIXED, crosstab
from coder.store.words import plural

from ..style import blend, readable_on
from ..style import color as theme_color
from ..widgets.multi_choice import MultiChoice
from .chart_pane import ChartPane
from .compare_tools import export_table, labelled, lay_out, save_chart, split, tool_buttons
from .scope_box import ScopeBar

SHOW = (("passages", "Passages"), ("sources", "Sources of the column's"), ("row", "Row %"), ("col", "Column %"))


class CrosstabPanel(QWidget):
    cell_opened = Signal(object, str)  # a RunSpec: the cells' data run; what the run says of itself

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.table = None
        self.rows = QComboBox()
        for key, label in (("codes", "Codes"), ("sections", "Outline sections"), ("themes", "Themes")):
            self.rows.addItem(label, key)
        self.cols = QComboBox()
        self.within = QComboBox()
        self.scope = ScopeBar()
        self.show_as = QComboBox()
        for key, label in SHOW:
            self.show_as.addItem(label, key)
        self.descendants = QCheckBox("with sub-codes")
        self.descendants.setChecked(True)
        self.items = MultiChoice("Only these rows (none ticked: the top-level codes, or every section or theme)",
                                 nothing="top-level codes", everything="all {n}")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QTableWidget.NoEditTriggers)
        self.grid.setAccessibleName("Crosstab")
        self.grid.setAccessibleDescription("Rows by the chosen attribute; double-click a cell for its data run")
        self.grid.cellDoubleClicked.connect(lambda row, column: self.open_cells([(row, column)]))
        opening = QAction("Data run of the selected crosstab cells", self.grid)  # listed in Help > Shortcuts
        opening.setShortcuts([QKeySequence(Qt.Key_Return), QKeySequence(Qt.Key_Enter)])
        opening.setShortcutContext(Qt.WidgetShortcut)
        opening.triggered.connect(self.open_selection)
        self.grid.addAction(opening)
        selection = QPushButton("Run of selection")
        selection.setToolTip("One data run of every cell selected (Ctrl- or Shift-click cells; Return does it too)")
        selection.clicked.connect(self.open_selection)
        self.chart = ChartPane(lambda table, path: self._draw(table, path), "Crosstab chart")
        buttons = tool_buttons(self, self.chart, self.export, self.save_chart, "table's bars")
        head, second = QHBoxLayout(), QHBoxLayout()  # two short rows: the workspace fits a laptop
        for row, text, widget in ((head, "&Rows", self.rows), (head, "&Columns", self.cols),
                                  (head, "&within", self.within), (second, "Sho&w", self.show_as)):
            labelled(row, text, widget)
            widget.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(10)
        head.addWidget(self.scope)
        head.addStretch(1)
        labelled(second, "o&f", self.items)
        second.addWidget(self.descendants)
        second.addStretch(1)
        second.addWidget(selection)
        self.stacked = QCheckBox("stac&ked")
        self.stacked.setChecked(True)
        self.stacked.setToolTip("The chart's bars: one per row, its columns stacked (unticked: side by side)")
        self.stacked.toggled.connect(lambda _on: self.chart.redraw(again=True))
        second.addWidget(buttons[0])
        second.addWidget(self.stacked)
        for button in buttons[1:]:
            second.addWidget(button)
        lay_out(self, [head, second], self.summary,
                split(Qt.Vertical, "crosstabSplit", [self.grid, self.chart], [300, 300]))
        for box in (self.cols, self.within, self.show_as):
            box.currentIndexChanged.connect(lambda _i: self.recount())
        self.scope.changed.connect(self.recount)
        self.descendants.toggled.connect(lambda _on: self.recount())
        self.items.changed.connect(self.recount)
        self.rows.currentIndexChanged.connect(lambda _i: self._offer_items())
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
            self.scope.fill(study)
            self._offer_items(recount=False)
        finally:
            self._filling = False
        self.recount()

    def _offer_items(self, recount: bool = True) -> None:
        """The rows to choose from: the codes (by their place in the tree), sections or themes."""
        study = self.session.study
        kind = self.rows.currentData()
        if kind == "codes":
            choices = [(("   " * c.path.count("/")) + c.name, c.id, c.name) for c in study.codes.all()]
        elif kind == "sections":
            choices = [(s.path, s.id) for s in study.sections.all()]
        else:
            choices = [(t.path, t.id) for t in study.cross_outline.items() if t.kind == "theme"]
        self.items.nothing = "top-level codes" if kind == "codes" else f"every {kind[:-1]}"
        self.items.blockSignals(True)
        self.items.set_choices(choices, keep=getattr(self, "_items_kind", kind) == kind)
        self.items.blockSignals(False)
        self._items_kind = kind
        if recount:
            self.recount()

    def by(self) -> list[str]:
        return [b for b in (self.within.currentData(), self.cols.currentData()) if b]

    def spec(self) -> RunSpec:
        return self.scope.spec()

    # ------------------------------------------------------------------ the table
    def recount(self) -> None:
        if self._filling or not self.cols.count():
            return
        study = self.session.study
        rows = self.rows.currentData()
        items = self.items.values() or None
        if rows == "codes" and items is None:
            items = [c.id for c in study.codes.all() if not c.parent_id]
        self.table = crosstab(study, self.by(), rows=rows, items=items, descendants=self.descendants.isChecked(),
                              scope=self.spec())
        self._fill()
        self.chart.set_table(self.table)

    def _fill(self) -> None:
        table, show = self.table, self.show_as.currentData()
        self.grid.clear()
        self.grid.setRowCount(len(table.rows))
        self.grid.setColumnCount(len(table.cols))
        self.grid.setHorizontalHeaderLabels([f"{c}\n({plural(table.sources_in_col.get(c, 0), 'source')})"
                                             for c in table.cols])
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
                             f"<b>{' within '.join(reversed(table.by))}</b> in {table.scope_sources} sources "
                             f"of {self.scope.summary()}: passages once however many coders coded them; a "
                             "district's own sources are its district office. Double-click a cell for its data "
                             "run; select several and press Return for one run of them all.")

    def open_selection(self) -> None:
        cells = sorted({(i.row(), i.column()) for i in self.grid.selectedIndexes()})
        if not cells and self.grid.currentIndex().isValid():
            cells = [(self.grid.currentRow(), self.grid.currentColumn())]
        self.open_cells(cells)

    def open_cells(self, cells: list[tuple[int, int]]) -> None:
        """The data run of these cells (row, column on screen): `coder.compare.cells.cells_run`."""
        from coder.compare.cells import cells_run
        from coder.store.errors import CaseCoderError

        if self.table is None or not cells:
            self.session.notify("Select one or more cells first (click, then Ctrl- or Shift-click more).")
            return
        chosen = [(self.table.rows[r][0], self.table.cols[c]) for r, c in cells]
        try:
            run = cells_run(self.session.study, self.table, chosen, rows=self.rows.currentData(),
                            descendants=self.descendants.isChecked(), scope=self.spec())
        except CaseCoderError as exc:
            self.session.notify(str(exc))
            return
        if not run.spec.codes:
            self.session.notify("No code is linked to that row: there is no data run to open.")
            return
        note = ("; ".join(run.notes) + ".") if run.notes else ""
        self.cell_opened.emit(run.spec, note[:1].upper() + note[1:])

    def _draw(self, table, path):
        from coder.reports.charts import crosstab_chart

        return crosstab_chart(table, path, stacked=self.stacked.isChecked())

    def save_chart(self) -> str | None:
        """The table as bars, to a picture for a report."""
        return save_chart(self, self.table, "crosstab", self._draw)

    def export(self) -> str | None:
        from coder.reports.crosstab import write_crosstab_csv, write_crosstab_docx, write_crosstab_xlsx

        if self.table is None:
            return None
        from coder.coding.run_spec import describe_text

        table, scope, stacked = self.table, self.spec(), self.stacked.isChecked()
        about = describe_text(self.session.study, scope)
        return export_table(self, self.session, "Export the crosstab", "crosstab", {
            "xlsx": lambda _study, path, _o: write_crosstab_xlsx(table, path, about),
            "csv": lambda _study, path, _o: write_crosstab_csv(table, path, about),
            "docx": lambda study, path, options: write_crosstab_docx(study, table, path, scope=scope, stacked=stacked,
                                                                     options=options)})
