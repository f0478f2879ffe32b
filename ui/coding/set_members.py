"""Choosing what goes into a set: a filterable list of the study's sources, codes or memos with a
tick box each (a source is found by its name, site, role or wave), and — for a new set — its name
and description. Used by Code > Sets… for New set… and Add members…."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

ID_ROLE = Qt.UserRole + 1
KIND_NAMES = {"source": "Sources", "code": "Codes", "memo": "Memos"}


def member_choices(study, kind: str) -> list[tuple[str, str, str]]:
    """(label, id, what else the filter matches) for every source, code or memo of the study."""
    if kind == "source":
        rows = []
        for s in study.sources.all():
            bits = [s.site or s.district or "unassigned", s.role or "", f"wave {s.wave}" if s.wave is not None else ""]
            rows.append((s.name, s.id, " · ".join(b for b in bits if b) + (f" ({s.district})" if s.site else "")))
        return rows
    if kind == "code":
        return [(c.path, c.id, c.definition) for c in study.codes.all()]
    return [(m.title, m.id, f"{m.kind} memo · {m.status}") for m in study.memos.all()]


class CheckList(QWidget):
    """A list to tick from, narrowed by typing; what is ticked stays ticked while filtered."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(placeholderText="Type to filter (name, site, role, wave)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # long lines are cut short with …
        self.list.setTextElideMode(Qt.ElideRight)
        self.list.itemChanged.connect(lambda _item: self._count())
        self.tick_all = QPushButton("Tick all shown")
        self.tick_all.setToolTip("Tick every item the filter shows")
        self.tick_all.clicked.connect(lambda: self._tick_shown(Qt.Checked))
        self.untick_all = QPushButton("Untick all shown")
        self.untick_all.clicked.connect(lambda: self._tick_shown(Qt.Unchecked))
        self.counter = QLabel("")
        row = QHBoxLayout()
        row.addWidget(self.tick_all)
        row.addWidget(self.untick_all)
        row.addStretch(1)
        row.addWidget(self.counter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)

    def set_items(self, items: list[tuple[str, str, str]], ticked=(), unavailable=()) -> None:
        """Items to offer; those in `unavailable` (already members) are shown ticked and greyed."""
        ticked, unavailable = set(ticked), set(unavailable)
        self.list.blockSignals(True)
        self.list.clear()
        for label, value, detail in items:
            item = QListWidgetItem(f"{label}    — {detail}" if detail else label)
            item.setData(ID_ROLE, value)
            item.setData(Qt.UserRole + 2, f"{label} {detail}".lower())
            item.setToolTip(detail or label)
            if value in unavailable:
                item.setFlags(Qt.ItemIsUserCheckable)  # shown, not enabled: it is in the set already
                item.setCheckState(Qt.Checked)
                item.setToolTip("Already in the set")
            else:
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Checked if value in ticked else Qt.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._filter(self.filter.text())

    def _items(self):
        return [self.list.item(row) for row in range(self.list.count())]

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        for item in self._items():
            item.setHidden(not all(w in item.data(Qt.UserRole + 2) for w in words))
        self._count()

    def _tick_shown(self, state) -> None:
        for item in self._items():
            if not item.isHidden() and item.flags() & Qt.ItemIsEnabled:
                item.setCheckState(state)

    def _count(self) -> None:
        self.counter.setText(f"{len(self.ticked())} ticked")

    def ticked(self) -> list[str]:
        return [item.data(ID_ROLE) for item in self._items()
                if item.checkState() == Qt.Checked and item.flags() & Qt.ItemIsEnabled]


class SetMembersDialog(QDialog):
    """New set… (name, description, what it holds, its first members) or Add members… (what to
    add, of the kind the set holds, or of any kind to an empty set)."""

    def __init__(self, study, title: str, kind: str = "source", members=(), new: bool = False,
                 kind_fixed: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.study = study
        self.members = set(members)
        self.setWindowTitle(title)
        self.resize(640, 560)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Principals, wave 1")
        self.description = QLineEdit()
        self.description.setPlaceholderText("What the set is for (optional)")
        self.kind = QComboBox()
        for key, text in KIND_NAMES.items():
            self.kind.addItem(text, key)
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.kind.setEnabled(not kind_fixed)
        self.kind.setToolTip("A set holds sources (a set of sources narrows a data run), codes or memos")
        self.kind.currentIndexChanged.connect(lambda _i: self._fill())
        form = QFormLayout()
        if new:
            form.addRow("Name", self.name)
            form.addRow("Description", self.description)
        form.addRow("Holds" if new else "Add", self.kind)
        self.choices = CheckList()
        self.box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.box.button(QDialogButtonBox.Ok).setText("Create set" if new else "Add to set")
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Tick the members:" if new else "Tick what to add:"))
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.box)
        self.new = new
        self.name.textChanged.connect(lambda _t: self._enable())
        self.choices.list.itemChanged.connect(lambda _i: self._enable())
        self._fill()
        (self.name if new else self.choices.filter).setFocus()

    def chosen_kind(self) -> str:
        return self.kind.currentData()

    def _fill(self) -> None:
        self.choices.set_items(member_choices(self.study, self.chosen_kind()), unavailable=self.members)
        self._enable()

    def _enable(self) -> None:
        ok = bool(self.name.text().strip()) if self.new else bool(self.choices.ticked())
        self.box.button(QDialogButtonBox.Ok).setEnabled(ok)

    def ticked(self) -> list[str]:
        return self.choices.ticked()
