"""One pattern-table cell beside the grid: its counts, the analyst's summary (which can be started
from the matching section of the site memo), the quotations pinned to it, and the coded segments
the count is made of, from which quotations are pinned. Every passage opens on a double-click."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coder.crosssite.pattern_tables import cell_segments
from coder.store.errors import CaseCoderError
from coder.store.words import plural

from ..widgets.spell_check import check_spelling
from ..widgets.tool_row import tool_row

SHOWN_SEGMENTS = 300  # the rest are a data run away


class CellPane(QWidget):
    passage_opened = Signal(str, int, int)
    run_requested = Signal()

    def __init__(self, session, ensure_table: Callable[[], str | None], parent=None) -> None:
        """`ensure_table()` names the saved table the notes go into, saving it first if need be."""
        super().__init__(parent)
        self.session = session
        self.ensure_table = ensure_table
        self.place: tuple[str | None, dict, str, str] | None = None  # table, spec, site id, column key
        self.title = QLabel("Choose a cell to summarise it and pin quotations.")
        self.title.setWordWrap(True)
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText("What this site shows for this column: the pattern in a few sentences.")
        self.summary.textChanged.connect(self._summary_edited)
        check_spelling(self.summary)
        self.start = QPushButton("From site memo")
        self.start.setToolTip("Copy the matching section of the site's case memo into the summary, to condense")
        self.start.clicked.connect(self.start_from_memo)
        self.save = QPushButton("Save")
        self.save.setToolTip("Keep the summary (the table's cells are saved with the table)")
        self.save.clicked.connect(self.save_summary)
        self.pinned = QListWidget()
        self.pinned.setWordWrap(True)
        self.pinned.itemDoubleClicked.connect(self._open)
        unpin = QPushButton("Unpin")
        unpin.clicked.connect(self.unpin)
        self.segments = QListWidget()
        self.segments.setWordWrap(True)
        self.segments.itemDoubleClicked.connect(self._open)
        self.segments_label = QLabel("Segments in this cell")
        pin = QPushButton("Pin")
        pin.setToolTip("Pin it to the cell as a quotation (it goes into the Word table with its citation)")
        pin.clicked.connect(self.pin)
        run = QPushButton("Data run")
        run.setToolTip("Open every segment of this cell as a data run")
        run.clicked.connect(self.run_requested)
        # below the grid, which needs the width: summary, pinned quotations and segments side by side
        columns = QHBoxLayout()
        self.pinned.setToolTip("Quotations pinned to this cell; a double-click opens the passage")
        self.segments.setToolTip("The coded segments this cell counts; a double-click opens the passage, Pin "
                                 "pins the chosen one")
        for title, body, buttons, stretch in (
                ("<b>Summary</b>", self.summary, (self.save, self.start), 4),
                ("<b>Pinned quotations</b>", self.pinned, (unpin,), 3),
                (None, self.segments, (pin, run), 4)):
            column = QVBoxLayout()
            label = QLabel(title) if title else self.segments_label
            label.setWordWrap(True)
            column.addWidget(label)
            column.addWidget(body, 1)
            column.addWidget(tool_row(*buttons, None))
            columns.addLayout(column, stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(columns, 1)
        self._stored = ""
        self._enable(False)

    @property
    def study(self):
        return self.session.study

    def _enable(self, on: bool) -> None:
        for widget in (self.summary, self.start, self.pinned, self.segments):
            widget.setEnabled(on)
        self.save.setEnabled(False)

    def clear(self) -> None:
        self.place = None
        self.title.setText("Choose a cell to summarise it and pin quotations.")
        for box in (self.pinned, self.segments):
            box.clear()
        self.summary.blockSignals(True)
        self.summary.clear()
        self.summary.blockSignals(False)
        self._enable(False)

    def show_cell(self, table: str | None, spec: dict, site_id: str, key: str, heading: str, counts: str) -> None:
        """Show a cell; its summary editor keeps unsaved typing when the same cell is shown again."""
        same = self.place is not None and self.place[2:] == (site_id, key)
        self.place = (table, spec, site_id, key)
        self._enable(True)
        self.title.setText(f"<b>{heading}</b> — {counts}")
        notes = self.study.cells.cell(table, site_id, key) if table else None
        stored = notes.summary if notes else ""
        if not same or self.summary.toPlainText() == self._stored:
            self.summary.blockSignals(True)
            self.summary.setPlainText(stored)
            self.summary.blockSignals(False)
        self._stored = stored
        self._summary_edited()
        self.pinned.clear()
        for q in notes.quotes if notes else []:
            item = QListWidgetItem(f"“{' '.join(q.quote.split())[:300]}”\n— {self.study.memos.citation(q.source_id)}")
            item.setData(Qt.UserRole, (q.source_id, q.start, q.end, q.id))
            self.pinned.addItem(item)
        self.segments.clear()
        try:
            found = cell_segments(self.study, spec, site_id, key)
        except CaseCoderError as exc:
            self.segments_label.setText(str(exc))
            return
        more = f" (the first {SHOWN_SEGMENTS}; open the data run for all)" if len(found) > SHOWN_SEGMENTS else ""
        self.segments_label.setText(f"<b>{plural(len(found), 'coded segment')} in this cell</b>{more}")
        for seg in found[:SHOWN_SEGMENTS]:
            label = f"{seg.source_name}{' · ' + seg.role if seg.role else ''}{' · ' + seg.code if seg.code else ''}"
            item = QListWidgetItem(f"“{' '.join(seg.text.split())[:300]}”\n— {label}")
            item.setData(Qt.UserRole, (seg.source, seg.start, seg.end, seg.id if seg.code else None))
            self.segments.addItem(item)

    def _summary_edited(self) -> None:
        self.save.setEnabled(self.place is not None and self.summary.toPlainText().strip() != self._stored)

    def _table(self) -> str | None:
        if self.place is None:
            return None
        table = self.place[0] or self.ensure_table()
        if table is not None:
            self.place = (table, *self.place[1:])
        return table

    def save_summary(self) -> None:
        table = self._table()
        if table is not None:
            _t, _spec, site_id, key = self.place
            self.session.run_op(self.study.cells.set_summary, table=table, site_id=site_id, key=key,
                                text=self.summary.toPlainText())

    def start_from_memo(self) -> None:
        table = self._table()
        if table is None:
            return
        _t, _spec, site_id, key = self.place
        try:
            text = self.study.cells.memo_start(table, site_id, key)
        except CaseCoderError as exc:
            self.session.notify(str(exc))
            return
        if not text:
            self.session.notify("The site memo's matching section is empty.")
            return
        current = self.summary.toPlainText().strip()
        self.summary.setPlainText(f"{current}\n\n{text}" if current else text)
        self.summary.setFocus()

    def pin(self) -> None:
        item = self.segments.currentItem()
        if item is None:
            self.session.notify("Choose a segment of this cell to pin.")
            return
        table = self._table()
        if table is None:
            return
        source_id, start, end, coding_id = item.data(Qt.UserRole)
        _t, _spec, site_id, key = self.place
        if coding_id:
            self.session.run_op(self.study.cells.pin, table=table, site_id=site_id, key=key, coding_id=coding_id)
        else:
            self.session.run_op(self.study.cells.pin, table=table, site_id=site_id, key=key, source_id=source_id,
                                start=start, end=end)

    def unpin(self) -> None:
        item = self.pinned.currentItem()
        if item is not None:
            self.session.run_op(self.study.cells.unpin, quote_id=item.data(Qt.UserRole)[3])

    def _open(self, item) -> None:
        source_id, start, end, _id = item.data(Qt.UserRole)
        self.passage_opened.emit(source_id, start, end)
