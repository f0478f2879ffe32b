"""Language analysis of newly imported sources in the background while the researcher works.

Import makes sources codable at once; this finishes sentences, lemmas and the lemma index on
its own connection (so it never joins the window's transactions) and shows its progress in the
status bar. It resumes on the next start if the window closes first.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from coder.sources.analysis import analyse_pending, pending_count

from .workers import Worker


class BackgroundAnalysis(QObject):
    progressed = Signal(int, int)
    finished = Signal(int)

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.worker: Worker | None = None

    def running(self) -> bool:
        return self.worker is not None

    def start_if_needed(self) -> bool:
        """Start when sources wait for analysis and nothing runs yet; True when started."""
        if self.worker is not None or self.session.study.read_only or pending_count(self.session.study.conn) == 0:
            return False
        path = self.session.study.path
        worker = Worker(lambda progress, token: analyse_pending(path, progress, token), self)
        worker.progressed.connect(lambda done, total, _current: self.progressed.emit(done, total))
        worker.succeeded.connect(self._done)
        worker.failed.connect(lambda message: self._done(0, message))
        self.worker = worker
        worker.start()
        return True

    def _done(self, count: int, error: str = "") -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        if error:
            self.session.notify(f"Analysis stopped: {error}")
        self.finished.emit(count)

    def stop(self) -> None:
        """Cancel and wait (closing the window or switching studies); the rest resumes later."""
        worker = self.worker
        if worker is not None:
            worker.token.cancel()
            worker.wait()
