"""Exchanging work between copies of one study: export my work, import theirs, list the conflicts.

Export writes the operations this copy holds (all of them, or only those that arrived since the
last package for a named peer). Import applies, in one undoable transaction, the operations the
study lacks and settles every row they touch (coder/sync_merge.py), so any order of imports, and
any repetition, ends in the same study. Conflicts are listed, never settled by dropping work.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from ..store.bulk import insert_rows
from ..store.changes import Changes
from ..store.clock import now
from ..store.errors import NotFoundError
from ..store.progress import Progress, no_progress
from .log import encode_fields, heads
from .loops import break_loops
from .merge import settle
from .package import PackageError, iter_ops, read_manifest, write_package
from .rows import area_of
from .validate import effect_problem, header_problem, settle_lengths, settled_problem

NEAR_NAME = 88  # rapidfuzz ratio from which two codes' names are proposed for merging


@dataclass(frozen=True)
class Conflict:
    """One thing the user has to decide."""

    id: str
    kind: str  # field | deleted_in_use | same_name | near_duplicate | loop | ...
    table: str
    key: str
    field: str
    text: str
    choices: tuple[str, ...]
    detail: dict

    def as_dict(self) -> dict:
        data = {"id": self.id, "kind": self.kind, "table": self.table, "key": json.loads(self.key),
                "field": self.field, "text": self.text, "choices": list(self.choices)}
        if self.kind == "field":  # 'keep N' keeps sides[N - 1]
            data["sides"] = [{"author": w["author"], "value": w["value"]} for w in self.detail["writes"]]
        return data


class Sync:
    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn

    # ------------------------------------------------------------------ export
    def export_work(self, path: str | Path, *, since_peer: str | None = None) -> dict:
        """Write a package of this copy's work; with `since_peer`, only what arrived since the
        last package written for that peer (which the peer must have imported first)."""
        path = Path(path)
        sent_seq, continues = 0, None
        if since_peer:
            row = self.conn.execute("SELECT sent_seq, last_sent_op FROM sync_peers WHERE name = ?",
                                    (since_peer,)).fetchone()
            if row:
                sent_seq, continues = row
        with self.study.snapshot():
            top = self.conn.execute("SELECT ifnull(max(seq), 0) FROM ops").fetchone()[0]
            last = self.conn.execute("SELECT id FROM ops WHERE seq = ?", (top,)).fetchone()
            manifest = {"study_id": self.study.study_id, "study_name": self.study.path.stem,
                        "sender": self.sender(), "since_peer": since_peer, "continues": continues,
                        "created_at": now()}
            count = write_package(self.conn, path, manifest, sent_seq)
        if since_peer and last and not self.study.read_only:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute(
                "INSERT INTO sync_peers (name, sent_seq, last_sent_op, sent_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET sent_seq = excluded.sent_seq, "
                "last_sent_op = excluded.last_sent_op, sent_at = excluded.sent_at",
                (since_peer, top, last[0], now()))
            self.conn.execute("COMMIT")
        return {"package": str(path), "operations": count, "since_peer": since_peer, "coder": self.study.user,
                "coder_warning": self.name_problem()}

    def name_problem(self, name: str | None = None) -> str | None:
        """Why the name this copy's work goes under would not tell it from a teammate's (a login
        name never chosen, or one another copy's work goes under); None when it does."""
        from ..store.copies import name_problem

        return name_problem(self.study, name)

    def sender(self) -> str:
        return f"{self.study.user} ({self.study.path.stem})"

    # ------------------------------------------------------------------ import
    def import_work(self, path: str | Path, progress: Progress = no_progress) -> Changes:
        """Apply a package's operations that this study lacks; one undoable action."""
        path = Path(path)
        manifest = read_manifest(path, self.study.study_id)
        if manifest.continues and not self._holds(manifest.continues):
            raise PackageError(
                f"{path.name}: this package continues an earlier one from {manifest.sender} that this study has "
                "not imported; import that one first, or ask for a full package (exported without --since-peer)")
        with self.study.operation("sync_import", f"Import work from {manifest.sender or path.name}") as rec:
            rec.extra["no_sync"] = True
            self.conn.execute("PRAGMA defer_foreign_keys = ON")
            seq = self.conn.execute("SELECT ifnull(max(seq), 0) FROM ops").fetchone()[0]
            touched: dict[tuple[str, str], None] = {}
            new_ids: set[str] = set()
            seq_of: dict[str, int] = {}
            seen: set[str] = set()
            held = 0
            def already(op_id: str) -> bool:  # held before this import (not a part of a new one)
                return op_id not in new_ids and self._holds(op_id)

            for number, op in enumerate(iter_ops(path, held=already), 1):
                progress(number, manifest.lines, "Reading the package")
                first = op["id"] not in seen
                seen.add(op["id"])
                if op.get("held"):
                    held += first
                    continue
                problem = op_problem(self.conn, op)
                if problem:
                    raise PackageError(f"{path.name}: refused, nothing was imported: operation {number} "
                                       f"({op['label']!r} by {op['author']}) brings {problem}")
                if op["id"] not in new_ids:  # the rest of a large operation comes in further lines
                    seq += 1
                    new_ids.add(op["id"])
                    seq_of[op["id"]] = seq
                    self.conn.execute(
                        "INSERT INTO ops (id, seq, lamport, op, label, author, at, origin) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (op["id"], seq, op["lamport"], op["op"], op["label"], op["author"], op["at"],
                         op.get("origin")))
                insert_rows(self.conn, "op_effects", ("op_seq", "tbl", "key", "kind", "fields", "bases", "data"),
                            [(seq_of[op["id"]], e["tbl"], e["key"], e["kind"], encode_fields(e["kind"], e["fields"]),
                              json.dumps(e["bases"], sort_keys=True) if e["bases"] else "", e["data"])
                             for e in op["effects"]])
                touched.update(((e["tbl"], e["key"]), None) for e in op["effects"])
            progress(0, 0, "Merging")
            try:
                settled = settle(self.conn, touched)
                break_loops(self.conn, settled)
            except sqlite3.IntegrityError as exc:  # a row the schema itself refuses
                raise PackageError(f"{path.name}: refused, nothing was imported: a row it brings breaks a rule "
                                   f"of the study ({exc})") from exc
            settle_lengths(self.conn, settled.written)
            problem = settled_problem(self.conn, settled.written)
            if problem:
                raise PackageError(f"{path.name}: refused, nothing was imported: it would place {problem}")
            if manifest.sender:
                self.conn.execute(
                    "INSERT INTO sync_peers (name, received_at, received_ops) VALUES (?, ?, ?) ON CONFLICT (name) "
                    "DO UPDATE SET received_at = excluded.received_at, "
                    "received_ops = received_ops + excluded.received_ops",
                    (manifest.sender, now(), len(new_ids)))
            for tbl in settled.tables:
                rec.touch(area_of(tbl))
            if settled.tables:
                rec.touch("codings")
            conflicts = [c.as_dict() for c in self.conflicts()]
            rec.result = {"package": path.name, "from": manifest.sender, "operations": len(new_ids),
                          "already_held": held,
                          "added": settled.added, "changed": settled.changed, "removed": settled.removed,
                          "recognised_sources": settled.recognised, "by_table": dict(sorted(settled.tables.items())),
                          "conflicts": conflicts}
        return self.study.changes_of(rec)

    def _holds(self, op_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM ops WHERE id = ?", (op_id,)).fetchone() is not None

    def peers(self) -> list[dict]:
        rows = self.conn.execute("SELECT name, sent_at, received_at, received_ops FROM sync_peers ORDER BY name")
        return [{"name": r[0], "sent_at": r[1], "received_at": r[2], "received_ops": r[3]} for r in rows]

    # ------------------------------------------------------------------ conflicts
    def conflicts(self) -> list[Conflict]:
        """Everything the exchange left for the user to decide, in a stable order."""
        from .describe import describe

        found = []
        rows = self.conn.execute("SELECT id, kind, tbl, key, field, detail FROM sync_conflicts ORDER BY id").fetchall()
        for cid, kind, tbl, key, name, detail in rows:
            described = describe(self.study, kind, tbl, key, name, json.loads(detail))
            if described is not None:
                text, choices = described
                found.append(Conflict(cid, kind, tbl, key, name, text, choices, json.loads(detail)))
        return found + self.diverged_memos() + self.near_duplicates()

    def diverged_memos(self) -> list[Conflict]:
        """Memos edited on two copies: both versions are kept, as a memo with two heads, for the
        drafter to reconcile in the memo editor (as after a review)."""
        found = []
        for memo in self.study.memos.all():
            heads = self.study.memos.heads(memo.id)
            if len(heads) > 1:
                sides = "; ".join(f"{h.author} at {h.at[:16].replace('T', ' ')}" for h in heads)
                found.append(Conflict(
                    f"memo_diverged:{memo.id}", "memo_diverged", "memos", json.dumps([memo.id]), "",
                    f"The memo '{memo.title}' was edited on {len(heads)} copies ({sides}); every version is kept. "
                    "Open it to reconcile them into one.", ("open",), {"heads": [h.id for h in heads]}))
        return found

    def near_duplicates(self) -> list[Conflict]:
        """Codes made on different copies of the study (or, for codes from before copies were
        told apart, by different people) whose names nearly match: proposals to merge. Two
        laptops whose coders share a name ("root") are two copies all the same."""
        codes = self.conn.execute("SELECT id, name, created_by FROM codes ORDER BY id").fetchall()
        from .describe import dismissed as dismissed_ids

        dismissed = dismissed_ids(self.study)
        paths = self.study.codes.paths()
        found = []
        if len(codes) < 2:
            return found
        folded = [name.casefold() for _, name, _ in codes]
        scores = process.cdist(folded, folded, scorer=fuzz.ratio, score_cutoff=NEAR_NAME)  # all pairs, in C
        pairs = [(i, j) for i, j in zip(*scores.nonzero(), strict=True) if i < j]
        made_on = self._made_on({codes[k][0] for pair in pairs for k in pair}) if pairs else {}
        for i, j in pairs:
            (a, a_name, a_by), (b, b_name, b_by) = codes[i], codes[j]
            a_on, b_on = made_on.get(a), made_on.get(b)
            apart = a_on != b_on if a_on and b_on else a_by != b_by
            if apart and f"near_duplicate:{a}|{b}" not in dismissed:
                where = ", made on two copies" if a_by == b_by else ""
                found.append(Conflict(
                    f"near_duplicate:{a}|{b}", "near_duplicate", "codes", json.dumps([a, b]), "",
                    f"Codes '{paths.get(a, a_name)}' ({a_by}) and '{paths.get(b, b_name)}' ({b_by}{where}) have "
                    "nearly the same name: merge them?", ("merge", "dismiss"), {"codes": [a, b]}))
        return found

    def _made_on(self, code_ids: set[str]) -> dict[str, str]:
        """The copy each code was first made on, where its operations say (codes from before
        operations named their copy are absent)."""
        made: dict[str, str] = {}
        for code_id in code_ids:
            row = self.conn.execute(
                "SELECT o.origin FROM op_effects e JOIN ops o ON o.seq = e.op_seq WHERE e.tbl = 'codes' "
                "AND e.key = ? AND e.kind = 'insert' ORDER BY o.lamport, o.id LIMIT 1", (json.dumps([code_id]),)
            ).fetchone()
            if row and row[0]:
                made[code_id] = row[0]
        return made

    def passage_of(self, conflict: Conflict) -> tuple[str, int, int] | None:
        """(source, start, end) of the coding a conflict is about, or of the first coding that
        uses what another copy deleted; None when it concerns no passage."""
        if conflict.table == "codings":
            coding = json.loads(conflict.key)[0]
        else:
            uses = [key for tbl, key in conflict.detail.get("used_by", []) if tbl == "codings"]
            if not uses:
                return None
            coding = json.loads(uses[0])[0]
        row = self.conn.execute(
            "SELECT s.id, c.start, c.end FROM codings c JOIN sources s ON s.n = c.source_n WHERE c.id = ?",
            (coding,)).fetchone()
        return tuple(row) if row else None

    def find(self, conflict_id: str) -> Conflict:
        for conflict in self.conflicts():
            if conflict.id == conflict_id or conflict.id.startswith(conflict_id):
                return conflict
        raise NotFoundError(f"no conflict {conflict_id!r}")

    def resolve(self, conflict_id: str, choice: str) -> Changes:
        """Decide a conflict: keep one of the values, keep or delete a row, merge or dismiss."""
        from .resolve import resolve

        return resolve(self.study, self.find(conflict_id), choice)

    def field_heads(self, tbl: str, key: str) -> dict[str, list[str]]:
        return heads(self.conn, tbl, key)


def op_problem(conn: sqlite3.Connection, op: dict) -> str | None:
    """What in one operation of a package no CaseCoder writes (sync_validate); None when all is sound."""
    problem = header_problem(op)
    for effect in op["effects"]:
        if problem:
            break
        problem = effect_problem(conn, effect["tbl"], effect["key_values"], effect["kind"], effect["fields"],
                                 effect["values"])
    return problem
