"""Correcting a transcription error: edit the text in place or load a corrected file. Saving
re-anchors every coding; the report lists what moved and what lost its words."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from coder.sources.importers import read_document
from coder.store.errors import ImportFailed

from ..dialogs.import_dialog import FILTER
from ..folders import ask_open


class SourceEditDialog(QDialog):
    def __init__(self, name: str, text: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit the text of {name}")
        self.resize(820, 640)
        self.editor = QPlainTextEdit(text)
        self.editor.setFont(QFont("DejaVu Serif", 11))
        load = QPushButton("Load corrected file…")
        load.setToolTip("Replace the text with a corrected transcript (any importable format)")
        load.clicked.connect(self._load)
        box = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        box.addButton(load, QDialogButtonBox.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Correct the transcript. Codings stay on their words; codings whose words you "
                                "delete are kept aside for you to place or drop."))
        layout.addWidget(self.editor, 1)
        layout.addWidget(box)

    def _load(self) -> None:
        path = ask_open(self, "Corrected transcript", FILTER)
        if not path:
            return
        try:
            self.editor.setPlainText(read_document(path).text)
        except ImportFailed as exc:
            QMessageBox.warning(self, "CaseCoder", str(exc))

    def text(self) -> str:
        return self.editor.toPlainText()


def describe_report(report: dict) -> str:
    lines = [f"{report['unchanged']} codings unchanged, {len(report['moved'])} moved with their words, "
             f"{len(report['relocated'])} found elsewhere in the text."]
    if report["detached"]:
        lines.append(f"\n{len(report['detached'])} codings lost their words; they are listed under "
                     "'Detached codings' to place on new text or drop:")
        lines += [f"  • {d['code']}: “{' '.join(d['text'].split())[:90]}”" for d in report["detached"]]
    return "\n".join(lines)
