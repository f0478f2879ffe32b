"""Reconciling a diverged memo as in a word processor's review: the merged text with the
partner's insertions and deletions marked, and each change accepted or rejected.

The dialog only shows a `coder.memos.memos.Divergence` and collects the choices; the reconciling is
`memos.reconcile(accept=...)`, run by the memo panel. By keyboard: Up/Down (or N/P) move between
changes, A accepts and R rejects the chosen one (and move to the next), as do the buttons.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

INSERTED = "color:#1a6b2a; text-decoration:underline; background:#e3f4e1"
DELETED = "color:#a3211a; text-decoration:line-through; background:#fbe3e1"
TAKEN = "color:#1b1b1b; background:#eef3ea"
CURRENT = "border:1px solid #c58f00; background:#fff1b8"


def _short(words: str, limit: int = 60) -> str:
    flat = " ".join(words.split()) or "¶"
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def describe(change) -> str:
    """A change in a line, from the reader's side: the partner's edits as what they do to one's
    text, one's own edits (which the partner's version lacks) as one's own."""
    old, new = _short(change.original, 28), _short(change.revised, 28)
    if change.by == "original":
        return {"insertion": f"your removal of “{_short(change.revised)}”",
                "deletion": f"your addition “{_short(change.original)}”",
                "replacement": f"your “{old}” (theirs: “{new}”)"}[change.kind]
    prefix = "both edited: " if change.by == "both" else ""
    return prefix + {"insertion": f"inserts “{_short(change.revised)}”",
                     "deletion": f"deletes “{_short(change.original)}”",
                     "replacement": f"“{old}” → “{new}”"}[change.kind]


class ReconcileDialog(QDialog):
    """Accept or reject each change of the revised version (the partner's) to the original (one's
    own); changes left undecided keep one's own words."""

    def __init__(self, divergence, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reconcile diverged versions")
        self.resize(1100, 760)
        self.divergence = divergence
        self.comparison = divergence.comparison
        self.decisions: dict[int, bool] = {}  # change number -> accepted
        mine, theirs = divergence.original.author, divergence.revised.author
        self.who = {"original": mine, "revised": theirs, "both": "both", "": ""}
        intro = QLabel(f"Both versions were written on the same earlier one. Shown: {theirs}'s changes "
                       f"({divergence.revised.at[:16].replace('T', ' ')}) to {mine}'s text "
                       f"({divergence.original.at[:16].replace('T', ' ')}). Accept takes {theirs}'s words, "
                       f"Reject keeps {mine}'s; a change left undecided keeps {mine}'s. Both versions stay in "
                       "the history.")
        intro.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["#", "Section", "Change", "Edited by", "Decision"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SingleSelection)
        self.list.header().setSectionResizeMode(2, QHeaderView.Stretch)
        self.list.setToolTip("A accepts, R rejects the chosen change; Up and Down move between changes")
        for change in self.comparison.changes:
            item = QTreeWidgetItem([str(change.number), change.section or "—", describe(change),
                                    self.who[change.by], ""])
            item.setData(0, Qt.UserRole, change.number)
            item.setToolTip(2, f"{mine}: {change.original or '(nothing)'}\n{theirs}: {change.revised or '(nothing)'}")
            self.list.addTopLevelItem(item)
        for column in (0, 1, 3, 4):
            self.list.resizeColumnToContents(column)
        self.list.currentItemChanged.connect(lambda *_: self._show())
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._clicked)
        self.view.setToolTip("Insertions underlined in green, deletions struck through in red; click a change "
                             "to choose it")
        self.accept_button = self._button("&Accept", "Take the partner's words for the chosen change (A)",
                                          lambda: self.decide(True))
        self.reject_button = self._button("&Reject", "Keep your words for the chosen change (R)",
                                          lambda: self.decide(False))
        accept_all = self._button("Accept a&ll", "Take every change: the partner's version", lambda: self.all(True))
        reject_all = self._button("Re&ject all", "Reject every change: your version", lambda: self.all(False))
        combine = self._button("&Keep both sides' edits",
                               "Accept the changes only the partner made and keep the ones you made; "
                               "a change you both made stays for you to decide", self.combine)
        combine.setEnabled(any(c.by for c in self.comparison.changes))
        for key, slot in (("A", lambda: self.decide(True)), ("R", lambda: self.decide(False)),
                          ("N", lambda: self._step(1)), ("P", lambda: self._step(-1))):
            QShortcut(QKeySequence(key), self.list, slot, context=Qt.WidgetShortcut)
        self.summary = QLabel()
        self.box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.box.button(QDialogButtonBox.Ok).setText("&Save reconciled version")
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, accept_all, reject_all, combine):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list, 1)
        column.addLayout(buttons)
        split = QSplitter(Qt.Vertical)
        split.addWidget(left)
        split.addWidget(self.view)
        split.setSizes([260, 440])
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.box)
        layout.addLayout(bottom)
        if self.list.topLevelItemCount():
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.list.setFocus()
        self._show()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Open with the keyboard in the list of changes, so A and R work at once."""
        super().showEvent(event)
        self.list.setFocus(Qt.OtherFocusReason)

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAutoDefault(False)  # Enter saves, from anywhere
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ choices
    def current(self) -> int | None:
        item = self.list.currentItem()
        return item.data(0, Qt.UserRole) if item else None

    def decide(self, accepted: bool) -> None:
        """Accept or reject the chosen change, then go on to the next one."""
        number = self.current()
        if number is None:
            return
        self.decisions[number] = accepted
        self._step(1, show=False)
        self._show()

    def all(self, accepted: bool) -> None:
        self.decisions = {c.number: accepted for c in self.comparison.changes}
        self._show()

    def combine(self) -> None:
        """Both sides' edits: every change only the partner made taken, every one of yours kept;
        the ones you both made are left undecided."""
        self.decisions = {c.number: c.by == "revised" for c in self.comparison.changes if c.by != "both"}
        self._show()

    def accepted_changes(self) -> set[int]:
        return {number for number, accepted in self.decisions.items() if accepted}

    def result(self) -> str:
        """The text the choices make: what saving will write."""
        return self.comparison.text(self.accepted_changes())

    def _step(self, by: int, show: bool = True) -> None:
        row = self.list.indexOfTopLevelItem(self.list.currentItem()) if self.list.currentItem() else -1
        target = self.list.topLevelItem(min(max(row + by, 0), self.list.topLevelItemCount() - 1))
        if target is not None:
            self.list.blockSignals(not show)
            self.list.setCurrentItem(target)
            self.list.blockSignals(False)

    def _clicked(self, url) -> None:
        number = int(url.toString().lstrip("#c") or 0)
        if 0 < number <= self.list.topLevelItemCount():
            self.list.setCurrentItem(self.list.topLevelItem(number - 1))

    # ------------------------------------------------------------------ showing
    def _show(self) -> None:
        current = self.current()
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            decision = self.decisions.get(item.data(0, Qt.UserRole))
            item.setText(4, "" if decision is None else ("accepted" if decision else "rejected"))
        self.view.setHtml(self._html(current))
        if current is not None:
            self.view.scrollToAnchor(f"c{current}")
        undecided = len(self.comparison.changes) - len(self.decisions)
        accepted = len(self.accepted_changes())
        self.summary.setText(f"{len(self.comparison.changes)} change(s): {accepted} accepted, "
                             f"{len(self.decisions) - accepted} rejected, {undecided} undecided (your words kept)")
        has = current is not None
        self.accept_button.setEnabled(has)
        self.reject_button.setEnabled(has)

    def _html(self, current: int | None) -> str:
        return changes_html(self.comparison, self.decisions, current)


def changes_html(comparison, decisions: dict[int, bool] | None = None, current: int | None = None) -> str:
    """The merged text as HTML: undecided changes with the deleted words struck through and the
    inserted ones underlined, decided ones as the words taken, each change a link #c<number>."""
    decisions = decisions or {}
    parts = []
    for piece in comparison.pieces:
        if isinstance(piece, str):
            parts.append(html.escape(piece))
            continue
        change = comparison.changes[piece]
        decision = decisions.get(change.number)
        frame = CURRENT if change.number == current else ""
        if decision is None:
            body = (f"<span style='{DELETED}'>{html.escape(change.original)}</span>" if change.original else "") + \
                   (f"<span style='{INSERTED}'>{html.escape(change.revised)}</span>" if change.revised else "")
        else:
            words = change.revised if decision else change.original
            body = f"<span style='{TAKEN}'>{html.escape(words) or '∅'}</span>"
        parts.append(f"<a name='c{change.number}' href='#c{change.number}' "
                     f"style='text-decoration:none; color:#1b1b1b; {frame}'>{body}</a>")
    return f"<div style='white-space:pre-wrap'>{''.join(parts)}</div>"
