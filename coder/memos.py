"""Memos: site case memos, district context memos, code memos and free memos, with their
versions, reviewers, review status and evidence links.

Every change of a memo's text is a new immutable version (author, time, parent); restoring an old
version writes its text as a new one. Who drafts and who reviews is per memo; the status moves
drafting -> in-review -> revising -> (in-review ...) -> corroborated, and a corroborated memo can
be reopened for revising. Quoting a coded segment appends a block quote with its citation to a
section and records an evidence link, a row that outlives any edit of the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from .changes import Changes
from .clock import now
from .errors import ConflictError, NotFoundError
from .memo_text import UNSORTED, arrange, block_quote, insert_in_section, normalize, section_spans
from .text import pack_text, unpack_text

KINDS = ("site", "district", "code", "free")
STATUSES = ("drafting", "in-review", "revising", "corroborated")
NEXT_STATUS = {"drafting": {"in-review"}, "in-review": {"revising", "corroborated"},
               "revising": {"in-review", "corroborated"}, "corroborated": {"revising"}}


@dataclass(frozen=True)
class MemoInfo:
    id: str
    kind: str
    subject_id: str | None
    title: str
    status: str
    drafter: str
    reviewers: tuple[str, ...]


@dataclass(frozen=True)
class Version:
    id: str
    parent_id: str | None
    other_parent_id: str | None
    author: str
    at: str
    text: str


@dataclass(frozen=True)
class Evidence:
    id: str
    source_id: str
    coding_id: str | None
    start: int
    end: int
    quote: str
    section: str


def _version(row: tuple) -> Version:
    return Version(*row[:5], unpack_text(row[5]))


class Memos:
    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn

    # ------------------------------------------------------------------ reads
    def all(self) -> list[MemoInfo]:
        rows = self.conn.execute("SELECT id FROM memos ORDER BY kind, lower(title)").fetchall()
        return [self.get(r[0]) for r in rows]

    def get(self, memo_id: str) -> MemoInfo:
        row = self.conn.execute("SELECT id, kind, subject_id, title, status, drafter FROM memos WHERE id = ?",
                                (memo_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no memo with id {memo_id}")
        reviewers = tuple(r[0] for r in self.conn.execute(
            "SELECT person FROM memo_reviewers WHERE memo_id = ? ORDER BY lower(person)", (memo_id,)))
        return MemoInfo(*row, reviewers)

    def find(self, ref: str) -> MemoInfo:
        """A memo by id, by title, or by the name or path of its site, district or code."""
        row = self.conn.execute("SELECT id FROM memos WHERE id = ? OR lower(title) = lower(?)",
                                (ref, ref.strip())).fetchall()
        if len(row) == 1:
            return self.get(row[0][0])
        for finder, kinds in ((self.study.cases.find, ("site", "district")), (self.study.codes.find, ("code",))):
            try:
                subject = finder(ref)
            except NotFoundError:
                continue
            for kind in kinds:
                found = self.for_subject(kind, subject.id)
                if found:
                    return found
        raise NotFoundError(f"no memo {ref!r} (give its id, its title, or its site, district or code; "
                            "'casecoder memo list' shows them)")

    def for_subject(self, kind: str, subject_id: str) -> MemoInfo | None:
        row = self.conn.execute("SELECT id FROM memos WHERE kind = ? AND subject_id = ?",
                                (kind, subject_id)).fetchone()
        return self.get(row[0]) if row else None

    def versions(self, memo_id: str) -> list[Version]:
        """Every version, oldest first."""
        return [_version(r) for r in self.conn.execute(
            "SELECT id, parent_id, other_parent_id, author, at, text FROM memo_versions WHERE memo_id = ? "
            "ORDER BY at, rowid", (memo_id,))]

    def version(self, version_id: str) -> Version:
        row = self.conn.execute("SELECT id, parent_id, other_parent_id, author, at, text FROM memo_versions "
                                "WHERE id = ?", (version_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no memo version {version_id}")
        return _version(row)

    def heads(self, memo_id: str) -> list[Version]:
        """Versions no other version builds on; more than one means the memo has diverged."""
        return [_version(r) for r in self.conn.execute(
            "SELECT v.id, v.parent_id, v.other_parent_id, v.author, v.at, v.text FROM memo_versions v "
            "WHERE v.memo_id = ? AND NOT EXISTS (SELECT 1 FROM memo_versions c WHERE c.parent_id = v.id "
            "OR c.other_parent_id = v.id) ORDER BY v.at, v.rowid", (memo_id,))]

    def text(self, memo_id: str) -> str:
        """The memo's current text: its head (the newest head while it has diverged)."""
        heads = self.heads(memo_id)
        return heads[-1].text if heads else ""

    def outline(self) -> list[str]:
        """Section headings of a site case memo: the case outline, in order."""
        return [s.name for s in self.study.sections.all()]

    def evidence(self, memo_id: str) -> list[Evidence]:
        return [Evidence(*r) for r in self.conn.execute(
            "SELECT id, source_id, coding_id, start, end, quote, section FROM memo_evidence WHERE memo_id = ? "
            "ORDER BY created_at, rowid", (memo_id,))]

    def subject_name(self, info: MemoInfo) -> str:
        if info.kind in ("site", "district") and info.subject_id:
            return self.study.cases.get(info.subject_id).name
        if info.kind == "code" and info.subject_id:
            return self.study.codes.path_of(info.subject_id)
        return info.title

    # ------------------------------------------------------------------ writes
    def write(self, *, kind: str, text: str, author: str, subject_id: str | None = None,
              title: str | None = None) -> Changes:
        """Create the memo for a site, district or code (or a free memo by title) or save a new
        version of it. Identical text makes no version. A site memo is arranged by the outline."""
        if kind not in KINDS:
            raise ConflictError(f"unknown memo kind {kind!r} (use {', '.join(KINDS)})")
        memo = self._memo_for(kind, subject_id, title)
        with self.study.operation("write_memo", "Write memo") as rec:
            memo_id = memo.id if memo else self._create(kind, subject_id, title, author)
            self._save(memo_id, text, author, rec)
            rec.result = memo_id
        return self.study.changes_of(rec)

    def _memo_for(self, kind: str, subject_id: str | None, title: str | None) -> MemoInfo | None:
        if kind == "free":
            if not (title or "").strip():
                raise ConflictError("a free memo needs a title")
            row = self.conn.execute("SELECT id FROM memos WHERE kind = 'free' AND lower(title) = lower(?)",
                                    (title.strip(),)).fetchone()
            return self.get(row[0]) if row else None
        if not subject_id:
            raise ConflictError(f"a {kind} memo needs its {kind}")
        if kind in ("site", "district"):
            case = self.study.cases.get(subject_id)
            if case.kind != kind:
                raise ConflictError(f"{case.name} is a {case.kind}, not a {kind}")
        else:
            self.study.codes.get(subject_id)
        return self.for_subject(kind, subject_id)

    def _create(self, kind: str, subject_id: str | None, title: str | None, author: str) -> str:
        memo_id = self.study.new_id()
        if kind in ("site", "district"):
            default = f"{self.study.cases.get(subject_id).name} {'case' if kind == 'site' else 'context'} memo"
        elif kind == "code":
            default = f"{self.study.codes.path_of(subject_id)} code memo"
        else:
            default = title.strip()
        self.study.db["memos"].insert({"id": memo_id, "kind": kind, "subject_id": subject_id,
                                       "title": (title or default).strip(), "drafter": author,
                                       **self.study.stamps()})
        if kind in ("site", "district"):
            me = author.strip().lower()
            visitors = {v for v in self.visitors(subject_id)
                        if me not in (v.lower(), *v.lower().replace(".", " ").split())}
            self.conn.executemany("INSERT INTO memo_reviewers (memo_id, person) VALUES (?, ?)",
                                  [(memo_id, person) for person in sorted(visitors)])
        return memo_id

    def visitors(self, case_id: str) -> set[str]:
        """Everyone recorded as an interviewer on the sources of a case and the cases below it:
        the default reviewers of its memo (a site's partner; every visitor of a district)."""
        cases = {case_id}
        while True:
            more = {r[0] for r in self.conn.execute(
                f"SELECT id FROM cases WHERE parent_id IN ({','.join('?' * len(cases))})", list(cases))} - cases
            if not more:
                break
            cases |= more
        people: set[str] = set()
        for sid in self.conn.execute(f"SELECT id FROM sources WHERE case_id IN ({','.join('?' * len(cases))})",
                                     list(cases)).fetchall():
            people.update(self.study.sources.get(sid[0]).interviewers)
        return {p for p in people if p.strip()}

    def _save(self, memo_id: str, text: str, author: str, rec, other_parent: str | None = None,
              parent: str | None = None) -> str | None:
        """Add a version when the text differs from the head; re-anchor the comments."""
        info = self.get(memo_id)
        outline = self.outline() if info.kind == "site" else []
        text = arrange(text, outline) if outline else normalize(text)  # no outline yet: nothing to arrange by
        heads = self.heads(memo_id)
        base = self.version(parent) if parent else (heads[-1] if heads else None)
        if base is not None and base.text == text and other_parent is None:
            return None
        version_id = self.study.new_id()
        self.conn.execute("INSERT INTO memo_versions (id, memo_id, parent_id, other_parent_id, author, at, text) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)",
                          (version_id, memo_id, base.id if base else None, other_parent, author, now(),
                           pack_text(text)))
        self.study.db["memos"].update(memo_id, self.study.modified())
        if base is not None:
            self.study.memo_comments.reanchor(memo_id, base.text, text)
        rec.touch("memos", memo_id, version_id)
        return version_id

    def set_reviewers(self, *, memo_id: str, drafter: str, reviewers: list[str]) -> Changes:
        """Who drafts the memo and who reviews it (a district memo: every visitor there)."""
        info = self.get(memo_id)
        people = sorted({r.strip() for r in reviewers if r.strip()} - {drafter.strip()})
        if not drafter.strip():
            raise ConflictError("a memo needs a drafter")
        if not people:
            raise ConflictError("name at least one reviewer other than the drafter")
        with self.study.operation("memo_reviewers", f"Reviewers of {info.title}") as rec:
            self.study.db["memos"].update(memo_id, {"drafter": drafter.strip(), **self.study.modified()})
            self.conn.execute("DELETE FROM memo_reviewers WHERE memo_id = ?", (memo_id,))
            self.conn.executemany("INSERT INTO memo_reviewers (memo_id, person) VALUES (?, ?)",
                                  [(memo_id, p) for p in people])
            rec.touch("memos", memo_id)
        return self.study.changes_of(rec)

    def set_status(self, *, memo_id: str, status: str, by: str) -> Changes:
        """Move the memo along the review cycle; the change log records who and when."""
        info = self.get(memo_id)
        if status not in STATUSES:
            raise ConflictError(f"unknown status {status!r} (use {', '.join(STATUSES)})")
        if status != info.status and status not in NEXT_STATUS[info.status]:
            allowed = ", ".join(sorted(NEXT_STATUS[info.status]))
            raise ConflictError(f"{info.title} is {info.status}: it can move to {allowed}, not {status}")
        if status == info.status:
            return Changes(op="memo_status", label=f"{info.title}: {status}", step=None, result=memo_id)
        with self.study.operation("memo_status", f"{info.title}: {status}") as rec:
            at = now()
            self.conn.execute("UPDATE memos SET status = ?, modified_at = ?, modified_by = ? WHERE id = ?",
                              (status, at, by, memo_id))
            self.conn.execute("INSERT INTO memo_status_log (id, memo_id, status, by, at) VALUES (?, ?, ?, ?, ?)",
                              (self.study.new_id(), memo_id, status, by, at))
            rec.touch("memos", memo_id)
            rec.result = memo_id
        return self.study.changes_of(rec)

    def status_history(self, memo_id: str) -> list[dict]:
        """Each status change: to what, by whom, when."""
        return [{"status": r[0], "by": r[1], "at": r[2]} for r in self.conn.execute(
            "SELECT status, by, at FROM memo_status_log WHERE memo_id = ? ORDER BY at, rowid", (memo_id,))]

    def restore(self, *, memo_id: str, version_id: str, by: str) -> Changes:
        """Make an old version's text current again, as a new version."""
        old = self.version(version_id)
        info = self.get(memo_id)
        with self.study.operation("restore_memo", f"Restore {info.title}") as rec:
            self._save(memo_id, old.text, by, rec)
            rec.result = memo_id
        return self.study.changes_of(rec)

    def reconcile(self, *, memo_id: str, text: str, by: str) -> Changes:
        """End a divergence: a version that builds on both heads."""
        heads = self.heads(memo_id)
        if len(heads) < 2:
            raise ConflictError("this memo has not diverged: write to it instead")
        with self.study.operation("reconcile_memo", "Reconcile memo versions") as rec:
            self._save(memo_id, text, by, rec, other_parent=heads[-2].id, parent=heads[-1].id)
            rec.result = memo_id
        return self.study.changes_of(rec)

    def quote(self, *, memo_id: str, coding_id: str, section: str | None = None,
              author: str | None = None) -> Changes:
        """Append a coded segment to a section as a block quote with its citation, and link it."""
        info = self.get(memo_id)
        coding = self.study.codings.get(coding_id)
        if coding.detached:
            raise ConflictError("that coding is detached from its text; place it first")
        words = self.study.sources.text(coding.source_id)[coding.start:coding.end]
        section = (section or "").strip() or self._section_of_code(coding.code_id) or UNSORTED
        if info.kind == "site" and section.lower() not in {s.lower() for s in self.outline()} | {UNSORTED.lower()}:
            raise NotFoundError(f"no outline section {section!r}")
        block = block_quote(words, self.citation(coding.source_id))
        with self.study.operation("quote_in_memo", f"Quote in {info.title}") as rec:
            self._save(memo_id, insert_in_section(self.text(memo_id), section, block), author or self.study.user,
                       rec)
            evidence_id = self.study.new_id()
            self.study.db["memo_evidence"].insert({
                "id": evidence_id, "memo_id": memo_id, "source_id": coding.source_id, "coding_id": coding_id,
                "start": coding.start, "end": coding.end, "quote": words, "section": section,
                **self.study.stamps()})
            rec.touch("memos", memo_id, evidence_id)
            rec.result = evidence_id
        return self.study.changes_of(rec)

    def _section_of_code(self, code_id: str) -> str | None:
        section_id = self.study.codes.get(code_id).section_id
        return self.study.sections.get(section_id).name if section_id else None

    def citation(self, source_id: str) -> str:
        """Site, role, source, wave: how a quotation is cited in a memo and in Word."""
        info = self.study.sources.get(source_id)
        parts = [info.site or info.district or "no site", info.role or info.type, info.name]
        if info.wave is not None:
            parts.append(f"wave {info.wave}")
        return ", ".join(parts)

    def mark_section(self, *, memo_id: str, section: str, by: str, corroborated: bool = True) -> Changes:
        """The reviewer's mark that a section is corroborated (or its removal)."""
        info = self.get(memo_id)
        with self.study.operation("mark_section", f"{section} corroborated in {info.title}") as rec:
            self.conn.execute("DELETE FROM memo_section_marks WHERE memo_id = ? AND lower(section) = lower(?)",
                              (memo_id, section))
            if corroborated:
                self.conn.execute("INSERT INTO memo_section_marks (memo_id, section, mark, by, at) "
                                  "VALUES (?, ?, 'corroborated', ?, ?)", (memo_id, section, by, now()))
            rec.touch("memos", memo_id)
        return self.study.changes_of(rec)

    def section_marks(self, memo_id: str) -> dict[str, dict]:
        return {r[0]: {"mark": r[1], "by": r[2], "at": r[3]} for r in self.conn.execute(
            "SELECT section, mark, by, at FROM memo_section_marks WHERE memo_id = ?", (memo_id,))}

    def across_sites(self, section: str, order_by: str | None = None) -> list[dict]:
        """One outline section of every site's case memo, for reading across sites: each site
        (grouped by district, ordered within it by a case attribute or by name) with that
        section's text ('' when its memo lacks it or it has no memo), its memo's id, and the
        section's coded segments there (the data run's codings) with the passages they make
        (each once across coders, as a pattern table counts them)."""
        from .pattern_tables import build_table

        rows = build_table(self.study, cols="sections", items=[section], order_by=order_by)
        out = []
        for district, site_id, site_name in rows.rows:
            memo = self.for_subject("site", site_id)
            body = ""
            if memo is not None:
                text = self.text(memo.id)
                for name, start, end in section_spans(text):
                    if name is not None and name.lower() == section.lower():
                        body = text[start:end].strip()
            cell = rows.cell(site_id, rows.columns[0][0])
            out.append({"district": district, "site_id": site_id, "site": site_name,
                        "memo_id": memo.id if memo else None, "text": body, "segments": cell.codings,
                        "passages": cell.segments})
        return out

    # ------------------------------------------------------------------ completeness
    def completeness(self, memo_id: str) -> dict:
        """Which sections are empty, how many quotations each holds, which sources and roles the
        memo cites, and (for a site memo) which of the site's sources it never cites."""
        info = self.get(memo_id)
        text = self.text(memo_id)
        spans = [(name, text[s:e]) for name, s, e in section_spans(text) if name is not None]
        cited = [e for e in self.evidence(memo_id) if e.quote and e.quote.split("\n")[0].strip()[:60] in text]
        sections = []
        marks = self.section_marks(memo_id)
        for name, body in spans:
            quotes = sum(1 for e in cited if e.section.lower() == name.lower())
            sections.append({"section": name, "empty": not body.strip(), "quotations": quotes,
                             "corroborated": name in marks})
        sources = sorted({e.source_id for e in cited})
        infos = {s: self.study.sources.get(s) for s in sources}
        out = {"sections": sections, "cited_sources": [infos[s].name for s in sources],
               "cited_roles": sorted({infos[s].role for s in sources if infos[s].role})}
        if info.kind == "site" and info.subject_id:
            mine = self.study.sources.all("s.case_id = ?", (info.subject_id,))
            out["uncited_sources"] = sorted(s.name for s in mine if s.id not in infos)
        return out
