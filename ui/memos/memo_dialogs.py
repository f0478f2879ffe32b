"""Dialogs of the memo workbench: a new memo, reviewers, a review comment, and version history
with a word-level comparison and restore (reconciling a diverged memo is in reconcile_dialog)."""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from ..widgets.spell_check import check_spelling

KIND_LABELS = {"site": "Site case memo", "district": "District context memo", "code": "Code memo",
               "free": "Free memo"}


def _buttons(dialog: QDialog, ok_text: str = "OK") -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    box.button(QDialogButtonBox.Ok).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class NewMemoDialog(QDialog):
    """Pick the kind of memo and what it is about."""

    def __init__(self, study, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New memo")
        self.study = study
        self.kind = QComboBox()
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind)
        self.subject = QComboBox()
        self.title = QLineEdit()
        self.title.setPlaceholderText("title of a free memo")
        form = QFormLayout(self)
        form.addRow("Kind", self.kind)
        form.addRow("About", self.subject)
        form.addRow("Title", self.title)
        form.addRow(_buttons(self, "Create"))
        self.kind.currentIndexChanged.connect(self._fill)
        self._fill()

    def _fill(self) -> None:
        kind = self.kind.currentData()
        self.subject.clear()
        if kind in ("site", "district"):
            for case in self.study.cases.all():
                if case.kind == kind:
                    self.subject.addItem(case.path, case.id)
        elif kind == "code":
            for code in self.study.codes.all():
                self.subject.addItem(code.path, code.id)
        self.subject.setEnabled(kind != "free")
        self.title.setEnabled(kind == "free")

    def choice(self) -> dict:
        kind = self.kind.currentData()
        if kind == "free":
            return {"kind": kind, "title": self.title.text().strip()}
        return {"kind": kind, "subject_id": self.subject.currentData()}


class ReviewersDialog(QDialog):
    def __init__(self, drafter: str, reviewers: tuple[str, ...], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Drafter and reviewers")
        self.drafter = QLineEdit(drafter)
        self.reviewers = QLineEdit(", ".join(reviewers))
        self.reviewers.setPlaceholderText("names, separated by commas")
        form = QFormLayout(self)
        form.addRow("Drafter", self.drafter)
        form.addRow("Reviewers", self.reviewers)
        form.addRow(_buttons(self))

    def values(self) -> tuple[str, list[str]]:
        return self.drafter.text().strip(), [r.strip() for r in self.reviewers.text().split(",") if r.strip()]


class CommentDialog(QDialog):
    """A review comment (or a reply: then without a kind)."""

    def __init__(self, quote: str, reply: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reply" if reply else "Comment on the selection")
        layout = QVBoxLayout(self)
        shown = " ".join(quote.split())
        layout.addWidget(QLabel(f"“{shown[:160]}{'…' if len(shown) > 160 else ''}”"))
        self.kind = QComboBox()
        for kind in ("question", "correction", "elaboration", "corroboration"):
            self.kind.addItem(kind.capitalize(), kind)
        if not reply:
            layout.addWidget(self.kind)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Your comment")
        check_spelling(self.text)
        layout.addWidget(self.text)
        layout.addWidget(_buttons(self, "Reply" if reply else "Comment"))


def compared(left: str, right: str, left_label: str, right_label: str) -> str:
    """HTML of the right text's changes to the left one, word by word: deleted words struck
    through, inserted ones underlined (never a word cut in two)."""
    from coder.memos.merge import compare

    from .reconcile_dialog import changes_html

    comparison = compare(left, right)
    head = (f"<p><b>{html.escape(right_label)}</b> compared with <b>{html.escape(left_label)}</b>: "
            f"{len(comparison.changes)} change(s)</p>")
    return head + changes_html(comparison)


class HistoryDialog(QDialog):
    """Every version of a memo; any two compared word by word; restore one as a new version."""

    def __init__(self, versions, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Memo history")
        self.resize(1100, 700)
        self.versions = versions
        self.left, self.right = QComboBox(), QComboBox()
        for i, v in enumerate(versions):
            label = f"{i + 1}. {v.at[:16].replace('T', ' ')} — {v.author}"
            self.left.addItem(label, v.id)
            self.right.addItem(label, v.id)
        self.left.setCurrentIndex(max(0, len(versions) - 2))
        self.right.setCurrentIndex(len(versions) - 1)
        self.view = QTextBrowser()
        self.restore_button = QPushButton("Restore the left version")
        self.restore_button.setToolTip("Make the left version's text current again (as a new version)")
        self.restore_button.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(self.left)
        top.addWidget(QLabel("compared with"))
        top.addWidget(self.right)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.restore_button)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.left.currentIndexChanged.connect(self.compare)
        self.right.currentIndexChanged.connect(self.compare)
        self.compare()

    def _version(self, box: QComboBox):
        return next(v for v in self.versions if v.id == box.currentData())

    def compare(self) -> None:
        a, b = self._version(self.left), self._version(self.right)
        self.view.setHtml(compared(a.text, b.text, self.left.currentText(), self.right.currentText()))

    def chosen(self) -> str:
        return self.left.currentData()
