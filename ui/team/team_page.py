"""The Team workspace: exchanging work between copies of a study, the conflicts an exchange left
to decide, and how far coders agree — the work of a site-visitor pair and of the lead who
brings everyone's copies together, on one page instead of behind three menus."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from . import sync_dialog
from .agreement_dialog import AgreementDialog
from .pseudonym_dialog import PseudonymDialog

ACTIONS = (
    ("Save a copy for a teammate…", "A whole copy of this study for a teammate to code on", "copy"),
    ("Export my work…", "Everything this copy holds, as a package a teammate's copy can import", "export"),
    ("Export new work for a teammate…", "Only what is new since the last package for that teammate", "export_new"),
    ("Import a teammate's work…", "Apply a teammate's package: their sources, codings, codes and memos join "
     "this copy", "import"),
    ("Share under pseudonyms…", "A copy of the study with real names replaced, to export from and share", "share"),
)


def embed(dialog: QDialog) -> QDialog:
    """A dialog shown as a page: no window frame, no Close button."""
    dialog.setWindowFlags(Qt.Widget)
    for box in dialog.findChildren(QDialogButtonBox):
        if [b.text() for b in box.buttons()] in (["Close"], ["&Close"]):
            box.hide()
    return dialog


class TeamPage(QWidget):
    passage_opened = Signal(str, int, int)
    memo_opened = Signal(str)

    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.session = window.session
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.RichText)
        self.about.setAccessibleName("This copy and its teammates")
        actions = QVBoxLayout()
        actions.addWidget(self.about)
        self.buttons: dict[str, QPushButton] = {}
        for text, tip, key in ACTIONS:
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAccessibleDescription(tip)
            button.clicked.connect(lambda _checked=False, k=key: self.act(k))
            actions.addWidget(button)
            self.buttons[key] = button
        actions.addStretch(1)
        left = QWidget()
        left.setLayout(actions)
        scroll = QScrollArea()  # the column scrolls rather than holding the window's height up
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(left.sizeHint().width())  # the actions whole; the pages take the rest
        self.conflicts = embed(sync_dialog.ExchangeDialog(self.session, None, self))
        self.conflicts.passage_opened.connect(self.passage_opened)
        self.conflicts.memo_opened.connect(self.memo_opened)
        self.agreement_holder = QWidget()
        QVBoxLayout(self.agreement_holder).setContentsMargins(0, 0, 0, 0)
        self.agreement: AgreementDialog | None = None
        self.tabs = QTabWidget()
        self.tabs.addTab(self.conflicts, "&Conflicts to decide")
        self.tabs.addTab(self.agreement_holder, "Coder &agreement")
        self.tabs.setAccessibleName("Conflicts and coder agreement")
        self.tabs.currentChanged.connect(lambda _i: self._ensure_agreement())
        split = QSplitter(Qt.Horizontal)
        split.addWidget(scroll)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 3)
        split.setSizes([left.sizeHint().width(), 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.agreement_dirty = True

    def refresh(self, what: set[str] | None = None) -> None:
        """Bring the page up to date: the copy's teammates, the conflicts, and (when codings
        changed) the coders and codes the agreement is chosen from."""
        study = self.session.study
        peers = study.sync.peers()
        lines = [f"<b>{escape(study.path.name)}</b>, coding as <b>{escape(self.session.coder)}</b>."]
        if peers:
            lines.append("Teammates this copy has exchanged with:")
            lines += [f"• {escape(p['name'])} — last package sent {escape(str(p['sent_at'] or 'never'))}, "
                      f"last received {escape(str(p['received_at'] or 'never'))}" for p in peers]
        else:
            lines.append("No work exchanged yet: save a copy for a teammate, then import their packages.")
        self.about.setText("<br>".join(lines))
        read_only = study.read_only
        for key, button in self.buttons.items():
            button.setEnabled(not read_only or key in ("copy", "export", "export_new", "share"))
        if what is None or what & {"sync", "codings", "codes", "memos", "sources", "text"}:
            self.conflicts.refresh()
            count = len(self.conflicts.conflicts)
            self.tabs.setTabText(0, f"&Conflicts to decide ({count})" if count else "&Conflicts to decide")
        if what is None or what & {"codings", "codes", "sources", "cases"}:
            self.agreement_dirty = True
            self._ensure_agreement()

    def _ensure_agreement(self) -> None:
        """The agreement page is built when it is looked at, from the study's coders now."""
        if not self.agreement_dirty or self.tabs.currentWidget() is not self.agreement_holder:
            return
        if self.agreement is not None:
            self.agreement.setParent(None)
            self.agreement.deleteLater()
        self.agreement = embed(AgreementDialog(self.session, self.agreement_holder))
        self.agreement.passage_opened.connect(self.passage_opened)
        for widget, name in ((self.agreement.coders, "Coders to compare"),
                             (self.agreement.codes, "Codes to compare on"),
                             (self.agreement.per_code, "Agreement per code"),
                             (self.agreement.spots, "Passages where the coders disagree")):
            widget.setAccessibleName(name)
        self.agreement_holder.layout().addWidget(self.agreement)
        self.agreement.show()
        self.agreement_dirty = False

    def act(self, key: str) -> None:
        w = self.window_
        if key == "copy":
            sync_dialog.copy_for_teammate(w)
        elif key == "export":
            sync_dialog.export_work(w)
        elif key == "export_new":
            sync_dialog.export_work(w, for_peer=True)
        elif key == "import":
            sync_dialog.import_work(w)
        elif key == "share":
            PseudonymDialog(w).show()
        self.refresh()
