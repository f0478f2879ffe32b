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
        for text, widget in (("In", self.scope), ("&Role", self.role), ("Shortest", self.min_length)):
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
        for box in (self.scope, self.role):
            box.currentIndexChanged.connect(lambda _i: self.recount())
        self.lemma.toggled.connect(lambda _on: self.recount())
        self.min_length.editingFinished.connect(self.recount)
        self.leave_out.editingFinished.connect(self.recount)

    def refresh(self) -> None:
        study = self.session.study
        self.scope.fill(study)
        current = self.role.currentData()
        self.role.blockSignals(True)
        self.role.clear()
        self.role.addItem("every role", None)
        for role in study.sources.roles():
            self.role.addItem(role, role)
        self.role.setCurrentIndex(max(0, self.role.findData(current)))
        self.role.blockSignals(False)
        self.recount()

    def spec(self):
        role = self.role.currentData()
        return self.scope.spec(roles=[role] if role else [])

    def recount(self) -> None:
        leave_out = {w.strip() for w in self.leave_out.text().split(",") if w.strip()}
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
