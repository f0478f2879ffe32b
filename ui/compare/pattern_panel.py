"""Pattern tables in the window: sites (grouped by district, in any case-attribute order) down,
codes, outline sections or themes across — any of them, ticked in a drop-down list. Two views of
one table: a counts heat map (coded segments shaded, sources and roles in the tooltip) and a text
matrix (each cell's summary and pinned quotations). A totals row gives "n of N sites".

The row headers are the frozen first column: each district's name heads its band and each site's
name its row, so they stay in view however far the table is scrolled sideways. Named tables are
saved with their columns, filters and the notes written in their cells; the chosen cell is worked
on in the pane below the grid, behind a splitter whose place is remembered; export to Word, Excel
or CSV runs in a worker.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from coder.crosssite.pattern_tables import (
    build_table,
    column_choices,
    delete_table,
    normalized_spec,
    save_table,
    saved_names,
    saved_spec,
)
from coder.store.errors import CaseCoderError
from coder.store.words import plural

from ..widgets.multi_choice import MultiChoice
from ..widgets.tool_row import tool_row
from .pattern_cell import CellPane
from .pattern_grid import fill_grid

UNSAVED = "(unsaved table)"
SPLIT_KEY = "patterns/pane_height"  # QSettings: the cell pane's height where the user left the splitter
GRID_SHARE = (0.45, 0.62)  # of the height, by default: the grid gets what its rows need within this


class PatternPanel(QWidget):
    cell_opened = Signal(str, str, str)  # column kind, column key, site id
    passage_opened = Signal(str, int, int)

    def __init__(self, session, settings: QSettings | None = None, parent=None) -> None:
        """`settings`: where the splitter's place is remembered (none: not remembered)."""
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.pane_height: int | None = None  # where the user put the splitter (dragged, or remembered)
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
        self.cols.setToolTip("What the columns are: codes, sections of the case outline, or cross-site themes")
        for label, kind in (("Codes", "codes"), ("Outline sections", "sections"), ("Themes", "themes")):
            self.cols.addItem(label, kind)
        self.columns = MultiChoice("The columns of the table: tick any of them", nothing="(none)",
                                   everything="all {n} codes")
        self.descendants = QCheckBox("with sub-codes")
        self.descendants.setChecked(True)
        self.order = QComboBox()
        self.order.setToolTip("Order the sites within each district by a case attribute")
        self.order.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.filters = {key: MultiChoice(f"Count only sources of these {key}s (any of them)", nothing=f"any {key}")
                        for key in ("wave", "role", "type")}
        for box in self.filters.values():
            box.setMinimumContentsLength(10)
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
        column_items = [QLabel("Columns"), self.cols, self.columns, self.descendants, None]
        filter_items = [QLabel("Sites"), self.order, QLabel("Only"), *self.filters.values(), None]
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QTableWidget.NoEditTriggers)
        self.grid.setHorizontalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.grid.cellDoubleClicked.connect(self._open_cell)
        self.grid.currentCellChanged.connect(lambda row, column, *_: self._show_cell(row, column))
        self.pane = CellPane(session, self._ensure_saved)
        self.pane.passage_opened.connect(self.passage_opened)
        self.pane.run_requested.connect(lambda: self._open_cell(self.grid.currentRow(), self.grid.currentColumn()))
        self.split = QSplitter(Qt.Vertical)
        self.split.setObjectName("patternSplit")  # its place kept by this panel (restore_split)
        self.split.addWidget(self.grid)
        self.split.addWidget(self.pane)
        self.split.setChildrenCollapsible(False)
        self.split.setHandleWidth(7)
        self.split.setStretchFactor(0, 1)
        self.split.splitterMoved.connect(self._split_moved)
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        layout.addWidget(tool_row(*top_items))
        layout.addWidget(tool_row(*column_items))
        layout.addWidget(tool_row(*filter_items))
        layout.addWidget(self.split, 1)
        self.cols.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.order.currentIndexChanged.connect(lambda _i: self._spec_changed())
        for box in (self.columns, *self.filters.values()):
            box.changed.connect(self._spec_changed)
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
        for key, values in (("wave", study.sources.waves()), ("role", study.sources.roles()),
                            ("type", ["interview", "observation", "artifact"])):
            box = self.filters[key]
            box.blockSignals(True)
            box.set_choices([(str(v), v) for v in values])
            box.blockSignals(False)
        self._fill_columns()
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

    def _fill_columns(self, items: list[str] | None | bool = False) -> None:
        """Offer the columns of the chosen kind; tick `items` (None: every one), or by default
        keep what is ticked — every column, new ones too, when every one was."""
        kind = self.cols.currentData()
        offered = self.columns.choice_values()
        if items is False:
            ticked = self.columns.values()
            items = None if not offered or len(ticked) == len(offered) else ticked
        self.columns.everything = f"all {{n}} {kind}"
        self.columns.blockSignals(True)
        self.columns.set_choices([(("   " * label.count("/") if kind == "codes" else "") + label.rsplit("/", 1)[-1],
                                   key, label.rsplit("/", 1)[-1]) for key, label in column_choices(self.study, kind)],
                                 keep=False)
        self.columns.set_values(self.columns.choice_values() if items is None else items)
        self.columns.blockSignals(False)

    def spec(self) -> dict:
        """The table the controls describe; `items` None when every column is ticked."""
        offered, ticked = self.columns.choice_values(), self.columns.values()
        return {"cols": self.cols.currentData(), "items": None if len(ticked) == len(offered) else ticked,
                "descendants": self.descendants.isChecked(), "waves": self.filters["wave"].values(),
                "roles": self.filters["role"].values(), "types": self.filters["type"].values(),
                "order_by": self.order.currentData()}

    def _mark_changed(self) -> None:
        differs = False
        if self.name is not None:
            differs = normalized_spec(self.study, saved_spec(self.study, self.name))[0] != self.spec()
        self.changed.setText("<i>changed — Save to keep</i>" if differs else "")

    def _kind_changed(self) -> None:
        self._fill_columns(None)  # a new kind: all of its columns, to start from
        self._spec_changed()

    def _spec_changed(self) -> None:
        self._mark_changed()
        self.recount()

    # ------------------------------------------------------------------ counting and showing
    def recount(self) -> None:
        try:
            self.table = build_table(self.study, **self.spec())
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
        grid.blockSignals(True)
        self.layout_rows = fill_grid(grid, table, self.notes, self.view.currentData() == "text")
        if 0 <= row_at < grid.rowCount() and 0 <= column_at < grid.columnCount():
            grid.setCurrentCell(row_at, column_at)
        grid.blockSignals(False)
        self._show_cell(grid.currentRow(), grid.currentColumn())
        self._place_split()

    def site_at(self, row: int) -> int | None:
        """The index into table.rows of a grid row (None for a district band or the totals)."""
        if self.table is None or not (0 <= row < len(self.layout_rows)):
            return None
        entry = self.layout_rows[row]
        return None if isinstance(entry, str) else entry

    def row_of(self, site_id: str) -> int:
        return next(r for r, e in enumerate(self.layout_rows)
                    if not isinstance(e, str) and self.table.rows[e][1] == site_id)

    def _show_cell(self, row: int, column: int) -> None:
        table, at = self.table, self.site_at(row)
        if at is None or not (0 <= column < len(table.columns)):
            self.pane.clear()
            if not table.columns:
                self.pane.title.setText("No columns: tick some in the Columns list above.")
            return
        _district, site, site_name = table.rows[at]
        key, label = table.columns[column]
        cell = table.cell(site, key)
        counts = (f"{cell.counted()} from {plural(len(cell.sources), 'source')}, {plural(len(cell.roles), 'role')} "
                  f"({', '.join(sorted(cell.roles)) or 'none'})")
        self.pane.show_cell(self.name, self.spec(), site, key, f"{site_name} × {label}", counts)

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
        elif self.session.run_op(lambda: save_table(self.study, self.name, self.spec())):
            self._fill_saved()

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
        spec, missing = normalized_spec(self.study, saved_spec(self.study, name))
        for widget in (self.cols, self.order, *self.filters.values(), self.descendants):
            widget.blockSignals(True)
        self.cols.setCurrentIndex(max(0, self.cols.findData(spec["cols"])))
        self._fill_columns(spec["items"])
        self.descendants.setChecked(spec["descendants"])
        self.order.setCurrentIndex(max(0, self.order.findData(spec["order_by"])))
        for key, values in (("wave", spec["waves"]), ("role", spec["roles"]), ("type", spec["types"])):
            self.filters[key].set_values(values)
        for widget in (self.cols, self.order, *self.filters.values(), self.descendants):
            widget.blockSignals(False)
        if missing:
            self.session.notify(f"“{name}”: {len(missing)} of its columns no longer exist; Save keeps it without them.")
        self._mark_changed()
        self.recount()

    # ------------------------------------------------------------------ the splitter
    def restore_split(self) -> None:
        """Give the cell pane the height the user last gave it (in pixels, so a window of
        another height keeps the pane as it was and the grid takes the difference)."""
        value = self.settings.value(SPLIT_KEY) if self.settings is not None else None
        try:
            self.pane_height = int(value) if value is not None else None
        except (TypeError, ValueError):  # a settings file edited by hand: the default place
            self.pane_height = None
        self._place_split()

    def _split_moved(self, *_args) -> None:
        self.pane_height = self.split.sizes()[1]
        if self.settings is not None:
            self.settings.setValue(SPLIT_KEY, self.pane_height)

    def _place_split(self) -> None:
        """Where the user put it, or by default: the grid gets what its rows need, within
        GRID_SHARE of the height, and the cell pane the rest (at 1366×768 both stay readable)."""
        height = self.split.height() - self.split.handleWidth()
        if height <= 0:
            return
        if self.pane_height is not None:
            pane = max(self.pane.minimumSizeHint().height(),
                       min(self.pane_height, height - self.grid.minimumSizeHint().height()))
            self.split.setSizes([height - pane, pane])
            return
        grid = self.grid
        rows = sum(grid.rowHeight(r) for r in range(grid.rowCount()))
        want = rows + grid.horizontalHeader().height() + grid.horizontalScrollBar().sizeHint().height() + \
            2 * grid.frameWidth() + 2
        low, high = (int(height * share) for share in GRID_SHARE)
        top = max(low, min(high, want), grid.minimumSizeHint().height())
        top = min(top, height - self.pane.minimumSizeHint().height())
        self.split.setSizes([top, height - top])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_split()

    # ------------------------------------------------------------------ export
    def export(self):
        from coder.reports.pattern import export_table

        from ..dialogs.word_settings import word_options
        from ..widgets.exports import ask_path, export_in_background

        if self.table is None:
            return None
        chosen = ask_path(self, "Export the table", self.name or "Pattern table", ("docx", "xlsx", "csv"))
        if chosen is None:
            return None
        out, kind = chosen
        spec, name, view, options = self.spec(), self.name, self.view.currentData(), word_options()

        def job(study, _progress, _token):
            return export_table(study, build_table(study, **spec), out, kind, name=name, view=view, spec=spec,
                                options=options)

        return export_in_background(self, self.session, "Writing the pattern table…", job)
