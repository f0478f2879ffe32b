"""Codings: a code on a passage [start, end) of a source, by a coder, with an optional note."""

from __future__ import annotations

from dataclasses import dataclass

from ..store.bulk import insert_rows
from ..store.changes import Changes
from ..store.errors import ConflictError, NotFoundError

IN_VIVO_MAX = 60
# Operations that change only the codings they name in Changes.ids (a view may re-read just those).
SINGLE_CODING_OPS = frozenset({"apply_code", "remove_coding", "note_coding", "recode", "resize_coding"})


@dataclass(frozen=True)
class Coding:
    id: str
    source_id: str
    code_id: str
    code_path: str
    color: str
    start: int
    end: int
    coder: str
    note: str
    detached: bool
    detached_text: str


class Codings:
    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn

    # ------------------------------------------------------------------ reads
    def for_source(self, source_id: str, coders: list[str] | None = None) -> list[Coding]:
        """A source's codings in text order (optionally only some coders')."""
        where, args = "c.source_n = ?", [self.study.sources.number(source_id)]
        if coders:
            where += f" AND c.coder IN ({','.join('?' * len(coders))})"
            args += coders
        return self._select(where, args)

    def by_ids(self, ids: list[str]) -> list[Coding]:
        """The codings among `ids` that exist (other ids are ignored), in text order: what a
        view showing a source re-reads after a change that names the codings it touched."""
        return self._select(f"c.id IN ({','.join('?' * len(ids))})", list(ids)) if ids else []

    def _select(self, where: str, args: list) -> list[Coding]:
        rows = self.conn.execute(
            "SELECT c.id, s.id, k.id, k.color, c.start, c.end, c.coder, c.note, c.detached, c.detached_text "
            f"FROM codings c JOIN codes k ON k.n = c.code_n JOIN sources s ON s.n = c.source_n WHERE {where} "
            "ORDER BY c.start, c.end DESC, c.id", args).fetchall()
        paths = self.study.codes.paths()
        return [Coding(r[0], r[1], r[2], paths.get(r[2], ""), r[3], r[4], r[5], r[6], r[7], bool(r[8]), r[9])
                for r in rows]

    def get(self, coding_id: str) -> Coding:
        found = self._select("c.id = ?", [coding_id])
        if not found:
            raise NotFoundError(f"no coding with id {coding_id}")
        return found[0]

    def count_for(self, *, code_id: str | None = None, source_id: str | None = None,
                  coder: str | None = None) -> int:
        """Codings on the text (not detached) of one code and/or in one source, by one coder if
        given: what the codebook and navigator show. Study-wide code counts come from the
        maintained code_case_counts; a source's from its few codings."""
        if code_id and not source_id:
            return self.conn.execute(
                "SELECT ifnull(sum(n), 0) FROM code_case_counts WHERE code_n = ?" + (" AND coder = ?" if coder else ""),
                (self.study.codes.number(code_id), *((coder,) if coder else ()))).fetchone()[0]
        if source_id and not code_id:  # all of them from the covering index, less the rare detached
            by, args = (" AND coder = ?", (coder,)) if coder else ("", ())
            n = self.study.sources.number(source_id)
            every = self.conn.execute(f"SELECT count(*) FROM codings WHERE source_n = ?{by}", (n, *args)).fetchone()[0]
            off = self.conn.execute(f"SELECT count(*) FROM codings WHERE source_n = ? AND detached = 1{by}",
                                    (n, *args)).fetchone()[0]
            return every - off
        clauses, args = ["detached = 0"], []
        if code_id:
            clauses.append("code_n = ?")
            args.append(self.study.codes.number(code_id))
        if source_id:
            clauses.append("source_n = ?")
            args.append(self.study.sources.number(source_id))
        if coder:
            clauses.append("coder = ?")
            args.append(coder)
        return self.conn.execute(f"SELECT count(*) FROM codings WHERE {' AND '.join(clauses)}", args).fetchone()[0]

    def counts_by_source(self, coder: str | None = None) -> dict[str, int]:
        """Codings on the text per source, by one coder if given (the navigator's counts): every
        coding counted from the index, less the rare detached ones (their own partial index)."""
        by = " AND c.coder = ?" if coder else ""
        args = (coder,) if coder else ()
        counts = dict(self.conn.execute(
            f"SELECT s.id, count(*) FROM codings c JOIN sources s ON s.n = c.source_n WHERE 1{by} "
            "GROUP BY c.source_n", args).fetchall())
        for source_id, n in self.conn.execute(
                f"SELECT s.id, count(*) FROM codings c JOIN sources s ON s.n = c.source_n WHERE c.detached = 1{by} "
                "GROUP BY c.source_n", args):
            counts[source_id] -= n
        return {k: v for k, v in counts.items() if v}

    def coders(self) -> list[str]:
        """Everyone who has coded: from the maintained counts (plus the rare detached codings), so
        codings need no index on the coder."""
        return [r[0] for r in self.conn.execute(
            "SELECT coder FROM code_case_counts WHERE n > 0 UNION "
            "SELECT coder FROM codings WHERE detached = 1 ORDER BY coder").fetchall()]

    def detached(self) -> list[Coding]:
        """Codings whose words were deleted by a text correction, awaiting the user."""
        numbers = [r[0] for r in self.conn.execute("SELECT DISTINCT source_n FROM codings WHERE detached = 1")]
        return [c for n in numbers for c in self._select("c.source_n = ? AND c.detached = 1", [n])]

    def _check_range(self, source_id: str, start: int, end: int) -> None:
        length = self.conn.execute("SELECT chars FROM sources WHERE id = ?", (source_id,)).fetchone()
        if length is None:
            raise NotFoundError(f"no source with id {source_id}")
        if not (0 <= start < end <= length[0]):
            raise ConflictError(f"passage [{start}, {end}) is not inside the text (0 to {length[0]}) "
                                "or is empty")

    # ------------------------------------------------------------------ writes
    def apply_code(self, *, source_id: str, code_id: str, start: int, end: int,
                   coder: str | None = None, note: str = "") -> Changes:
        """Code a passage. The same code on the same passage by the same coder is not doubled."""
        self._check_range(source_id, start, end)
        name = self.study.codes.check_codable(code_id)
        coder = coder or self.study.user
        source_n, code_n = self.study.sources.number(source_id), self.study.codes.number(code_id)
        existing = self.conn.execute(
            "SELECT id FROM codings WHERE source_n = ? AND code_n = ? AND coder = ? AND start = ? AND end = ?",
            (source_n, code_n, coder, start, end)).fetchone()
        if existing:
            return Changes(op="apply_code", label=f"Code {name}", step=None, result=existing[0],
                           warnings=(f"this passage already has {name} by {coder}",))
        with self.study.operation("apply_code", f"Code {name}") as rec:
            cid = self.study.new_id()
            row = {"id": cid, "source_n": source_n, "code_n": code_n, "start": start, "end": end,
                   "coder": coder, "note": note or "", **self.study.stamps()}
            insert_rows(self.conn, "codings", tuple(row), [tuple(row.values())])  # no table introspection
            rec.touch("codings", cid, source_id, code_id)
            rec.result = cid
        return self.study.changes_of(rec)

    def apply_many(self, *, items: list[tuple[str, str, int, int, str]], note: str = "", label: str = "",
                   op: str = "apply_many") -> Changes:
        """Apply many codings as one step — (source id, code id, start, end, coder) each — as an
        auto-coding or an exchange import does. Duplicates of existing codings are skipped;
        `label` is what the history says of the step (default: "Code 12 passages as X")."""
        sources = {r[0]: (r[1], r[2]) for r in self.conn.execute("SELECT id, n, chars FROM sources")}
        codes = dict(self.conn.execute("SELECT id, n FROM codes").fetchall())
        for source_id, code_id, start, end, _coder in items:
            if source_id not in sources or not (0 <= start < end <= sources[source_id][1]):
                raise ConflictError(f"passage [{start}, {end}) is not inside source {source_id}")
            if code_id not in codes:
                raise NotFoundError(f"no code with id {code_id}")
        chosen = {c for _s, c, _a, _b, _w in items}
        for code_id in chosen:
            self.study.codes.check_codable(code_id)
        names = {self.study.codes.get(c).name for c in chosen}  # each code once: 40,000 passages, one code
        what = next(iter(names)) if len(names) == 1 else f"{len(names)} codes"
        with self.study.operation(op, label or f"Code {len(items)} passage{'s' if len(items) != 1 else ''} "
                                               f"as {what}") as rec:
            stamps = self.study.stamps()
            before = self.conn.execute("SELECT count(*) FROM codings").fetchone()[0]
            insert_rows(self.conn, "codings", ("id", "source_n", "code_n", "start", "end", "coder", "note",
                                               "created_at", "created_by", "modified_at", "modified_by"),
                        [(self.study.new_id(), sources[s][0], codes[c], a, b, who, note, *stamps.values())
                         for s, c, a, b, who in items], or_ignore=True)
            rec.result = self.conn.execute("SELECT count(*) FROM codings").fetchone()[0] - before
            rec.touch("codings")
        return self.study.changes_of(rec)

    def code_in_vivo(self, *, source_id: str, start: int, end: int, parent_id: str | None = None,
                     coder: str | None = None) -> Changes:
        """Create a code named from the selected words and apply it, as one step."""
        self._check_range(source_id, start, end)
        words = " ".join(self.study.sources.text(source_id)[start:end].split()).strip(" \"'“”‘’.,;:!?")
        if not words:
            raise ConflictError("select some words to name an in-vivo code")
        name = words if len(words) <= IN_VIVO_MAX else words[:IN_VIVO_MAX].rsplit(" ", 1)[0] + "…"
        name = f"“{name}”"
        with self.study.operation("code_in_vivo", f"In-vivo code {name}") as rec:
            existing = self.study.codes._child(parent_id, name)
            code_id = existing or self.study.codes.add_code(path=name.replace("/", "\\/"),
                                                            parent_id=parent_id).result
            coding = self.apply_code(source_id=source_id, code_id=code_id, start=start, end=end, coder=coder)
            rec.warnings.extend(coding.warnings)
            rec.result = {"code_id": code_id, "coding_id": coding.result}
        return self.study.changes_of(rec)

    def remove_coding(self, *, coding_id: str) -> Changes:
        """Remove a coding (leaving a tombstone so merges do not bring it back)."""
        coding = self.get(coding_id)
        with self.study.operation("remove_coding", f"Uncode {coding.code_path}") as rec:
            self.conn.execute("DELETE FROM codings WHERE id = ?", (coding_id,))
            self.study.tombstone("coding", coding_id)
            rec.touch("codings", coding_id, coding.source_id, coding.code_id)
        return self.study.changes_of(rec)

    def remove_many(self, *, coding_ids: list[str], label: str) -> Changes:
        """Remove many codings as one step (each leaving its tombstone), as a bulk uncoding does."""
        with self.study.operation("uncode_many", label) as rec:
            touched = set()
            for start in range(0, len(coding_ids), 500):
                chunk = coding_ids[start:start + 500]
                marks = ",".join("?" * len(chunk))
                touched |= {r[0] for r in self.conn.execute(
                    f"SELECT s.id FROM codings c JOIN sources s ON s.n = c.source_n WHERE c.id IN ({marks})", chunk)}
                self.conn.execute(f"DELETE FROM codings WHERE id IN ({marks})", chunk)
                for coding_id in chunk:
                    self.study.tombstone("coding", coding_id)
            rec.result = len(coding_ids)
            rec.touch("codings", *touched)
        return self.study.changes_of(rec)

    def set_note(self, *, coding_id: str, note: str) -> Changes:
        """Attach or replace the note on a coding."""
        coding = self.get(coding_id)
        with self.study.operation("note_coding", f"Note on {coding.code_path}") as rec:
            self.study.db["codings"].update(coding_id, {"note": note.strip(), **self.study.modified()})
            rec.touch("codings", coding_id, coding.source_id)
        return self.study.changes_of(rec)

    def recode(self, *, coding_id: str, code_id: str) -> Changes:
        """Give a coding another code (the passage and coder stay)."""
        coding = self.get(coding_id)
        self.study.codes.check_codable(code_id)
        code = self.study.codes.get(code_id)
        code_n = self.study.codes.number(code_id)
        clash = self.conn.execute(
            "SELECT id FROM codings WHERE source_n = ? AND code_n = ? AND coder = ? AND start = ? AND end = ?",
            (self.study.sources.number(coding.source_id), code_n, coding.coder, coding.start, coding.end)).fetchone()
        with self.study.operation("recode", f"Re-code as {code.name}") as rec:
            if clash:  # the passage already has that code: the recoded one collapses into it
                self.conn.execute("DELETE FROM codings WHERE id = ?", (coding_id,))
                self.study.tombstone("coding", coding_id)
            else:
                self.study.db["codings"].update(coding_id, {"code_n": code_n, **self.study.modified()})
            rec.touch("codings", coding_id, coding.source_id, code_id, coding.code_id)
        return self.study.changes_of(rec)

    def set_range(self, *, coding_id: str, start: int, end: int) -> Changes:
        """Move a coding's ends (also places a detached coding back on the text)."""
        coding = self.get(coding_id)
        self._check_range(coding.source_id, start, end)
        with self.study.operation("resize_coding", f"Adjust {coding.code_path}") as rec:
            self.study.db["codings"].update(coding_id, {"start": start, "end": end, "detached": 0,
                                                        "detached_text": "", **self.study.modified()})
            rec.touch("codings", coding_id, coding.source_id)
        return self.study.changes_of(rec)

    def rename_coder(self, *, old: str, new: str, this_copy: bool = False) -> Changes:
        """Put the codings made under one coder name under another: a name typed wrong, or work
        done under a login name two laptops share. With `this_copy`, only the codings made on this
        copy of the study (coder/copies.py), so a teammate's codings under the same name stay
        theirs. A passage the new name already has coded alike is kept once. The result is how
        many codings moved."""
        old, new = old.strip(), " ".join(new.split())
        if not new:
            raise ConflictError("the new coder name cannot be empty")
        if new == old:
            raise ConflictError(f"the codings already go under {new!r}")
        where, args = "c.coder = ?", [old]
        if this_copy:
            where += (" AND EXISTS (SELECT 1 FROM op_effects e JOIN ops o ON o.seq = e.op_seq WHERE e.tbl = 'codings' "
                      "AND e.key = json_array(c.id) AND e.kind = 'insert' AND o.origin = ?)")
            args.append(self.study.copy_id())
        ids = [r[0] for r in self.conn.execute(f"SELECT c.id FROM codings c WHERE {where}", args)]
        with self.study.operation("rename_coder", f"Codings of {old} now {new}'s") as rec:
            for at in range(0, len(ids), 500):
                chunk = ids[at:at + 500]
                marks = ",".join("?" * len(chunk))
                twins = [r[0] for r in self.conn.execute(
                    f"SELECT c.id FROM codings c WHERE c.id IN ({marks}) AND EXISTS (SELECT 1 FROM codings t WHERE "
                    "t.source_n = c.source_n AND t.code_n = c.code_n AND t.coder = ? AND t.start = c.start "
                    "AND t.end = c.end)", [*chunk, new])]
                for twin in twins:
                    self.conn.execute("DELETE FROM codings WHERE id = ?", (twin,))
                    self.study.tombstone("coding", twin)
                self.conn.execute(f"UPDATE codings SET coder = ?, modified_at = ?, modified_by = ? WHERE id IN "
                                  f"({marks})", [new, *self.study.modified().values(), *chunk])
            rec.touch("codings", *ids)
            rec.result = len(ids)
        return self.study.changes_of(rec)
