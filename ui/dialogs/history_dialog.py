"""Edit > History…: the study's change log (`casecoder history`) — every action taken on this file,
in the window, on the command line or by a teammate's imported work: when (local time), who, and
what, newest first. Filter by words of what was done and by author; read-only. It follows the
study: each change, undo and redo appears as it happens."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

SHOWN = 2000  # entries listed at once; the filters reach further back
DONE_AGAIN = {"undo": "Undone", "redo": "Redone"}


def local_time(at: str) -> str:
    """'2026-03-14T09:26:53.589Z' as the researcher's clock reads it: '2026-03-14 10:26:53'."""
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def describe(entry: dict) -> str:
    again = DONE_AGAIN.get(entry["op"])
    return f"{again}: {entry['label']}" if again else entry["label"]


class HistoryDialog(QDialog):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("History of this study")
        self.resize(760, 520)
        self.text = QLineEdit(placeholderText="Filter: words of what was done (e.g. rename, Resistance, import)")
        self.text.setClearButtonEnabled(True)
        self.text.textChanged.connect(lambda _t: self.refresh())
        self.author = QComboBox()
        self.author.setToolTip("Only the changes one person made")
        self.author.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["When", "Who", "What"])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)  # one line per change, a long one cut short with …
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self.summary = QLabel("")
        top = QHBoxLayout()
        top.addWidget(self.text, 1)
        top.addWidget(QLabel("Who:"))
        top.addWidget(self.author)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(close)
        session.changes_applied.connect(self._changed)
        session.study_replaced.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        """Offer the study's authors again, then list (the study may be another one)."""
        chosen = self.author.currentData()
        self.author.blockSignals(True)
        self.author.clear()
        self.author.addItem("Everyone", "")
        for name in self.session.study.changelog_authors():
            self.author.addItem(name, name)
        self.author.setCurrentIndex(max(0, self.author.findData(chosen)))
        self.author.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        entries = self.session.study.changelog(SHOWN + 1, text=self.text.text(), author=self.author.currentData() or "")
        more = len(entries) > SHOWN
        entries = entries[:SHOWN]
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            for column, value in enumerate((local_time(entry["at"]), entry["author"], describe(entry))):
                item = QTableWidgetItem(value)
                item.setToolTip(f"{entry['op']} · {entry['at']} (UTC)" if column == 0 else value)
                self.table.setItem(row, column, item)
        filtered = bool(self.text.text().strip() or self.author.currentData())
        if not entries:
            self.summary.setText("No change matches the filter." if filtered else "No changes yet.")
        else:
            s = "s" if len(entries) != 1 else ""
            self.summary.setText(f"{'The newest ' if more else ''}{len(entries):,} change{s}"
                                 f"{' matching the filter' if filtered else ''}, newest first"
                                 f"{' (filter to reach older ones)' if more else ''}.")

    def _changed(self, _changes) -> None:
        if self.isVisible():
            if self.author.findData(self.session.coder) < 0:
                self.reload()
            else:
                self.refresh()
