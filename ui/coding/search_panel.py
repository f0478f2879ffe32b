"""Find in study: exact, lemma, fuzzy or regex search across every source, with a results list
that jumps to each hit."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from coder.coding.hit_stream import HitStream
from coder.coding.lazy_segments import LazySegments
from coder.store.errors import CaseCoderError

from .runs_panel import SegmentTable

SLICE_S = 0.02  # the longest the window is kept from its events while the rest of the hits are found
MODES = (("Exact phrase", "exact"), ("Lemma (all word forms)", "lemma"), ("Fuzzy (typos)", "fuzzy"),
         ("Regular expression", "regex"))


class SearchPanel(QWidget):
    segment_activated = Signal(object)

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.query = QLineEdit(placeholderText="Search every source (Ctrl+Shift+F)")
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.search)
        self.mode = QComboBox()
        for label, mode in MODES:
            self.mode.addItem(label, mode)
        self.mode.setToolTip("Exact: case-sensitive whole words. Lemma: any form of the words. "
                             "Fuzzy: tolerates misspellings. Regex: Python regular expression")
        button = QPushButton("Search")
        button.clicked.connect(self.search)
        save = QPushButton("Save…")
        save.setToolTip("Save this search under a name")
        save.clicked.connect(self.save)
        self.summary = QLabel("")
        self.table = SegmentTable()
        self.table.hits_only()
        self.table.segment_activated.connect(self.segment_activated)
        self.last_search: tuple[str, str] | None = None  # (query, mode) of the hits shown, for their export
        self._finding = QTimer(self, interval=0)  # finds the rest of a search's hits between events
        self._finding.timeout.connect(self._find_rest)
        self._searched = None  # the study the hits shown are from
        head = QHBoxLayout()
        head.addWidget(self.query, 1)
        head.addWidget(self.mode)
        head.addWidget(button)
        head.addWidget(save)
        export = QPushButton("Export…")
        export.setToolTip("The hits with their citations to Word, Excel or CSV")
        export.clicked.connect(self.export)
        head.addWidget(export)
        code_all = QPushButton("Code all…")
        code_all.setToolTip("Code every hit — or its sentence, paragraph, turn or words around it — as one step")
        code_all.clicked.connect(self.code_all)
        head.addWidget(code_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(head)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def search(self) -> None:
        text = self.query.text()
        if not text.strip():
            return
        self._finding.stop()
        self.summary.setText("Searching…")  # the last search's results are not taken for this one's
        self.summary.repaint()
        try:
            hits = self.session.study.search.find(text, self.mode.currentData())
        except CaseCoderError as exc:
            self.summary.setText(str(exc))
            return
        self.last_search = (text, self.mode.currentText())
        self.show_segments(hits)
        self.table.scrollToTop()  # a new search starts at its first hit

    def show_segments(self, hits) -> None:
        """Show these hits; a search still finding its hits goes on between events, the count
        growing until it is complete."""
        self.table.segments.set_segments(hits)
        self._searched = self.session.study
        if isinstance(hits, HitStream) and not hits.complete:
            self._finding.start()
        else:
            self._finding.stop()
        self._summarise()

    def _find_rest(self) -> None:
        hits = self.table.segments.segments
        if self.session.study is not self._searched or not isinstance(hits, HitStream) or hits.complete:
            self._finding.stop()
            return
        self.table.segments.find_more(1 << 30, seconds=SLICE_S)
        if hits.complete:
            self._finding.stop()
        self._summarise()

    def _summarise(self) -> None:
        hits = self.table.segments.segments
        if isinstance(hits, HitStream) and not hits.complete:
            left = hits.sources_left
            self.summary.setText(f"<b>{len(hits):,}</b> hits so far… looking in {left:,} more "
                                 f"source{'s' if left != 1 else ''}")
            return
        sources = hits.source_count() if isinstance(hits, LazySegments) else len({h.source for h in hits})
        text = (f"<b>{len(hits):,}</b> hit{'s' if len(hits) != 1 else ''} in {sources:,} "
                f"source{'s' if sources != 1 else ''}")
        if isinstance(hits, HitStream) and hits.at_limit:
            text += (f" — the first {len(hits):,}, the most a search lists: narrow it (a longer phrase, a "
                     "stricter pattern) to find the rest")
        self.summary.setText(text)

    def clear_results(self) -> None:
        self._finding.stop()
        self.table.segments.set_segments([])
        self.summary.setText("")
        self.last_search = None

    def export(self):
        from ..widgets.exports import export_segments

        text, mode = self.last_search or (self.query.text(), self.mode.currentText())
        return export_segments(self, self.session, self.table.segments.segments, f"Search {text[:40]}",
                               [("Search", f"“{text}” ({mode})"), ("Filters", "none: every source")])

    def code_all(self) -> None:
        """Autocode every hit of the search in the box (all of them, not only the first page)."""
        from coder.coding.autocode import plan_search

        from .autocode_dialog import AutocodeDialog

        text, mode = self.query.text(), self.mode.currentData()
        if not text.strip():
            self.session.notify("Type what to find first: its hits are what gets coded.")
            return
        study = self.session.study
        AutocodeDialog(self.session, lambda unit: plan_search(study, text, mode=mode, unit=unit),
                       f"Every hit of “{text}” ({self.mode.currentText().lower()})", parent=self).exec()

    def save(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(self, "Save search", "Name:")
        if ok and name.strip() and self.query.text().strip():
            self.session.run_op(self.session.study.queries.save_query, name=name, kind="search",
                                spec={"query": self.query.text(), "mode": self.mode.currentData()})
