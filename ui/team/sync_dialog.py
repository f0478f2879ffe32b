"""Bringing the team's copies together in the window (File > Team): save a copy for a teammate,
export my work, import a teammate's, then see what came in and decide each conflict. Nothing a
teammate did is dropped: until the user decides, both sides are kept, and every decision is one
undoable action.

A copy for a teammate asks whose work it will hold, and exporting work that goes under a login
name nobody chose (or a name another copy's work goes under) asks for a name of one's own first,
so two people's work is never taken for one's (coder/store/copies.py)."""

from __future__ import annotations

import json
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from coder.store.errors import CaseCoderError

from ..folders import ask_open
from ..widgets.exports import ask_path, export_in_background

KINDS = {"memo_diverged": "Memo edited on two copies", "field": "Changed on two copies",
         "deleted_in_use": "Deleted, but used", "same_name": "Same name", "near_duplicate": "Nearly the same name",
         "detached": "Coding lost its words", "missing": "Waiting"}


def choice_label(conflict, choice: str) -> str:
    """A button's words for a choice: whose value it keeps, what it deletes."""
    if choice.startswith("keep ") and conflict.kind == "field":
        write = conflict.detail["writes"][int(choice.split()[1]) - 1]
        value = " ".join(str(write["value"]).split())
        return f"Keep {write['author']}'s: {value[:40] + '…' if len(value) > 40 else value}"
    if choice.startswith("undo ") and conflict.kind == "loop":  # moves that together make a loop
        move = conflict.detail["moves"][int(choice.split()[1]) - 1]
        return f"Set aside {move['author'] or 'the older'}'s move"
    both = conflict.kind in ("same_name", "near_duplicate")
    return {"keep": "Keep it", "delete": "Delete it and its uses", "merge": "Merge them", "open": "Open the memo",
            "dismiss": "Keep both" if both else "Dismiss"}.get(choice, choice)


NOUNS = {"codes": "code", "codings": "coding", "sources": "source", "source_texts": "text", "cases": "case",
         "memos": "memo", "memo_versions": "memo version", "outline_items": "outline item", "sections": "section",
         "case_values": "case attribute", "source_values": "source attribute", "memo_comments": "memo comment",
         "pattern_cells": "pattern cell", "pattern_quotes": "pattern quotation", "claim_evidence": "evidence link"}


def summary_html(data: dict) -> str:
    """What an import brought, in things a researcher counts."""
    held = f" ({data['already_held']} already here)" if data["already_held"] else ""
    parts = [f"<p>From <b>{escape(data['from'] or data['package'])}</b>: {data['operations']} new "
             f"change{'s' if data['operations'] != 1 else ''}{held}."]
    things = [f"{n} {NOUNS[t]}{'s' if n != 1 else ''}" for t, n in data.get("by_table", {}).items() if t in NOUNS]
    if things:
        parts.append(f" Added or changed: {', '.join(things)}.")
    if data.get("removed"):
        parts.append(f" {data['removed']} removed.")
    if data.get("recognised_sources"):
        parts.append(f" {data['recognised_sources']} transcript(s) recognised as ones this study already holds.")
    if not data["operations"]:
        parts.append(" Nothing new: this study already holds all of it.")
    return "".join(parts) + "</p>"


class ExchangeDialog(QDialog):
    """What an import brought, and the conflicts left to decide, each with its choices."""

    passage_opened = Signal(str, int, int)
    memo_opened = Signal(str)

    def __init__(self, session, summary: dict | None = None, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Team work: conflicts to decide")
        self.summary = QLabel(summary_html(summary) if summary else "")
        self.summary.setWordWrap(True)
        self.summary.setVisible(bool(summary))
        self.heading = QLabel()
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Kind", "What happened"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.setSelectionMode(QTableWidget.SingleSelection)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemDoubleClicked.connect(lambda _item: self.show_passage())
        self.choices = QHBoxLayout()
        self.show_button = QPushButton("Show in the document")
        self.show_button.clicked.connect(self.show_passage)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addLayout(self.choices)
        row.addStretch(1)
        row.addWidget(self.show_button)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(900, 520)
        self.conflicts: list = []
        self.refresh()

    def refresh(self) -> None:
        self.conflicts = self.session.study.sync.conflicts()
        self.heading.setText(f"<b>{len(self.conflicts)} conflict{'s' if len(self.conflicts) != 1 else ''} to "
                             "decide</b> — until you do, both sides' work is kept" if self.conflicts
                             else "<b>No conflicts</b>: every teammate's work fitted together.")
        self.table.setRowCount(len(self.conflicts))
        for row, conflict in enumerate(self.conflicts):
            self.table.setItem(row, 0, QTableWidgetItem(KINDS.get(conflict.kind, conflict.kind)))
            self.table.setItem(row, 1, QTableWidgetItem(conflict.text))
        self.table.resizeRowsToContents()
        if self.conflicts:
            self.table.selectRow(0)
        self._selected()

    def current(self):
        rows = self.table.selectionModel().selectedRows()
        return self.conflicts[rows[0].row()] if rows else None

    def _selected(self) -> None:
        while self.choices.count():
            widget = self.choices.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        conflict = self.current()
        self.show_button.setEnabled(self._passage(conflict) is not None)
        if conflict is None:
            return
        for choice in conflict.choices:
            button = QPushButton(choice_label(conflict, choice))
            button.clicked.connect(lambda _checked=False, c=choice: self.decide(c))
            self.choices.addWidget(button)

    def decide(self, choice: str) -> None:
        conflict = self.current()
        if conflict is None:
            return
        if choice == "open":
            self.memo_opened.emit(json.loads(conflict.key)[0])
            return
        self.session.run_op(self.session.study.sync.resolve, conflict_id=conflict.id, choice=choice)
        self.refresh()

    def _passage(self, conflict) -> tuple[str, int, int] | None:
        return self.session.study.sync.passage_of(conflict) if conflict is not None else None

    def show_passage(self) -> None:
        found = self._passage(self.current())
        if found:
            self.passage_opened.emit(*found)


class NameDialog(QDialog):
    """Ask for a coder name, checked before it is taken; `keep` offers to go on without one."""

    def __init__(self, parent, title: str, text: str, ok: str, check, keep: str | None = None,
                 name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.check = check
        self.choice: str | None = None  # "name", "keep", or None (cancelled)
        self.explanation = QLabel(text)
        self.explanation.setWordWrap(True)
        self.name = QLineEdit(name)
        self.name.setPlaceholderText("a name, e.g. the person's surname")
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: palette(bright-text);")
        self.ok = QPushButton(ok)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self._take)
        self.keep = QPushButton(keep) if keep else None
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.keep, cancel, self.ok):
            if button is not None:
                row.addWidget(button)
        if self.keep is not None:
            self.keep.clicked.connect(self._keep)
        layout = QVBoxLayout(self)
        for widget in (self.explanation, self.name, self.problem):
            layout.addWidget(widget)
        layout.addLayout(row)
        self.resize(520, 0)

    def value(self) -> str:
        return " ".join(self.name.text().split())

    def _take(self) -> None:
        problem = self.check(self.value())
        if problem:
            self.problem.setText(problem[0].upper() + problem[1:] + ".")
            self.name.setFocus()
            return
        self.choice = "name"
        self.accept()

    def _keep(self) -> None:
        self.choice = "keep"
        self.accept()


def own_name_first(window) -> bool:
    """Before work leaves this copy: when it goes under a name that cannot tell it from a
    teammate's, ask for one's own (this copy's codings move to it, and it is saved as the
    "Coding as" name) or to go on as it is. False when the user cancelled."""
    session = window.session
    study = session.study
    problem = study.sync.name_problem()
    if problem is None:
        return True
    old = study.user

    def check(name: str) -> str | None:
        if not name:
            return "give the name your work should go under"
        return None if name == old else study.sync.name_problem(name)

    dialog = NameDialog(window, "Whose work is this?",
                        f"Before your work goes to a teammate: {problem}.\n\nGive your own name; the codings "
                        f"you made on this copy under '{old}' move to it, and you go on coding as it.",
                        "Use this name", check, keep=f"Export as '{old}'")
    window.name_dialog = dialog
    if not dialog.exec() or dialog.choice is None:
        return False
    if dialog.choice == "name" and dialog.value() != old:
        if session.run_op(study.codings.rename_coder, old=old, new=dialog.value(), this_copy=True) is None:
            return False
        session.set_coder(dialog.value())
    return True


def export_work(window, for_peer: bool = False) -> str | None:
    """Write my work to a package; for a teammate, only what is new since their last package."""
    study = window.session.study
    if not own_name_first(window):
        return None
    peer = None
    if for_peer:
        known = [p["name"] for p in study.sync.peers()]
        peer, ok = QInputDialog.getItem(window, "Export new work", "For which teammate (their package name, or "
                                        "a new name)?", known or [""], 0, True)
        if not ok or not peer.strip():
            return None
        peer = peer.strip()
    chosen = ask_path(window, "Export my work", f"{study.path.stem} work{' for ' + peer if peer else ''}",
                      ("ccwork",))
    if chosen is None:
        return None
    # a whole large study is tens of megabytes: written in the background while the user goes on
    return export_in_background(
        window, window.session, "Writing the work package…",
        lambda copy, _progress, _token: _written(copy.sync.export_work(chosen[0], since_peer=peer)), snapshot=False)


def _written(data: dict) -> str:
    return f"{data['package']} ({data['operations']} changes)"


def copy_for_teammate(window, path: str | None = None, teammate: str | None = None) -> str | None:
    """A whole copy of the open study for a teammate, holding the name their work will go under
    (asked, unless given); their work comes back through File > Team."""
    from coder.store.backup import copy_study
    from coder.store.copies import teammate_name_problem

    study = window.session.study
    if teammate is None:
        dialog = NameDialog(window, "Save a copy for a teammate",
                            "Who will code in the copy? Their work there goes under this name (unless they "
                            "chose a “Coding as” name on their computer), so it is never taken for yours — even "
                            "when both computers log in with the same name.", "Make the copy",
                            lambda name: teammate_name_problem(name, window.session.coder))
        window.name_dialog = dialog
        if not dialog.exec() or dialog.choice != "name":
            return None
        teammate = dialog.value()
    if path is None:
        chosen = ask_path(window, "Save a copy for a teammate", f"{study.path.stem} for {teammate}", ("casecoder",))
        if chosen is None:
            return None
        path = chosen[0]
    try:
        copy_study(study.path, path, coder=teammate)
    except (CaseCoderError, OSError) as exc:
        window.session.report_error(f"{path}: {exc}")
        return None
    window.session.notify(f"Saved a copy for {teammate} to {path}: they code on it and send back File > Team > "
                          "Export my work")
    return path


def import_work(window, path: str = "") -> ExchangeDialog | None:
    """Apply a teammate's package as one undoable action, then show what came in."""
    if not path:
        path = ask_open(window, "Import a teammate's work", "CaseCoder work package (*.ccwork);;All files (*)")
    if not path:
        return None
    QApplication.setOverrideCursor(Qt.WaitCursor)
    try:
        changes = window.session.run_op(window.session.study.sync.import_work, path=path)
    finally:
        QApplication.restoreOverrideCursor()
    if changes is None:
        return None
    window.analysis.start_if_needed()  # new and corrected texts become searchable
    return show_conflicts(window, changes.result)


def show_conflicts(window, summary: dict | None = None) -> ExchangeDialog:
    dialog = ExchangeDialog(window.session, summary, window)
    dialog.passage_opened.connect(window.open_passage)
    dialog.memo_opened.connect(lambda memo_id: (window.show_view("memo"), window.memo_panel.load_memo(memo_id)))
    dialog.show()
    window.exchange_dialog = dialog
    return dialog
