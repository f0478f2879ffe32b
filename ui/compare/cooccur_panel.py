"""The Compare workspace's code co-occurrence: codes down and across, each cell the passages of
the row's code that meet a coding of the column's (overlapping, in the same turn, in the same
source, or within N characters), or the pair's c-coefficient, inside any data run's scope; a cell
opens the AND data run that counts the same passages. The network of codes shows under the
table; the table goes to Excel, CSV or Word. The counts are `coder.compare.cooccurrence`'s
(`casecoder cooccur`)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from coder.compare.cooccurrence import cooccurrence

from ..style import blend, readable_on
from ..style import color as theme_color
from ..widgets.multi_choice import MultiChoice
from .chart_pane import ChartPane
from .compare_tools import export_table, labelled, lay_out, save_chart, split, tool_buttons
from .scope_box import ScopeBar

MEETS = (("overlap", "overlapping"), ("turn", "in the same turn"), ("source", "in the same source"))


class CooccurPanel(QWidget):
    cell_opened = Signal(object, str)  # a RunSpec: the data run counting the cell's passages; a note

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.table = None
        self.meets = QComboBox()
        for key, label in MEETS:
            self.meets.addItem(label, key)
        self.within = QSpinBox()
        self.within.setRange(0, 5000)
        self.within.setSingleStep(50)
        self.within.setSuffix(" characters")
        self.within.setSpecialValueText("(no distance)")
        self.within.setToolTip("With overlapping: codings at most this far apart meet too")
        self.scope = ScopeBar()
        self.show_as = QComboBox()
        self.show_as.addItem("Passages", "count")
        self.show_as.addItem("c-coefficient", "c")
        self.descendants = QCheckBox("with sub-codes")
        self.items = MultiChoice("Only these codes, down and across (none ticked: every code)", nothing="every code",
                                 everything="all {n} codes")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QTableWidget.NoEditTriggers)
        self.grid.setAccessibleName("Code co-occurrence")
        self.grid.setAccessibleDescription("Passages of the row's code meeting the column's; double-click for the run")
        self.grid.cellDoubleClicked.connect(self._open)
        from coder.reports.charts import network_chart

        self.chart = ChartPane(network_chart, "Network of codes")
        buttons = tool_buttons(self, self.chart, self.export, self.save_chart, "network of codes")
        head, second = QHBoxLayout(), QHBoxLayout()  # two short rows: the workspace fits a laptop
        for row, text, widget in ((head, "&Meeting", self.meets), (head, "or within", self.within),
                                  (second, "Sho&w", self.show_as)):
            labelled(row, text, widget)
        head.addWidget(self.scope)
        head.addStretch(1)
        second.addWidget(self.descendants)
        labelled(second, "Co&des", self.items)
        second.addStretch(1)
        for button in buttons:
            second.addWidget(button)
        lay_out(self, [head, second], self.summary,
                split(Qt.Vertical, "cooccurSplit", [self.grid, self.chart], [300, 400]))
        for box in (self.meets, self.show_as):
            box.currentIndexChanged.connect(lambda _i: self.recount())
        self.scope.changed.connect(self.recount)
        self.within.editingFinished.connect(self.recount)
        self.descendants.toggled.connect(lambda _on: self.recount())
        self.items.changed.connect(self.recount)

    def save_chart(self) -> str | None:
        from coder.reports.charts import network_chart

        return save_chart(self, self.table, "co-occurrence", network_chart)

    def export(self) -> str | None:
        from coder.reports.cooccurrence import (
            write_cooccurrence_csv,
            write_cooccurrence_docx,
            write_cooccurrence_xlsx,
        )

        if self.table is None:
            return None
        table, filters = self.table, self.scope.spec()
        return export_table(self, self.session, "Export the co-occurrence table", "co-occurrence", {
            "xlsx": lambda _study, path, _o: write_cooccurrence_xlsx(table, path),
            "csv": lambda _study, path, _o: write_cooccurrence_csv(table, path),
            "docx": lambda study, path, options: write_cooccurrence_docx(study, table, path, filters=filters,
                                                                         options=options)})

    def refresh(self) -> None:
        study = self.session.study
        self.scope.fill(study)
        self.items.blockSignals(True)
        self.items.set_choices([(("   " * c.path.count("/")) + c.name, c.id, c.name) for c in study.codes.all()])
        self.items.blockSignals(False)
        self.recount()

    def recount(self) -> None:
        study = self.session.study
        meets = self.meets.currentData()
        self.within.setEnabled(meets == "overlap")
        items = self.items.values() or None
        within = self.within.value() if meets == "overlap" and self.within.value() else None
        self.table = cooccurrence(study, items=items, descendants=self.descendants.isChecked(), scope=meets,
                                  within=within, filters=self.scope.spec())
        self._fill()
        self.chart.set_table(self.table)

    def _fill(self) -> None:
        table, show = self.table, self.show_as.currentData()
        codes = table.codes
        self.grid.clear()
        self.grid.setRowCount(len(codes))
        self.grid.setColumnCount(len(codes))
        labels = [path.rsplit("/", 1)[-1] for _k, path in codes]
        self.grid.setHorizontalHeaderLabels(labels)
        self.grid.setVerticalHeaderLabels([f"{label} ({table.passages.get(k, 0)})" for (k, _p), label
                                           in zip(codes, labels, strict=True)])
        peak = max(table.meets.values(), default=0) or 1
        page = theme_color("base")
        for r, (a, path_a) in enumerate(codes):
            for c, (b, path_b) in enumerate(codes):
                if a == b:
                    item = QTableWidgetItem("")
                    item.setFlags(Qt.NoItemFlags)
                else:
                    n = table.count(a, b)
                    text = (f"{table.c_coefficient(a, b):.2f}" if show == "c" else str(n)) if n else ""
                    item = QTableWidgetItem(text)
                    item.setToolTip(f"{n} passages of {path_a} meet {path_b} (c = {table.c_coefficient(a, b):.2f}); "
                                    "double-click for the data run")
                    if n:
                        shade = blend(QColor("#7a4f9f"), page, 0.12 + 0.6 * n / peak)
                        item.setBackground(QBrush(shade))
                        item.setForeground(QBrush(readable_on(shade)))
                item.setTextAlignment(Qt.AlignCenter)
                self.grid.setItem(r, c, item)
        self.grid.resizeColumnsToContents()
        how = dict(MEETS)[table.scope] + (f" or within {table.within} characters" if table.within else "")
        self.summary.setText(f"Passages of the row's code that meet a coding of the column's code, {how}, in "
                             f"{self.scope.summary()}; the row's own passages in brackets. Double-click a cell "
                             "for its data run.")

    def _open(self, row: int, column: int) -> None:
        """The data run counting the cell's passages (`coder.compare.cells.cooccurrence_run`)."""
        from coder.compare.cells import cooccurrence_run
        from coder.store.errors import CaseCoderError

        if self.table is None or row == column:
            return
        try:
            run = cooccurrence_run(self.session.study, self.table.codes[row][0], self.table.codes[column][0],
                                   scope=self.table.scope, within=self.table.within,
                                   descendants=self.descendants.isChecked(), filters=self.scope.spec())
        except CaseCoderError as exc:
            self.session.notify(str(exc))
            return
        self.cell_opened.emit(run.spec, "; ".join(run.notes) + ("." if run.notes else ""))
