"""File > Word export settings: the choices every Word export of this computer takes.

The same three choices the command line gives each export (`--template`, `--keep-empty`,
`--heat`; coder.reports.options): a lab's own Word template for fonts, margins and page size,
whether empty sections stay in as bare headings (a reviewer's checklist), and whether count tables
are shaded as a heat map. They are kept per computer (QSettings), because a template is a file on
this machine; a template is tried when it is chosen, so a file Word cannot take is refused then,
with its name and what is wrong, not at the next export.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coder.reports.options import WordOptions

TEMPLATE, KEEP_EMPTY, HEAT = "word/template", "word/keep_empty", "word/heat"
OURS = "CaseCoder's own (Letter, Calibri)"


def _flag(settings: QSettings, key: str) -> bool:
    return str(settings.value(key, "false")).lower() in ("true", "1")


def word_options() -> WordOptions:
    """The Word export settings of this computer."""
    settings = QSettings()
    template = str(settings.value(TEMPLATE, "") or "")
    return WordOptions.of(template or None, _flag(settings, KEEP_EMPTY), _flag(settings, HEAT))


def save_word_options(options: WordOptions) -> None:
    settings = QSettings()
    settings.setValue(TEMPLATE, str(options.template) if options.template else "")
    settings.setValue(KEEP_EMPTY, options.keep_empty)
    settings.setValue(HEAT, options.heat)


class WordSettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Word export settings")
        current = word_options()
        self.template: Path | None = current.template
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setAccessibleName("Word template")
        self.choose = QPushButton("&Choose…")
        self.choose.setToolTip("A .docx or .dotx whose styles, fonts and page every Word export takes")
        self.choose.clicked.connect(self.choose_template)
        self.reset = QPushButton("CaseCoder's &own")
        self.reset.setToolTip("Go back to CaseCoder's template")
        self.reset.clicked.connect(lambda: self._show(None))
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.choose)
        row.addWidget(self.reset)
        self.keep_empty = QCheckBox("&Keep empty sections as bare headings (a reviewer's checklist)")
        self.keep_empty.setChecked(current.keep_empty)
        self.heat = QCheckBox("&Shade count tables by how many passages a cell holds (a heat map)")
        self.heat.setChecked(current.heat)
        form = QFormLayout()
        label = QLabel("&Template:")
        label.setBuddy(self.choose)  # Alt+T chooses a template
        form.addRow(label, row)
        note = QLabel("Memos, the cross-site outline, pattern tables, data runs and coder agreement all take these. "
                      "A template lends its styles (Normal, Heading 1…, Quote, and CaseCoder's Citation, Report "
                      "Note, Table Text…) and its first page's size, margins, header and footer; any style it "
                      "lacks is CaseCoder's.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.keep_empty)
        layout.addWidget(self.heat)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self._show(self.template)
        self.resize(560, self.sizeHint().height())

    def _show(self, template: Path | None) -> None:
        self.template = template
        self.path.setText(str(template) if template else OURS)
        self.path.setToolTip(self.path.text())
        self.reset.setEnabled(template is not None)

    def choose_template(self) -> None:
        from coder.reports.template import open_document
        from coder.store.errors import CaseCoderError

        from ..folders import ask_open

        chosen = ask_open(self, "Choose a Word template", "Word templates and documents (*.dotx *.docx)")
        if not chosen:
            return
        try:
            open_document(chosen)
        except CaseCoderError as exc:
            QMessageBox.warning(self, "CaseCoder", str(exc))
            return
        self._show(Path(chosen))

    def options(self) -> WordOptions:
        return WordOptions(self.template, self.keep_empty.isChecked(), self.heat.isChecked())

    def accept(self) -> None:
        save_word_options(self.options())
        super().accept()
