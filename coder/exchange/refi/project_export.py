"""A study as a REFI-QDA project (.qdpx) that NVivo, ATLAS.ti, MAXQDA and QualCoder open.

`project.qde` (valid against the official schema) plus `sources/<GUID>.txt` (UTF-8, no BOM).
REFI cases are flat, so districts and sites are all written as Cases and the nesting is kept in
the `CaseCoder.parent` and `CaseCoder.kind` case variables, which our import reads back while other
tools still see every case. Positions are code points over LF text, end exclusive, as the
standard says; the NVivo-compatible option writes CRLF text and counts UTF-16 code units over it.
What REFI has no place for (the case outline, memo versions and review, the cross-site outline,
pattern tables, detached codings) is counted in the result rather than silently dropped.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ...store.characters import xml_safe
from ...store.files import save_atomically
from ...store.progress import CancelToken, Progress, no_progress
from ...store.version import __version__
from .qde import PROJECT_NS

NS = f"{{{PROJECT_NS}}}"
FIELDS = (("type", "Text"), ("role", "Text"), ("wave", "Integer"), ("phase", "Integer"), ("date", "Date"),
          ("interviewers", "Text"))
ATTRIBUTE_TYPES = {"text": "Text", "number": "Float", "date": "Date", "choice": "Text"}
VALUE_TAGS = {"Text": "TextValue", "Integer": "IntegerValue", "Float": "FloatValue", "Date": "DateValue",
              "Boolean": "BooleanValue", "DateTime": "DateTimeValue"}
LABELS = (("inclusion", "Inclusion:"), ("exclusion", "Exclusion:"), ("example", "Example:"))


def derived_guid(*parts: str) -> str:
    """A stable GUID for what has no UUID of its own (a user, a selection, a field variable), so
    that exporting twice gives the same file."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "casecoder:" + ":".join(parts)))


def utf16_positions(text: str) -> list[int]:
    """For each str index of our LF text, its offset in UTF-16 units over the CRLF text."""
    out, at = [], 0
    for ch in text:
        out.append(at)
        at += 2 if ch == "\n" or ord(ch) > 0xFFFF else 1
    out.append(at)
    return out


def _element(tag: str, **attrs):
    """A standalone element in the project namespace (written to the stream on its own)."""
    return etree.Element(NS + tag, {k: xml_safe(str(v)) for k, v in attrs.items() if v not in (None, "")},
                         nsmap={None: PROJECT_NS})


def _sub(parent, tag: str, text: str | None = None, **attrs):
    element = etree.SubElement(parent, NS + tag, {k: xml_safe(str(v)) for k, v in attrs.items()
                                                  if v not in (None, "")})
    if text is not None:
        element.text = xml_safe(text)
    return element


class _Export:
    def __init__(self, study, nvivo: bool) -> None:
        self.study, self.conn, self.nvivo = study, study.conn, nvivo
        self.users: dict[str, str] = {}
        self.notes: list[tuple[str, str, str, str, str]] = []  # guid, name, text, author, at
        self.result = defaultdict(int)

    def user(self, name: str | None) -> str:
        name = (name or self.study.user).strip() or self.study.user
        if name not in self.users:
            self.users[name] = derived_guid("user", name)
        return self.users[name]

    def note(self, guid: str, name: str, text: str, author: str, at: str) -> str:
        self.notes.append((guid, name, text, author, at))
        return guid

    # ------------------------------------------------------------------ parts
    def codebook(self, root, memo_of_code: dict[str, str]) -> None:
        codes = self.study.codes.all()
        if not codes:
            return
        holder = _sub(_sub(root, "CodeBook"), "Codes")
        elements = {}
        for code in codes:
            parent = elements.get(code.parent_id, holder)
            element = _sub(parent, "Code", guid=code.id, name=code.name, isCodable="true" if code.codable else "false",
                           color=code.color if len(code.color) == 7 else None)
            description = "\n\n".join([code.definition] + [f"{label} {getattr(code, key)}" for key, label in LABELS
                                                           if getattr(code, key)]).strip()
            if description:
                _sub(element, "Description", description)
            if code.id in memo_of_code:
                _sub(element, "NoteRef", targetGUID=memo_of_code[code.id])
            elements[code.id] = element
        self.result["codes"] = len(codes)

    def variables(self, root) -> dict:
        """Variable GUIDs by (scope, name) and their REFI types."""
        out = {}
        defs = [("case", "CaseCoder.parent", "Text", derived_guid("variable", "parent")),
                ("case", "CaseCoder.kind", "Text", derived_guid("variable", "kind"))]
        defs += [("source", name, kind, derived_guid("variable", "source", name)) for name, kind in FIELDS]
        for attr in self.study.attributes.definitions():
            if attr.name.lower() != "description":
                defs.append((attr.scope, attr.name, ATTRIBUTE_TYPES[attr.type], attr.id))
        holder = _sub(root, "Variables")
        for scope, name, kind, guid in defs:
            _sub(holder, "Variable", guid=guid, name=name, typeOfVariable=kind)
            out[(scope, name.lower())] = (guid, kind)
        self.result["variables"] = len(defs)
        return out

    def value(self, parent, variables: dict, scope: str, name: str, value) -> None:
        if value in (None, ""):
            return
        guid, kind = variables[(scope, name.lower())]
        holder = _sub(parent, "VariableValue")
        _sub(holder, "VariableRef", targetGUID=guid)
        _sub(holder, VALUE_TAGS[kind], str(value))

    def cases(self, root, variables: dict) -> None:
        cases = self.study.cases.all()
        if not cases:
            return
        attrs = self.study.attributes
        members = defaultdict(list)
        for source in self.study.sources.all():
            if source.case_id:
                members[source.case_id].append(source.id)
        holder = _sub(root, "Cases")
        for case in cases:
            element = _sub(holder, "Case", guid=case.id, name=case.name)
            values = attrs.values("case", case.id)
            description = next((v for k, v in values.items() if k.lower() == "description"), "")
            if description:
                _sub(element, "Description", description)
            self.value(element, variables, "case", "CaseCoder.parent", case.parent_id)
            self.value(element, variables, "case", "CaseCoder.kind", case.kind)
            for name, value in values.items():
                if name.lower() != "description":
                    self.value(element, variables, "case", name, value)
            for source_id in members.get(case.id, []):
                _sub(element, "SourceRef", targetGUID=source_id)
        self.result["cases"] = len(cases)

    def sources(self, sources, variables: dict, passage_memos: dict, progress: Progress,
                token: CancelToken | None) -> Iterator[tuple[etree._Element, str, bytes]]:
        """Each source's TextSource element and its text file, one at a time (they are streamed:
        a thousand transcripts with their codings would weigh a gigabyte as one tree)."""
        paths = self.study.codes.paths()
        stamps = {r[0]: (r[1], r[2]) for r in self.conn.execute("SELECT id, created_by, created_at FROM sources")}
        for done, info in enumerate(sources):
            progress(done, len(sources), info.name)
            if token is not None:
                token.check()
            text = self.study.sources.text(info.id)
            data = (text.replace("\n", "\r\n") if self.nvivo else text).encode("utf-8")
            offsets = utf16_positions(text) if self.nvivo else None
            element = _element("TextSource", guid=info.id, name=info.name, plainTextPath=f"internal://{info.id}.txt",
                               creatingUser=self.user(stamps[info.id][0]), creationDateTime=stamps[info.id][1])
            created = dict(self.conn.execute("SELECT id, created_at FROM codings WHERE source_n = ?",
                                             (self.study.sources.number(info.id),)).fetchall())
            values = self.study.attributes.values("source", info.id)
            description = next((v for k, v in values.items() if k.lower() == "description"), "")
            if description:
                _sub(element, "Description", description)
            by_range = defaultdict(list)
            for coding in self.study.codings.for_source(info.id):
                if coding.detached:
                    self.result["detached codings not exported"] += 1
                    continue
                by_range[(coding.start, coding.end)].append(coding)
            for (start, end), codings in sorted(by_range.items()):
                pos = (offsets[start], offsets[end]) if offsets else (start, end)
                selection = _sub(element, "PlainTextSelection",
                                 guid=derived_guid("selection", info.id, str(start), str(end)),
                                 name=" ".join(text[start:end].split())[:60], startPosition=pos[0], endPosition=pos[1],
                                 creatingUser=self.user(codings[0].coder))
                for coding in codings:
                    tag = _sub(selection, "Coding", guid=coding.id, creatingUser=self.user(coding.coder),
                               creationDateTime=created.get(coding.id))
                    _sub(tag, "CodeRef", targetGUID=coding.code_id)
                    if coding.note:
                        note = self.note(derived_guid("coding-note", coding.id),
                                         f"Note on {paths.get(coding.code_id)}", coding.note, coding.coder, "")
                        _sub(tag, "NoteRef", targetGUID=note)
                    self.result["codings"] += 1
            for memo_id, title, start, end in passage_memos.get(info.id, []):  # a memo on a passage, no coding
                pos = (offsets[start], offsets[end]) if offsets else (start, end)
                selection = _sub(element, "PlainTextSelection", guid=derived_guid("memo-selection", memo_id),
                                 name=title, startPosition=pos[0], endPosition=pos[1])
                _sub(selection, "NoteRef", targetGUID=memo_id)
            for key, _kind in FIELDS:
                value = getattr(info, key, None)
                if key == "interviewers":
                    value = "; ".join(value or [])
                self.value(element, variables, "source", key, value)
            for name, value in values.items():
                if name.lower() != "description":
                    self.value(element, variables, "source", name, value)
            self.result["sources"] += 1
            yield element, f"sources/{info.id}.txt", data

    def known_users(self) -> None:
        """Everyone the project will name, so the Users element can be written before the sources."""
        for sql in ("SELECT DISTINCT coder FROM codings", "SELECT DISTINCT created_by FROM sources",
                    "SELECT DISTINCT drafter FROM memos"):
            for (name,) in self.conn.execute(sql):
                self.user(name)
        self.user(self.study.user)


def export_project(study, out: str | Path, nvivo: bool = False, progress: Progress = no_progress,
                   token: CancelToken | None = None) -> dict:
    """Write the .qdpx; what was written and what REFI-QDA has no place for."""
    ex = _Export(study, nvivo)
    root = etree.Element(NS + "Project", nsmap={None: PROJECT_NS})
    root.set("name", study.path.stem)
    root.set("origin", f"CaseCoder {__version__}" + ("; positions: UTF-16 code units over CRLF text (NVivo)"
                                                      if nvivo else ""))
    root.set("creatingUserGUID", ex.user(study.user))
    memos = study.memos.all()
    memo_of_code, links, project_notes, passage_memos = {}, [], [], defaultdict(list)
    for memo in memos:
        evidence = [e for e in study.memos.evidence(memo.id) if e.coding_id is None] if memo.kind == "free" else []
        if memo.kind == "code" and memo.subject_id:
            memo_of_code[memo.subject_id] = memo.id
        elif memo.kind in ("site", "district") and memo.subject_id:
            links.append((memo.id, memo.subject_id))
        elif len(evidence) == 1:
            e = evidence[0]
            passage_memos[e.source_id].append((memo.id, memo.title, e.start, e.end))
        else:
            project_notes.append(memo.id)
        ex.note(memo.id, memo.title, study.memos.text(memo.id), memo.drafter, "")
    ex.known_users()
    head = etree.Element(NS + "Project", nsmap={None: PROJECT_NS})  # the parts before the sources
    users = _sub(head, "Users")
    for name, guid in sorted(ex.users.items()):
        _sub(users, "User", guid=guid, name=name)
    ex.codebook(head, memo_of_code)
    variables = ex.variables(head)
    ex.cases(head, variables)
    sources = study.sources.all()
    sets = study.sets.all()

    def tail() -> etree._Element:
        """The parts after the sources (the notes include the codings' notes met on the way)."""
        rest = etree.Element(NS + "Project", nsmap={None: PROJECT_NS})
        if ex.notes:
            holder = _sub(rest, "Notes")
            for guid, name, text, author, _at in ex.notes:
                note = _sub(holder, "Note", guid=guid, name=name or "Memo", creatingUser=ex.user(author))
                _sub(note, "PlainTextContent", text)
        if links:
            holder = _sub(rest, "Links")
            for memo_id, case_id in links:
                _sub(holder, "Link", guid=derived_guid("link", memo_id, case_id), name="memo", direction="OneWay",
                     originGUID=memo_id, targetGUID=case_id)
        if sets:
            holder = _sub(rest, "Sets")
            for each in sets:
                element = _sub(holder, "Set", guid=each.id, name=each.name)
                if each.description:
                    _sub(element, "Description", each.description)
                for kind, tag in (("code", "MemberCode"), ("source", "MemberSource"), ("memo", "MemberNote")):
                    for member in each.members.get(kind, ()):
                        _sub(element, tag, targetGUID=member)
        for memo_id in project_notes:
            _sub(rest, "NoteRef", targetGUID=memo_id)
        return rest

    def write(path: str) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, tempfile.TemporaryFile() as qde:
            with etree.xmlfile(qde, encoding="utf-8") as xf:
                xf.write_declaration()
                with xf.element(NS + "Project", dict(root.attrib), nsmap={None: PROJECT_NS}):
                    for part in head:
                        xf.write(part, pretty_print=True)
                    if sources:
                        with xf.element(NS + "Sources"):
                            for element, name, data in ex.sources(sources, variables, passage_memos, progress, token):
                                xf.write(element, pretty_print=True)
                                archive.writestr(name, data)
                    for part in tail():
                        xf.write(part, pretty_print=True)
            qde.seek(0)
            with archive.open("project.qde", "w") as member:
                shutil.copyfileobj(qde, member, 1024 * 1024)

    save_atomically(out, write)
    result = dict(ex.result)
    result.update({"users": len(ex.users), "memos": len(memos), "sets": len(sets),
                   "not exported": _not_exported(study)})
    return result


def _not_exported(study) -> list[str]:
    """What a REFI-QDA project has no place for, so the user knows what stays in CaseCoder."""
    conn = study.conn
    out = []
    for sql, label in (("SELECT count(*) FROM sections", "case-outline sections (and codes' links to them)"),
                       ("SELECT count(*) FROM memo_versions", "memo versions (only each memo's current text goes)"),
                       ("SELECT count(*) FROM memo_comments", "review comments on memos"),
                       ("SELECT count(*) FROM outline_items", "items of the cross-site outline"),
                       ("SELECT count(*) FROM pattern_tables", "pattern tables"),
                       ("SELECT count(*) FROM codings WHERE detached = 1", "detached codings")):
        n = conn.execute(sql).fetchone()[0]
        if n:
            out.append(f"{n} {label}")
    return out
