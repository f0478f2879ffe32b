"""Import sources: pick files or a folder (and a metadata CSV), assign district, site, type, role
and wave; the import runs in a worker with progress and Cancel; failures are listed by file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from coder.sources.importers import FORMATS

from ..folders import ask_folder, ask_open, ask_open_many

FILTER = "Transcripts (" + " ".join(f"*{ext}" for ext in sorted(FORMATS)) + ")"


def _editable(items: list[str], tip: str) -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.addItem("")
    box.addItems(items)
    box.setToolTip(tip)
    return box


class ImportDialog(QDialog):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import sources")
        self.resize(620, 480)
        study = session.study
        cases = study.cases.all()
        sources = study.sources.all()
        self.files = QListWidget()
        self.files.setToolTip("Files to import (.docx .txt .md .vtt .srt .odt)")
        add_files = QPushButton("Add files…")
        add_files.clicked.connect(self._add_files)
        add_folder = QPushButton("Add folder…")
        add_folder.clicked.connect(self._add_folder)
        remove = QPushButton("Remove")
        remove.clicked.connect(lambda: [self.files.takeItem(self.files.row(i)) for i in self.files.selectedItems()])
        self.metadata = QLineEdit(placeholderText="optional: file,district,site,type,role,wave,phase,date,"
                                                  "interviewers")
        pick_csv = QPushButton("Metadata CSV…")
        pick_csv.clicked.connect(self._pick_csv)
        self.district = _editable([c.name for c in cases if c.kind == "district"], "District (created if new)")
        self.site = _editable([c.name for c in cases if c.kind == "site"], "Site (created if new)")
        self.type = QComboBox()
        self.type.addItems(["interview", "observation", "artifact"])
        self.role = _editable(sorted({s.role for s in sources if s.role}), "Respondent role, e.g. principal")
        self.wave = QSpinBox()
        self.wave.setRange(0, 99)
        self.wave.setSpecialValueText("—")
        self.wave.setToolTip("Data-collection wave (— for none)")
        buttons_row = QHBoxLayout()
        for b in (add_files, add_folder, remove):
            buttons_row.addWidget(b)
        buttons_row.addStretch(1)
        csv_row = QHBoxLayout()
        csv_row.addWidget(self.metadata, 1)
        csv_row.addWidget(pick_csv)
        form = QFormLayout()
        form.addRow("District", self.district)
        form.addRow("Site", self.site)
        form.addRow("Type", self.type)
        form.addRow("Role", self.role)
        form.addRow("Wave", self.wave)
        box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        box.button(QDialogButtonBox.Ok).setText("Import")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Files or folders:"))
        layout.addWidget(self.files, 1)
        layout.addLayout(buttons_row)
        layout.addLayout(csv_row)
        layout.addWidget(QLabel("Values for every file (a metadata CSV overrides them per file):"))
        layout.addLayout(form)
        layout.addWidget(box)

    def add_paths(self, paths: list[str]) -> None:
        for path in paths:
            if path and not self.files.findItems(path, Qt.MatchExactly):
                self.files.addItem(path)

    def _add_files(self) -> None:
        paths = ask_open_many(self, "Add transcripts", FILTER)
        self.add_paths(paths)

    def _add_folder(self) -> None:
        self.add_paths([ask_folder(self, "Add a folder of transcripts")])

    def _pick_csv(self) -> None:
        path = ask_open(self, "Metadata CSV", "CSV (*.csv)")
        if path:
            self.metadata.setText(path)

    def paths(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    def defaults(self) -> dict:
        return {"district": self.district.currentText().strip() or None,
                "site": self.site.currentText().strip() or None, "type": self.type.currentText(),
                "role": self.role.currentText().strip() or None, "wave": self.wave.value() or None}


def describe_import(report) -> str:
    """One line for the status bar: what came in, what was read with a warning, what failed."""
    n = len(report.imported)
    line = f"Imported {n} source{'s' if n != 1 else ''}"
    warned = sum(1 for item in report.imported if item.get("warnings"))
    if warned:
        line += f", {warned} with warnings"
    if report.failed:
        line += f"; {len(report.failed)} file{'s' if len(report.failed) != 1 else ''} could not be imported"
    return line + "."


class ImportReportDialog(QDialog):
    """What an import did, file by file: the files that could not be imported and why, and the
    files read with a warning (another encoding, stray NUL bytes removed ...). Not modal: the
    researcher can look at the sources while it stays open."""

    def __init__(self, report, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import finished")
        self.resize(640, 360)
        self.summary = QLabel(describe_import(report))
        self.summary.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["File", "What happened"])
        self.list.setRootIsDecorated(False)
        self.list.setColumnWidth(0, 220)
        for failure in report.failed:
            item = QTreeWidgetItem([_name(failure["file"]), f"not imported: {failure['reason']}"])
            item.setForeground(1, Qt.darkRed)
            item.setToolTip(0, failure["file"])
            self.list.addTopLevelItem(item)
        for done in report.imported:
            for warning in done.get("warnings") or ():
                item = QTreeWidgetItem([_name(done["file"]), f"imported; {warning}"])
                item.setToolTip(0, done["file"])
                self.list.addTopLevelItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        copy = buttons.addButton("Copy list", QDialogButtonBox.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(self.as_text()))
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def as_text(self) -> str:
        rows = [self.summary.text()]
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            rows.append(f"{item.toolTip(0)}: {item.text(1)}")
        return "\n".join(rows)


def _name(path: str) -> str:
    from pathlib import Path

    return Path(path).name
