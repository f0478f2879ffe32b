"""Small dialogs about codes: describing one, picking a code (merge target, re-code), picking an
outline section."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
)
from rapidfuzz import fuzz

from ..widgets.spell_check import check_spelling


class DescribeCodeDialog(QDialog):
    """Definition, inclusion, exclusion and example of a code: the coding key."""

    def __init__(self, code, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Describe {code.name}")
        self.resize(520, 440)
        self.fields = {}
        form = QFormLayout()
        for key in ("definition", "inclusion", "exclusion", "example"):
            edit = QPlainTextEdit(getattr(code, key))
            edit.setTabChangesFocus(True)
            check_spelling(edit)
            self.fields[key] = edit
            form.addRow(key.capitalize(), edit)
        box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{code.path}</b>"))
        layout.addLayout(form)
        layout.addWidget(box)

    def values(self) -> dict[str, str]:
        return {k: w.toPlainText() for k, w in self.fields.items()}


class PickDialog(QDialog):
    """Choose one item (a code or a section) from a filterable list."""

    def __init__(self, title: str, prompt: str, items: list[tuple[str, str]], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(460, 480)
        self.items = items
        self.filter = QLineEdit(placeholderText="Type to filter")
        self.filter.textChanged.connect(self._fill)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(box)
        self._fill("")

    def _fill(self, text: str) -> None:
        self.list.clear()
        ranked = self.items
        if text.strip():
            scored = [(fuzz.WRatio(text, label), label, value) for label, value in self.items]
            ranked = [(label, value) for score, label, value in sorted(scored, reverse=True) if score >= 50]
        for label, value in ranked:
            item = QListWidgetItem(label)
            item.setData(256, value)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(256) if item else None
