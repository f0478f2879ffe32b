"""The Start workspace: the studies used recently, the ways to begin (a new study, the demo, a
project from NVivo, ATLAS.ti, MAXQDA or QualCoder, sources to import), and what changed in the
open study since its reader was last here — a teammate's imported work shows up here first."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

SHOWN_CHANGES = 40


def seen_key(study) -> str:
    return f"seen/{study.study_id}"


def now_utc() -> str:
    """A time in the change log's own form, so "after it" is a comparison of strings."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def local_time(at: str) -> str:
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return at
    return moment.strftime("%d %b %Y, %H:%M")


class StartPage(QWidget):
    study_chosen = Signal(str)  # a path

    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.session = window.session
        self.title = QLabel()
        self.title.setTextFormat(Qt.RichText)
        self.title.setWordWrap(True)
        self.recent = QListWidget()
        self.recent.setTextElideMode(Qt.ElideMiddle)
        self.recent.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # elide a long path, never scroll sideways
        self.recent.setAccessibleName("Recent studies")
        self.recent.setAccessibleDescription("Press Enter or double-click to open a study")
        self.recent.itemActivated.connect(lambda item: self.study_chosen.emit(item.data(Qt.UserRole)))
        open_recent = QPushButton("&Open the chosen study")
        open_recent.clicked.connect(self._open_chosen)
        recent_box = QGroupBox("Recent studies")
        recent_layout = QVBoxLayout(recent_box)
        recent_layout.addWidget(self.recent, 1)
        recent_layout.addWidget(open_recent, 0, Qt.AlignLeft)
        begin = QGroupBox("Begin")
        grid = QGridLayout(begin)
        from ..dialogs import refi_dialogs

        w = window
        starts = (
            ("&New study…", "Create an empty study file", w.new_study),
            ("Open a study &file…", "Open a .casecoder study", w.open_study_dialog),
            ("Open the &demo study", "The fictional study of the sample corpus (built the first time)",
             w.open_demo_study),
            ("&Import sources into this study…", "Transcripts, notes and documents (.txt, .docx, .vtt, .srt…)",
             w.import_sources),
            ("Import a &project (.qdpx)…", "A project from NVivo, ATLAS.ti, MAXQDA or QualCoder, as a new study",
             lambda: refi_dialogs.import_project(w)),
        )
        self.start_buttons = []
        for i, (text, tip, slot) in enumerate(starts):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAccessibleDescription(tip)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            grid.addWidget(button, i // 2, i % 2)
            self.start_buttons.append(button)
        self.changes = QTextBrowser()
        self.changes.setOpenLinks(False)
        self.changes.setAccessibleName("What changed since you were last here")
        changes_box = QGroupBox("Since you were last here")
        QVBoxLayout(changes_box).addWidget(self.changes)
        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(begin)
        left.addWidget(recent_box, 1)
        row = QHBoxLayout(self)
        row.addLayout(left, 2)
        row.addWidget(changes_box, 3)

    def _open_chosen(self) -> None:
        item = self.recent.currentItem()
        if item is not None:
            self.study_chosen.emit(item.data(Qt.UserRole))

    def refresh(self, recent: list[str], seen: str) -> None:
        """The open study, the recent ones (the open one first, then the others that still
        exist) and the change log since `seen` (when the window last closed this study)."""
        study = self.session.study
        self.title.setText(f"<h2>{escape(study.path.stem)}</h2><div>{escape(str(study.path))}</div>")
        self.recent.clear()
        for path in recent:
            exists = Path(path).exists()
            item = QListWidgetItem(f"{Path(path).stem} — {path}" + ("" if exists else " (missing)"))
            item.setData(Qt.UserRole, path)
            item.setToolTip(path)
            if not exists:
                item.setFlags(item.flags() & ~Qt.ItemIsEnabled)
            self.recent.addItem(item)
        if self.recent.count():
            self.recent.setCurrentRow(0)
        self.changes.setHtml(changes_html(study, seen))


def changes_html(study, seen: str) -> str:
    """The entries of the change log after `seen`, newest first, who made them said once a run."""
    if not seen:
        rows = study.changelog(SHOWN_CHANGES)
        head = "<p>The latest changes to this study:</p>" if rows else "<p>No changes yet.</p>"
    else:
        rows = study.changelog(SHOWN_CHANGES + 1, since=seen)
        head = (f"<p>Nothing has changed since you closed this study on {escape(local_time(seen))}.</p>"
                if not rows else
                f"<p><b>{'More than ' + str(SHOWN_CHANGES) if len(rows) > SHOWN_CHANGES else len(rows)} "
                f"change{'s' if len(rows) != 1 else ''}</b> since you closed this study on "
                f"{escape(local_time(seen))}:</p>")
    authors: dict[str, int] = {}
    for row in rows[:SHOWN_CHANGES]:
        authors[row["author"]] = authors.get(row["author"], 0) + 1
    by = ", ".join(f"{escape(name)} ({n})" for name, n in sorted(authors.items(), key=lambda kv: -kv[1]))
    items = "".join(f"<li><span style='color:gray'>{escape(local_time(r['at']))} · {escape(r['author'])}</span>"
                    f" — {escape(r['label'])}</li>" for r in rows[:SHOWN_CHANGES])
    return head + (f"<p>By {by}.</p><ul>{items}</ul>" if rows else "")
