"""Progress reporting and cancellation for long work, usable from a thread without Qt."""

from __future__ import annotations

import threading
from collections.abc import Callable

from .errors import Cancelled

Progress = Callable[[int, int, str], None]


class CancelToken:
    """Set from any thread; long operations check it between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled("cancelled by the user; nothing was changed")


def no_progress(done: int, total: int, current: str) -> None:
    """The default progress callback: report nothing."""
