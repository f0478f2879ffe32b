"""The window's tools for the study as a whole, each the window's side of a `casecoder` command:
Code > Sets… (`sets`, `set …`), Edit > History… (`history`), File > Check this study… (`check
[--repair]`) and Help > Open the demo study (`demo`). Mixed into MainWindow; the dialogs live in
ui/dialogs/. Each dialog is one per window, raised when it is open again."""

from __future__ import annotations


class StudyTools:
    """Mixed into MainWindow; needs self.session and self.open_source / self.open_study_path."""

    def _one_dialog(self, attribute: str, make):
        dialog = getattr(self, attribute, None)
        if dialog is None:
            dialog = make()
            setattr(self, attribute, dialog)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def show_sets(self):
        """Code > Sets…: make, fill, rename and delete sets of sources, codes and memos."""
        from .coding.sets_dialog import SetsDialog

        def make():
            dialog = SetsDialog(self.session, self)
            dialog.source_opened.connect(self.open_source)
            return dialog

        dialog = self._one_dialog("sets_dialog", make)
        dialog.refresh()
        return dialog

    def show_history(self):
        """Edit > History…: the change log, newest first."""
        from .dialogs.history_dialog import HistoryDialog

        dialog = self._one_dialog("history_dialog", lambda: HistoryDialog(self.session, self))
        dialog.reload()
        return dialog

    def check_this_study(self):
        """File > Check this study…: run the checks and show what they found (Repair from there)."""
        from .dialogs.check_dialog import CheckDialog

        dialog = self._one_dialog("check_dialog", lambda: CheckDialog(self.session, self))
        dialog.run()
        return dialog

    def open_demo_study(self) -> None:
        """Help > Open the demo study: the one in the data folder, built the first time (behind a
        progress dialog, from sample_corpus/) as on a first start."""
        from .app import demo_path, ensure_demo_study
        from .workers import run_with_progress

        path = demo_path()
        if path.exists() and self.session.study.path.resolve() == path.resolve():
            self.session.notify("The demo study is the study open now.")
            return
        if path.exists():
            self.open_study_path(str(path))
            return
        run_with_progress(self, "Building the demo study from the sample corpus…",
                          lambda progress, _token: ensure_demo_study(progress),
                          lambda built: self.open_study_path(str(built)), self.session.report_error)
