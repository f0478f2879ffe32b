"""Code > Case outline…: build and edit the analytic site case outline — its sections (add,
sub-section, rename, describe, move up and down or under another, delete) and the codes linked
to each (link, unlink), which feed that section's evidence in the site memos.

Each button runs one coder operation through the session (so each is one undoable step), and
the dialog redraws from the study whenever a change touches sections or codes — its own or one
made elsewhere (an undo, the codebook panel), so it never shows a stale outline. Not modal: the
researcher can code and write beside it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..widgets.spell_check import check_spelling
from .code_dialogs import PickDialog

ID_ROLE = Qt.UserRole + 1


class CaseOutlineDialog(QDialog):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Case outline")
        self.resize(760, 520)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Section", "Codes"])
        self.tree.setColumnWidth(0, 300)
        self.tree.currentItemChanged.connect(lambda *_: self._show_section())
        self.tree.setToolTip("The sections of every site case memo, in order")
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip, slot in (
                ("add", "Add section…", "A new top-level section at the end", lambda: self.add(None)),
                ("sub", "Add sub-section…", "A section inside the chosen one", lambda: self.add(self.current())),
                ("rename", "Rename…", "Rename the chosen section (site memos follow)", self.rename),
                ("up", "Up", "Move the chosen section up among its siblings", lambda: self.shift(-1)),
                ("down", "Down", "Move the chosen section down among its siblings", lambda: self.shift(1)),
                ("move", "Move under…", "Put the chosen section under another (or at the top level)", self.move),
                ("delete", "Delete…", "Delete the chosen section and its sub-sections", self.delete)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addLayout(buttons)

        self.title = QLabel("")
        self.title.setWordWrap(True)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText("What this section of the site memos covers")
        self.description.setTabChangesFocus(True)
        check_spelling(self.description)
        self.save_description = QPushButton("Save description")
        self.save_description.clicked.connect(self.describe)
        self.codes = QListWidget()
        self.codes.setToolTip("Codes linked to this section: their segments are its evidence in the memos")
        link = QPushButton("Link codes…")
        link.setToolTip("Link a code to this section (a code feeds one section)")
        link.clicked.connect(self.link)
        unlink = QPushButton("Unlink")
        unlink.setToolTip("Unlink the chosen code from this section")
        unlink.clicked.connect(self.unlink)
        self.buttons.update(link=link, unlink=unlink, describe=self.save_description)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(QLabel("Description"))
        right_layout.addWidget(self.description, 1)
        right_layout.addWidget(self.save_description, 0, Qt.AlignRight)
        right_layout.addWidget(QLabel("Linked codes"))
        right_layout.addWidget(self.codes, 2)
        row = QHBoxLayout()
        row.addWidget(link)
        row.addWidget(unlink)
        row.addStretch(1)
        right_layout.addLayout(row)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([460, 300])
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(close)
        session.changes_applied.connect(self._changed)
        self.refresh()

    # ------------------------------------------------------------------ showing
    def refresh(self, keep: str | None = None) -> None:
        keep = keep or self.current()
        study = self.session.study
        linked: dict[str, list[str]] = {}
        for code in study.codes.all():
            if code.section_id:
                linked.setdefault(code.section_id, []).append(code.path)
        self.tree.blockSignals(True)
        self.tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for section in study.sections.all():
            parent = items.get(section.parent_id)
            item = QTreeWidgetItem([section.name, str(len(linked.get(section.id, [])) or "")])
            item.setData(0, ID_ROLE, section.id)
            item.setToolTip(0, section.description or section.path)
            (parent.addChild(item) if parent else self.tree.addTopLevelItem(item))
            items[section.id] = item
        self.tree.expandAll()
        self.items = items
        self.tree.blockSignals(False)
        if keep in items:
            self.tree.setCurrentItem(items[keep])
        elif items:
            self.tree.setCurrentItem(next(iter(items.values())))
        self._show_section()

    def current(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item else None

    def _show_section(self) -> None:
        section_id = self.current()
        chosen = section_id is not None
        for key in ("sub", "rename", "up", "down", "move", "delete", "link", "unlink", "describe"):
            self.buttons[key].setEnabled(chosen)
        self.description.setEnabled(chosen)
        self.codes.clear()
        if not chosen:
            self.title.setText("<i>No sections yet: add the first one</i>")
            self.description.setPlainText("")
            return
        study = self.session.study
        section = study.sections.get(section_id)
        self.title.setText(f"<b>{section.path}</b>")
        self.description.setPlainText(section.description)
        paths = study.codes.paths()
        for code_id in study.codes.linked_to(section_id):
            item = QListWidgetItem(paths.get(code_id, code_id))
            item.setData(ID_ROLE, code_id)
            self.codes.addItem(item)

    def _changed(self, changes) -> None:
        if changes.areas & {"sections", "codes"} and self.isVisible():
            self.refresh()

    # ------------------------------------------------------------------ editing
    def _run(self, operation, **kwargs):
        return self.session.run_op(operation, **kwargs)

    def add(self, parent_id: str | None) -> None:
        study = self.session.study
        where = f" under “{study.sections.get(parent_id).name}”" if parent_id else ""
        name, ok = QInputDialog.getText(self, "New section", f"Name of the new section{where}:")
        if not ok or not name.strip():
            return
        path = f"{study.sections.get(parent_id).path}/{name.strip()}" if parent_id else name.strip()
        changes = self._run(study.sections.add_section, path=path)
        if changes is not None:
            self.refresh(keep=changes.result)

    def rename(self) -> None:
        study = self.session.study
        section = study.sections.get(self.current())
        name, ok = QInputDialog.getText(self, "Rename section", "New name (site memos are renamed with it):",
                                        text=section.name)
        if ok and name.strip() and name.strip() != section.name:
            self._run(study.sections.rename_section, section_id=section.id, name=name.strip())

    def describe(self) -> None:
        study = self.session.study
        section = study.sections.get(self.current())
        text = self.description.toPlainText()
        if text != section.description:
            self._run(study.sections.rename_section, section_id=section.id, name=section.name, description=text)

    def shift(self, by: int) -> None:
        self._run(self.session.study.sections.shift_section, section_id=self.current(), by=by)

    def move(self) -> None:
        study = self.session.study
        section = study.sections.get(self.current())
        inside = section.path + "/"
        items = [("(the top level)", "")] + [(s.path, s.id) for s in study.sections.all()
                                             if s.id != section.id and not s.path.startswith(inside)]
        dialog = PickDialog("Move section", f"Put “{section.name}” under:", items, self)
        if dialog.exec():
            self._run(study.sections.move_section, section_id=section.id, parent_id=dialog.chosen() or None)

    def delete(self) -> None:
        study = self.session.study
        section = study.sections.get(self.current())
        below = [s for s in study.sections.all() if s.path.startswith(section.path + "/")]
        codes = len(study.codes.linked_to(section.id))
        answer = QMessageBox.question(
            self, "Delete section",
            f"Delete “{section.path}”{f' and its {len(below)} sub-sections' if below else ''}?\n\n"
            f"{codes} linked code{'s are' if codes != 1 else ' is'} unlinked (the codes and codings stay). "
            "You can undo this with Ctrl+Z.")
        if answer == QMessageBox.Yes:
            self._run(study.sections.delete_section, section_id=section.id)

    def link(self) -> None:
        study = self.session.study
        section_id = self.current()
        here = set(study.codes.linked_to(section_id))
        items = [(c.path, c.id) for c in study.codes.all() if c.id not in here]
        dialog = PickDialog("Link a code", "Which code feeds this section? (A code linked elsewhere moves "
                            "here.)", items, self)
        if dialog.exec() and dialog.chosen():
            self._run(study.codes.link_section, code_id=dialog.chosen(), section_id=section_id)

    def unlink(self) -> None:
        item = self.codes.currentItem()
        if item is not None:
            self._run(self.session.study.codes.link_section, code_id=item.data(ID_ROLE), section_id=None)
