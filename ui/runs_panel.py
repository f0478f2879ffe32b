"""The data-run panel: pick codes and filters, see the coded segments with citations; double-click
jumps to the passage; save the run, re-run saved ones, export to Word, Excel or CSV (in a worker)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coder.errors import CaseCoderError
from coder.runs import RunSpec

from .models.segments import SegmentsModel

ANY = "(any)"


def _combo(tip: str) -> QComboBox:
    box = QComboBox()
    box.setToolTip(tip)
    box.setMinimumContentsLength(10)
    box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
    return box


class SegmentTable(QTableView):
    """A results table shared by data runs and search."""

    segment_activated = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.segments = SegmentsModel(self)
        self.setModel(self.segments)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        for column, width in enumerate((135, 115, 90, 90, 38, 120, 68)):
            self.setColumnWidth(column, width)
        self.doubleClicked.connect(lambda index: self.segment_activated.emit(self.segments.segment(index.row())))

    def chosen(self):
        """The segment of the current row, or None."""
        index = self.currentIndex()
        return self.segments.segment(index.row()) if index.isValid() else None


class RunsPanel(QWidget):
    segment_activated = Signal(object)

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.code_filter = QLineEdit(placeholderText="Filter codes")
        self.code_filter.setClearButtonEnabled(True)
        self.code_filter.textChanged.connect(self._filter_codes)
        self.codes = QListWidget()
        self.codes.setToolTip("Tick the codes to retrieve")
        self.op = _combo("OR: any ticked code; AND: passages of the first ticked code that meet every other")
        self.op.addItems(["OR", "AND (overlap)", "AND (same turn)"])
        self.not_code = _combo("Leave out passages that meet a coding of this code")
        self.descendants = QCheckBox("with sub-codes")
        self.descendants.setChecked(True)
        self.district, self.site = _combo("Only this district"), _combo("Only this site")
        self.role, self.wave = _combo("Only this respondent role"), _combo("Only this wave")
        self.type, self.coder = _combo("Only this source type"), _combo("Only this coder's codings")
        self.source_set = _combo("Only the sources of this set (sets come with REFI-QDA projects)")
        self.saved = _combo("Saved data runs")
        self.saved.activated.connect(self._load_saved)
        run = QPushButton("Run")
        run.setToolTip("Retrieve the coded segments")
        run.setDefault(True)
        run.clicked.connect(self.run)
        save = QPushButton("Save…")
        save.setToolTip("Save this data run under a name to re-run later")
        save.clicked.connect(self.save)
        export = QPushButton("Export…")
        export.setToolTip("Write the segments with their citations to Word (grouped by site and source), "
                          "Excel or CSV (one row per segment with every case and source attribute)")
        export.clicked.connect(self.export)
        self.summary = QLabel("")
        self.table = SegmentTable()
        self.table.segment_activated.connect(self.segment_activated)

        left = QVBoxLayout()
        left.addWidget(self.code_filter)
        left.addWidget(self.codes, 1)
        form = QFormLayout()
        form.setVerticalSpacing(2)
        form.addRow("Combine", self.op)
        form.addRow("Not", self.not_code)
        form.addRow("", self.descendants)
        form.addRow("District", self.district)
        form.addRow("Site", self.site)
        form.addRow("Role", self.role)
        form.addRow("Wave", self.wave)
        form.addRow("Type", self.type)
        form.addRow("Coder", self.coder)
        form.addRow("Set", self.source_set)
        self.form = form
        buttons = QHBoxLayout()
        buttons.addWidget(run)
        buttons.addWidget(save)
        buttons.addWidget(export)
        right = QVBoxLayout()
        head = QHBoxLayout()
        head.addWidget(self.summary, 1)
        head.addWidget(QLabel("Saved:"))
        head.addWidget(self.saved)
        right.addLayout(head)
        right.addWidget(self.table, 1)
        middle = QVBoxLayout()
        middle.addLayout(form)
        middle.addLayout(buttons)
        middle.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        left_w, mid_w = QWidget(), QWidget()
        left_w.setLayout(left)
        mid_w.setLayout(middle)
        left_w.setFixedWidth(260)
        mid_w.setFixedWidth(250)
        layout.addWidget(left_w)
        layout.addWidget(mid_w)
        layout.addLayout(right, 1)

    # ------------------------------------------------------------------ filling
    def refresh_choices(self) -> None:
        """Reload codes, places, roles, coders and saved runs from the study."""
        study = self.session.study
        ticked = set(self.ticked_codes())
        self.codes.clear()
        for code in study.codes.all():
            item = QListWidgetItem(("   " * code.path.count("/")) + code.name)
            item.setData(Qt.UserRole, code.id)
            item.setToolTip(code.path)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if code.id in ticked else Qt.Unchecked)
            self.codes.addItem(item)
        self._fill(self.not_code, [(c.path, c.id) for c in study.codes.all()])
        cases = study.cases.all()
        self._fill(self.district, [(c.name, c.id) for c in cases if c.kind == "district"])
        self._fill(self.site, [(c.path, c.id) for c in cases if c.kind == "site"])
        self._fill(self.role, [(r, r) for r in study.sources.roles()])
        self._fill(self.wave, [(str(w), w) for w in study.sources.waves()])
        self._fill(self.type, [(t, t) for t in ("interview", "observation", "artifact")])
        self._fill(self.coder, [(c, c) for c in study.codings.coders()])
        source_sets = [(s.name, s.id) for s in study.sets.all() if s.members.get("source")]
        self._fill(self.source_set, source_sets)
        self.form.setRowVisible(self.source_set, bool(source_sets))  # most studies have none: keep the room
        self._fill(self.saved, [(q.name, q.id) for q in study.queries.all() if q.kind == "run"])
        self._filter_codes(self.code_filter.text())

    def refresh_coders(self) -> None:
        """Only the coder list can change when codings change."""
        coders = self.session.study.codings.coders()
        if coders != [self.coder.itemData(i) for i in range(1, self.coder.count())]:
            self._fill(self.coder, [(c, c) for c in coders])

    @staticmethod
    def _fill(box: QComboBox, items: list[tuple[str, object]]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(ANY, None)
        for label, value in items:
            box.addItem(label, value)
        box.setCurrentIndex(max(0, box.findData(current)) if current is not None else 0)
        box.blockSignals(False)

    def _filter_codes(self, text: str) -> None:
        for row in range(self.codes.count()):
            item = self.codes.item(row)
            item.setHidden(bool(text) and text.lower() not in item.toolTip().lower())

    def ticked_codes(self) -> list[str]:
        return [self.codes.item(r).data(Qt.UserRole) for r in range(self.codes.count())
                if self.codes.item(r).checkState() == Qt.Checked]

    def set_codes(self, code_ids: list[str]) -> None:
        for row in range(self.codes.count()):
            item = self.codes.item(row)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in code_ids else Qt.Unchecked)

    def set_site(self, case_id: str | None) -> None:
        """Restrict the run to one site (or district) case, clearing the other place filters."""
        self.district.setCurrentIndex(max(0, self.district.findData(case_id)) if case_id else 0)
        self.site.setCurrentIndex(max(0, self.site.findData(case_id)) if case_id else 0)

    # ------------------------------------------------------------------ running
    def spec(self) -> RunSpec:
        op = ("or", "overlap") if self.op.currentIndex() == 0 else (
            "and", "overlap" if self.op.currentIndex() == 1 else "turn")

        def one(box):
            value = box.currentData()
            return [value] if value is not None else []

        return RunSpec(codes=self.ticked_codes(), op=op[0], and_scope=op[1], not_codes=one(self.not_code),
                       descendants=self.descendants.isChecked(), districts=one(self.district), sites=one(self.site),
                       roles=one(self.role), waves=one(self.wave), types=one(self.type),
                       coders=[self.blind_coder] if getattr(self, "blind_coder", None) else one(self.coder),
                       sources=self._set_sources())

    def _set_sources(self) -> list[str]:
        set_id = self.source_set.currentData()
        return list(self.session.study.sets.find(set_id).members.get("source", ())) if set_id else []

    def run(self) -> None:
        spec = self.spec()
        if not spec.codes:
            self.summary.setText("Tick at least one code.")
            return
        try:
            segments = self.session.study.runs.run(spec)
        except CaseCoderError as exc:
            self.session.report_error(str(exc))
            return
        self.show_segments(segments)

    def show_segments(self, segments) -> None:
        self.table.segments.set_segments(segments)
        sources = len({s.source for s in segments})
        sites = len({s.site or s.district for s in segments})
        self.summary.setText(f"<b>{len(segments)}</b> segments from {sources} sources at {sites} sites")

    def save(self) -> None:
        name, ok = QInputDialog.getText(self, "Save data run", "Name:")
        if ok and name.strip():
            self.session.run_op(self.session.study.queries.save_query, name=name, kind="run",
                                spec=self.spec().to_dict())

    def _load_saved(self) -> None:
        query_id = self.saved.currentData()
        if not query_id:
            return
        query = self.session.study.queries.find(query_id)
        spec = RunSpec.from_dict(query.spec)
        self.set_codes(spec.codes)
        self.descendants.setChecked(spec.descendants)
        self.op.setCurrentIndex(0 if spec.op == "or" else (1 if spec.and_scope == "overlap" else 2))
        for box, values in ((self.not_code, spec.not_codes), (self.district, spec.districts),
                            (self.site, spec.sites), (self.role, spec.roles), (self.wave, spec.waves),
                            (self.type, spec.types), (self.coder, spec.coders)):
            box.setCurrentIndex(max(0, box.findData(values[0])) if values else 0)
        self.run()

    def export(self):
        from .exports import export_segments

        return export_segments(self, self.session, self.table.segments.segments, "Data run")
