"""The undo/redo history of a study, kept in the study file so that it outlasts the session.

It lives in `coder/` so the command line, the tests and the window share one behaviour; the
window's QUndoStack only mirrors it. The two stacks are the rows of `undo_steps` (schema 7,
coder/schema_undo.py) beside the images their steps captured in `undo_log`, and both are written
in the transaction of the action itself. So closing the window and running `casecoder undo`
undoes the window's last action, a change made on the command line is offered by Edit > Undo the
next time the window opens, and a crash leaves the history as the last whole action left it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from . import undo
from .changes import Changes
from .clock import now
from .errors import NothingToUndoError
from .lock import ReadOnlyError

DEPTH = 500  # steps kept, undoable and redoable together (the window's stack keeps as many)
# what reverting a step reads from its record (coder/study.py `_revert`), kept with it
KEPT = ("of", "sync_op", "sync_fields", "sync_assert", "redo")
PAIRS = ("sync_fields", "sync_assert")  # lists of tuples, which JSON turns into lists

Revert = Callable[[Changes, str], Changes]


class OpenStudy(Protocol):
    """What the history reads of the study it keeps (the facade, coder/study.py, which the store
    must not import)."""

    conn: sqlite3.Connection
    path: Path
    read_only: bool


class History:
    """Two stacks of steps; undoing one runs its revert and offers it for redo."""

    def __init__(self, study: OpenStudy, revert: Revert, depth: int | None = None) -> None:
        self._study = study
        self._revert = revert
        self._depth = depth or DEPTH

    @property
    def _conn(self):
        return self._study.conn

    # ------------------------------------------------------------------ reading
    def entries(self, stack: str) -> list[Changes]:
        """The steps of one stack ('undo' or 'redo'), oldest first: its top is the last."""
        rows = self._conn.execute(
            "SELECT step, op, label, areas, ids, result, extra FROM undo_steps WHERE stack = ? ORDER BY step",
            (stack,)).fetchall()
        return [_changes(row) for row in rows]

    def listing(self, stack: str) -> list[dict]:
        """Each step of one stack as the command line shows it, newest (next) first."""
        rows = self._conn.execute(
            "SELECT op, label, extra, author, at FROM undo_steps WHERE stack = ? ORDER BY step DESC",
            (stack,)).fetchall()
        return [{"label": label, "op": json.loads(extra).get("of", op), "author": author, "at": at}
                for op, label, extra, author, at in rows]

    @property
    def undo_stack(self) -> list[Changes]:
        return self.entries("undo")

    @property
    def redo_stack(self) -> list[Changes]:
        return self.entries("redo")

    def count(self, stack: str) -> int:
        return self._conn.execute("SELECT count(*) FROM undo_steps WHERE stack = ?", (stack,)).fetchone()[0]

    def can_undo(self) -> bool:
        return self._top("undo") is not None

    def can_redo(self) -> bool:
        return self._top("redo") is not None

    def undo_label(self) -> str:
        top = self._top("undo")
        return top.label if top else ""

    def redo_label(self) -> str:
        top = self._top("redo")
        return top.label if top else ""

    def _top(self, stack: str) -> Changes | None:
        row = self._conn.execute(
            "SELECT step, op, label, areas, ids, result, extra FROM undo_steps WHERE stack = ? "
            "ORDER BY step DESC LIMIT 1", (stack,)).fetchone()
        return _changes(row) if row else None

    def next_step(self) -> int:
        """Inside a transaction: the number for a new step, above every step the file holds (a
        second connection to the study numbers its steps from the same file)."""
        return self._conn.execute(
            "SELECT max(ifnull((SELECT max(step) FROM undo_steps), 0), "
            "ifnull((SELECT max(step) FROM undo_log), 0)) + 1").fetchone()[0]

    # ------------------------------------------------------------------ changing
    def record(self, changes: Changes, author: str) -> None:
        """Inside the operation's transaction: put its step on a stack. A new action goes onto
        the undo stack and makes the redo stack meaningless; an undo's step takes the place of
        the step it reverted on the redo stack, a redo's on the undo stack (the entry keeps the
        author and time of the action itself)."""
        reverted = changes.extra.get("reverts")
        at = now()
        if reverted is not None:  # the action keeps who took it and when
            author, at = self._conn.execute("SELECT author, at FROM undo_steps WHERE step = ?",
                                            (reverted,)).fetchone() or (author, at)
            self._forget([reverted])
            stack = "redo" if changes.op == "undo" else "undo"
        elif changes.step is None:
            return  # an action that changed nothing is no step
        else:
            self._forget([s for (s,) in self._conn.execute("SELECT step FROM undo_steps WHERE stack = 'redo'")])
            stack = "undo"
        if changes.step is None:
            return
        extra = {k: changes.extra[k] for k in KEPT if changes.extra.get(k) not in (None, (), [], {})}
        self._conn.execute(
            "INSERT INTO undo_steps (step, stack, op, label, areas, ids, result, extra, author, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (changes.step, stack, changes.op, changes.label, json.dumps(sorted(changes.areas)),
             json.dumps(list(changes.ids)), _result(changes.result), json.dumps(extra), author, at))
        if reverted is None:
            self._trim()

    def undo(self) -> Changes:
        """Revert the newest operation and return what the revert changed."""
        done = self._top("undo")
        if done is None:
            raise NothingToUndoError(f"{self._study.path.name}: nothing to undo")
        return self._revert(done, "undo")

    def redo(self) -> Changes:
        """Re-apply the newest undone operation."""
        undone = self._top("redo")
        if undone is None:
            raise NothingToUndoError(f"{self._study.path.name}: nothing to redo")
        return self._revert(undone, "redo")

    def clear(self) -> None:
        """Forget every step (a new study built from others starts with no history)."""
        if self._study.read_only:
            raise ReadOnlyError(f"{self._study.path.name} is open read-only: its history was not cleared")
        own = not self._conn.in_transaction
        if own:
            self._conn.execute("BEGIN IMMEDIATE")
        try:
            self._conn.execute("DELETE FROM undo_steps")
            self._conn.execute("DELETE FROM undo_log")
            if own:
                self._conn.execute("COMMIT")
        except BaseException:
            if own and self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    def _forget(self, steps: list[int]) -> None:
        if steps:
            self._conn.executemany("DELETE FROM undo_steps WHERE step = ?", [(s,) for s in steps])
            undo.forget_steps(self._conn, steps)

    def _trim(self) -> None:
        """Keep the newest `depth` steps: an older one's row and images go."""
        count = self._conn.execute("SELECT count(*) FROM undo_steps").fetchone()[0]
        if count <= self._depth:
            return
        (oldest_kept,) = self._conn.execute("SELECT step FROM undo_steps ORDER BY step LIMIT 1 OFFSET ?",
                                            (count - self._depth,)).fetchone()
        self._conn.execute("DELETE FROM undo_steps WHERE step < ?", (oldest_kept,))
        undo.forget_steps_before(self._conn, oldest_kept)


def _result(result: object) -> str | None:
    """An operation's answer as JSON (an id, a count, a report), or nothing when it is not data."""
    try:
        return json.dumps(result)
    except (TypeError, ValueError):
        return None


def _changes(row: tuple) -> Changes:
    step, op, label, areas, ids, result, extra = row
    kept = json.loads(extra)
    for key in PAIRS:
        if key in kept:
            kept[key] = [tuple(item) for item in kept[key]]
    if "redo" in kept:
        kept["redo"] = {k: [tuple(item) for item in v] for k, v in kept["redo"].items()}
    return Changes(op=op, label=label, step=step, areas=frozenset(json.loads(areas)), ids=tuple(json.loads(ids)),
                   result=json.loads(result) if result is not None else None, extra=kept)
