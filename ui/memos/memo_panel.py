"""The memo workbench: pick a memo, write it section by section beside the evidence for that
section, quote segments with their citations, and carry the review: status, reviewers,
comments, history, divergence, review packages and Word export.

The text is saved as a new version when the user saves (Ctrl+S), and before any action that
changes the memo (quoting, commenting, a status change, switching memos), so no edit is lost and
the history is not a version per keystroke.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coder.coding.runs import RunSpec
from coder.memos.memos import NEXT_STATUS
from coder.memos.text import carry_position, section_at
from coder.store.errors import CaseCoderError

from ..coding.runs_panel import SegmentTable
from ..folders import ask_open, ask_save
from ..widgets.text_offsets import QtOffsets
from .memo_comments import MemoComments
from .memo_dialogs import HistoryDialog, NewMemoDialog, ReviewersDialog
from .memo_editor import MemoEditor
from .memo_list import MemoList
from .reconcile_dialog import ReconcileDialog

ANY = "(any)"


class MemoPanel(MemoComments, QWidget):
    passage_opened = Signal(str, int, int)  # source id, start, end
    segments_requested = Signal(str, str)  # outline section, site id: show its coded segments

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.memo_id: str | None = None
        self.saved_text = ""
        self.picker = QComboBox()
        self.picker.setToolTip("The memo to work on")
        self.picker.setMinimumContentsLength(10)
        self.picker.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        new = QPushButton("New memo…")
        new.clicked.connect(self.new_memo)
        self.status = QComboBox()
        self.status.setToolTip("Review status: drafting → in review → revising → corroborated")
        self.people = QLabel()
        reviewers = QPushButton("Reviewers…")
        reviewers.clicked.connect(self.edit_reviewers)
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save the text as a new version (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        history = QPushButton("History…")
        history.clicked.connect(self.show_history)
        across = QPushButton("Across sites…")
        across.setToolTip("Read the section under the cursor in every site's memo, side by side")
        across.clicked.connect(self.read_across)
        top = QHBoxLayout()  # two short rows, so the memo tab never widens the window's centre
        for widget in (self.picker, new):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(across)
        top.addWidget(self.save_button)
        top.addWidget(history)
        review = QHBoxLayout()
        for widget in (QLabel("Status"), self.status, reviewers, self.people):
            review.addWidget(widget)
        review.addStretch(1)
        self.banner = QLabel()
        self.banner.setObjectName("warningBanner")  # its colours: the theme's (ui/style.py)
        self.reconcile_button = QPushButton("Reconcile…")
        self.reconcile_button.clicked.connect(self.reconcile)
        banner = QHBoxLayout()
        banner.addWidget(self.banner, 1)
        banner.addWidget(self.reconcile_button)
        self.editor = MemoEditor()
        self.editor.changed.connect(self._edited)
        self.editor.edit.cursorPositionChanged.connect(self._cursor_moved)
        self.editor.edit.viewport().installEventFilter(self)
        # the evidence, the comments and the completeness report are panels of the Memos
        # workspace (ui/workspaces.py docks them), so each can be shown, hidden and resized
        self.evidence_pane = self._evidence_tab()
        self.evidence_pane.setAccessibleName("Evidence for the section under the cursor")
        self.comments_pane = self._comments_tab()
        self.comments_pane.setAccessibleName("Reviewers' comments on this memo")
        self.completeness = QTextBrowser()
        self.completeness.setAccessibleName("Completeness of this memo's sections")
        self.memo_list = MemoList()
        self.memo_list.chosen.connect(self._list_chose)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(review)
        layout.addLayout(banner)
        layout.addWidget(self.editor, 1)
        self.picker.currentIndexChanged.connect(lambda _i: self.load_memo(self.picker.currentData()))
        self.status.activated.connect(lambda _i: self.change_status(self.status.currentData()))
        save = QAction("Save memo", self, shortcut=QKeySequence.Save, shortcutContext=Qt.WidgetWithChildrenShortcut)
        save.setStatusTip("Save the memo now (it is also saved as you leave it)")
        save.triggered.connect(self.save)
        self.addAction(save)
        self.current_section: str | None = None

    # ------------------------------------------------------------------ building
    def _evidence_tab(self) -> QWidget:
        tab = QWidget()
        self.section_label = QLabel()
        self.section_label.setWordWrap(True)
        self.filters = {}
        row = QHBoxLayout()
        for key in ("role", "wave", "type"):
            box = QComboBox()
            box.setToolTip(f"Only segments of this {key}")
            box.setMinimumContentsLength(6)
            box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            box.currentIndexChanged.connect(lambda _i: self.refresh_evidence())
            self.filters[key] = box
            row.addWidget(box)
        self.evidence = SegmentTable()  # fixed column widths: measuring every row costs ~0.5 s
        self.evidence.text_first()  # beside the memo the words matter first
        self.evidence.setSelectionMode(QAbstractItemView.SingleSelection)
        self.segments = self.evidence.segments
        self.evidence.doubleClicked.connect(lambda index: self.quote_segment(index.row()))
        quote = QPushButton("Quote")
        quote.setToolTip("Insert the chosen segment in this section as a block quote with its citation")
        quote.clicked.connect(lambda: self.quote_segment(self._chosen_row()))
        show = QPushButton("Open")
        show.setToolTip("Show the chosen segment in its source")
        show.clicked.connect(self.open_segment)
        self.corroborate = QPushButton("Corroborated")
        self.corroborate.setCheckable(True)
        self.corroborate.setToolTip("The reviewer's mark that this section is corroborated")
        self.corroborate.clicked.connect(self.mark_section)
        buttons = QHBoxLayout()
        buttons.addWidget(quote)
        buttons.addWidget(show)
        buttons.addStretch(1)
        buttons.addWidget(self.corroborate)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.section_label)
        layout.addLayout(row)
        layout.addWidget(self.evidence, 1)
        layout.addLayout(buttons)
        return tab

    # ------------------------------------------------------------------ loading
    @property
    def study(self):
        return self.session.study

    def forget(self) -> None:
        """Drop the open memo without saving (its study is being closed)."""
        self.memo_id, self.saved_text = None, ""
        self.editor.set_text("")

    def refresh(self) -> None:
        """Re-list the memos and reload the open one from the store (keeping unsaved edits)."""
        wanted = self.memo_id
        self.picker.blockSignals(True)
        self.picker.clear()
        for memo in self.study.memos.all():
            self.picker.addItem(f"{memo.title} ({memo.status})", memo.id)
        index = self.picker.findData(wanted) if wanted else (0 if self.picker.count() else -1)
        self.picker.setCurrentIndex(index)
        self.picker.blockSignals(False)
        self.memo_list.fill([(self.picker.itemText(i), self.picker.itemData(i)) for i in range(self.picker.count())],
                            self.picker.currentData())
        self._fill_filters()
        self.load_memo(self.picker.currentData(), keep_edits=True)

    def _list_chose(self, memo_id: str) -> None:
        """A memo chosen in the Memos panel: the picker follows and loads it."""
        index = self.picker.findData(memo_id)
        if index >= 0 and index != self.picker.currentIndex():
            self.picker.setCurrentIndex(index)

    def _fill_filters(self) -> None:
        values = {"role": self.study.sources.roles(), "wave": self.study.sources.waves(),
                  "type": ["interview", "observation", "artifact"]}
        for key, box in self.filters.items():
            box.blockSignals(True)
            current = box.currentData()
            box.clear()
            box.addItem(f"{key}: {ANY}", None)
            for value in values[key]:
                box.addItem(str(value), value)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)

    def load_memo(self, memo_id: str | None, keep_edits: bool = False) -> None:
        if memo_id != self.memo_id and self.dirty():
            self.save()
        same = memo_id == self.memo_id
        self.memo_id = memo_id
        self.memo_list.select(memo_id)
        self.setEnabled(True)
        if memo_id is None:
            self.editor.set_text("")
            self.saved_text = ""
            self.editor.setEnabled(False)
            self.banner.setText("No memo yet: choose New memo… to start one.")
            self.reconcile_button.hide()
            return
        self.editor.setEnabled(True)
        info = self.study.memos.get(memo_id)
        # a site memo's `#` section headings sized by their depth in the case outline
        depths = {sec.name: sec.path.count("/") + 1 for sec in self.study.sections.all()}
        if depths != getattr(self, "_depths", None):  # a re-styling of the whole memo only when they change
            self._depths = depths
            self.editor.set_section_depths(depths)
        stored = self.study.memos.text(memo_id)
        if not (same and keep_edits and self.dirty()):
            shown, position = self.editor.text(), self.editor.cursor_position()
            self.editor.edit.blockSignals(True)  # one evidence refresh below, not one per signal
            try:
                self.editor.replace_text(stored, carry_position(shown, stored, position) if same else 0)
            finally:
                self.editor.edit.blockSignals(False)
            self.editor.offsets = QtOffsets(stored)
        self.saved_text = stored
        self.status.clear()
        for status in [info.status, *sorted(NEXT_STATUS[info.status])]:
            self.status.addItem(status, status)
        self.people.setText(f"Drafter: {info.drafter or '—'} · Reviewers: {', '.join(info.reviewers) or '—'}")
        heads = self.study.memos.heads(memo_id)
        self.banner.setVisible(len(heads) > 1)
        self.reconcile_button.setVisible(len(heads) > 1)
        self.banner.setText(f"This memo has diverged: {len(heads)} versions were written on the same earlier one "
                            "(both are kept). Reconcile them into one.")
        self.refresh_comments()
        self.refresh_completeness()
        self._cursor_moved(force=not same)

    def dirty(self) -> bool:
        """Unsaved words in the editor. Blank lines alone are not an edit (Markdown reads one
        blank line and three alike), so the fresh paragraph opened below a quotation is not."""
        return self.memo_id is not None and _words(self.editor.text()) != _words(self.saved_text)

    def _edited(self) -> None:
        self.save_button.setText("Save*" if self.dirty() else "Save")

    # ------------------------------------------------------------------ actions
    def _memo_kwargs(self) -> dict:
        info = self.study.memos.get(self.memo_id)
        return {"kind": info.kind, "subject_id": info.subject_id} if info.kind != "free" else \
            {"kind": "free", "title": info.title}

    def save(self) -> None:
        if not self.dirty():
            return
        changes = self.session.run_op(self.study.memos.write, text=self.editor.text(),
                                      author=self.session.coder, **self._memo_kwargs())
        if changes is not None:
            self.saved_text = self.study.memos.text(self.memo_id)
            shown = self.editor.text()
            if self.saved_text != shown:  # arranged by the outline: the cursor stays with its words
                self.editor.replace_text(self.saved_text,
                                         carry_position(shown, self.saved_text, self.editor.cursor_position()))
            self._edited()

    def new_memo(self) -> None:
        dialog = NewMemoDialog(self.study, self)
        if dialog.exec() != QDialog.Accepted:
            return
        choice = dialog.choice()
        existing = None
        if choice["kind"] != "free" and choice.get("subject_id"):
            existing = self.study.memos.for_subject(choice["kind"], choice["subject_id"])
        if existing:
            self.memo_id = existing.id
            self.refresh()
            return
        outline = "\n\n".join(f"# {name}" for name in self.study.memos.outline()) if choice["kind"] == "site" else ""
        changes = self.session.run_op(self.study.memos.write, text=outline, author=self.session.coder, **choice)
        if changes is not None:
            self.memo_id = changes.result
            self.refresh()

    def change_status(self, status: str | None) -> None:
        if not self.memo_id or not status or status == self.study.memos.get(self.memo_id).status:
            return
        self.save()
        self.session.run_op(self.study.memos.set_status, memo_id=self.memo_id, status=status, by=self.session.coder)

    def edit_reviewers(self) -> None:
        if not self.memo_id:
            return
        info = self.study.memos.get(self.memo_id)
        dialog = ReviewersDialog(info.drafter, info.reviewers, self)
        if dialog.exec() == QDialog.Accepted:
            drafter, reviewers = dialog.values()
            self.session.run_op(self.study.memos.set_reviewers, memo_id=self.memo_id, drafter=drafter,
                                reviewers=reviewers)

    def show_history(self) -> None:
        if not self.memo_id:
            return
        self.save()
        dialog = HistoryDialog(self.study.memos.versions(self.memo_id), self)
        if dialog.exec() == QDialog.Accepted:
            self.session.run_op(self.study.memos.restore, memo_id=self.memo_id, version_id=dialog.chosen(),
                                by=self.session.coder)

    def reconcile(self) -> None:
        """Accept or reject the partner's changes one by one (one's own version is the original)."""
        if not self.memo_id or len(self.study.memos.heads(self.memo_id)) < 2:
            return
        self.save()
        dialog = ReconcileDialog(self.study.memos.compare_heads(self.memo_id, by=self.session.coder), self)
        if dialog.exec() == QDialog.Accepted:
            self.session.run_op(self.study.memos.reconcile, memo_id=self.memo_id, accept=dialog.accepted_changes(),
                                by=self.session.coder)

    def read_across(self) -> None:
        from ..compare.across_sites import AcrossSitesDialog

        self.save()
        dialog = AcrossSitesDialog(self.session, self.current_section, self)
        dialog.segments_requested.connect(self.segments_requested)
        dialog.show()
        self.across = dialog

    # ------------------------------------------------------------------ evidence
    def _cursor_moved(self, force: bool = False) -> None:
        section = section_at(self.editor.text(), self.editor.cursor_position())
        if force or section != self.current_section:
            self.current_section = section
            self.refresh_evidence()

    def refresh_evidence(self) -> None:
        if not self.memo_id:
            self.segments.set_segments([])
            return
        info = self.study.memos.get(self.memo_id)
        codes, where = self._evidence_codes(info)
        filters = {key: [box.currentData()] for key, box in self.filters.items() if box.currentData() is not None}
        spec_filters = {"roles": filters.get("role", []), "waves": filters.get("wave", []),
                        "types": filters.get("type", [])}
        if info.kind == "site":
            spec_filters["sites"] = [info.subject_id]
        elif info.kind == "district":
            spec_filters["districts"] = [info.subject_id]
        marks = self.study.memos.section_marks(self.memo_id)
        self.corroborate.setEnabled(bool(self.current_section))
        self.corroborate.setChecked(self.current_section in marks)
        segments = self.study.runs.run(RunSpec(codes=codes, descendants=True, **spec_filters)) if codes else []
        self.segments.set_segments(segments)
        self.section_label.setText(f"{where}: {len(segments)} coded segment{'s' if len(segments) != 1 else ''}"
                                   if codes else where)

    def mark_section(self) -> None:
        if not self.memo_id or not self.current_section:
            self.corroborate.setChecked(False)
            return
        self.session.run_op(self.study.memos.mark_section, memo_id=self.memo_id, section=self.current_section,
                            by=self.session.coder, corroborated=self.corroborate.isChecked())

    def _evidence_codes(self, info) -> tuple[list[str], str]:
        if info.kind == "code":
            return [info.subject_id], f"Segments coded {self.study.codes.path_of(info.subject_id)}"
        if info.kind == "free":
            return [], "A free memo has no evidence panel; quote from a data run instead."
        if not self.current_section:
            return [], "Put the cursor in a section to see its evidence."
        section = next((s for s in self.study.sections.all() if s.name.lower() == self.current_section.lower()),
                       None)
        if section is None:
            return [], f"“{self.current_section}” is not a section of the case outline."
        codes = self.study.codes.linked_to(section.id)
        if not codes:
            return [], f"No code is linked to “{section.name}” (link codes to it in the codebook)."
        return codes, f"Evidence for “{section.name}”"

    def _chosen_row(self) -> int:
        rows = self.evidence.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def quote_segment(self, row: int) -> None:
        """Quote the segment where the cursor is, and leave the cursor after the quotation, so
        the writing goes on from there."""
        if not self.memo_id or not 0 <= row < self.segments.rowCount():
            return
        segment = self.segments.segment(row)  # before saving: a save can re-arrange and refresh the list
        self.save()
        changes = self.session.run_op(self.study.memos.quote, memo_id=self.memo_id, coding_id=segment.id,
                                      at=self.editor.cursor_position(), author=self.session.coder)
        if changes is None:
            return
        if self.editor.text() != self.study.memos.text(self.memo_id):
            self.load_memo(self.memo_id)  # the window had not refreshed the memo yet
        self.editor.place_cursor(changes.extra["quoted"][1])
        # a fresh paragraph below the quotation for what is written next: typed on the
        # citation's line, the words would join the quotation and loosen its link to the passage
        self.editor.edit.textCursor().insertText("\n\n")
        self.editor.edit.setFocus()

    def open_segment(self) -> None:
        row = self._chosen_row()
        if row >= 0:
            segment = self.segments.segment(row)
            self.passage_opened.emit(segment.source, segment.start, segment.end)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        """Double-clicking a quotation in the memo opens its passage in the source."""
        if watched is self.editor.edit.viewport() and event.type() == event.Type.MouseButtonDblClick \
                and self.memo_id:
            cursor = self.editor.edit.cursorForPosition(event.position().toPoint())
            line = cursor.block().text()
            if line.startswith(">"):
                words = line.lstrip("> ").strip()
                for link in self.study.memos.evidence(self.memo_id):
                    if words and (words[:40] in link.quote or words.endswith(self.study.sources.get(
                            link.source_id).name) or self.study.sources.get(link.source_id).name in words):
                        self.passage_opened.emit(link.source_id, link.start, link.end)
                        return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ exchange and export
    def send_for_review(self) -> None:
        """Write the review package; a drafting memo moves to in review (undo puts it back)."""

        from coder.memos.review_package import send_for_review

        if not self.memo_id:
            self.session.notify("Open a memo first.")
            return
        self.save()
        title = self.study.memos.get(self.memo_id).title
        path, _ = ask_save(self, "Send for review", f"{title}.ccreview",
                                              "Review package (*.ccreview)")
        if not path:
            return
        changes = self.session.run_op(lambda **kw: send_for_review(self.study, **kw), memo_id=self.memo_id,
                                      out=path, by=self.session.coder)
        if changes is not None:
            moved = f" — {title} is now in review (Undo puts it back)" if changes.extra["status_changed"] else ""
            self.session.notify(f"Review package written: {path}{moved}")

    def open_review_package(self, path: str | None = None) -> dict | None:

        from coder.memos.review_package import open_package

        self.save()
        if path is None:
            path = ask_open(self, "Open review package", "Review package (*.ccreview)")
        if not path:
            return None
        try:
            report = open_package(self.study, path)
        except CaseCoderError as exc:
            self.session.report_error(str(exc))
            return None
        self.memo_id = report["memo"]
        self.session.record(report.pop("changes"))
        note = (f"{report['title']}: {len(report['versions_added'])} new version(s), {report['comments_added']} new "
                f"comment(s), {report['comments_updated']} updated")
        self.session.notify(note + (" — the memo has diverged: reconcile it" if report["diverged"] else ""))
        return report

    def export_word(self, all_sites: bool = False):
        """The memo (or every site memo, in case order) to Word, written in a worker."""
        from coder.reports.memo import write_memos

        from ..dialogs.word_settings import word_options
        from ..widgets.exports import ask_path, export_in_background

        self.save()
        if all_sites:
            order = {c.id: i for i, c in enumerate(self.study.cases.all())}
            ids = [m.id for m in sorted((m for m in self.study.memos.all() if m.kind == "site"),
                                        key=lambda m: order.get(m.subject_id, len(order)))]
            name = "Site memos"
        else:
            ids = [self.memo_id] if self.memo_id else []
            name = self.study.memos.get(self.memo_id).title if self.memo_id else ""
        if not ids:
            self.session.notify("There is no memo to export.")
            return None
        chosen = ask_path(self, "Export to Word", name, ("docx",))
        if chosen is None:
            return None
        options = word_options()
        return export_in_background(self, self.session, f"Writing {len(ids)} memo(s) to Word…",
                                    lambda study, progress, token: write_memos(study, ids, chosen[0], options,
                                                                               progress, token))


def _words(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")
