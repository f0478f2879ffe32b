"""Split a label that names two people: which of its turns go to another speaker — everywhere,
in the transcripts ticked, or the turns ticked in the open transcript — and to whom (an
existing speaker, or a new name). The Speakers dialog runs the chosen split as one operation."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from coder.sources.speakers import label_key

VALUE_ROLE = Qt.UserRole + 1
EVERYWHERE, SOURCES, TURNS = 0, 1, 2


@dataclass(frozen=True)
class Split:
    label: str
    name: str
    everywhere: bool
    source_ids: tuple[str, ...]
    turn_ids: tuple[int, ...]


def checkable(text: str, value) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
    item.setCheckState(Qt.Unchecked)
    item.setData(VALUE_ROLE, value)
    return item


def ticked(view: QListWidget) -> list:
    return [view.item(r).data(VALUE_ROLE) for r in range(view.count()) if view.item(r).checkState() == Qt.Checked]


class SplitLabelDialog(QDialog):
    """Choose the turns of one of a speaker's labels that belong to someone else."""

    def __init__(self, session, speaker_id: str, label_key_: str | None, document, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.document = document
        study = session.study
        self.speaker = study.speakers.find(speaker_id)
        self.uses = study.speakers.label_uses().get(speaker_id, [])
        self._tick_buttons: list[tuple[QListWidget, QPushButton]] = []
        self.setWindowTitle(f"Split a label of {self.speaker.name}")
        self.resize(600, 560)
        self.label = QComboBox()
        for use in self.uses:
            self.label.addItem(f"{use.label}  ({use.turns} turns)", use.key)
        self.label.setCurrentIndex(max(0, self.label.findData(label_key_)))
        self.label.currentIndexChanged.connect(self._fill)
        self.scope = QButtonGroup(self)
        self.choices = {}
        for key, text in ((EVERYWHERE, "Everywhere, and in transcripts imported later"),
                          (SOURCES, "In the transcripts ticked below"),
                          (TURNS, "Only the turns ticked below, in the open transcript")):
            button = QRadioButton(text)
            self.scope.addButton(button, key)
            self.choices[key] = button
        self.scope.idToggled.connect(lambda *_: self._update())
        self.sources = QListWidget()
        self.sources.setToolTip("Click a transcript and press Space (or click its box) to tick it")
        self.turns = QListWidget()
        self.turns.setToolTip("Click a turn to see it in the transcript; Space (or its box) ticks it")
        self.turns.currentItemChanged.connect(self._show_turn)
        for view in (self.sources, self.turns):
            view.itemChanged.connect(lambda *_: self._update())
        self.target = QComboBox()
        self.target.setEditable(True)
        self.target.addItems([s.name for s in study.speakers.all() if s.id != speaker_id])
        self.target.setCurrentIndex(-1)
        self.target.setCompleter(None)  # a new name is typed as it is, never completed to a listed one
        self.target.lineEdit().setPlaceholderText("a new name, or one of the speakers listed")
        self.target.currentTextChanged.connect(lambda *_: self._update())
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText("Split")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Label:", self.label)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"One label of <b>{self.speaker.name}</b> that names two people: choose the turns "
                                "that are someone else's."))
        layout.addLayout(form)
        layout.addWidget(self.choices[EVERYWHERE])
        layout.addWidget(self.choices[SOURCES])
        layout.addWidget(self.sources, 1)
        layout.addLayout(self._tick_row(self.sources))
        layout.addWidget(self.choices[TURNS])
        layout.addWidget(self.turns, 2)
        layout.addLayout(self._tick_row(self.turns))
        target = QFormLayout()
        target.addRow("Give them to:", self.target)
        layout.addLayout(target)
        layout.addWidget(self.buttons)
        self._fill()

    def _tick_row(self, view: QListWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, state in (("Tick all", Qt.Checked), ("Tick none", Qt.Unchecked)):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, s=state, v=view: [v.item(r).setCheckState(s)
                                                                       for r in range(v.count())])
            row.addWidget(button)
            self._tick_buttons.append((view, button))
        row.addStretch(1)
        return row

    # ------------------------------------------------------------------ the label's turns
    def _use(self):
        key = self.label.currentData()
        return next((u for u in self.uses if u.key == key), None)

    def _fill(self) -> None:
        use = self._use()
        study = self.session.study
        self.sources.blockSignals(True)
        self.turns.blockSignals(True)
        self.sources.clear()
        self.turns.clear()
        if use is not None:
            names = study.sources.names([s for s, _n in use.sources])
            for source_id, count in sorted(use.sources, key=lambda s: names.get(s[0], "").lower()):
                self.sources.addItem(checkable(f"{names.get(source_id, source_id)}  ({count} turns)", source_id))
            self._fill_turns(use.key)
        self.sources.blockSignals(False)
        self.turns.blockSignals(False)
        has_turns = self.turns.count() > 0
        own = use is not None and study.speakers.label_owner(use.key) == self.speaker.id
        self.choices[EVERYWHERE].setEnabled(own)
        self.choices[EVERYWHERE].setToolTip("" if own else "New imports give this label to another speaker: "
                                            "split it there, or choose transcripts here")
        self.choices[TURNS].setEnabled(has_turns)
        open_name = study.sources.get(self.document.source_id).name if self.document.source_id else None
        self.choices[TURNS].setText(f"Only the turns ticked below, in the open transcript ({open_name})"
                                    if has_turns else "Only some turns of the open transcript (open a transcript "
                                    "where this label speaks)")
        if self.scope.checkedId() < 0 or not self.scope.checkedButton().isEnabled():
            self.choices[SOURCES].setChecked(True)
        self._update()

    def _fill_turns(self, key: str) -> None:
        source_id = self.document.source_id
        if not source_id:
            return
        text = self.document.text
        for number, turn in enumerate(self.session.study.sources.turns(source_id), 1):
            if turn.speaker_id != self.speaker.id or label_key(turn.label or "") != key:
                continue
            said = " ".join(text[turn.body_start:turn.end].split())
            where = f"turn {number}" + (f", {turn.time_ms // 60000:02d}:{turn.time_ms // 1000 % 60:02d}"
                                        if turn.time_ms is not None else "")
            item = checkable(f"{where}:  {said if len(said) <= 70 else said[:68] + '…'}", turn.id)
            item.setToolTip(said if len(said) <= 600 else said[:598] + "…")
            item.setData(VALUE_ROLE + 1, (turn.body_start, turn.end))
            self.turns.addItem(item)

    def _show_turn(self, item, _previous=None) -> None:
        if item is not None:
            self.document.select_range(*item.data(VALUE_ROLE + 1))

    def _update(self) -> None:
        scope = self.scope.checkedId()
        self.sources.setEnabled(scope == SOURCES)
        self.turns.setEnabled(scope == TURNS)
        for view, button in self._tick_buttons:
            button.setEnabled(view.isEnabled())
        chosen = {EVERYWHERE: True, SOURCES: bool(ticked(self.sources)), TURNS: bool(ticked(self.turns))}
        name = self.target.currentText().strip()
        ok = self._use() is not None and bool(name) and name.casefold() != self.speaker.name.casefold() \
            and chosen.get(scope, False)
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ok)

    def split(self) -> Split:
        """What was chosen (after the dialog was accepted)."""
        scope = self.scope.checkedId()
        use = self._use()
        return Split(use.label, self.target.currentText().strip(), scope == EVERYWHERE,
                     tuple(ticked(self.sources)) if scope == SOURCES else (),
                     tuple(ticked(self.turns)) if scope == TURNS else ())
