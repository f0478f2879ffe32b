"""Where the reader is: the source open in the transcript and the passage at the top of the
screen (kept per study, so a study reopens where it was left), opening a source, a passage or a
segment from anywhere in the window, finding, correcting a transcript's text, blind coding, and
the coding dialogs — a mixin of the main window."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from ..workers import run_with_progress
from .source_edit import SourceEditDialog, describe_report


class Reading:
    def _position_key(self) -> str:
        return f"position/{self.session.study.study_id}"

    def remember_position(self) -> None:
        """Keep the open source and the passage at the top of the screen for this study."""
        if self.document.source_id and self.restore:
            top = self.document.visible_range()[0]
            self.settings.setValue(self._position_key(), f"{self.document.source_id}:{top}")

    def open_start_position(self) -> None:
        """Open a study where its reader left it; the first time, at its first coded passage, so
        the first screen shows coding (a study's first source often opens with uncoded small talk)."""
        study = self.session.study
        saved = str(self.settings.value(self._position_key(), "") or "") if self.restore else ""
        source_id, _, offset = saved.partition(":")
        if source_id and study.sources.exists(source_id):
            self.open_source(source_id)
            self.document.scroll_to(int(offset or 0))
            return
        self.open_source(study.sources.first_id())
        if self.document.codings:
            first = min(self.document.visible_codings() or self.document.codings, key=lambda c: c.start)
            self.document.select_coding(first.id)
            self.document.scroll_to(first.start, "center")

    def open_source(self, source_id: str | None) -> None:
        if source_id == self.document.source_id and source_id is not None:
            return
        self.remember_position()
        self.document.load(source_id)
        self.codebook.refresh(source_id)
        if source_id:
            self.navigator.select_source(source_id)
        self.show_workspace("code")

    def jump_to(self, segment) -> None:
        """Open a segment's source and select its passage."""
        if not self._source_exists(segment.source):
            self.session.notify(f"{segment.source_name} is no longer in this study: run the search again.")
            return
        self.open_source(segment.source)
        self.show_workspace("code")  # also when its transcript was the open one, behind Compare
        self.document.select_range(segment.start, segment.end)
        if segment.code:
            self.document.select_coding(segment.id)

    def open_passage(self, source_id: str, start: int, end: int) -> None:
        """Show a passage (a memo's quotation, a concordance line) in its source, the Code
        workspace brought forward even when that source was already the open one."""
        self.open_source(source_id)
        self.show_workspace("code")
        self.document.select_range(start, end)

    def _source_exists(self, source_id: str) -> bool:
        return self.session.study.sources.exists(source_id)

    def edit_source_text(self) -> None:
        source_id = self.document.source_id
        if not source_id:
            return
        study = self.session.study
        dialog = SourceEditDialog(study.sources.get(source_id).name, study.sources.text(source_id), self)
        if not dialog.exec():
            return
        new_text = dialog.text()

        def job(_progress, _token):
            return study.sources.edit_text(source_id=source_id, text=new_text)

        def done(changes) -> None:
            self.session.record(changes)
            report = changes.result
            if report["detached"]:
                QMessageBox.information(self, "Text corrected", describe_report(report))
                self.bottom_tabs.setCurrentWidget(self.detached)
            else:
                self.statusBar().showMessage(describe_report(report), 10000)

        # language analysis of a long transcript takes a moment: keep the window responsive
        run_with_progress(self, "Re-analysing the corrected text…", job, done, self.session.report_error,
                          self.session)

    def find_in_document(self) -> None:
        """Ctrl+F finds in the memo being written when the memos are in front, else in the
        transcript (shown first if another view is in front)."""
        if self.current_view() is self.memo_panel and self.memo_panel.memo_id:
            self.memo_panel.editor.find_box.start()
            return
        self.show_view("coding")
        self.document.start_find()

    def find_in_study(self) -> None:
        self.show_workspace("code")
        self.bottom_dock.show()
        self.bottom_tabs.setCurrentWidget(self.search)
        self.search.query.setFocus()
        self.search.query.selectAll()

    def set_blind_coding(self, on: bool) -> None:
        """Blind coding: only the coder's own codings in the document and the data runs."""
        me = self.session.coder if on else None
        self.document.blind_coder = self.runs.blind_coder = me
        self.codebook.blind_coder = self.navigator.blind_coder = me  # their counts too: nothing of the others shows
        self.codebook.refresh(self.document.source_id)
        self.navigator.update_counts()
        for box in (self.document.coder_filter, self.runs.coder):
            box.setEnabled(not on)
        self.document._refilter()
        if self.runs.table.segments.rowCount():
            self.runs.run()
        self.session.notify("Blind coding: other coders' codings are hidden" if on else "Every coder's codings shown")

    def update_detached(self) -> None:
        count = self.detached.refresh()
        title = f"Detached codings ({count})" if count else "Detached codings"
        if self.bottom_tabs.tabText(2) != title:
            self.bottom_tabs.setTabText(2, title)

    def show_case_outline(self):
        """Code > Case outline…: one dialog per window, raised when open."""
        from .case_outline import CaseOutlineDialog

        dialog = getattr(self, "case_outline_dialog", None)
        if dialog is None:
            dialog = self.case_outline_dialog = CaseOutlineDialog(self.session, self)
        dialog.refresh()
        dialog.show()
        dialog.raise_()
        return dialog

    def show_speakers(self):
        """Code > Speakers…: one dialog per window, raised when open."""
        from .speakers_dialog import SpeakersDialog

        dialog = getattr(self, "speakers_dialog", None)
        if dialog is None:
            dialog = self.speakers_dialog = SpeakersDialog(self.session, self)
        dialog.refresh()
        dialog.show()
        dialog.raise_()
        return dialog

    def print_current(self, preview: bool) -> None:
        """File > Print… and Print preview…: the open memo in the Memos workspace, else the open
        transcript with the codings it shows (`casecoder print` writes the same pages)."""
        from ..widgets.printing import print_document, printable_for_window

        printable = printable_for_window(self)
        if printable is None:
            self.session.notify("Open a source or a memo to print it.")
            return
        print_document(self, *printable, preview=preview)
