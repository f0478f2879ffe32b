"""Errors that a user can act on. Each names the thing it is about and what is wrong."""

from __future__ import annotations


class CaseCoderError(Exception):
    """Base class: a problem to show the user as it is, never a crash."""


class NotAStudyError(CaseCoderError):
    """The file is not a CaseCoder study (or is damaged)."""


class NeedsUpgradeError(NotAStudyError):
    """The study is of an older schema and must be upgraded by a program that may write it."""


class NewerStudyError(CaseCoderError):
    """The study was written by a newer CaseCoder whose schema we do not know."""


class NotFoundError(CaseCoderError):
    """A named or identified entity does not exist."""


class AmbiguousError(CaseCoderError):
    """A name matches more than one entity."""


class ConflictError(CaseCoderError):
    """The change would break a rule (a duplicate name, a cycle, an out-of-range passage)."""


class ImportFailed(CaseCoderError):
    """A file could not be imported; nothing of it was written."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ReadOnlyPlaceError(CaseCoderError):
    """The study lies where nothing can be written (a read-only folder or disk): it can be read."""


class WriteFailed(CaseCoderError):
    """A change could not be written (a full disk, a read-only file); it was rolled back."""


class Cancelled(CaseCoderError):
    """The user cancelled a long operation; nothing of it was written."""


class NothingToUndoError(CaseCoderError):
    """The study's history holds no step to undo (or to redo)."""


class TemplateError(CaseCoderError):
    """A Word template could not be used (not a Word file, damaged); nothing was written."""
