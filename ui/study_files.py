"""The window's side of study files: new, open (read-only when another program writes it), the
recent studies, importing sources, who is coding, and the codebook files — a mixin of the main
window, each handler asking what it must and running one operation."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from coder import Study
from coder.sources.importing import import_sources, plan_import
from coder.store.errors import CaseCoderError

from .dialogs.import_dialog import ImportDialog, ImportReportDialog, describe_import
from .folders import ask_open, ask_save
from .workers import run_with_progress


class StudyFiles:
    def new_study(self) -> None:
        path, _ = ask_save(self, "New study", "", "CaseCoder study (*.casecoder)")
        if not path:
            return
        if not path.endswith(".casecoder"):
            path += ".casecoder"
        try:
            study = Study.create(path)
        except (CaseCoderError, FileExistsError) as exc:
            QMessageBox.warning(self, "CaseCoder", str(exc))
            return
        self.switch_to(study)

    def open_study_dialog(self) -> None:
        path = ask_open(self, "Open study", "CaseCoder study (*.casecoder);;All files (*)")
        if path:
            self.open_study_path(path)

    def open_study_path(self, path: str) -> None:
        study = open_or_ask(self, path)
        if study is not None:
            self.switch_to(study)

    def switch_to(self, study) -> None:
        self.remember_position()
        self.analysis.stop()
        self.memo_panel.save()  # the memo being written belongs to the study being left
        self.memo_panel.forget()
        self.session.replace_study(study)
        remember_recent(self.settings, str(study.path))
        self.rebuild_recent_menu()

    def import_sources(self, paths: list[str] | None = None) -> None:
        dialog = ImportDialog(self.session, self)
        if paths:
            dialog.add_paths(paths)
        if not dialog.exec():
            return
        try:
            items = plan_import(dialog.paths(), dialog.defaults(), dialog.metadata.text().strip() or None)
        except CaseCoderError as exc:
            QMessageBox.warning(self, "CaseCoder", str(exc))
            return
        self.run_import(items)

    def run_import(self, items) -> None:
        study = self.session.study

        def job(progress, token):
            # codable at once; sentences and lemmas follow in the background
            return import_sources(study, items, progress=progress, cancel=token, analyse_now=False)

        def done(report) -> None:
            if report.cancelled:
                self.statusBar().showMessage("Import cancelled; nothing was changed.", 8000)
                return
            if report.changes is not None:
                self.session.record(report.changes)
            self.statusBar().showMessage(describe_import(report), 15000)
            if report.failed or any(item.get("warnings") for item in report.imported):
                self.import_report = ImportReportDialog(report, self)
                self.import_report.show()
            if report.imported:
                self.open_source(report.imported[0]["id"])
                self.analysis.start_if_needed()
            self.last_import = report

        run_with_progress(self, "Importing sources…", job, done, self.session.report_error, self.session)

    def who_is_coding(self, first_start: bool = False) -> None:
        """Ask for the name recorded on every coding; the study's coders are offered (on the demo,
        its two researchers), or type a new name. On the first start the name shown stands even
        if the question is closed, so the study never codes under a login name nobody chose."""
        from .dialogs.who_is_coding import WhoIsCodingDialog

        dialog = WhoIsCodingDialog(self.session.coder, self.session.study.codings.coders(), first_start, self)
        accepted = dialog.exec()
        name = dialog.chosen() if accepted else ""
        if name or first_start:
            self.session.set_coder(name or self.session.coder)
            self.document.fill_coder_filter()

    def load_codebook_file(self, path: str | None = None) -> None:
        """Merge a codebook file (.toml) into the study; a bad file is refused whole, naming why."""
        from coder.codebook.codebook_file import load_codebook

        if path is None:
            path = ask_open(self, "Load a codebook", "Codebook (*.toml);;All files (*)")
        if path:
            study = self.session.study
            changes = self.session.run_op(lambda: load_codebook(study, path))
            if changes is not None:
                self.statusBar().showMessage(f"{changes.label}: {len(changes.ids)} sections and codes added or "
                                             "updated", 8000)

    def save_codebook_file(self) -> None:
        from coder.codebook.codebook_file import write_codebook

        path, _ = ask_save(self, "Save the codebook", f"{self.session.study.path.stem}-codebook"
                                              ".toml", "Codebook (*.toml)")
        if path:
            if not path.endswith(".toml"):
                path += ".toml"
            try:
                write_codebook(self.session.study, path, name=self.session.study.path.stem)
            except (OSError, CaseCoderError) as exc:
                QMessageBox.warning(self, "CaseCoder", f"{path}: the codebook could not be written ({exc})")
                return
            self.statusBar().showMessage(f"Codebook saved to {path}", 8000)


def open_or_ask(parent, path: str):
    """Open a study; when another program is writing it, offer it read-only (or nothing)."""
    from coder.store.lock import StudyInUseError

    try:
        return Study.open(path)
    except StudyInUseError as exc:
        box = QMessageBox(QMessageBox.Warning, "CaseCoder", str(exc), parent=parent)
        read_only = box.addButton("Open read-only", QMessageBox.AcceptRole)
        box.addButton(QMessageBox.Cancel)
        box.exec()
        if box.clickedButton() is read_only:
            try:
                return Study.open(path, read_only=True)
            except CaseCoderError as again:
                QMessageBox.warning(parent, "CaseCoder", str(again))
        return None
    except CaseCoderError as exc:
        QMessageBox.warning(parent, "CaseCoder", str(exc))
        return None


def recent_studies(settings: QSettings) -> list[str]:
    """The recent studies, newest first. QSettings hands a one-item list back as a plain string
    (and iterating it gave one menu entry per letter), so both are read as a list."""
    value = settings.value("recent", []) or []
    return [value] if isinstance(value, str) else [str(p) for p in value]


def remember_recent(settings: QSettings, path: str) -> None:
    recent = [p for p in recent_studies(settings) if p != path]
    settings.setValue("recent", [path] + recent[:9])
    settings.setValue("last_study", path)
