"""The data-run panel: pick codes and filters, see the coded segments with citations; double-click
jumps to the passage; save the run, re-run saved ones, export to Word, Excel or CSV (in a worker).

Every filter is a drop-down list of checkable values (ui/multi_choice.py): several roles, waves,
sites, attribute values ... at once. The filters sit two to a row in a column that scrolls when
the bottom panel is low, so the panel never makes the window taller than a 1366×768 screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coder.coding.lazy_segments import LazySegments
from coder.coding.run_spec import NO_SPEAKER, RunSpec, describe
from coder.store.errors import CaseCoderError

from ..models.segments import SegmentsModel
from ..widgets.eliding import text_width
from ..widgets.multi_choice import MultiChoice

ANY = "(any)"
CHOSEN = "(chosen sources)"  # the Set list's entry for sources a crosstab cell chose


def _combo(tip: str) -> QComboBox:
    box = QComboBox()
    box.setToolTip(tip)
    box.setMinimumContentsLength(7)  # a laptop's retrieval panel: longer names elide, the list shows them whole
    box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
    return box


class WordsFirst(QStyledItemDelegate):
    """A passage's words cut at their end (names elsewhere lose their middle): the reader
    reads a passage from its start; the whole of it is in the tooltip."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        option.textElideMode = Qt.ElideRight


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
        samples = ("alder_principal_w1", "Alder Street Elem", "Principal Varga", "principal", "Wave",
                   "Instructional focus", "lindqvist")  # widths from the font: they follow the screen's scaling
        for column, sample in enumerate(samples):
            self.setColumnWidth(column, text_width(self, sample))
        self.setItemDelegateForColumn(self.segments.columnCount() - 1, WordsFirst(self))
        self.doubleClicked.connect(lambda index: self.segment_activated.emit(self.segments.segment(index.row())))

    def text_first(self) -> None:
        """Show the segment's words right after its source (a narrow panel beside a memo): the
        other columns follow, the last stretching."""
        text = self.segments.columnCount() - 1
        header = self.horizontalHeader()
        header.moveSection(header.visualIndex(text), 1)
        self.setColumnWidth(text, text_width(self, "x" * 30))  # with the source, within a side panel

    def hits_only(self) -> None:
        """Search hits, which are no codings: no Code or Coder column, the words last and
        stretching to the panel's edge."""
        from ..models.segments import COLUMNS

        for name in ("Code", "Coder"):
            self.setColumnHidden(COLUMNS.index(name), True)

    def chosen(self):
        """The segment of the current row, or None."""
        index = self.currentIndex()
        return self.segments.segment(index.row()) if index.isValid() else None


class RunsPanel(QWidget):
    segment_activated = Signal(object)

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.blind_coder: str | None = None
        self.chosen_sources: list[str] = []
        self.last_spec: RunSpec | None = None  # what the segments shown were retrieved with
        self.code_filter = QLineEdit(placeholderText="Filter codes")
        self.code_filter.setClearButtonEnabled(True)
        self.code_filter.textChanged.connect(self._filter_codes)
        self.codes = QListWidget()
        self.codes.setToolTip("Tick the codes to retrieve")
        self.codes.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # long names elide, told whole on hover
        self.op = _combo("OR: any ticked code; AND: passages of the first ticked code that meet every other")
        self.op.addItems(["OR", "AND (overlap)", "AND (same turn)"])
        self.not_code = MultiChoice("Leave out passages that meet a coding of any of these codes", nothing="(none)")
        self.descendants = QCheckBox("with sub-codes")
        self.descendants.setChecked(True)
        self.district = MultiChoice("Only these districts (any of them)")
        self.site = MultiChoice("Only these sites (any of them)")
        self.role = MultiChoice("Only these respondent roles (any of them)")
        self.wave = MultiChoice("Only these waves (any of them)")
        self.type = MultiChoice("Only these source types (any of them)")
        self.coder = MultiChoice("Only these coders' codings (any of them)")
        self.speaker = MultiChoice("Only passages that begin in these speakers' turns (any of them): what the "
                                   "Speaker column says")
        self.attrs = MultiChoice("Only sources whose case or source attributes have these values: any value of one "
                                 "attribute, and every attribute ticked")
        self.source_set = _combo("Only the sources of this set (made in Code > Sets…, or from a REFI-QDA project)")
        self.filters = {"district": self.district, "site": self.site, "role": self.role, "wave": self.wave,
                        "type": self.type, "coder": self.coder, "speaker": self.speaker, "attribute": self.attrs,
                        "not": self.not_code}
        self.saved = _combo("Saved data runs")
        self.saved.activated.connect(self._load_saved)
        run = QPushButton("Run")
        run.setToolTip("Retrieve the coded segments")
        run.setDefault(True)
        run.clicked.connect(lambda: self.run())
        save = QPushButton("Save…")
        save.setToolTip("Save this data run under a name to re-run later")
        save.clicked.connect(self.save)
        export = QPushButton("Export…")
        export.setToolTip("Write the segments with their citations, and what the run asked for, to Word (grouped by "
                          "site and source), Excel or CSV (one row per segment with every case and source attribute)")
        export.clicked.connect(self.export)
        self.run_button = run
        self.summary = QLabel("")
        # wraps rather than widens: a long summary must never push the window past a laptop's screen
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.table = SegmentTable()
        self.table.text_first()
        self.table.segment_activated.connect(self.segment_activated)

        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.code_filter)
        left.addWidget(self.codes, 1)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 4, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(3)
        rows = ((("Combine", self.op), ("Not", self.not_code)), (("District", self.district), ("Site", self.site)),
                (("Role", self.role), ("Wave", self.wave)), (("Type", self.type), ("Coder", self.coder)),
                (("Speaker", self.speaker), ("Attribute", self.attrs)),
                (("Set", self.source_set),))  # alone: room for what is chosen
        self.labels: dict[QWidget, QLabel] = {}
        for row, pairs in enumerate(rows):
            for column, (text, widget) in enumerate(pairs):
                label = QLabel(text)
                label.setBuddy(widget)
                self.labels[widget] = label
                grid.addWidget(label, row, column * 2)
                grid.addWidget(widget, row, column * 2 + 1, 1, 1 if len(pairs) > 1 else 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.descendants)
        buttons.addStretch(1)
        for button in (run, save, export):
            buttons.addWidget(button)
        grid.addLayout(buttons, len(rows), 0, 1, 4)
        grid.setRowStretch(len(rows) + 1, 1)
        filters = QWidget()
        filters.setLayout(grid)
        self.filter_area = QScrollArea()  # scrolls when the panel is lower than the filters
        self.filter_area.setWidget(filters)
        self.filter_area.setWidgetResizable(True)
        self.filter_area.setFrameShape(QFrame.NoFrame)
        self.filter_area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.filter_area.setFixedWidth(filters.sizeHint().width() + self.filter_area.verticalScrollBar().sizeHint()
                                       .width())
        self.filter_area.setMinimumHeight(40)
        right = QVBoxLayout()
        head = QHBoxLayout()
        head.addWidget(self.summary, 1)
        code_all = QPushButton("Code these…")
        code_all.setToolTip("Give every segment of this run (or the rows selected) another code — or take one off — "
                            "as one step")
        code_all.clicked.connect(self.code_these)
        head.addWidget(code_all)
        head.addWidget(QLabel("Saved:"))
        head.addWidget(self.saved)
        right.addLayout(head)
        right.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        left_w = QWidget()
        left_w.setLayout(left)
        left_w.setMinimumWidth(text_width(left_w, "Principal as instructional"))
        left_w.setMaximumWidth(text_width(left_w, "Principal as instructional leader · sub-codes"))
        layout.addWidget(left_w)
        layout.addWidget(self.filter_area)
        layout.addLayout(right, 1)

    # ------------------------------------------------------------------ filling
    def refresh_choices(self) -> None:
        """Reload codes, places, roles, coders, attribute values and saved runs from the study,
        keeping what is ticked where it is still offered."""
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
        self.not_code.set_choices([(c.path, c.id) for c in study.codes.all()])
        cases = study.cases.all()
        self.district.set_choices([(c.name, c.id) for c in cases if c.kind == "district"])
        self.site.set_choices([(c.path, c.id, c.name) for c in cases if c.kind == "site"])
        self.role.set_choices([(r, r) for r in study.sources.roles()])
        self.wave.set_choices([(str(w), w) for w in study.sources.waves()])
        self.type.set_choices([(t, t) for t in ("interview", "observation", "artifact")])
        self.coder.set_choices([(c, c) for c in study.codings.coders()])
        self.speaker.set_choices([(name, speaker_id) for speaker_id, name in study.speakers.names()]
                                 + [("(no speaker: notes, documents, unlabelled text)", NO_SPEAKER)])
        self.attrs.set_choices([(value, (name, value), value, name)
                                for name, values in study.attributes.values_in_use() for value in values])
        source_sets = [(s.name, s.id) for s in study.sets.all() if s.members.get("source")]
        self._fill(self.source_set, source_sets)  # a cell's own sources (set_sources) go with a refill
        for widget in (self.source_set, self.labels[self.source_set]):  # most studies have none
            widget.setVisible(bool(source_sets))
        self._fill(self.saved, [(q.name, q.id) for q in study.queries.all() if q.kind == "run"])
        self._filter_codes(self.code_filter.text())

    def refresh_coders(self) -> None:
        """Only the coder list can change when codings change."""
        coders = self.session.study.codings.coders()
        if coders != self.coder.choice_values():
            self.coder.set_choices([(c, c) for c in coders])

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
        """The ticked codes in codebook order, but the code set first by `set_codes` kept first
        while it stays ticked: with AND the run returns the first code's passages, so a
        co-occurrence cell below the diagonal opens its own row's run."""
        ticked = [self.codes.item(r).data(Qt.UserRole) for r in range(self.codes.count())
                  if self.codes.item(r).checkState() == Qt.Checked]
        first = getattr(self, "first_code", None)
        if first in ticked:
            ticked.remove(first)
            ticked.insert(0, first)
        return ticked

    def set_codes(self, code_ids: list[str]) -> None:
        self.first_code = code_ids[0] if code_ids else None
        for row in range(self.codes.count()):
            item = self.codes.item(row)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in code_ids else Qt.Unchecked)

    def set_site(self, case_id: str | None) -> None:
        """Restrict the run to one site (or district) case, clearing the other place filters."""
        self.district.set_values([case_id] if case_id else [])
        self.site.set_values([case_id] if case_id else [])

    # ------------------------------------------------------------------ running
    def spec(self) -> RunSpec:
        op = ("or", "overlap") if self.op.currentIndex() == 0 else (
            "and", "overlap" if self.op.currentIndex() == 1 else "turn")
        attrs: dict[str, list[str]] = {}
        for name, value in self.attrs.values():
            attrs.setdefault(name, []).append(value)
        return RunSpec(codes=self.ticked_codes(), op=op[0], and_scope=op[1], not_codes=self.not_code.values(),
                       descendants=self.descendants.isChecked(), districts=self.district.values(),
                       sites=self.site.values(), roles=self.role.values(), waves=self.wave.values(),
                       types=self.type.values(), coders=[self.blind_coder] if self.blind_coder else self.coder.values(),
                       attrs=attrs, sources=self._set_sources(), speakers=self.speaker.values())

    def _set_sources(self) -> list[str]:
        set_id = self.source_set.currentData()
        if set_id == CHOSEN:
            return list(self.chosen_sources)
        return list(self.session.study.sets.find(set_id).members.get("source", ())) if set_id else []

    def set_sources(self, sources: list[str], label: str = "") -> None:
        """Restrict the run to exactly these sources: a set's, when one holds just them, else an
        entry of their own in the Set list ("the 3 sources the cell counts"), kept until the
        list is refilled or another set is chosen."""
        index = self.source_set.findData(CHOSEN)
        if index >= 0:
            self.source_set.removeItem(index)
        self.chosen_sources = list(sources)
        if not sources:
            self.source_set.setCurrentIndex(0)
            return
        unshown: list = []
        self._choose_set(sources, unshown)
        if unshown:
            self.source_set.addItem(label or f"the {len(sources)} sources chosen", CHOSEN)
            self.source_set.setCurrentIndex(self.source_set.count() - 1)
        for widget in (self.source_set, self.labels[self.source_set]):
            widget.setVisible(True)

    def run(self, note: str = "") -> None:
        """Run what the panel asks for; `note` (what a crosstab selection added) under the count."""
        spec = self.spec()
        if not spec.codes:
            self.summary.setText("Tick at least one code.")
            return
        try:
            segments = self.session.study.runs.lazy(spec)  # decorated as the table shows them
        except CaseCoderError as exc:
            self.session.report_error(str(exc))
            return
        self.last_spec = spec
        self.show_segments(segments, note)

    def show_segments(self, segments, note: str = "") -> None:
        """The segments, and a summary: how many, the passages they make (each once however many
        coders coded it: what a count in Compare says), and where from; `note` under it."""
        from coder.coding.runs import passages
        from coder.store.words import plural

        self.table.segments.set_segments(segments)
        if isinstance(segments, LazySegments):  # counted from the bare rows, none decorated for it
            sources, sites, count = segments.source_count(), segments.site_count(), segments.passage_count()
        else:
            sources = len({s.source for s in segments})
            sites = len({s.site or s.district for s in segments})
            count = passages(segments)
        self.summary.setText(f"<b>{plural(len(segments), 'segment')}</b> ({plural(count, 'passage')}) "
                             f"from {plural(sources, 'source')} at {plural(sites, 'site')}"
                             + (f"<br><i>{note}</i>" if note else ""))

    def clear_results(self) -> None:
        self.table.segments.set_segments([])
        self.summary.setText("")

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
        unshown = self.show_spec(spec)
        self._choose_set(spec.sources, unshown)
        if unshown or len(self.ticked_codes()) < len(spec.codes):
            self.session.notify(f"“{query.name}”: some of what it asked for is no longer in the study "
                                "(a deleted code, site, role or value), so it runs without them.")
        self.run()

    def show_spec(self, spec: RunSpec) -> list:
        """Set the codes, the operator and every filter control to what `spec` asks for (a
        filter it leaves empty cleared); the values no control offers any more."""
        self.code_filter.clear()  # the run's codes in view, not hidden by an earlier filter
        self.set_codes(spec.codes)
        self.descendants.setChecked(spec.descendants)
        self.op.setCurrentIndex(0 if spec.op == "or" else (1 if spec.and_scope == "overlap" else 2))
        attrs = [(name, value) for name, values in spec.attrs.items() for value in values]
        unshown = []
        for box, values in ((self.not_code, spec.not_codes), (self.district, spec.districts), (self.site, spec.sites),
                            (self.role, spec.roles), (self.wave, spec.waves), (self.type, spec.types),
                            (self.coder, spec.coders), (self.speaker, spec.speakers), (self.attrs, attrs)):
            box.set_values(values)
            unshown += [v for v in values if box.row_of(v) < 0]
        return unshown

    def _choose_set(self, sources: list[str], unshown: list) -> None:
        """The set whose sources a saved run was restricted to."""
        wanted = set(sources)
        match = next((s.id for s in self.session.study.sets.all() if wanted and
                      set(s.members.get("source", ())) == wanted), None)
        self.source_set.setCurrentIndex(max(0, self.source_set.findData(match)) if match else 0)
        if wanted and match is None:
            unshown.append("sources")

    def code_these(self) -> None:
        """Autocode the run's segments (the selected rows only, when several are selected)."""
        from coder.coding.autocode import plan_run

        from .autocode_dialog import AutocodeDialog

        if self.last_spec is None or not self.table.segments.segments:
            self.session.notify("Run something first: the segments of a data run are what gets coded.")
            return
        rows = {i.row() for i in self.table.selectedIndexes()}
        only = {self.table.segments.segment(r).id for r in rows} if len(rows) > 1 else None
        spec, study = self.last_spec, self.session.study
        what = f"The {len(only)} selected segments of this data run" if only else "Every segment of this data run"
        AutocodeDialog(self.session, lambda _unit: plan_run(study, spec, only=only), what, units=False,
                       parent=self).exec()

    def export(self):
        from ..widgets.exports import export_segments

        about = describe(self.session.study, self.last_spec) if self.last_spec else None
        return export_segments(self, self.session, self.table.segments.segments, "Data run", about)
