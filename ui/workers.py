"""Long work off the GUI thread: a plain coder function with a progress callback and a cancel
token runs in a QThread; the window shows a delayed progress dialog with Cancel. Workers never
touch widgets: they only emit signals."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from coder.store.progress import CancelToken

PROGRESS_DELAY_MS = 400  # short work finishes without a dialog flashing up


class Worker(QThread):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, job: Callable[[Callable, CancelToken], object], parent=None) -> None:
        super().__init__(parent)
        self.job = job
        self.token = CancelToken()

    def run(self) -> None:
        from coder.store.errors import CaseCoderError

        try:
            result = self.job(lambda done, total, current: self.progressed.emit(done, total, current), self.token)
        except CaseCoderError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - reported to the user, never a crash
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.succeeded.emit(result)


def run_with_progress(parent: QWidget, title: str, job, on_done: Callable[[object], None],
                      on_error: Callable[[str], None], session=None, modal: bool = True) -> Worker:
    """Start `job(progress, token)` in a worker behind a progress dialog that appears after
    400 ms and whose Cancel sets the token. A writing job is modal; a reading one (an export on
    its own snapshot) leaves the window usable."""
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("CaseCoder")
    # the worker holds the study's write transaction: no other action may start meanwhile
    dialog.setWindowModality(Qt.ApplicationModal if modal else Qt.NonModal)
    dialog.setMinimumDuration(PROGRESS_DELAY_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    worker = Worker(job, parent)
    dialog.canceled.connect(worker.token.cancel)

    def progressed(done: int, total: int, current: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))
        if current:
            dialog.setLabelText(f"{title}\n{current.rsplit('/', 1)[-1]}")

    if session is not None:
        session.busy = True  # refuse other actions until the worker's transaction is over

    def finished(result) -> None:
        dialog.close()
        if session is not None:
            session.busy = False
        on_done(result)

    def failed(message: str) -> None:
        dialog.close()
        if session is not None:
            session.busy = False
        on_error(message)

    running = parent.__dict__.setdefault("_workers", [])
    running.append(worker)  # keep a reference while it runs

    def cleanup() -> None:
        if worker in running:
            running.remove(worker)
        worker.deleteLater()

    worker.progressed.connect(progressed)
    worker.succeeded.connect(finished)
    worker.failed.connect(failed)
    worker.finished.connect(cleanup)
    worker.start()
    return worker
