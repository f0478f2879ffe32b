"""Code > Speakers…: the study's speaker list — each speaker with the labels the transcripts use
for them, their turns and transcripts — and its corrections: rename a speaker, merge two that
are one person, split a label that names two people (dialogs/split_label.py).

Each correction runs one coder operation through the session (one undoable step). The dialog
redraws whenever a change touches speakers or sources, its own or one made elsewhere (an undo,
an import); the transcript's speaker colours and the navigator's tooltips follow the same
change. Not modal: the researcher can read the transcripts beside it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from .code_dialogs import PickDialog
from .split_label import SplitLabelDialog

SPEAKER_ROLE = Qt.UserRole + 1
LABEL_ROLE = Qt.UserRole + 2


class SpeakersDialog(QDialog):
    def __init__(self, session, window) -> None:
        super().__init__(window)
        self.session = session
        self.window_ = window
        self.setWindowTitle("Speakers")
        self.resize(620, 560)
        self.filter = QLineEdit(placeholderText="Filter speakers and labels")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Speaker / label in the transcripts", "Turns", "Transcripts"])
        self.tree.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.tree.header().setStretchLastSection(False)
        for column in (1, 2):
            self.tree.header().setSectionResizeMode(column, QHeaderView.ResizeToContents)
        self.tree.currentItemChanged.connect(lambda *_: self._enable())
        self.tree.itemDoubleClicked.connect(lambda *_: self.rename())
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, tip, slot in (
                ("rename", "Rename…", "Give the chosen speaker another name (everywhere they speak)", self.rename),
                ("merge", "Merge into…", "The chosen speaker is another one: their labels and turns move there",
                 self.merge),
                ("split", "Split a label…", "A label of the chosen speaker names two people: give some of its "
                 "turns to another speaker", self.split)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.close)
        intro = QLabel("Labels that differ only in case, punctuation or an abbreviation were taken for one "
                       "speaker when the transcripts came in. Correct what is wrong here; Ctrl+Z undoes it.")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        for action in (window.undo_action, window.redo_action):  # Ctrl+Z works here as in the window
            self.addAction(action)
        session.changes_applied.connect(self._changed)
        self.items: dict[str, QTreeWidgetItem] = {}
        self.refresh()

    # ------------------------------------------------------------------ showing
    def refresh(self, keep: tuple[str | None, str | None] | None = None) -> None:
        keep = keep or self.current()
        study = self.session.study
        uses = study.speakers.label_uses()
        self.tree.blockSignals(True)
        self.tree.clear()
        self.items = {}
        for speaker in study.speakers.all():
            mine = uses.get(speaker.id, [])
            sources = {s for use in mine for s, _n in use.sources}
            item = QTreeWidgetItem([speaker.name, str(speaker.turns), str(len(sources))])
            item.setData(0, SPEAKER_ROLE, speaker.id)
            item.setToolTip(0, "labels: " + (", ".join(u.label for u in mine) or ", ".join(speaker.labels) or "—"))
            for column in (1, 2):
                item.setTextAlignment(column, Qt.AlignRight | Qt.AlignVCenter)
            for use in mine:
                child = QTreeWidgetItem([f"“{use.label}”", str(use.turns), str(len(use.sources))])
                child.setData(0, SPEAKER_ROLE, speaker.id)
                child.setData(0, LABEL_ROLE, use.key)
                child.setForeground(0, Qt.darkGray)
                for column in (1, 2):
                    child.setTextAlignment(column, Qt.AlignRight | Qt.AlignVCenter)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            self.items[speaker.id] = item
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self._apply_filter(self.filter.text())
        speaker_id, key = keep or (None, None)
        chosen = self.items.get(speaker_id)
        if chosen is not None and key:
            chosen = next((chosen.child(i) for i in range(chosen.childCount())
                           if chosen.child(i).data(0, LABEL_ROLE) == key), chosen)
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        self._enable()

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            hits = [item.child(c) for c in range(item.childCount()) if needle in item.child(c).text(0).casefold()]
            item.setHidden(bool(needle) and needle not in item.text(0).casefold() and not hits)

    def current(self) -> tuple[str | None, str | None]:
        """(speaker id, label key) of the chosen row (a label row names both)."""
        item = self.tree.currentItem()
        return (item.data(0, SPEAKER_ROLE), item.data(0, LABEL_ROLE)) if item else (None, None)

    def _enable(self) -> None:
        speaker_id, _key = self.current()
        for button in self.buttons.values():
            button.setEnabled(speaker_id is not None)
        if speaker_id is not None:
            has_labels = self.items[speaker_id].childCount() > 0
            self.buttons["split"].setEnabled(has_labels)

    def _changed(self, changes) -> None:
        if changes.areas & {"speakers", "sources", "text"} and self.isVisible():
            self.refresh()

    # ------------------------------------------------------------------ correcting
    def rename(self) -> None:
        speaker_id, _key = self.current()
        if speaker_id is None:
            return
        study = self.session.study
        old = study.speakers.name_of(speaker_id)
        name, ok = QInputDialog.getText(self, "Rename speaker", f"New name for {old} (everywhere they speak):",
                                        text=old)
        if ok and name.strip() and name.strip() != old:
            self.session.run_op(study.speakers.rename_speaker, speaker_id=speaker_id, name=name.strip())

    def merge(self) -> None:
        speaker_id, _key = self.current()
        if speaker_id is None:
            return
        study = self.session.study
        name = study.speakers.name_of(speaker_id)
        items = [(f"{s.name}  ({s.turns} turns)", s.id) for s in study.speakers.all() if s.id != speaker_id]
        dialog = PickDialog("Merge speaker", f"{name} is the same person as… (their labels and turns move there)",
                            items, self)
        if dialog.exec() and dialog.chosen():
            changes = self.session.run_op(study.speakers.merge_speakers, source_id=speaker_id,
                                          target_id=dialog.chosen())
            if changes is not None:
                self.refresh(keep=(dialog.chosen(), None))

    def split(self) -> None:
        speaker_id, key = self.current()
        if speaker_id is None:
            return
        dialog = SplitLabelDialog(self.session, speaker_id, key, self.window_.document, self)
        if not dialog.exec():
            return
        chosen = dialog.split()
        study = self.session.study
        if chosen.everywhere:
            self.session.run_op(study.speakers.split_label, label=chosen.label, name=chosen.name)
        else:
            self.session.run_op(study.speakers.split_speaker, label=chosen.label, name=chosen.name,
                                source_ids=list(chosen.source_ids), turn_ids=list(chosen.turn_ids))
