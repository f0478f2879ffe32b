"""Code > Sets…: the study's sets of sources, codes and memos (a MAXQDA document set, an NVivo
static set, an ATLAS.ti code group; REFI-QDA projects bring theirs) with their members. New set…,
Rename…, Describe…, Delete…, Add members… and Remove each run one coder operation through the
session, so each is one undoable step; a set of sources is then offered as the data runs' Set
filter. The dialog redraws whenever a change touches sets or what they hold — its own, an undo,
an import — and is not modal: the researcher can code beside it. Double-clicking a source member
opens it in the transcript."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..widgets.text_prompt import ask_text
from .set_members import KIND_NAMES, SetMembersDialog

ID_ROLE = Qt.UserRole + 1
KIND_ROLE = Qt.UserRole + 2
WATCHED = {"sets", "sources", "codes", "memos"}  # a member renamed or deleted changes what is shown


def holds(each) -> str:
    """'12 sources', '3 codes and 1 memo', 'empty'."""
    parts = []
    for kind, ids in each.members.items():
        if ids:
            noun = KIND_NAMES[kind].lower()
            parts.append(f"{len(ids)} {noun if len(ids) != 1 else noun[:-1]}")
    return " and ".join(parts) or "empty"


class SetsDialog(QDialog):
    source_opened = Signal(str)

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Sets")
        self.resize(820, 520)
        self.sets = QTreeWidget()
        self.sets.setHeaderLabels(["Set", "Holds"])
        self.sets.setColumnWidth(0, 220)
        self.sets.setRootIsDecorated(False)
        self.sets.setToolTip("The study's sets: a set of sources narrows a data run (Data runs > Set)")
        self.sets.currentItemChanged.connect(lambda *_: self._show_set())
        self.buttons: dict[str, QPushButton] = {}
        left_buttons = QHBoxLayout()
        for key, text, tip, slot in (
                ("new", "New set…", "A new set of sources, codes or memos, with its first members", self.new_set),
                ("rename", "Rename…", "Rename the chosen set", self.rename),
                ("describe", "Describe…", "Say what the chosen set is for", self.describe),
                ("delete", "Delete…", "Delete the chosen set (its members stay in the study)", self.delete)):
            left_buttons.addWidget(self._button(key, text, tip, slot))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.sets, 1)
        left_layout.addLayout(left_buttons)

        self.title = QLabel("")
        self.title.setWordWrap(True)
        self.members = QListWidget()
        self.members.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.members.setToolTip("The set's members (double-click a source to open it)")
        self.members.itemDoubleClicked.connect(self._open_member)
        self.members.itemSelectionChanged.connect(self._enable)
        right_buttons = QHBoxLayout()
        right_buttons.addWidget(self._button("add", "Add members…", "Tick sources, codes or memos to put in the set",
                                             self.add_members))
        right_buttons.addWidget(self._button("remove", "Remove", "Take the chosen members out of the set (they "
                                             "stay in the study)", self.remove_members))
        right_buttons.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.members, 1)
        right_layout.addLayout(right_buttons)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([420, 400])
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(close)
        session.changes_applied.connect(self._changed)
        session.study_replaced.connect(self.refresh)
        self.refresh()

    def _button(self, key: str, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        self.buttons[key] = button
        return button

    # ------------------------------------------------------------------ showing
    def refresh(self, keep: str | None = None) -> None:
        keep = keep or self.current_id()
        self.items: dict[str, QTreeWidgetItem] = {}
        self.sets.blockSignals(True)
        self.sets.clear()
        for each in self.session.study.sets.all():
            item = QTreeWidgetItem([each.name, holds(each)])
            item.setData(0, ID_ROLE, each.id)
            item.setToolTip(0, each.description or each.name)
            self.sets.addTopLevelItem(item)
            self.items[each.id] = item
        self.sets.blockSignals(False)
        if keep in self.items:
            self.sets.setCurrentItem(self.items[keep])
        elif self.items:
            self.sets.setCurrentItem(next(iter(self.items.values())))
        self._show_set()

    def current_id(self) -> str | None:
        item = self.sets.currentItem()
        return item.data(0, ID_ROLE) if item else None

    def current(self):
        set_id = self.current_id()
        return next((s for s in self.session.study.sets.all() if s.id == set_id), None)

    def _show_set(self) -> None:
        each = self.current()
        self.members.clear()
        if each is None:
            self.title.setText("<i>No sets yet. New set… makes one: the principals of wave 1, the sites of one "
                               "district, the codes of a theme.</i>")
            self._enable()
            return
        described = f"<br>{each.description}" if each.description else ""
        self.title.setText(f"<b>{each.name}</b>: {holds(each)}{described}")
        study = self.session.study
        names = {"code": study.codes.paths(), "source": {s.id: s.name for s in study.sources.all()},
                 "memo": {m.id: m.title for m in study.memos.all()}}
        for kind, ids in each.members.items():
            for member in sorted(ids, key=lambda m, k=kind: names[k].get(m, m).lower()):
                item = QListWidgetItem(names[kind].get(member, f"(gone) {member}"))
                item.setData(ID_ROLE, member)
                item.setData(KIND_ROLE, kind)
                item.setToolTip(KIND_NAMES[kind][:-1])
                self.members.addItem(item)
        self._enable()

    def _enable(self) -> None:
        chosen = self.current_id() is not None
        for key in ("rename", "describe", "delete", "add"):
            self.buttons[key].setEnabled(chosen)
        self.buttons["remove"].setEnabled(chosen and bool(self.members.selectedItems()))

    def _changed(self, changes) -> None:
        if changes.areas & WATCHED and self.isVisible():
            self.refresh()

    def _open_member(self, item: QListWidgetItem) -> None:
        if item.data(KIND_ROLE) == "source":
            self.source_opened.emit(item.data(ID_ROLE))

    # ------------------------------------------------------------------ editing
    def _run(self, operation, **kwargs):
        return self.session.run_op(operation, **kwargs)

    def new_set(self) -> None:
        study = self.session.study
        dialog = SetMembersDialog(study, "New set", new=True, parent=self)
        if dialog.exec():
            changes = self._run(study.sets.add_set, name=dialog.name.text().strip(), kind=dialog.chosen_kind(),
                                members=dialog.ticked(), description=dialog.description.text().strip())
            if changes is not None:
                self.refresh(keep=changes.result)

    def rename(self) -> None:
        each = self.current()
        name, ok = QInputDialog.getText(self, "Rename set", "New name of the set:", text=each.name)
        if ok and name.strip() and name.strip() != each.name:
            self._run(self.session.study.sets.rename_set, set_id=each.id, name=name.strip())

    def describe(self) -> None:
        each = self.current()
        text, ok = ask_text(self, "Describe set", f"What “{each.name}” is for:",
                                                 each.description)
        if ok and text != each.description:
            self._run(self.session.study.sets.rename_set, set_id=each.id, name=each.name, description=text)

    def delete(self) -> None:
        each = self.current()
        answer = QMessageBox.question(
            self, "Delete set", f"Delete the set “{each.name}” ({holds(each)})?\n\nIts members stay in the study. "
            "You can undo this with Ctrl+Z.")
        if answer == QMessageBox.Yes:
            self._run(self.session.study.sets.delete_set, set_id=each.id)

    def add_members(self) -> None:
        each = self.current()
        kinds = [k for k, ids in each.members.items() if ids]
        kind = kinds[0] if len(kinds) == 1 else "source"
        held = {m for ids in each.members.values() for m in ids}
        dialog = SetMembersDialog(self.session.study, f"Add to {each.name}", kind=kind, members=held,
                                  kind_fixed=len(kinds) == 1, parent=self)
        if dialog.exec() and dialog.ticked():
            self._run(self.session.study.sets.add_members, set_id=each.id, kind=dialog.chosen_kind(),
                      members=dialog.ticked())

    def remove_members(self) -> None:
        each = self.current()
        chosen = [item.data(ID_ROLE) for item in self.members.selectedItems()]
        if chosen:
            self._run(self.session.study.sets.remove_members, set_id=each.id, members=chosen)
