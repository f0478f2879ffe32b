"""The undo/redo history of one working session.

It lives in `coder/` so the command line, the tests and the window share one behaviour; the
window's QUndoStack only mirrors it. It is not stored: closing the study ends it.
"""

from __future__ import annotations

from collections.abc import Callable

from .changes import Changes

Revert = Callable[[Changes, str], Changes]


class History:
    """Two stacks of operation records; undoing one runs its revert and offers it for redo."""

    def __init__(self, revert: Revert, depth: int = 500) -> None:
        self._revert = revert
        self._depth = depth
        self.undo_stack: list[Changes] = []
        self.redo_stack: list[Changes] = []
        self.listeners: list[Callable[[], None]] = []

    def record(self, changes: Changes) -> None:
        """Remember a new operation; a new action makes the redo stack meaningless."""
        if changes.step is None:
            return
        self.undo_stack.append(changes)
        self.redo_stack.clear()
        del self.undo_stack[: -self._depth]
        self._notify()

    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    def can_redo(self) -> bool:
        return bool(self.redo_stack)

    def undo_label(self) -> str:
        return self.undo_stack[-1].label if self.undo_stack else ""

    def redo_label(self) -> str:
        return self.redo_stack[-1].label if self.redo_stack else ""

    def oldest_step(self) -> int | None:
        steps = [c.step for c in self.undo_stack + self.redo_stack if c.step is not None]
        return min(steps) if steps else None

    def undo(self) -> Changes:
        """Revert the newest operation and return what the revert changed."""
        if not self.undo_stack:
            raise IndexError("nothing to undo")
        done = self.undo_stack.pop()
        reverted = self._revert(done, "undo")
        self.redo_stack.append(reverted)
        self._notify()
        return reverted

    def redo(self) -> Changes:
        """Re-apply the newest undone operation."""
        if not self.redo_stack:
            raise IndexError("nothing to redo")
        undone = self.redo_stack.pop()
        redone = self._revert(undone, "redo")
        self.undo_stack.append(redone)
        self._notify()
        return redone

    def clear(self) -> None:
        self.undo_stack.clear()
        self.redo_stack.clear()
        self._notify()

    def _notify(self) -> None:
        for listener in list(self.listeners):
            listener()
