"""Sources (interviews, observation notes, artifacts): their metadata, text, turns and sentences."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from ..store.bulk import insert_rows
from ..store.changes import Changes
from ..store.errors import ConflictError, NotFoundError
from ..store.paths import clean_name
from ..store.text import analyse, pack_spans, pack_text, paragraphs, text_hash, unpack_spans
from .structure import Structure, carried_over, of_text, pack
from .turns import ParsedTurn, detect_turns

TYPES = ("interview", "observation", "artifact")
FIELDS = ("type", "role", "wave", "phase", "date", "interviewers", "case_id", "name")
MAX_NUMBER = 1_000_000  # the largest wave or phase number



@dataclass(frozen=True)
class SourceInfo:
    id: str
    name: str
    case_id: str | None
    district: str | None
    site: str | None
    type: str
    role: str | None
    wave: int | None
    phase: int | None
    date: str | None
    interviewers: tuple[str, ...]
    format: str
    original_file: str
    chars: int
    turns: int
    speakers: tuple[str, ...]
    codings: int


@dataclass(frozen=True)
class Turn:
    id: int
    start: int
    end: int
    body_start: int
    speaker_id: str | None
    speaker: str | None
    label: str | None
    time_ms: int | None


@dataclass(frozen=True)
class SourceDeletion:
    """What deleting a source takes with it, for the question asked before."""

    name: str
    codings: int
    coders: tuple[str, ...]
    memo_quotes: int  # memo quotations linked to it: the memos keep the words, the link goes
    claim_evidence: int  # evidence cited from it for cross-site claims: withdrawn
    pinned_quotes: int  # quotations pinned from it in pattern-table cells: unpinned


@dataclass
class PreparedText:
    """A text with its turns and analysis, computed before the write transaction opens."""

    text: str
    turns: list[ParsedTurn]
    sentences: bytes = b""
    lemmas: str = ""
    lemma_spans: bytes = b""
    analysed: bool = False
    structure: str = ""  # packed headings and cues (coder/sources/structure.py)


def analysis_blocks(text: str, turns) -> list[tuple[int, int]]:
    """The stretches the language analysis reads: each turn's speech, paragraph by paragraph."""
    return [b for t in turns for b in paragraphs(text, t.body_start, t.end)]


def prepare_text(text: str, turns: list[ParsedTurn] | None, source_type: str,
                 analyse_now: bool = True, structure: Structure | None = None) -> PreparedText:
    """Find turns (unless a caption reader gave them) and, unless deferred, run the language
    analysis. A deferred text is codable at once; coder.analysis completes it later."""
    if turns is None:
        turns = detect_turns(text, speakers=source_type == "interview")
    if not analyse_now:
        return PreparedText(text, turns, structure=pack(structure))
    analysis = analyse(text, analysis_blocks(text, turns))
    return PreparedText(text, turns, pack_spans(analysis.sentences), analysis.lemma_text,
                        pack_spans(analysis.lemma_spans), True, pack(structure))


def check_metadata(fields: dict) -> dict:
    """Validate and normalise source metadata; refuse values that do not fit."""
    out = dict(fields)
    if "type" in out:
        out["type"] = (out["type"] or "interview").strip().lower()
        if out["type"] not in TYPES:
            raise ConflictError(f"unknown source type {out['type']!r} (use {', '.join(TYPES)})")
    for key in ("wave", "phase"):
        if key in out and out[key] not in (None, ""):
            try:
                out[key] = int(str(out[key]).strip())
            except ValueError as exc:
                raise ConflictError(f"{key} must be a whole number, not {str(out[key])[:40]!r}") from exc
            if not -MAX_NUMBER <= out[key] <= MAX_NUMBER:  # a study holds 64-bit numbers; a wave is small
                raise ConflictError(f"{key} must be a whole number up to {MAX_NUMBER:,}, not {str(out[key])[:40]}")
        elif key in out:
            out[key] = None
    if out.get("date"):
        try:
            out["date"] = date.fromisoformat(str(out["date"]).strip()).isoformat()
        except ValueError as exc:
            raise ConflictError(f"date {out['date']!r} is not an ISO date (YYYY-MM-DD)") from exc
    elif "date" in out:
        out["date"] = None
    if "role" in out:
        out["role"] = (out["role"] or "").strip() or None
    if "interviewers" in out:
        people = out["interviewers"] or []
        if isinstance(people, str):
            people = people.split(";")
        out["interviewers"] = json.dumps([p.strip() for p in people if p.strip()])
    return out


class Sources:
    """Everything about sources except their codings."""

    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn

    # ------------------------------------------------------------------ reads
    def all(self, where: str = "", args: tuple = ()) -> list[SourceInfo]:
        """Every source (or those matching `where`), ordered by district, site and name.

        Turn, speaker and coding counts come from one grouped pass over turns and one over the
        codings index, not from subqueries per source: a thousand sources' worth of random
        lookups is what made opening a large study slow."""
        rows = self.conn.execute(
            "SELECT s.id, s.name, s.case_id, s.type, s.role, s.wave, s.phase, s.date, s.interviewers, "
            "s.format, s.original_file, s.chars, s.n FROM sources s "
            + (f"WHERE {where}" if where else ""), args).fetchall()
        if not rows:
            return []
        only = "" if not where else f" AND source_id IN ({','.join('?' * len(rows))})"
        picked = [r[0] for r in rows] if where else []
        turns: dict[str, int] = {}
        speakers: dict[str, set[str]] = {}
        names = dict(self.conn.execute("SELECT id, name FROM speakers").fetchall())
        for source_id, speaker_id, count in self.conn.execute(
                "SELECT source_id, speaker_id, count(*) FROM turns WHERE speaker_id IS NOT NULL"
                f"{only} GROUP BY source_id, speaker_id", picked):
            turns[source_id] = turns.get(source_id, 0) + count
            speakers.setdefault(source_id, set()).add(names.get(speaker_id, ""))
        only = "" if not where else f" WHERE source_n IN ({','.join('?' * len(rows))})"
        numbers = [r[12] for r in rows] if where else []
        codings = dict(self.conn.execute(f"SELECT source_n, count(*) FROM codings{only} GROUP BY source_n",
                                         numbers).fetchall())
        detached = " AND" + only[6:] if only else ""  # the rare detached codings are not on the text
        for n, count in self.conn.execute(
                f"SELECT source_n, count(*) FROM codings WHERE detached = 1{detached} GROUP BY source_n", numbers):
            codings[n] -= count
        places = self.study.cases.places()
        out = []
        for r in rows:
            district, site = places.get(r[2], (None, None))
            out.append(SourceInfo(r[0], r[1], r[2], district, site, r[3], r[4], r[5], r[6], r[7],
                                  tuple(json.loads(r[8])), r[9], r[10], r[11], turns.get(r[0], 0),
                                  tuple(sorted(speakers.get(r[0], set()) - {""})), codings.get(r[12], 0)))
        return sorted(out, key=lambda s: (s.district or "\uffff", s.site or "", s.name.lower()))

    def first_id(self) -> str | None:
        """The first source in display order (district, site, name), without counting anything."""
        places = self.study.cases.places()
        rows = []
        for sid, name, case_id in self.conn.execute("SELECT id, name, case_id FROM sources"):
            district, site = places.get(case_id, (None, None))
            rows.append(((district or "\uffff", site or "", name.lower()), sid))
        return min(rows)[1] if rows else None

    def case_ids(self) -> set[str | None]:
        """The cases that hold at least one source (None: some source has no case)."""
        return {r[0] for r in self.conn.execute("SELECT DISTINCT case_id FROM sources")}

    def roles(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT role FROM sources WHERE role IS NOT NULL "
                                                "ORDER BY role")]

    def waves(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT wave FROM sources WHERE wave IS NOT NULL "
                                                "ORDER BY wave")]

    def number(self, source_id: str) -> int:
        """The source's row number, the compact key codings refer to it by (its UUID stays its
        identity across copies of the study)."""
        row = self.conn.execute("SELECT n FROM sources WHERE id = ?", (source_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no source with id {source_id}")
        return row[0]

    def exists(self, source_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM sources WHERE id = ?", (source_id,)).fetchone() is not None

    def get(self, source_id: str) -> SourceInfo:
        found = self.all("s.id = ?", (source_id,))
        if not found:
            raise NotFoundError(f"no source with id {source_id}")
        return found[0]

    def names(self, ids: set[str] | list[str]) -> dict[str, str]:
        """Names of the given sources (cheap, for labels)."""
        ids = list(ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return dict(self.conn.execute(f"SELECT id, name FROM sources WHERE id IN ({marks})", ids).fetchall())

    def find(self, ref: str) -> SourceInfo:
        """A source by UUID or exact name."""
        row = self.conn.execute("SELECT id FROM sources WHERE id = ? OR name = ?", (ref, ref)).fetchone()
        if not row:
            raise NotFoundError(f"no source named {ref!r}")
        return self.get(row[0])

    def text(self, source_id: str) -> str:
        row = self.conn.execute("SELECT text FROM source_texts WHERE source_id = ?", (source_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no source with id {source_id}")
        return row[0]

    def turns(self, source_id: str) -> list[Turn]:
        rows = self.conn.execute(
            "SELECT t.id, t.start, t.end, t.body_start, t.speaker_id, sp.name, t.label, t.time_ms "
            "FROM turns t LEFT JOIN speakers sp ON sp.id = t.speaker_id WHERE t.source_id = ? ORDER BY t.start",
            (source_id,)).fetchall()
        return [Turn(*r) for r in rows]

    def turn_at(self, source_id: str, position: int) -> Turn | None:
        """The turn holding `position` (or the nearest one before it)."""
        row = self.conn.execute(
            "SELECT t.id, t.start, t.end, t.body_start, t.speaker_id, sp.name, t.label, t.time_ms "
            "FROM turns t LEFT JOIN speakers sp ON sp.id = t.speaker_id "
            "WHERE t.source_id = ? AND t.start <= ? ORDER BY t.start DESC LIMIT 1",
            (source_id, position)).fetchone()
        return Turn(*row) if row else None

    def deletion_summary(self, source_id: str) -> SourceDeletion:
        """What delete_source would remove with the source, counted."""
        info = self.get(source_id)
        n = self.number(source_id)
        coders = tuple(r[0] for r in self.conn.execute(
            "SELECT DISTINCT coder FROM codings WHERE source_n = ? ORDER BY lower(coder)", (n,)))

        def count(table: str) -> int:
            return self.conn.execute(f"SELECT count(*) FROM {table} WHERE source_id = ?", (source_id,)).fetchone()[0]

        return SourceDeletion(info.name, info.codings, coders, count("memo_evidence"), count("claim_evidence"),
                              count("pattern_quotes"))

    def structure(self, source_id: str) -> Structure:
        """The source's headings and caption cues, at its text's offsets."""
        row = self.conn.execute("SELECT s.format, t.text, t.structure FROM sources s JOIN source_texts t "
                                "ON t.source_id = s.id WHERE s.id = ?", (source_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no source with id {source_id}")
        return of_text(row[1], row[0], row[2])

    def sentences(self, source_id: str) -> list[tuple[int, int]]:
        row = self.conn.execute("SELECT sentences FROM source_texts WHERE source_id = ?", (source_id,)).fetchone()
        return unpack_spans(row[0]) if row else []

    def unique_name(self, name: str) -> str:
        base, n, candidate = name, 1, name
        while self.conn.execute("SELECT 1 FROM sources WHERE name = ?", (candidate,)).fetchone():
            n += 1
            candidate = f"{base} ({n})"
        return candidate

    # ------------------------------------------------------------------ writes
    def add_source(self, *, name: str, prepared: PreparedText, case_id: str | None = None,
                   type: str = "interview", role: str | None = None, wave=None, phase=None,
                   date: str | None = None, interviewers=None, format: str = "",
                   original_file: str = "", attributes: dict[str, str] | None = None,
                   source_id: str | None = None) -> Changes:
        """Store a new source with its prepared text; a taken name gets a number appended.
        `source_id` keeps the identity a source had elsewhere (a REFI-QDA project's GUID)."""
        name = clean_name(name, "source")
        meta = check_metadata({"type": type, "role": role, "wave": wave, "phase": phase,
                               "date": date, "interviewers": interviewers})
        with self.study.operation("add_source", f"Import {name}") as rec:
            sid = source_id or self.study.new_id()
            self.study.db["sources"].insert({
                "id": sid, "name": self.unique_name(name), "case_id": case_id, **meta,
                "format": format, "original_file": original_file, "chars": len(prepared.text),
                "origin_hash": text_hash(prepared.text), **self.study.stamps()})
            self._write_text(sid, prepared, new=True)
            for key, value in (attributes or {}).items():
                if value not in (None, ""):
                    self.study.attributes.set_value(scope="source", owner_id=sid, name=key, value=value)
            rec.touch("sources", sid)
            rec.result = sid
        return self.study.changes_of(rec)

    def _write_text(self, source_id: str, prepared: PreparedText, new: bool) -> None:
        row = {"source_id": source_id, "text": prepared.text, "lemmas": pack_text(prepared.lemmas),
               "lemma_spans": prepared.lemma_spans, "sentences": prepared.sentences,
               "analysed": int(prepared.analysed), "structure": prepared.structure}
        if new:
            self.study.db["source_texts"].insert(row)
        else:
            self.conn.execute("UPDATE source_texts SET text = ?, lemmas = ?, lemma_spans = ?, sentences = ?, "
                              "analysed = ?, structure = ? WHERE source_id = ?",
                              (prepared.text, pack_text(prepared.lemmas), prepared.lemma_spans, prepared.sentences,
                               int(prepared.analysed), prepared.structure, source_id))
            self.conn.execute("DELETE FROM turns WHERE source_id = ?", (source_id,))
        resolved: dict[str, str] = {}
        rows = []
        for turn in prepared.turns:
            speaker = None
            if turn.label:
                speaker = resolved.get(turn.label) or self.study.speakers.resolve_label(turn.label)
                resolved[turn.label] = speaker
            rows.append((source_id, turn.start, turn.end, turn.body_start, turn.label, speaker, turn.time_ms))
        insert_rows(self.conn, "turns", ("source_id", "start", "end", "body_start", "label", "speaker_id",
                                         "time_ms"), rows)

    def update_source(self, *, source_id: str, **fields) -> Changes:
        """Change metadata (name, case, type, role, wave, phase, date, interviewers)."""
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise ConflictError(f"unknown source field(s): {', '.join(sorted(unknown))}")
        info = self.get(source_id)
        values = check_metadata(fields)
        if "name" in values:
            values["name"] = clean_name(values["name"], "source")
            clash = self.conn.execute("SELECT 1 FROM sources WHERE name = ? AND id != ?",
                                      (values["name"], source_id)).fetchone()
            if clash:
                raise ConflictError(f"a source named {values['name']!r} already exists")
        with self.study.operation("update_source", f"Edit {info.name}") as rec:
            self.study.db["sources"].update(source_id, {**values, **self.study.modified()})
            rec.touch("sources", source_id)
        return self.study.changes_of(rec)

    def delete_source(self, *, source_id: str) -> Changes:
        """Delete a source with its text, turns and codings (each coding leaves a tombstone)."""
        info = self.get(source_id)
        with self.study.operation("delete_source", f"Delete {info.name}") as rec:
            source_n = self.number(source_id)
            for (cid,) in self.conn.execute("SELECT id FROM codings WHERE source_n = ?", (source_n,)).fetchall():
                self.study.tombstone("coding", cid)
            self.conn.execute("DELETE FROM codings WHERE source_n = ?", (source_n,))
            self.study.cross_outline.forget_sources([source_id])
            self.study.cells.forget_sources([source_id])
            # the memo keeps the quoted words; the link to a passage that no longer exists goes
            self.study.delete_entities("memo_evidence", "memo_evidence", "source_id", [source_id])
            self.conn.execute("DELETE FROM turns WHERE source_id = ?", (source_id,))
            self.conn.execute("DELETE FROM source_values WHERE source_id = ?", (source_id,))
            self.conn.execute("DELETE FROM source_texts WHERE source_id = ?", (source_id,))
            self.conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
            self.study.tombstone("source", source_id)
            rec.touch("sources", source_id)
            rec.touch("codings")
        return self.study.changes_of(rec)

    def edit_text(self, *, source_id: str, text: str) -> Changes:
        """Replace a source's text, re-anchoring every coding, sentence and turn onto the new text.

        Codings whose words were deleted are kept, marked detached, with the words they had, for
        the user to place or drop. `extra['report']` lists what moved and what was detached.
        """
        from ..store.text import normalize_text
        from .anchoring import reanchor_codings

        info = self.get(source_id)
        new_text, _ = normalize_text(text)
        if not new_text.strip():
            raise ConflictError(f"{info.name}: the new text is empty")
        old_text = self.text(source_id)
        old_turns = self.turns(source_id)
        kept = carried_over(old_text, self.structure(source_id), new_text) if info.format != "md" else None
        prepared = prepare_text(new_text, None, info.type, structure=kept)
        with self.study.operation("edit_source_text", f"Edit the text of {info.name}") as rec:
            self._write_text(source_id, prepared, new=False)
            self.study.db["sources"].update(source_id, {"chars": len(new_text), **self.study.modified()})
            report = reanchor_codings(self.study, source_id, old_text, new_text, old_turns)
            rec.touch("text", source_id)
            rec.touch("codings")
            rec.extra["report"] = report
            rec.result = report
        return self.study.changes_of(rec)
