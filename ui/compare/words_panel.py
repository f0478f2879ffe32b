"""The Compare workspace's words: word or lemma frequencies in any data run's scope (a place,
narrowed by roles, waves, types, attribute values or sets), for one role or all, with the sources
using each word, or one role's words against another's (keyness); a word chosen shows its
concordance (every occurrence with its context and citation), each line opening its passage. The
chart of the top words shows under the lists; the list goes to CSV or Word. The counts are
`coder.compare.words`' (`casecoder words`, `keyness`, `kwic`)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from coder.compare.words import frequencies, kwic

from .chart_pane import ChartPane
from .compare_tools import export_table, labelled, lay_out, save_chart, split, tool_buttons
from .scope_box import ScopeBar

SHOWN = 300  # words listed (the most frequent); the command line writes them all


class SortedBy(QTableWidgetItem):
    """A concordance cell sorted by its key (the words before it read backwards, so lines sort
    by the word just before the keyword), not by its shown text."""

    def __lt__(self, other) -> bool:
        return (self.data(Qt.UserRole) or "") < (other.data(Qt.UserRole) or "")


class WordsPanel(QWidget):
    passage_opened = Signal(str, int, int)

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.counts = []
        self.lines = []
        self.lemma = QCheckBox("&Lemmas (teacher, teachers: one)")
        self.respondents = QCheckBox("res&pondents only")
        self.respondents.setChecked(True)
        self.respondents.setToolTip("Leave out the interviewers' turns (speaker labels and [notes] are always left "
                                    "out): a role's words are its respondents'")
        self.scope = ScopeBar()
        self.ranked = None  # keyness rows when comparing
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
        self.chart = ChartPane(self._draw, "Word chart")
        buttons = tool_buttons(self, self.chart, self.export, self.save_chart, "chart of the top words")
        head, second = QHBoxLayout(), QHBoxLayout()
        head.addWidget(self.scope)
        for row, text, widget in ((head, "&Role", self.role), (head, "&against", self.against),
                                  (second, "Shortest", self.min_length)):
            labelled(row, text, widget)
        head.addStretch(1)
        second.addWidget(self.lemma)
        second.addWidget(self.respondents)
        second.addWidget(self.leave_out, 1)
        for button in buttons:
            second.addWidget(button)
        self.lists = split(Qt.Horizontal, "wordsLists", [self.words, self.concordance], [300, 900])
        lay_out(self, [head, second], self.summary,
                split(Qt.Vertical, "wordsSplit", [self.lists, self.chart], [300, 300]))
        for box in (self.role, self.against):
            box.currentIndexChanged.connect(lambda _i: self.recount())
        self.scope.changed.connect(self.recount)
        self.lemma.toggled.connect(lambda _on: self.recount())
        self.respondents.toggled.connect(lambda _on: self.recount())
        self.concordance.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)  # source order until asked
        self.concordance.setSortingEnabled(True)  # by the word before, the word after, or the citation
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
        return self.scope.spec(roles=[role]) if role else self.scope.spec()  # else the roles it is narrowed to

    def recount(self) -> None:
        leave_out = {w.strip() for w in self.leave_out.text().split(",") if w.strip()}
        self.ranked = None
        if self.against.currentData():
            self._compare(leave_out)
            self.chart.set_table(("keyness", self.ranked))
            return
        self.words.setColumnCount(3)
        self.words.setHorizontalHeaderLabels(["Word", "Count", "Sources"])
        self.counts = frequencies(self.session.study, lemma=self.lemma.isChecked(), scope=self.spec(),
                                  min_length=self.min_length.value(), leave_out=leave_out,
                                  respondents=self.respondents.isChecked())
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
        whose = f"{self.role.currentData()}s' " if self.role.currentData() else ""
        if not self.counts:
            self.summary.setText(f"No words in {whose}sources of {self.scope.summary()}.")
        else:
            self.summary.setText(
                f"{len(self.counts):,} {'lemmas' if self.lemma.isChecked() else 'words'} ({total:,} occurrences) in "
                f"{whose}sources of {self.scope.summary()}, the {min(SHOWN, len(self.counts))} most frequent listed; "
                "stop words, speakers' labels, [notes]" + (" and interviewers' turns" if self.respondents.isChecked()
                                                          else "") + " left out. Choose a word for its concordance.")
        self._clear_concordance()
        self.chart.set_table(("words", self.counts))

    def _compare(self, leave_out: set[str]) -> None:
        """Keyness: the words of this role (in the chosen place) against another role's."""
        from coder.compare.words import keyness
        from coder.store.errors import CaseCoderError

        there = self.scope.spec(roles=[self.against.currentData()])
        try:
            ranked = keyness(self.session.study, self.spec(), there, lemma=self.lemma.isChecked(),
                             min_length=self.min_length.value(), leave_out=leave_out,
                             respondents=self.respondents.isChecked())
        except CaseCoderError as exc:
            self.summary.setText(str(exc))
            self.words.setRowCount(0)
            self._clear_concordance()
            return
        self.ranked = ranked
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
        self._clear_concordance()
        wanted = sum(self.words.columnWidth(c) for c in range(4)) + self.words.verticalHeader().width() + 24
        sizes = self.lists.sizes()
        if sizes[0] < wanted:  # the G² column in view, not scrolled off to the right
            self.lists.setSizes([wanted, max(200, sum(sizes) - wanted)])

    def _clear_concordance(self) -> None:
        """A new list: no word chosen, so no stale concordance under a highlighted word."""
        self.words.blockSignals(True)
        self.words.clearSelection()
        self.words.setCurrentCell(-1, -1)
        self.words.blockSignals(False)
        self.lines = []
        self.concordance.setRowCount(0)

    def show_concordance(self, row: int) -> None:
        item = self.words.item(row, 0) if row >= 0 else None
        if item is None:
            return
        self.lines = kwic(self.session.study, item.text(), lemma=self.lemma.isChecked(), scope=self.spec(),
                          respondents=self.respondents.isChecked())
        self.concordance.setSortingEnabled(False)
        self.concordance.setRowCount(len(self.lines))
        for r, line in enumerate(self.lines):
            before = " ".join(reversed(line.left.lower().split()))  # by the word just before, then the one before
            for column, (text, key) in enumerate(((line.left, before), (line.word, line.word.lower()),
                                                 (line.right, line.right.lower()), (line.citation, line.citation))):
                cell = SortedBy(text)
                cell.setData(Qt.UserRole, key)
                cell.setData(Qt.UserRole + 1, r)  # the line it shows, however the rows are sorted
                if column == 0:
                    cell.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.concordance.setItem(r, column, cell)
        self.concordance.setSortingEnabled(True)
        self.concordance.resizeColumnsToContents()

    def _open(self, row: int, _column: int) -> None:
        item = self.concordance.item(row, 1)
        index = item.data(Qt.UserRole + 1) if item is not None else None
        if index is not None and 0 <= index < len(self.lines):
            line = self.lines[index]
            self.passage_opened.emit(line.source_id, line.start, line.end)

    def _names(self) -> tuple[str, str]:
        return self.role.currentData() or "every role", self.against.currentData() or ""

    def _draw(self, table, path):
        from coder.reports.charts import frequency_chart, keyness_chart
        from coder.store.errors import ConflictError

        kind, rows = table
        if not rows:
            raise ConflictError("Nothing to draw: no words in this scope.")
        if kind == "keyness":
            here, there = self._names()
            return keyness_chart(rows, path, here=here, there=there)
        return frequency_chart(rows, path, top=25)

    def save_chart(self) -> str | None:
        table = ("keyness", self.ranked) if self.ranked is not None else ("words", self.counts)
        return save_chart(self, table, "words", self._draw)

    def export(self) -> str | None:
        from coder.compare.words import sources_in
        from coder.reports.words import write_keyness_csv, write_keyness_docx, write_words_csv, write_words_docx

        lemma, scope, respondents = self.lemma.isChecked(), self.spec(), self.respondents.isChecked()
        if self.ranked is not None:
            ranked, (here, there) = self.ranked, self._names()
            there_scope = self.scope.spec(roles=[there])
            return export_table(self, self.session, "Export the keyness table", "keyness", {
                "docx": lambda study, path, options: write_keyness_docx(
                    study, ranked, path, here=here, there=there, here_scope=scope, there_scope=there_scope,
                    lemma=lemma, respondents=respondents, options=options),
                "csv": lambda _study, path, _o: write_keyness_csv(ranked, path, here=here, there=there)})
        if not self.counts:
            self.session.notify("There are no words in this scope to export.")
            return None
        counts, length = self.counts, self.min_length.value()
        leave_out = {w.strip() for w in self.leave_out.text().split(",") if w.strip()}
        return export_table(self, self.session, "Export the word frequencies", "words", {
            "docx": lambda study, path, options: write_words_docx(
                study, counts, path, lemma=lemma, scope=scope, min_length=length, leave_out=leave_out,
                sources_in_scope=sources_in(study, scope), respondents=respondents, options=options),
            "csv": lambda _study, path, _o: write_words_csv(counts, path, lemma=lemma)})
