"""What the window does with an unexpected exception: log it, say so once, keep working.

Python calls sys.excepthook for an exception no code caught — in a Qt slot or event handler
that is every bug a researcher meets. The default prints to a terminal nobody sees, and the
window may go on half-updated. Here the report goes to the error log in the data folder
(coder.store.errorlog), the window tells the user once per distinct fault — with the log's path and
a button that copies the details — and carries on. The study itself is safe: an action that
raised was rolled back by its transaction, so the file is as the last whole action left it.
"""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from coder.store.errorlog import error_signature, write_error


class CrashReporter(QObject):
    """Installed once by the application; thread-safe (reports reach the GUI thread by signal)."""

    reported = Signal(str, str, bool)  # report, log path, first time for this fault

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.seen: set[tuple] = set()
        self.shown: list[str] = []  # the reports shown to the user this session
        self.reported.connect(self._show)
        self._previous = None

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self.handle
        threading.excepthook = lambda args: self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(self, kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        path, report = write_error(kind, value, tb)
        signature = error_signature(kind, tb)
        first = signature not in self.seen
        self.seen.add(signature)
        sys.stderr.write(report + "\n")
        self.reported.emit(report, str(path or ""), first)

    def _show(self, report: str, path: str, first: bool) -> None:
        window = QApplication.activeWindow()
        bar = getattr(window, "statusBar", None)
        if not first:  # the same fault again: a line in the status bar, not another box
            if bar is not None:
                bar().showMessage("The same error happened again; it was added to the error log.", 8000)
            return
        self.shown.append(report)
        box = QMessageBox(QMessageBox.Warning, "CaseCoder: something went wrong", "", parent=window)
        box.setText("Something went wrong inside CaseCoder. Your study is as your last completed action left "
                    "it, and you can keep working.")
        box.setInformativeText(f"The details were written to {path}. Please send them to whoever supports "
                               "CaseCoder for you." if path else "The details could not be written to a file: "
                               "use Copy details.")
        box.setDetailedText(report)
        copy = box.addButton("Copy details", QMessageBox.ActionRole)
        box.addButton(QMessageBox.Close)
        copy.clicked.disconnect()  # copying keeps the box open
        copy.clicked.connect(lambda: QApplication.clipboard().setText(report))
        box.setModal(False)
        box.show()
        self.box = box
