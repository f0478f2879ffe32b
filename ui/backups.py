"""Backups while the researcher works: one when a study opens, one every few minutes of changes
(written in a worker with SQLite's online backup, so the window never waits), and File >
Restore from backup… to go back to one — the study as it is now is backed up first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QInputDialog, QMessageBox

from coder.store.backup import EVERY_MINUTES, list_backups, make_backup, restore_backup
from coder.store.errors import CaseCoderError

from .workers import Worker


class AutoBackup(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.worker: Worker | None = None
        self.changed = False
        self.last: str | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(EVERY_MINUTES * 60 * 1000)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        window.session.changes_applied.connect(self._changed)

    def _changed(self, _changes) -> None:
        self.changed = True

    def _tick(self) -> None:
        if self.changed:
            self.window.session.study.checkpoint()  # a copy of the file made now holds the work
            self.start()

    def start(self) -> bool:
        """Back the open study up in the background; False when one is already being written."""
        if self.worker is not None:
            return False
        path = self.window.session.study.path
        self.changed = False
        worker = Worker(lambda _progress, _token: make_backup(path), self)
        worker.succeeded.connect(self._done)
        worker.failed.connect(lambda message: self._done(None, message))
        self.worker = worker
        worker.start()
        return True

    def _done(self, path, error: str = "") -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        if error:
            self.window.session.notify(f"The automatic backup failed: {error}")
        else:
            self.last = str(path)
            self.window.session.study.checkpoint()

    def wait(self) -> None:
        if self.worker is not None:
            self.worker.wait()


def restore_from_backup(window, choice: str | None = None) -> bool:
    """Ask which backup, confirm, restore, and reopen the study."""
    study = window.session.study
    backups = list_backups(study.path)
    if not backups:
        QMessageBox.information(window, "CaseCoder", "This study has no backups yet. One is made each time it "
                                                     "opens and every few minutes while you work.")
        return False
    labels = [f"{b['at'].replace('T', ' ')}  ({b['bytes'] / 1e6:.1f} MB)  {b['path'].name}" for b in backups]
    if choice is None:
        choice, ok = QInputDialog.getItem(window, "Restore from backup", "Replace the study with the backup of:",
                                          labels, 0, False)
        if not ok:
            return False
        answer = QMessageBox.question(
            window, "Restore from backup",
            f"Replace {study.path.name} with the backup of {choice.split('  ')[0]}?\n\nThe study as it is now is "
            "backed up first, so this can be undone by restoring that backup.")
        if answer != QMessageBox.Yes:
            return False
    backup = backups[labels.index(choice)]["path"]
    path = study.path
    window.auto_backup.wait()
    window.analysis.stop()
    window.memo_panel.save()
    try:
        kept = restore_backup(backup, path)
    except CaseCoderError as exc:
        window.session.report_error(str(exc))
        return False
    window.open_study_path(str(path))
    window.session.notify(f"Restored the backup of {choice.split('  ')[0]}; the study as it was is kept as "
                          f"{Path(kept).name}")
    return True
