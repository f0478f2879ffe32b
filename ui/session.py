"""The window's one path for changes: run an operation, report errors, mirror undo, notify views.

Every user action calls `session.run_op(...)`. It runs the `coder/` operation, shows a problem
to the user instead of crashing, pushes the step onto the QUndoStack that mirrors the core's
History, and emits `changes_applied(changes)` once. Views refresh only what the record says.
The history is stored in the study, so opening one fills the QUndoStack from it: Edit > Undo
offers what was done before the study was last closed, in the window or on the command line.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from coder import CaseCoderError, Changes, Study
from coder.store.history import DEPTH


class _Step(QUndoCommand):
    """A mirrored core step: undo/redo call the core history; the first redo is the action
    itself, already done. While the stack is filled from the stored history, neither runs."""

    def __init__(self, session: StudySession, label: str) -> None:
        super().__init__(label)
        self.session = session
        self._done = True

    def redo(self) -> None:
        if self._done or self.session.mirroring:
            self._done = False
            return
        self.session.apply_history(self.session.study.redo)

    def undo(self) -> None:
        if not self.session.mirroring:
            self.session.apply_history(self.session.study.undo)


class StudySession(QObject):
    """An open study as the window sees it."""

    changes_applied = Signal(object)  # Changes
    study_replaced = Signal()
    coder_changed = Signal(str)

    def __init__(self, study: Study, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(DEPTH)  # as many steps as the stored history keeps
        self.parent_widget: QWidget | None = None
        self.busy = False  # a worker is writing to the study
        self.mirroring = False
        self.mirror_history()

    @property
    def coder(self) -> str:
        return self.study.user

    def set_coder(self, name: str) -> None:
        from coder.store.settings import set_coder_name

        set_coder_name(name)
        self.study.user = name
        self.coder_changed.emit(name)

    def replace_study(self, study: Study) -> None:
        """Close the current study and show another, with the undo history stored in it."""
        old = self.study
        self.study = study
        self.study.user = study.default_user()  # chosen here, else the copy's teammate, else the login
        self.mirror_history()
        old.close()
        self.study_replaced.emit()

    def mirror_history(self) -> None:
        """Fill the undo stack from the study's stored history: its undoable steps, oldest first,
        then its redoable ones with the next to redo first. A study open read-only offers none."""
        history = self.study.history
        done = [] if self.study.read_only else history.entries("undo")
        undone = [] if self.study.read_only else history.entries("redo")
        self.mirroring = True
        try:
            self.undo_stack.clear()
            for changes in done + undone[::-1]:
                self.undo_stack.push(_Step(self, changes.label))
            self.undo_stack.setIndex(len(done))
        finally:
            self.mirroring = False

    def run_op(self, operation: Callable[..., Changes], **kwargs) -> Changes | None:
        """Run one coder/ operation as a user action; None when it failed (the user was told)."""
        if self.busy:
            self.notify("Please wait until the running import or correction has finished.")
            return None
        try:
            changes = operation(**kwargs)
        except CaseCoderError as exc:
            self.report_error(str(exc))
            return None
        self.record(changes)
        return changes

    def record(self, changes: Changes) -> None:
        """Mirror a finished operation in the undo stack and tell the views."""
        if changes.step is not None:
            self.undo_stack.push(_Step(self, changes.label))
            if self.undo_stack.index() != self.study.history.count("undo"):
                self.mirror_history()  # a step the window was not told about: the study decides
        for warning in changes.warnings:
            self.notify(warning)
        self.changes_applied.emit(changes)

    def apply_history(self, step: Callable[[], Changes]) -> None:
        if self.busy:
            self.notify("Please wait until the running import or correction has finished.")
            return
        try:
            changes = step()
        except (IndexError, CaseCoderError) as exc:
            self.report_error(str(exc))
            # the stack has moved past a step that did not: show the study's history again, once
            # the stack has finished the undo or redo it is in
            QTimer.singleShot(0, self, self.mirror_history)
            return
        self.changes_applied.emit(changes)

    def report_error(self, message: str) -> None:
        if self.parent_widget is not None and self.parent_widget.isVisible():
            QMessageBox.warning(self.parent_widget, "CaseCoder", message)
        self.last_error = message

    def notify(self, message: str) -> None:
        window = self.parent_widget
        if window is not None and hasattr(window, "statusBar"):
            window.statusBar().showMessage(message, 8000)
