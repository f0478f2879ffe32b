"""Reading across sites: one outline section of every site's case memo side by side, grouped by
district and ordered by a case attribute, with each site's coded segments for the section a
double-click away; record what you see straight into the cross-site outline, or as a new code
linked to the section."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..widgets.text_prompt import ask_text

COLUMNS = ("District", "Site", "What the site memo says", "Segments")


class AcrossSitesDialog(QDialog):
    segments_requested = Signal(str, str)  # section name, site id

    def __init__(self, session, section: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Read across sites")
        self.resize(1100, 700)
        study = session.study
        self.section = QComboBox()
        for s in study.sections.all():
            self.section.addItem(s.name, s.name)
        if section:
            self.section.setCurrentIndex(max(0, self.section.findData(section)))
        self.order = QComboBox()
        self.order.addItem("sites by name", None)
        for name in (a.name for a in study.attributes.definitions("case")):
            self.order.addItem(f"sites by {name}", name)
        self.grid = QTableWidget(0, len(COLUMNS))
        self.grid.setHorizontalHeaderLabels(list(COLUMNS))
        self.grid.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.grid.setWordWrap(True)
        self.grid.setEditTriggers(QTableWidget.NoEditTriggers)
        self.grid.verticalHeader().hide()
        self.grid.cellDoubleClicked.connect(self._open_segments)
        record = QPushButton("Record in the cross-site outline…")
        record.setToolTip("A pattern, hunch or claim about this section, as a claim under a theme named after it")
        record.clicked.connect(self.record)
        new_code = QPushButton("New code for this section…")
        new_code.setToolTip("A new category you see across sites, linked to this section")
        new_code.clicked.connect(self.new_code)
        top = QHBoxLayout()
        for widget in (QLabel("Section"), self.section, self.order):
            top.addWidget(widget)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("Double-click a site's segment count to see its coded segments."))
        bottom.addStretch(1)
        bottom.addWidget(new_code)
        bottom.addWidget(record)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.grid, 1)
        layout.addLayout(bottom)
        self.section.currentIndexChanged.connect(lambda _i: self.refresh())
        self.order.currentIndexChanged.connect(lambda _i: self.refresh())
        self.rows: list[dict] = []
        self.refresh()

    def refresh(self) -> None:
        name = self.section.currentData()
        self.rows = self.session.study.memos.across_sites(name, self.order.currentData()) if name else []
        self.grid.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            text = row["text"] or ("(no site memo yet)" if row["memo_id"] is None else "(this section is empty)")
            for column, value in enumerate((row["district"], row["site"], text, str(row["segments"]))):
                cell = QTableWidgetItem(value)
                if column == 3:
                    cell.setTextAlignment(Qt.AlignCenter)
                    cell.setToolTip("Double-click for these coded segments")
                self.grid.setItem(i, column, cell)
        self.grid.resizeRowsToContents()

    def _open_segments(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.rows):
            self.segments_requested.emit(self.section.currentData(), self.rows[row]["site_id"])

    def record(self) -> None:
        section = self.section.currentData()
        text, ok = ask_text(self, "Record in the cross-site outline",
                                                 f"A pattern or claim about “{section}” across sites:")
        if ok and text.strip():
            self.session.run_op(self.session.study.cross_outline.add, path=section.replace("/", "\\/"),
                                claim=" ".join(text.split()))

    def new_code(self) -> None:
        section = self.section.currentData()
        name, ok = QInputDialog.getText(self, "New code", f"A new code, linked to “{section}”:")
        if not (ok and name.strip()):
            return
        study = self.session.study
        changes = self.session.run_op(study.codes.add_code, path=name.strip())
        if changes is not None:
            self.session.run_op(study.codes.link_section, code_id=changes.result,
                                section_id=study.sections.find(section).id)
