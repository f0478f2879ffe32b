"""The Study facade: one open study file, its managers, and the operation/undo machinery.

Every write goes through `Study.operation`, which opens one IMMEDIATE transaction, tags the rows
written with an undo step, appends one change-log entry, puts the step on the stored undo history,
and commits — or rolls everything back.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from .store import lock, undo
from .store.changes import Changes
from .store.clock import moment, new_id, now
from .store.compaction import give_back_free_pages
from .store.copies import copy_id, default_coder
from .store.database import create_study_file, dump_tables, open_study_file
from .store.errors import NotAStudyError, ReadOnlyPlaceError, WriteFailed
from .store.history import History
from .store.settings import coder_name
from .team.log import record_op
from .team.merge import refresh_conflicts, settle_kept


def _backup_before_upgrade(path: Path, reason: str) -> None:
    """The study as this version found it, kept beside the other backups (never rotated away)."""
    from .store.backup import make_backup

    make_backup(path, keep=0, reason=reason)


def _advice(exc: Exception) -> str:
    text = str(exc).lower()
    if "full" in text or "i/o" in text:
        return "The disk may be full: free some space, then try again."
    if "readonly" in text or "read-only" in text:
        return "The file or its folder cannot be written: check its permissions, or work on a copy."
    if "locked" in text or "busy" in text:
        return "Another program was writing the study; try again."
    return "Run 'casecoder check' on it if this happens again."


@dataclass
class OpRecorder:
    """Collects what an operation touches while it runs."""

    op: str
    label: str
    areas: set[str] = field(default_factory=set)
    ids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    result: object = None
    extra: dict = field(default_factory=dict)

    def touch(self, area: str, *ids: str) -> None:
        self.areas.add(area)
        self.ids.extend(i for i in ids if i)


class Study:
    """One open study. Managers are named by noun: study.sources, study.codes, ..."""

    def __init__(self, path: Path, db: sqlite_utils.Database, user: str | None = None,
                 read_only: bool = False) -> None:
        from .codebook.codes import Codes
        from .codebook.sections import Sections
        from .coding.codings import Codings
        from .coding.queries import SavedQueries
        from .coding.runs import Runs
        from .coding.search import Search
        from .crosssite.cross_outline import CrossOutline
        from .crosssite.pattern_cells import PatternCells
        from .memos.comments import MemoComments
        from .memos.memos import Memos
        from .privacy.pseudonyms import Pseudonyms
        from .sources.attributes import Attributes
        from .sources.cases import Cases
        from .sources.sets import Sets
        from .sources.sources import Sources
        from .sources.speakers import Speakers
        from .team.sync import Sync

        self.path = Path(path)
        self.read_only = read_only
        # why it is read-only, for messages: by default another program holds the study's lock
        self.read_only_reason = "another window or program is writing this study" if read_only else ""
        self.db = db
        self.conn = db.conn
        self.user = user or default_coder(self.conn)
        self._copy_id: str | None = None
        self._current: OpRecorder | None = None
        # how many committed operations touched each area: readers keep derived data (code
        # paths) until their area's count moves
        self.versions: Counter[str] = Counter()
        undo.install_capture(self.conn)
        self.history = History(self, self._revert)
        self.cases = Cases(self)
        self.attributes = Attributes(self)
        self.sources = Sources(self)
        self.speakers = Speakers(self)
        self.sections = Sections(self)
        self.codes = Codes(self)
        self.codings = Codings(self)
        self.runs = Runs(self)
        self.search = Search(self)
        self.queries = SavedQueries(self)
        self.memos = Memos(self)
        self.memo_comments = MemoComments(self)
        self.cross_outline = CrossOutline(self)
        self.cells = PatternCells(self)
        self.sets = Sets(self)
        self.sync = Sync(self)
        self.pseudonyms = Pseudonyms(self)

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def create(cls, path: str | Path, user: str | None = None) -> Study:
        """Create an empty study file and open it."""
        path = Path(path)
        create_study_file(path, user or coder_name())
        return cls.open(path, user)

    @classmethod
    def open(cls, path: str | Path, user: str | None = None, read_only: bool = False) -> Study:
        """Open a study; a file that is not one, or is from a newer version, is refused. Unless
        `read_only`, this program takes the study's lock: StudyInUseError when another has it."""
        path = Path(path)
        if read_only:
            return cls(path, open_study_file(path, read_only=True), user, read_only=True)
        if not path.is_file():
            raise NotAStudyError(f"{path}: no such study file")
        lock.acquire(path)
        try:
            return cls(path, open_study_file(path, keep_before_upgrade=_backup_before_upgrade), user)
        except ReadOnlyPlaceError as exc:  # nothing can be written there: it is read, and says why
            lock.release(path)
            study = cls(path, open_study_file(path, read_only=True), user, read_only=True)
            study.read_only_reason = str(exc)  # the window and the command line say it
            return study
        except BaseException:
            lock.release(path)
            raise

    @contextmanager
    def snapshot(self) -> Iterator[Study]:
        """Reads that all see one state of the study while another connection goes on writing: an
        export in a worker thread sees the study as it was when the export began."""
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            self.conn.execute("ROLLBACK")

    def checkpoint(self) -> None:
        """Move committed work from the write-ahead log into the study file itself, so that a copy
        of the file made while the study is open (a file manager, a sync folder) holds it. It
        waits for no one: what a reader still needs stays in the log until the next time."""
        if not self.conn.in_transaction:
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        """Close the file; its undo history stays in it for the next session. The pages dropped
        history and team-log rows left free are given back first, when there are enough of them
        (coder.store.compaction); a study another program is writing keeps them for now."""
        try:
            if not self.read_only and not self.conn.in_transaction:
                give_back_free_pages(self.conn)
        except sqlite3.ProgrammingError:  # closed already: closing again is nothing
            pass
        except sqlite3.OperationalError:  # busy: the next close gives them back
            pass
        self.conn.close()
        if not self.read_only:
            lock.release(self.path)

    def __enter__(self) -> Study:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def study_id(self) -> str:
        return self.meta("study_id")

    def copy_id(self) -> str:
        """Which copy of the study this file is (coder/copies.py); a file found elsewhere than
        where it got its identity takes a new one the first time it is changed."""
        if self._copy_id is None:
            writing = self.conn.in_transaction and not self.read_only
            found = copy_id(self.conn, self.path, write=writing)
            if not writing:
                return found
            self._copy_id = found
        return self._copy_id

    def default_user(self) -> str:
        """Whose name this study's work goes under when nobody says (coder/copies.py)."""
        return default_coder(self.conn)

    def meta(self, key: str) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else ""

    # ------------------------------------------------------------------ operations
    @contextmanager
    def operation(self, op: str, label: str) -> Iterator[OpRecorder]:
        """Run the body as one user action: one transaction, one undo step, one log entry.

        Nested calls join the outer action, so a compound action (an import that creates its
        site) is still a single step. The step goes on the stored undo history in the same
        transaction, so a kill leaves the study and its history both as before or both as after.
        """
        if self._current is not None:
            yield self._current
            return
        if self.read_only:
            raise lock.ReadOnlyError(f"{self.path.name} is open read-only ({self.read_only_reason.rstrip('.')}): "
                                     "this change was not made")
        lock.confirm(self.path)  # a lock file deleted meanwhile is put back; taken by another: refused
        rec = OpRecorder(op, label)
        self.conn.execute("BEGIN IMMEDIATE")
        self._current = rec
        try:
            step = self.history.next_step()
            undo.begin_step(self.conn, step)
            yield rec
            if not rec.extra.get("no_sync"):
                settle_kept(self.conn)
            undo.end_step(self.conn)
            empty = undo.step_is_empty(self.conn, step)
            if not empty:
                self._log(rec.op, rec.label, rec.ids)
                if not rec.extra.get("no_sync"):
                    op_id, touched = record_op(self.conn, step, op=rec.op, label=rec.label, author=self.user,
                                               origin=self.copy_id(),
                                               asserted=frozenset(rec.extra.get("sync_assert", ())),
                                               fields=tuple(rec.extra.get("sync_fields", ())),
                                               retract=rec.extra.get("sync_retract"))
                    rec.extra["sync_op"] = op_id
                    refresh_conflicts(self.conn, touched, every=bool(rec.extra.get("sync_retract")))
            changes = Changes(
                op=rec.op, label=rec.label, step=None if empty else step, areas=frozenset(rec.areas),
                ids=tuple(dict.fromkeys(rec.ids)), result=rec.result, warnings=tuple(rec.warnings),
                extra=dict(rec.extra))
            self.history.record(changes, author=self.user)
            self.conn.execute("COMMIT")
            self.versions.update(rec.areas)
        except sqlite3.DatabaseError as exc:  # a full disk, a read-only file, a failing drive
            self._roll_back()
            raise WriteFailed(f"{self.path.name}: '{label}' could not be saved ({exc}); the study is as it was "
                              f"before it. {_advice(exc)}") from exc
        except BaseException:
            self._roll_back()
            raise
        finally:
            self._current = None
        rec.extra["changes"] = changes

    def _roll_back(self) -> None:
        self._copy_id = None  # a new identity written in the failed action went with it
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass  # SQLite already rolled back (as it does on a full disk)

    @staticmethod
    def changes_of(rec: OpRecorder) -> Changes:
        """The Changes record of a finished operation (inside a nested one: a provisional one)."""
        done = rec.extra.get("changes")
        if done is not None:
            return done
        return Changes(op=rec.op, label=rec.label, step=None, areas=frozenset(rec.areas),
                       ids=tuple(rec.ids), result=rec.result, warnings=tuple(rec.warnings))

    def _log(self, op: str, label: str, ids: Iterable[str]) -> None:
        self.conn.execute(
            "INSERT INTO changelog (op, label, entities, author, at) VALUES (?, ?, ?, ?, ?)",
            (op, label, json.dumps(list(dict.fromkeys(ids))), self.user, now()))

    def _revert(self, changes: Changes, verb: str) -> Changes:
        """Write back the before-images of `changes`' step as a new step (for undo or redo),
        which takes its place on the other stack."""
        with self.operation(verb, changes.label) as rec:
            rec.extra["reverts"] = changes.step
            undo.revert_step(self.conn, changes.step)
            for area in changes.areas:
                rec.touch(area)
            rec.ids.extend(changes.ids)
            rec.result = changes.result
            rec.extra["of"] = changes.extra.get("of", changes.op)  # the user action reverted
            if rec.extra["of"] == "sync_import":
                # undoing an import takes its operations back out: it is no new change of ours
                rec.extra["no_sync"] = True
            elif rec.extra["of"] == "resolve_conflict" and verb == "undo":
                # an undone decision is withdrawn on every copy, so its conflict is listed again
                rec.extra["sync_retract"] = changes.extra.get("sync_op")
                rec.extra["redo"] = {k: changes.extra.get(k, ()) for k in ("sync_fields", "sync_assert")}
            elif rec.extra["of"] == "resolve_conflict":  # redone: decided again
                rec.extra.update(changes.extra.get("redo", {}))
        return self.changes_of(rec)

    def undo(self) -> Changes:
        """Undo the study's last action (of this session or an earlier one, window or command
        line); NothingToUndoError when there is none."""
        return self.history.undo()

    def redo(self) -> Changes:
        """Redo the last undone action; NothingToUndoError when there is none."""
        return self.history.redo()

    # ------------------------------------------------------------------ helpers for managers
    def stamps(self) -> dict[str, str]:
        """created/modified by and at for a new row."""
        t = now()
        return {"created_at": t, "created_by": self.user, "modified_at": t, "modified_by": self.user}

    def modified(self) -> dict[str, str]:
        return {"modified_at": now(), "modified_by": self.user}

    def setting(self, key: str) -> str | None:
        """A setting kept in the study (and exchanged with its other copies), or None."""
        row = self.conn.execute("SELECT value FROM study_settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def write_setting(self, key: str, value: str) -> None:
        """Inside an operation: set a study setting (an update, so undo restores the old value)."""
        self.conn.execute(
            "INSERT INTO study_settings (key, value, modified_at, modified_by) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, modified_at = excluded.modified_at, "
            "modified_by = excluded.modified_by", (key, value, *self.modified().values()))

    def tombstone(self, entity: str, entity_id: str) -> None:
        """Record that an entity was deleted, for merges that must not resurrect it."""
        self.conn.execute(
            "INSERT INTO tombstones (id, entity, deleted_at, deleted_by) VALUES (?, ?, ?, ?) ON CONFLICT (id) "
            "DO UPDATE SET entity = excluded.entity, deleted_at = excluded.deleted_at, "
            "deleted_by = excluded.deleted_by",
            (entity_id, entity, now(), self.user))

    def delete_entities(self, table: str, entity: str, column: str, values: list[str]) -> list[str]:
        """Inside an operation: delete the rows of `table` whose `column` is one of `values`,
        leaving a tombstone for each (by its id); the ids deleted."""
        if not values:
            return []
        marks = ",".join("?" * len(values))
        ids = [r[0] for r in self.conn.execute(f"SELECT id FROM {table} WHERE {column} IN ({marks})", values)]
        for entity_id in ids:
            self.tombstone(entity, entity_id)
        self.conn.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", values)
        return ids

    def new_id(self) -> str:
        return new_id()

    def dump(self) -> dict[str, list[tuple]]:
        """Every user-data row of the study, for exact before/after comparisons."""
        return dump_tables(self.db)

    def changelog(self, limit: int = 100, *, text: str = "", author: str = "", since: str = "") -> list[dict]:
        """The change log, newest first: every action taken on this file (undo and redo too) with
        who took it and when. `text` keeps the entries whose label or kind of action contains it
        (any case), `author` those of one author, `since` (a date or time, local unless it says
        its zone: `clock.moment`) those after it — what changed since a reader was last here."""
        where, args = [], []
        if since:
            where.append("at > ?")
            args.append(moment(since))
        if text.strip():
            where.append("(instr(lower(label), lower(?)) > 0 OR instr(lower(op), lower(?)) > 0)")
            args += [text.strip()] * 2
        if author:
            where.append("author = ?")
            args.append(author)
        rows = self.conn.execute(
            "SELECT seq, op, label, entities, author, at FROM changelog "
            f"{'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY seq DESC LIMIT ?", (*args, limit)).fetchall()
        return [{"seq": r[0], "op": r[1], "label": r[2], "entities": json.loads(r[3]),
                 "author": r[4], "at": r[5]} for r in rows]

    def changelog_authors(self) -> list[str]:
        """Everyone the change log names, for choosing whose changes to see."""
        return [r[0] for r in self.conn.execute("SELECT DISTINCT author FROM changelog ORDER BY lower(author)")]
