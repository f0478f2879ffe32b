"""Memos: site case memos, district context memos, code memos and free memos, with their
versions, reviewers, review status and evidence links.

Every change of a memo's text is a new immutable version (author, time, parent); restoring an old
version writes its text as a new one. Who drafts and who reviews is per memo; the status moves
drafting -> in-review -> revising -> (in-review ...) -> corroborated, and a corroborated memo can
be reopened for revising. Quoting a coded segment appends a block quote with its citation to a
section and records an evidence link, a row that outlives any edit of the text.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from ..store.changes import Changes
from ..store.clock import now
from ..store.errors import ConflictError, NotFoundError
from ..store.text import pack_text, unpack_text
from .headings import carry_section_rename, match_headings
from .merge import Comparison, common_ancestor, compare
from .text import (
    UNSORTED,
    arrange,
    block_quote,
    carry_position,
    insert_at,
    insert_in_section,
    normalize,
    section_at,
    section_spans,
)

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


@dataclass(frozen=True)
class Divergence:
    """Two heads of a memo compared: the original (one's own), the revised (the other), the
    version both were written on (None if unknown) and their word-level changes."""

    original: Version
    revised: Version
    base: Version | None
    comparison: Comparison


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

    def section_text(self, memo_id: str, section: str) -> str:
        """The text under one section heading of the memo (any case), stripped; '' when it has
        none. The cross-site packages read a site memo's section through this."""
        text = self.text(memo_id)
        for name, start, end in section_spans(text):
            if name is not None and name.lower() == section.lower():
                return text[start:end].strip()
        return ""

    def carry_section_rename(self, old: str, new: str, rec) -> int:
        """Inside the operation renaming outline section `old` to `new` (coder/codebook/sections.py,
        which reaches memos only through the study): every site memo's section follows
        (coder/memos/headings.py). Returns how many memos changed."""
        return carry_section_rename(self.study, old, new, rec)

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
        with self.study.operation("write_memo", f"Edit {memo.title}" if memo else "New memo") as rec:
            memo_id = memo.id if memo else self._create(kind, subject_id, title, author)
            self._save(memo_id, text, author, rec)
            rec.result = memo_id
            if kind == "site":  # which section each heading started, or why none
                paths = [s.path for s in self.study.sections.all()]
                rec.extra["headings"] = [m.as_dict() for m in match_headings(
                    text.replace("\r\n", "\n").replace("\r", "\n"), paths)[1]]
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
              parent: str | None = None, mapping=None) -> str | None:
        """Add a version when the text differs from the head; re-anchor the comments (by
        `mapping` from the head's text when the caller knows where every character went)."""
        info = self.get(memo_id)
        sections = self.study.sections.all() if info.kind == "site" else []
        outline = [s.name for s in sections]
        written = text
        if outline:  # headings naming a section at any level start it (coder/memo_headings.py)
            text = arrange(match_headings(normalize(text), [s.path for s in sections])[0], outline)
        else:  # no outline yet: nothing to arrange by
            text = normalize(text)
        if text != written:
            mapping = None  # arranging moved text: align instead
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
            self.study.memo_comments.reanchor(memo_id, base.text, text, mapping)
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

    def compare_heads(self, memo_id: str, by: str | None = None) -> Divergence:
        """The two newest heads of a diverged memo compared word by word. The original is the
        head `by` wrote (one's own text; else the older head) and the revised the other, so the
        changes read as the partner's edits to one's own text, as in a word processor's review."""
        heads = self.heads(memo_id)
        if len(heads) < 2:
            raise ConflictError(f"{self.get(memo_id).title} has not diverged: there is nothing to reconcile")
        original, revised = heads[-2], heads[-1]
        me = (by or "").strip().lower()
        if me and revised.author.lower() == me != original.author.lower():
            original, revised = revised, original
        versions = {v.id: v for v in self.versions(memo_id)}
        base = versions.get(common_ancestor({v.id: (v.parent_id, v.other_parent_id) for v in versions.values()},
                                            original.id, revised.id) or "")
        return Divergence(original, revised, base, compare(original.text, revised.text, base.text if base else None))

    def reconcile(self, *, memo_id: str, by: str, text: str | None = None,
                  accept: Collection[int] | None = None) -> Changes:
        """End a divergence with a version that builds on both heads: the `text` written for
        it, or the changes of compare_heads(memo_id, by) numbered in `accept` taken and every
        other rejected. Comments stay on their words."""
        heads = self.heads(memo_id)
        if len(heads) < 2:
            raise ConflictError("this memo has not diverged: write to it instead")
        if (text is None) == (accept is None):
            raise ConflictError("give either the reconciled text or the changes to accept")
        mapping = None
        if accept is not None:
            divergence = self.compare_heads(memo_id, by)
            comparison, accept = divergence.comparison, set(accept)
            unknown = sorted(accept - {c.number for c in comparison.changes})
            if unknown:
                raise ConflictError(f"no change {', '.join(map(str, unknown))}: the versions differ in "
                                    f"{len(comparison.changes)} change(s), numbered from 1")
            text = comparison.text(accept)
            mapping = comparison.position_map(accept, "original" if divergence.original.id == heads[-1].id
                                              else "revised")  # the comments are on the newest head
        with self.study.operation("reconcile_memo", "Reconcile memo versions") as rec:
            self._save(memo_id, text, by, rec, other_parent=heads[-2].id, parent=heads[-1].id, mapping=mapping)
            rec.result = memo_id
        return self.study.changes_of(rec)

    def quote(self, *, memo_id: str, coding_id: str, section: str | None = None, author: str | None = None,
              at: int | None = None) -> Changes:
        """Quote a coded segment as a block quote with its citation, and link it. With `at` (a
        position in the memo's text: where the cursor is) the quotation goes there, in the section
        under it; without, at the end of `section` (default: the section its code is linked to).
        `Changes.extra["quoted"]` is the quotation's (start, end) in the saved text, so the window
        can leave the cursor after it."""
        info = self.get(memo_id)
        coding = self.study.codings.get(coding_id)
        if coding.detached:
            raise ConflictError("that coding is detached from its text; place it first")
        words = self.study.sources.text(coding.source_id)[coding.start:coding.end]
        text = self.text(memo_id)
        if at is not None and not 0 <= at <= len(text):
            raise ConflictError(f"position {at} is not inside the memo (0 to {len(text)})")
        here = section_at(text, at) if at is not None else None
        if here and section and section.strip().lower() != here.lower():
            raise ConflictError(f"position {at} is in section {here!r}, not {section!r}")
        if at is not None and here is None and info.kind == "site" and self.outline():
            at = None  # before the first heading the outline would move it: append to its section
        section = here or (section or "").strip() or self._section_of_code(coding.code_id) or UNSORTED
        if info.kind == "site" and section.lower() not in {s.lower() for s in self.outline()} | {UNSORTED.lower()}:
            raise NotFoundError(f"no outline section {section!r}")
        block = block_quote(words, self.citation(coding.source_id))
        if at is not None:
            new_text, start, _end = insert_at(text, at, block)
        else:
            new_text = insert_in_section(text, section, block)
            start = new_text.rfind(block)
        with self.study.operation("quote_in_memo", f"Quote in {info.title}") as rec:
            self._save(memo_id, new_text, author or self.study.user, rec)
            saved = self.text(memo_id)
            if saved[start:start + len(block)] != block:  # arranged by the outline: find it again
                near = carry_position(new_text, saved, start)
                found = [p for p in (saved.rfind(block, 0, near + len(block)), saved.find(block, near)) if p >= 0]
                start = min(found, key=lambda p: abs(p - near)) if found else near
            evidence_id = self.study.new_id()
            self.study.db["memo_evidence"].insert({
                "id": evidence_id, "memo_id": memo_id, "source_id": coding.source_id, "coding_id": coding_id,
                "start": coding.start, "end": coding.end, "quote": words, "section": section,
                **self.study.stamps()})
            rec.touch("memos", memo_id, evidence_id)
            rec.result = evidence_id
            rec.extra["quoted"] = (start, start + len(block))
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
        """The reviewer's mark that a section is corroborated (or its removal). The section is
        one of the memo's headings (matched ignoring case), so a mark never names nothing."""
        info = self.get(memo_id)
        names = [name for name, _s, _e in section_spans(self.text(memo_id)) if name is not None]
        known = {n.lower(): n for n in [*self.section_marks(memo_id), *names]}  # a mark on a renamed one too
        if section.strip().lower() not in known:
            raise NotFoundError(f"{info.title} has no section {section!r} (its sections: {', '.join(names) or 'none'})")
        section = known[section.strip().lower()]
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
        from ..crosssite.pattern_tables import build_table

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
