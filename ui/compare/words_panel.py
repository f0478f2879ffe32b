"""The Compare workspace's words: word or lemma frequencies in the whole study, a district or a
site, for one role or all, with the sources using each word; a word chosen shows its concordance
(every occurrence with its context and citation), each line opening its passage. The counts are
`coder.compare.words`' (`casecoder words`, `casecoder kwic`)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.compare.words import frequencies, kwic

from .scope_box import ScopeBox

SHOWN = 300  # words listed (the most frequent); the command line writes them all


class WordsPanel(QWidget):
    passage_opened = Signal(str, int, int)

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.counts = []
        self.lines = []
        self.lemma = QCheckBox("&Lemmas (teacher, teachers: one)")
        self.scope = ScopeBox()
        self.role = QComboBox()
        self.role.setToolTip("Count the words of one respondent role's sources")
        self.against = QComboBox()
        self.against.setToolTip("Compare with another role: the words this role uses more (or less), by "
                                "log-likelihood")
        self.min_length = QSpinBox()
        self.min_length.setRange(1, 20)
        self.min_length.setValue(3)
        self.min_length.setToolTip("Leave out shorter words")
        self.leave_out = QLineEdit(placeholderText="words to leave out, comma-separated")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.words = QTableWidget(0, 3)
        self.words.setHorizontalHeaderLabels(["Word", "Count", "Sources"])
        self.words.setEditTriggers(QTableWidget.NoEditTriggers)
        self.words.setSelectionBehavior(QTableWidget.SelectRows)
        self.words.setAccessibleName("Word frequencies")
        self.words.currentCellChanged.connect(lambda row, _c, _r, _pc: self.show_concordance(row))
        self.concordance = QTableWidget(0, 4)
        self.concordance.setHorizontalHeaderLabels(["Before", "Word", "After", "Citation"])
        self.concordance.setEditTriggers(QTableWidget.NoEditTriggers)
        self.concordance.setSelectionBehavior(QTableWidget.SelectRows)
        self.concordance.setAccessibleName("Keywords in context")
        self.concordance.setAccessibleDescription("Each occurrence of the chosen word; double-click to open it")
        self.concordance.setProperty("keepsItsText", True)
        self.concordance.cellDoubleClicked.connect(self._open)
        head = QHBoxLayout()
        for text, widget in (("In", self.scope), ("&Role", self.role), ("&against", self.against),
                             ("Shortest", self.min_length)):
            label = QLabel(text)
            label.setBuddy(widget)
            head.addWidget(label)
            head.addWidget(widget)
        head.addWidget(self.lemma)
        head.addWidget(self.leave_out, 1)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.words)
        split.addWidget(self.concordance)
        split.setSizes([300, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(head)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        for box in (self.scope, self.role, self.against):
            box.currentIndexChanged.connect(lambda _i: self.recount())
        self.lemma.toggled.connect(lambda _on: self.recount())
        self.min_length.editingFinished.connect(self.recount)
        self.leave_out.editingFinished.connect(self.recount)

    def refresh(self) -> None:
        study = self.session.study
        self.scope.fill(study)
        for box, first in ((self.role, "every role"), (self.against, "(no comparison)")):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(first, None)
            for role in study.sources.roles():
                box.addItem(role, role)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)
        self.recount()

    def spec(self):
        role = self.role.currentData()
        return self.scope.spec(roles=[role] if role else [])

    def recount(self) -> None:
        leave_out = {w.strip() for w in self.leave_out.text().split(",") if w.strip()}
        if self.against.currentData():
            self._compare(leave_out)
            return
        self.words.setColumnCount(3)
        self.words.setHorizontalHeaderLabels(["Word", "Count", "Sources"])
        self.counts = frequencies(self.session.study, lemma=self.lemma.isChecked(), scope=self.spec(),
                                  min_length=self.min_length.value(), leave_out=leave_out)
        shown = self.counts[:SHOWN]
        self.words.setSortingEnabled(False)
        self.words.setRowCount(len(shown))
        for r, c in enumerate(shown):
            for column, value in enumerate((c.word, c.count, c.sources)):
                item = QTableWidgetItem()
                item.setData(Qt.DisplayRole, value)
                self.words.setItem(r, column, item)
        self.words.setSortingEnabled(True)
        self.words.sortItems(1, Qt.DescendingOrder)  # most frequent first; a click on a heading re-sorts
        self.words.resizeColumnsToContents()
        total = sum(c.count for c in self.counts)
        self.summary.setText(f"{len(self.counts):,} {'lemmas' if self.lemma.isChecked() else 'words'} "
                             f"({total:,} occurrences), the {min(SHOWN, len(self.counts))} most frequent listed; "
                             "stop words left out. Choose a word for its concordance.")
        self.concordance.setRowCount(0)

    def _compare(self, leave_out: set[str]) -> None:
        """Keyness: the words of this role (in the chosen place) against another role's."""
        from coder.compare.words import keyness
        from coder.store.errors import CaseCoderError

        there = self.scope.spec(roles=[self.against.currentData()])
        try:
            ranked = keyness(self.session.study, self.spec(), there, lemma=self.lemma.isChecked(),
                             min_length=self.min_length.value(), leave_out=leave_out)
        except CaseCoderError as exc:
            self.summary.setText(str(exc))
            self.words.setRowCount(0)
            return
        here_name = self.role.currentData() or "every role"
        self.words.setSortingEnabled(False)
        self.words.setColumnCount(4)
        self.words.setHorizontalHeaderLabels(["Word", here_name, self.against.currentData(), "G² (− less)"])
        shown = ranked[:SHOWN]
        self.words.setRowCount(len(shown))
        for r, k in enumerate(shown):
            for column, value in enumerate((k.word, k.here, k.there, round(k.log_likelihood, 1))):
                item = QTableWidgetItem()
                item.setData(Qt.DisplayRole, value)
                self.words.setItem(r, column, item)
        self.words.setSortingEnabled(True)
        self.words.sortItems(3, Qt.DescendingOrder)
        self.words.resizeColumnsToContents()
        self.summary.setText(f"Words {here_name} uses more than {self.against.currentData()} (G² above 0; below 0: "
                             "less), by Dunning's log-likelihood; 3.84 is p < 0.05, 10.83 is p < 0.001. Choose a "
                             "word for its concordance.")
        self.concordance.setRowCount(0)

    def show_concordance(self, row: int) -> None:
        item = self.words.item(row, 0) if row >= 0 else None
        if item is None:
            return
        self.lines = kwic(self.session.study, item.text(), lemma=self.lemma.isChecked(), scope=self.spec())
        self.concordance.setRowCount(len(self.lines))
        for r, line in enumerate(self.lines):
            for column, text in enumerate((line.left, line.word, line.right, line.citation)):
                cell = QTableWidgetItem(text)
                if column == 0:
                    cell.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.concordance.setItem(r, column, cell)
        self.concordance.resizeColumnsToContents()

    def _open(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.lines):
            line = self.lines[row]
            self.passage_opened.emit(line.source_id, line.start, line.end)
