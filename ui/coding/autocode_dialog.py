"""Code many passages at once, from the window: what is found (a search's hits, a data run's
segments, a speaker's or a role's or the interviewers' turns), what is coded around each hit (the
hit, its sentence, paragraph, turn, or N words either side), the code (an existing one, or a new
path typed), a preview with the passages per source — untick a source, or a passage of the
source chosen, to leave it out — and then one step that Undo takes back. Uncoding takes the code
off the same passages, also as one step. The planning and the coding are
`coder.coding.autocode`'s (`casecoder autocode`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
)

from coder.coding import autocode as auto
from coder.store.errors import CaseCoderError
from coder.store.words import plural

UNITS = (("the hit itself", "hit"), ("its sentence", "sentence"), ("its paragraph", "paragraph"),
         ("its speaker turn", "turn"), ("words either side", "words"))
SHOWN = 500  # passages listed for the chosen source; all are coded


class AutocodeDialog(QDialog):
    """`planner(unit)` gives the plan (`unit` is "hit" when `units` is false); or `choices`,
    (label, planner) pairs offered in a drop-down (whose turns: a speaker, a role, the
    interviewers)."""

    def __init__(self, session, planner: Callable[[str], auto.Plan] | None, what: str, *, units: bool = True,
                 choices: list[tuple[str, Callable[[str], auto.Plan]]] | None = None, choice_label: str = "&Turns of",
                 parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Code many passages")
        self.session, self.planner = session, planner
        self.whose = QComboBox()
        for label, choice in choices or ():
            self.whose.addItem(label, choice)
        self.plan: auto.Plan | None = None
        self.left_out: set[tuple[str, int, int]] = set()
        self.dropped_sources: set[str] = set()
        self.unit = QComboBox()
        for label, key in UNITS:
            self.unit.addItem(label, key)
        self.words = QSpinBox()
        self.words.setRange(1, 500)
        self.words.setValue(10)
        self.words.setSuffix(" words")
        self.code = QComboBox()
        self.code.setEditable(True)
        self.code.setInsertPolicy(QComboBox.NoInsert)
        self.code.addItems([c.path for c in session.study.codes.all()])
        self.code.setCurrentIndex(-1)
        self.code.lineEdit().setPlaceholderText("a code's path, or a new one (Parent/New code)")
        self.code.setMinimumContentsLength(30)
        self.taking_off = QCheckBox("Take the code off these passages instead")
        # sections found under headings: each may get a code named after its heading, under the code
        self.named = QCheckBox("A code per heading, under this one")
        self.named.setToolTip("Each section gets a code named after its heading (the same heading in many "
                              "sources names one code), inside the code above")
        self.named.setVisible(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.sources = QListWidget()
        self.sources.setTextElideMode(Qt.ElideMiddle)  # long names keep their start and their end
        self.sources.setAccessibleName("Sources and their passages")
        self.passages = QListWidget()
        self.passages.setWordWrap(True)
        self.passages.setAccessibleName("Passages of the chosen source")
        self.sources.currentItemChanged.connect(lambda item, _before: self._show_source(item))
        self.sources.itemChanged.connect(self._source_ticked)
        self.passages.itemChanged.connect(self._passage_ticked)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.apply_button = QPushButton("Code")
        self.apply_button.setDefault(True)
        self.buttons.addButton(self.apply_button, QDialogButtonBox.AcceptRole)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        head = QHBoxLayout()
        head.addWidget(QLabel(f"<b>{what}</b>"))
        if choices:
            label = QLabel(choice_label)
            label.setBuddy(self.whose)
            head.addWidget(label)
            head.addWidget(self.whose)
            self.whose.currentIndexChanged.connect(lambda _i: self.replan())
        head.addStretch(1)
        if units:
            label = QLabel("Code &around each hit")
            label.setBuddy(self.unit)
            head.addWidget(label)
            head.addWidget(self.unit)
            head.addWidget(self.words)
        code_row = QHBoxLayout()
        label = QLabel("&Code")
        label.setBuddy(self.code)
        code_row.addWidget(label)
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.named)
        code_row.addWidget(self.taking_off)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.sources)
        split.addWidget(self.passages)
        split.setSizes([260, 520])
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(code_row)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        self.resize(860, 520)
        self.setMinimumSize(self.minimumSizeHint().expandedTo(QSize(640, 360)))  # never so small labels are cut
        self.unit.currentIndexChanged.connect(lambda _i: self.replan())
        self.words.editingFinished.connect(self.replan)
        self.code.currentTextChanged.connect(lambda _t: self._say())
        self.taking_off.toggled.connect(lambda _on: self._say())
        self.named.toggled.connect(lambda _on: self.replan())
        self.replan()

    # ------------------------------------------------------------------ planning
    def unit_key(self) -> str:
        key = self.unit.currentData()
        self.words.setVisible(key == "words")
        return f"words:{self.words.value()}" if key == "words" else key

    def replan(self) -> None:
        planner = self.whose.currentData() if self.whose.count() else self.planner
        try:
            self.plan = planner(self.unit_key() if not self.named.isChecked() else "named")
        except CaseCoderError as exc:
            self.plan = None
            self.summary.setText(str(exc))
            self.sources.clear()
            self.passages.clear()
            self.apply_button.setEnabled(False)
            return
        # what was unticked stays unticked under the new choice: the sources by id, the passages
        # that are still found as they were
        self.left_out &= set(self.plan.passages)
        self.dropped_sources &= set(self.plan.per_source())
        sectioned = self.plan.label.startswith("section")  # a code per heading is for sections, not cues
        if not sectioned and self.named.isChecked():
            self.named.blockSignals(True)
            self.named.setChecked(False)
            self.named.blockSignals(False)
            self.replan()
            return
        self.named.setVisible(sectioned)
        self.sources.blockSignals(True)
        self.sources.clear()
        for source_id in self.plan.per_source():
            item = QListWidgetItem()
            item.setData(Qt.UserRole, source_id)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked if source_id in self.dropped_sources else Qt.Checked)
            self.sources.addItem(item)
            self._count_source(item)
        self.sources.blockSignals(False)
        if self.sources.count():
            self.sources.setCurrentRow(0)
        else:
            self.passages.clear()
        self._say()

    def chosen(self) -> auto.Plan | None:
        """The plan less what was unticked."""
        if self.plan is None:
            return None
        dropped = {p for p in self.plan.passages if p[0] in self.dropped_sources} | self.left_out
        return self.plan.without(dropped)

    def _show_source(self, item) -> None:
        self.passages.blockSignals(True)
        self.passages.clear()
        if item is not None and self.plan is not None:
            source_id = item.data(Qt.UserRole)
            text = self.session.study.sources.text(source_id)
            mine = [p for p in self.plan.passages if p[0] == source_id]
            for passage in mine[:SHOWN]:
                words = " ".join(text[passage[1]:passage[2]][:400].split())
                if passage in self.plan.titles:
                    words = f"[{self.plan.titles[passage]}]  {words}"
                elif passage in self.plan.times:
                    words = f"[{self.plan.times[passage]}]  {words}"
                row = QListWidgetItem(words if len(words) <= 300 else words[:300] + "…")
                row.setData(Qt.UserRole, passage)
                row.setFlags(row.flags() | Qt.ItemIsUserCheckable)
                ticked = passage not in self.left_out and source_id not in self.dropped_sources
                row.setCheckState(Qt.Checked if ticked else Qt.Unchecked)
                self.passages.addItem(row)
            if len(mine) > SHOWN:
                more = QListWidgetItem(f"… and {len(mine) - SHOWN} more, coded with the rest")
                more.setFlags(Qt.ItemIsEnabled)
                self.passages.addItem(more)
        self.passages.blockSignals(False)

    def _count_source(self, item) -> None:
        """A source's row: how many of its passages will be coded (of how many found) and its name."""
        source_id = item.data(Qt.UserRole)
        found = self.plan.per_source()[source_id]
        kept = 0 if source_id in self.dropped_sources else \
            found - sum(1 for p in self.left_out if p[0] == source_id)
        count = f"{kept:>4}" if kept == found else f"{kept} of {found}"
        item.setText(f"{count}  {self.plan.names.get(source_id, source_id)}")

    def _source_ticked(self, item) -> None:
        source_id = item.data(Qt.UserRole)
        if item.checkState() == Qt.Checked:
            self.dropped_sources.discard(source_id)
        else:
            self.dropped_sources.add(source_id)
        self.sources.blockSignals(True)
        self._count_source(item)
        self.sources.blockSignals(False)
        if self.sources.currentItem() is item:
            self._show_source(item)
        self._say()

    def _passage_ticked(self, item) -> None:
        passage = item.data(Qt.UserRole)
        if not passage:
            return
        passage = tuple(passage)
        if item.checkState() == Qt.Checked:
            self.left_out.discard(passage)
        else:
            self.left_out.add(passage)
        row = next((self.sources.item(r) for r in range(self.sources.count())
                    if self.sources.item(r).data(Qt.UserRole) == passage[0]), None)
        if row is not None:
            self.sources.blockSignals(True)
            self._count_source(row)
            self.sources.blockSignals(False)
        self._say()

    def _code_id(self) -> str | None:
        """The code typed or chosen, when it exists (a path half typed, "Auto/", is none yet)."""
        path = self.code.currentText().strip()
        if not path:
            return None
        try:
            return self.session.study.codes.find(path).id
        except CaseCoderError:
            return None

    def _say(self) -> None:
        plan = self.chosen()
        if plan is None:
            return
        path = self.code.currentText().strip()
        code = self._code_id()
        off = self.taking_off.isChecked()
        if self.named.isChecked():
            return self._say_named(plan, path, off)
        skipped = 0
        if code and not off:
            skipped = auto.against(self.session.study, plan, code, self.session.coder).skipped
        n = len(plan.passages) - skipped
        new = bool(path) and code is None
        text = (f"{plural(len(plan.passages), 'passage')} in {plural(len(plan.per_source()), 'source')} "
                f"({plan.label})")
        if self.plan.merged:
            found = "hit" if plan.label.startswith("search") else "section" if plan.label.startswith("section") \
                else "passage"
            text += f"; {plural(self.plan.merged, found)} joined with others into one passage"
        if skipped:
            text += f"; {skipped} already carry the code and are left as they are"
        if new and not off:
            text += f"; “{path}” is a new code, created with them"
        self._show(plan, text, ("Uncode" if off else f"Code {plural(n, 'passage')}") if path else "Code",
                   bool(path) and bool(plan.passages) and not (off and new) and (n > 0 or off))

    def _say_named(self, plan: auto.Plan, path: str, off: bool) -> None:
        from coder.coding.autocode_structure import code_path_for

        heads = sorted(set(plan.titles.values()))
        known = set(self.session.study.codes.paths().values())
        new = sum(1 for t in heads if code_path_for(path, t) not in known)
        text = (f"{plural(len(plan.passages), 'section')} in {plural(len(plan.per_source()), 'source')} under "
                f"{plural(len(heads), 'heading')}, each coded with its heading's code inside “{path or '…'}”")
        if new and not off:
            text += f"; {plural(new, 'heading code')} new, created with them"
        self._show(plan, text, ("Uncode" if off else f"Code {plural(len(plan.passages), 'section')}") if path
                   else "Code", bool(path) and bool(plan.passages))

    def _show(self, plan: auto.Plan, text: str, button: str, enabled: bool) -> None:
        """The summary (with what was unticked) and the apply button as the choices make them."""
        unticked = len(self.plan.passages) - len(plan.passages)
        if unticked:
            text += f"; {unticked} left out"
        self.summary.setText(text + ".")
        self.apply_button.setText(button)
        self.apply_button.setEnabled(enabled)

    # ------------------------------------------------------------------ applying
    def _run(self, plan: auto.Plan, path: str):
        """The step the dialog is set to: code (or uncode) the plan, one code or a code per heading."""
        study, code = self.session.study, self._code_id()
        if self.named.isChecked():
            from coder.coding import autocode_structure as structure

            run = structure.uncode_by_heading if self.taking_off.isChecked() else structure.autocode_by_heading
            return self.session.run_op(run, study=study, plan=plan, parent=path, coder=self.session.coder)
        if self.taking_off.isChecked():
            return self.session.run_op(auto.uncode, study=study, plan=plan, code_id=code)
        return self.session.run_op(auto.autocode, study=study, plan=plan, code_id=code,
                                   code_path=None if code else path, coder=self.session.coder)

    def apply(self) -> None:
        plan = self.chosen()
        path = self.code.currentText().strip()
        if plan is None or not path:
            return
        QApplication.setOverrideCursor(Qt.WaitCursor)  # tens of thousands of passages take seconds
        try:
            changes = self._run(plan, path)
        finally:
            QApplication.restoreOverrideCursor()
        if changes is not None:
            self.session.notify(changes.label)
            self.accept()
