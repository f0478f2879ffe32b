"""Values read from the study and kept until it is written to.

Some look-ups are read on nearly every action and change only when the study does: the case
tree's places (district, site) of each case, the sources in display order, the index's
vocabulary. Reading them again costs milliseconds each time at a thousand sources; keeping them
is safe as long as nothing has written since. SQLite says so cheaply: `PRAGMA data_version`
changes when another connection commits, and the connection's own `total_changes` when it writes.
Inside a transaction nothing is kept (a rollback would take back what was read without changing
either mark), so what an operation reads is always fresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def write_mark(conn) -> tuple[int, int]:
    """What changes whenever anyone writes to the study this connection reads."""
    return conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes


class UntilWrite(Generic[T]):
    """`read()` computed once and given again until the study is written to. The value is shared:
    callers read it and do not change it."""

    def __init__(self, conn, compute: Callable[[], T]) -> None:
        self._conn = conn
        self._compute = compute
        self._mark: tuple[int, int] | None = None
        self._value: T | None = None

    def read(self) -> T:
        if self._conn.in_transaction:
            self._mark = None
            return self._compute()
        mark = write_mark(self._conn)
        if self._mark != mark:
            self._value = self._compute()
            self._mark = mark
        return self._value  # type: ignore[return-value]
