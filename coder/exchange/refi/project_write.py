"""Writing a read REFI-QDA project into a new study, in one operation.

Mapping (and its reasons): codes keep their hierarchy, colour and codable flag, their Description
becomes the definition (with our own "Inclusion:", "Exclusion:" and "Example:" paragraphs read
back into their fields); REFI cases become sites, or districts and sites when the file carries our
`CaseCoder.parent` variable; variables on cases and sources become typed attributes, except
`type`, `role`, `wave`, `phase`, `date` and `interviewers` on sources, which are the source's own
fields; notes become memos of what they are attached to (a case's memo, a code's memo, or a free
memo naming the source or passage); a selection's Description or notes become its codings' note,
or, with no coding, a free memo linked to the passage; sets are kept as sets.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, datetime
from functools import lru_cache

from ...codebook.codes import PALETTE
from ...sources.sources import TYPES, prepare_text
from ...store.bulk import insert_rows
from ...store.clock import now
from .positions import choose, normalize_with_map, normalized, place, unit_map
from .project_read import RCoding, RProject, RSource

SOURCE_FIELDS = ("type", "role", "wave", "phase", "date", "interviewers")
VARIABLE_TYPES = {"text": "text", "integer": "number", "float": "number", "date": "date", "boolean": "choice",
                  "datetime": "text"}
STRUCTURE = ("casecoder.parent", "casecoder.kind")
LABELS = {"inclusion": "Inclusion:", "exclusion": "Exclusion:", "example": "Example:"}


def write_project(study, p: RProject, report, token) -> None:
    with study.operation("import_refi", f"Import {p.name or 'REFI-QDA project'}") as rec:
        writer = _Writer(study, p, report)
        writer.users()
        writer.codes()
        writer.cases()
        if token is not None:
            token.check()
        writer.sources()
        writer.codings()
        if token is not None:
            token.check()
        writer.memos()
        writer.sets()
        for area in ("codes", "cases", "sources", "codings", "attributes", "memos", "speakers"):
            rec.touch(area)
    if p.bad_guids:
        report.warnings.append(f"{p.bad_guids} element(s) had no valid GUID and were given new ones")


@lru_cache(maxsize=4096)  # the codings of one session share their stamps often enough
def _stamp(value: str) -> str | None:
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).astimezone(UTC).isoformat(
            timespec="milliseconds").replace("+00:00", "Z") if value else None
    except ValueError:
        return None


def color_of(value: str, index: int) -> str:
    value = (value or "").strip()
    if re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        return value.lower()
    if re.fullmatch(r"#[0-9a-fA-F]{3}", value):
        return "#" + "".join(c * 2 for c in value[1:]).lower()
    return PALETTE[index % len(PALETTE)]


def split_description(text: str) -> dict[str, str]:
    """A code's Description as our fields: trailing 'Inclusion:', 'Exclusion:' and 'Example:'
    paragraphs (as CaseCoder writes them) into their own fields, the rest the definition."""
    fields = {"definition": "", "inclusion": "", "exclusion": "", "example": ""}
    current = "definition"
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        for key, label in LABELS.items():
            if paragraph.startswith(label):
                current, paragraph = key, paragraph[len(label):].strip()
                break
        fields[current] = f"{fields[current]}\n\n{paragraph}".strip() if fields[current] else paragraph.strip()
    return fields


def insert_code(study, guid: str, parent: str | None, name: str, color: str, description: str, codable: bool,
                position: int) -> None:
    """A code with the identity (GUID) it had in the other tool."""
    study.conn.execute(
        "INSERT INTO codes (id, parent_id, name, color, definition, inclusion, exclusion, example, position, "
        "codable, created_at, created_by, modified_at, modified_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (guid, parent, name, color, *split_description(description).values(), position, int(codable),
         *study.stamps().values()))


class _Writer:
    def __init__(self, study, p: RProject, report) -> None:
        self.study, self.p, self.report, self.conn = study, p, report, study.conn
        self.code_ids: set[str] = set()
        self.case_ids: set[str] = set()
        self.source_ids: dict[str, RSource] = {}
        self.texts: dict[str, str] = {}  # the stored text; boundary maps are rebuilt per source (memory)
        self.case_of: dict[str, str] = {}
        self.memo_of_note: dict[str, str] = {}
        self.used_notes: set[str] = set()
        self.var_scope: dict[str, set[str]] = defaultdict(set)

    def person(self, guid: str | None, fallback: str | None = None) -> str:
        return self.p.users.get(guid or "") or self.p.users.get(fallback or "") or \
            self.p.users.get(self.p.creator or "") or self.study.user

    def users(self) -> None:
        self.report.counts["users"] = len(self.p.users)

    # ------------------------------------------------------------------ codes
    def codes(self) -> None:
        taken: dict[str | None, set[str]] = defaultdict(set)
        positions: dict[str | None, int] = defaultdict(int)
        for index, code in enumerate(self.p.codes):
            if code.guid in self.code_ids:
                self.report.warnings.append(f"code {code.name!r}: its GUID is used twice; the second was skipped")
                continue
            parent = code.parent if code.parent in self.code_ids else None
            name = self._unique(code.name or "Unnamed code", taken[parent], "code")
            insert_code(self.study, code.guid, parent, name, color_of(code.color, index), code.description,
                        code.codable, positions[parent])
            positions[parent] += 1
            self.code_ids.add(code.guid)
        self.report.counts["codes"] = len(self.code_ids)

    def _unique(self, name: str, taken: set[str], what: str) -> str:
        name = " ".join(name.split()) or f"Unnamed {what}"
        candidate, n = name, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{name} ({n})"
        if candidate != name:
            self.report.warnings.append(f"{what} {name!r} appears twice under one parent; the second is {candidate!r}")
        taken.add(candidate.lower())
        return candidate

    # ------------------------------------------------------------------ cases and attributes
    def _variable(self, guid: str) -> tuple[str, str]:
        return self.p.variables.get(guid, (guid[:8], "Text"))

    def cases(self) -> None:
        parent_of, kind_of = {}, {}
        for case in self.p.cases:
            for var, value in case.values:
                name = self._variable(var)[0].lower()
                if name == "casecoder.parent":
                    parent_of[case.guid] = value.strip().lower().strip("{}")
                elif name == "casecoder.kind" and value.strip() in ("district", "site", "group"):
                    kind_of[case.guid] = value.strip()
        known = {c.guid for c in self.p.cases}
        parent_of = {c: p for c, p in parent_of.items() if p in known and p != c}
        has_children = set(parent_of.values())
        taken: dict[str | None, set[str]] = defaultdict(set)
        positions: dict[str | None, int] = defaultdict(int)
        pending = list(self.p.cases)
        while pending:  # parents first, whatever order the file lists them in
            ready = [c for c in pending if parent_of.get(c.guid) in (None, *self.case_ids)]
            if not ready:  # a cycle of parents: the rest go to the top
                ready = pending[:1]
                parent_of.pop(ready[0].guid, None)
            for case in ready:
                pending.remove(case)
                if case.guid in self.case_ids:
                    continue
                parent = parent_of.get(case.guid)
                kind = kind_of.get(case.guid) or ("district" if case.guid in has_children else "site")
                name = self._unique(case.name or "Unnamed case", taken[parent], "case")
                self.conn.execute("INSERT INTO cases (id, parent_id, kind, name, position, created_at, created_by, "
                                  "modified_at, modified_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  (case.guid, parent, kind, name, positions[parent], *self.study.stamps().values()))
                positions[parent] += 1
                self.case_ids.add(case.guid)
        for case in self.p.cases:
            for var, value in case.values:
                if self._variable(var)[0].lower() not in STRUCTURE:
                    self._set_value("case", case.guid, var, value)
            if case.description:
                self._set_value("case", case.guid, None, case.description, name="description")
            for source in case.sources:
                if source in self.case_of and self.case_of[source] != case.guid:
                    self.report.warnings.append(f"a source listed by several cases was kept with the first "
                                                f"({source})")
                else:
                    self.case_of[source] = case.guid
        self.report.counts["cases"] = len(self.case_ids)

    def _set_value(self, scope: str, owner: str, var: str | None, value: str, name: str | None = None) -> None:
        from ...store.errors import ConflictError

        attrs = self.study.attributes
        var_name, var_type = self._variable(var) if var else (name, "Text")
        attr = attrs.find(scope, var_name)
        if attr is None:
            kind = VARIABLE_TYPES.get(var_type.lower(), "text")
            attrs.define(scope=scope, name=var_name, type=kind, choices=["true", "false"] if kind == "choice" else None)
            self.var_scope[scope].add(var_name.lower())
        if var_type.lower() == "boolean":
            value = "true" if value.strip().lower() in ("true", "1") else "false"
        try:
            attrs.set_value(scope=scope, owner_id=owner, name=var_name, value=value)
        except ConflictError as exc:
            self.report.warnings.append(f"{scope} value not kept: {exc}")

    # ------------------------------------------------------------------ sources
    def sources(self) -> None:
        for source in self.p.sources:
            if source.raw is None or source.guid in self.source_ids:
                continue
            text = normalized(source.raw)  # its map is made where the selections are placed
            fields, attributes = {}, []
            for var, value in source.values:
                name = self._variable(var)[0]
                if name.lower() in SOURCE_FIELDS:
                    fields[name.lower()] = value
                else:
                    attributes.append((var, value))
            if fields.get("type", "").lower() not in TYPES:
                fields.pop("type", None)
            from ...sources.sources import check_metadata
            from ...store.errors import ConflictError

            try:
                check_metadata(dict(fields))  # add_source normalises them; refuse bad ones here, by name
                meta = fields
            except ConflictError as exc:
                self.report.warnings.append(f"{source.name}: {exc}; those fields were not kept")
                meta = {}
            case = self.case_of.get(source.guid)
            kind = meta.get("type", "interview").lower()
            self.study.sources.add_source(
                name=source.name, prepared=prepare_text(text, None, kind, analyse_now=False),
                case_id=case if case in self.case_ids else None, source_id=source.guid, format="refi",
                original_file=source.origin_path.rsplit("/", 1)[-1], **{k: v for k, v in meta.items()
                                                                        if k in SOURCE_FIELDS})
            for var, value in attributes:
                self._set_value("source", source.guid, var, value)
            if source.description:
                self._set_value("source", source.guid, None, source.description, name="description")
            self.source_ids[source.guid] = source
            self.texts[source.guid] = text
        rich = sum(1 for s in self.source_ids.values() if s.rich_text)
        if rich:
            self.report.warnings.append(f"{rich} source(s) came with a rich-text (.docx) version; CaseCoder keeps "
                                        "their plain text, to which the codings refer")
        self.report.counts["sources"] = len(self.source_ids)

    # ------------------------------------------------------------------ codings
    def codings(self) -> None:
        sources = list(self.source_ids.values())
        reading, reason = choose([(s.raw, [(x.start, x.end) for x in s.selections]) for s in sources],
                                 self.p.origin)
        self.report.positions = reading.as_dict(reason)
        numbers = dict(self.conn.execute("SELECT id, n FROM codes").fetchall())
        source_numbers = dict(self.conn.execute("SELECT id, n FROM sources").fetchall())
        rows, seen_ids, duplicates = [], set(), 0
        for source in sources:
            text = self.texts[source.guid]
            raw_map = normalize_with_map(source.raw)[1] if source.selections else []
            units, inside = unit_map(source.raw, reading)
            placed_all = [(c, 0, len(text), None) for c in source.codings] if text else []
            for sel in source.selections:
                placed = place(sel.start, sel.end, units, inside, raw_map)
                if isinstance(placed, str):
                    self.report.rejected_selections.append({"source": source.name, "selection": sel.guid,
                                                            "start": sel.start, "end": sel.end, "reason": placed})
                    continue
                notes = [sel.description] if sel.description else []
                notes += [self._note_text(n) for n in sel.notes]
                if not sel.codings:
                    self._passage_memo(source, sel, placed, notes)
                    continue
                for coding in sel.codings:
                    placed_all.append((coding, *placed, (sel, notes)))
            for coding, start, end, origin in placed_all:
                row = self._coding_row(source, coding, start, end, origin, numbers, source_numbers, seen_ids)
                if row is not None:
                    rows.append(row)
        before = self.conn.execute("SELECT count(*) FROM codings").fetchone()[0]
        insert_rows(self.conn, "codings", ("id", "source_n", "code_n", "start", "end", "coder", "note", "created_at",
                                           "created_by", "modified_at", "modified_by"), rows, or_ignore=True)
        added = self.conn.execute("SELECT count(*) FROM codings").fetchone()[0] - before
        duplicates += len(rows) - added
        if duplicates:
            self.report.warnings.append(f"{duplicates} coding(s) repeated another of the same code, coder and passage "
                                        "and were kept once")
        self.report.counts["codings"] = added

    def _coding_row(self, source: RSource, coding: RCoding, start: int, end: int, origin, numbers, source_numbers,
                    seen_ids: set[str]):
        from ...store.clock import new_id

        sel, notes = origin if origin else (None, [])
        target = coding.target
        if target in self.case_ids:  # "this text belongs to that case"
            if self.conn.execute("SELECT case_id FROM sources WHERE id = ?", (source.guid,)).fetchone()[0] is None:
                self.conn.execute("UPDATE sources SET case_id = ? WHERE id = ?", (target, source.guid))
            return None
        if target not in numbers:
            self.report.not_imported.append({"kind": "coding", "name": f"{source.name} [{start}, {end})",
                                             "reason": "its code is not in the codebook"})
            return None
        coder = self.person(coding.user, sel.user if sel else None)
        note = "\n\n".join(n for n in [*notes, *(self._note_text(g) for g in coding.notes)] if n)
        cid = coding.guid if coding.guid and coding.guid not in seen_ids else new_id()
        seen_ids.add(cid)
        at = _stamp(coding.at) or _stamp(sel.at if sel else "") or now()
        return (cid, source_numbers[source.guid], numbers[target], start, end, coder, note, at, coder, at, coder)

    def _note_text(self, guid: str) -> str:
        note = self.p.notes.get(guid)
        if note is None:
            return ""
        self.used_notes.add(guid)
        return note.text

    # ------------------------------------------------------------------ memos and sets
    def _free_memo(self, title: str, text: str, author: str, note: str | None = None) -> str:
        memos = self.study.memos
        base, n, candidate = title.strip() or "Imported note", 1, title.strip() or "Imported note"
        while self.conn.execute("SELECT 1 FROM memos WHERE kind = 'free' AND lower(title) = lower(?)",
                                (candidate,)).fetchone():
            n += 1
            candidate = f"{base} ({n})"
        memo_id = memos.write(kind="free", title=candidate, text=text or "", author=author).result
        if note:
            self.memo_of_note[note] = memo_id
        self.report.counts["memos"] += 1
        return memo_id

    def _passage_memo(self, source: RSource, sel, placed: tuple[int, int], notes: list[str]) -> None:
        text = self.texts[source.guid]
        start, end = placed
        words = " ".join(text[start:end].split())
        memo_id = self._free_memo(sel.name.strip() or f"{source.name}: {words[:40]}",
                                  "\n\n".join(n for n in notes if n), self.person(sel.user))
        self.study.db["memo_evidence"].insert({"id": self.study.new_id(), "memo_id": memo_id, "source_id": source.guid,
                                               "coding_id": None, "start": start, "end": end, "quote": text[start:end],
                                               "section": "", **self.study.stamps()})

    def memos(self) -> None:
        p = self.p
        if p.description:
            self._free_memo(f"{p.name or 'Project'}: description", p.description, self.person(p.creator))
        attached: list[tuple[str, str]] = [(g, "project") for g in p.project_notes]
        for code in p.codes:
            attached += [(g, code.guid) for g in code.notes]
        for source in p.sources:
            attached += [(g, source.guid) for g in source.notes]
        notes = set(p.notes)
        for origin, target, link_notes, _name in p.links:
            if origin in notes and target not in notes:
                attached.append((origin, target))
            elif target in notes and origin not in notes:
                attached.append((target, origin))
            for g in link_notes:
                attached.append((g, "project"))
        for guid, subject in attached:
            note = p.notes.get(guid)
            if note is None or guid in self.memo_of_note:
                continue
            self.used_notes.add(guid)
            self._attach(note, subject)
        for guid, note in p.notes.items():
            if guid not in self.used_notes and guid not in self.memo_of_note:
                self._free_memo(note.name or "Imported note", note.text, self.person(note.user), guid)

    def _attach(self, note, subject: str) -> None:
        author = self.person(note.user)
        memos = self.study.memos
        if subject in self.case_ids:
            kind = self.conn.execute("SELECT kind FROM cases WHERE id = ?", (subject,)).fetchone()[0]
            if kind in ("site", "district") and memos.for_subject(kind, subject) is None:
                self.memo_of_note[note.guid] = memos.write(kind=kind, subject_id=subject, text=note.text,
                                                           author=author, title=note.name or None).result
                self.report.counts["memos"] += 1
                return
            name = self.study.cases.get(subject).name
        elif subject in self.code_ids:
            if memos.for_subject("code", subject) is None:
                self.memo_of_note[note.guid] = memos.write(kind="code", subject_id=subject, text=note.text,
                                                           author=author, title=note.name or None).result
                self.report.counts["memos"] += 1
                return
            name = self.study.codes.path_of(subject)
        elif subject in self.source_ids:
            name = self.source_ids[subject].name
        else:
            name = ""
        title = f"{name}: {note.name}" if name and note.name else (note.name or name or "Imported note")
        self._free_memo(title, note.text, author, note.guid)

    def sets(self) -> None:
        known = {"code": self.code_ids, "source": set(self.source_ids), "memo": set(self.memo_of_note)}
        for guid, name, description, members in self.p.sets:
            self.study.db["sets"].insert({"id": guid, "name": name, "description": description,
                                          **self.study.stamps()})
            rows = []
            for kind, member in members:
                target = self.memo_of_note.get(member) if kind == "memo" else member
                if target in known[kind] or (kind == "memo" and target):
                    rows.append((guid, target, kind))
            insert_rows(self.conn, "set_members", ("set_id", "member_id", "kind"), rows, or_ignore=True)
            self.report.counts["sets"] += 1
        self.report.counts["variables"] = len(self.p.variables)
