"""A REFI-QDA project read into plain objects, before anything is written.

Everything the study will receive is collected here first (with each source's text read from the
archive or the media folder), so that a problem found anywhere refuses the import before the new
study exists, and so that the position convention can be chosen over all selections at once.
What CaseCoder cannot hold (pictures, PDF regions, audio, video, graphs) is listed for the report.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from . import qde
from .archive import RefiArchive

VALUE_TAGS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")
OTHER_SOURCES = {"PictureSource": "picture", "AudioSource": "audio", "VideoSource": "video", "PDFSource": "PDF"}


@dataclass
class RCoding:
    guid: str | None
    target: str | None
    user: str | None
    at: str
    notes: list[str]


@dataclass
class RSelection:
    guid: str
    name: str
    start: int
    end: int
    user: str | None
    at: str
    description: str
    codings: list[RCoding]
    notes: list[str]


@dataclass
class RSource:
    guid: str
    name: str
    raw: str | None  # None: its text could not be read
    origin_path: str
    user: str | None
    at: str
    description: str
    selections: list[RSelection]
    codings: list[RCoding]  # codings of the whole source
    notes: list[str]
    values: list[tuple[str, str]]  # (variable guid, value)
    rich_text: bool = False


@dataclass
class RCode:
    guid: str
    parent: str | None
    name: str
    codable: bool
    color: str
    description: str
    notes: list[str]


@dataclass
class RCase:
    guid: str
    name: str
    description: str
    values: list[tuple[str, str]]
    sources: list[str]
    codes: list[str]


@dataclass
class RNote:
    guid: str
    name: str
    text: str
    user: str | None
    at: str


@dataclass
class RProject:
    name: str = ""
    origin: str = ""
    creator: str | None = None
    description: str = ""
    users: dict[str, str] = field(default_factory=dict)
    codes: list[RCode] = field(default_factory=list)
    variables: dict[str, tuple[str, str]] = field(default_factory=dict)  # guid -> (name, type)
    cases: list[RCase] = field(default_factory=list)
    sources: list[RSource] = field(default_factory=list)
    notes: dict[str, RNote] = field(default_factory=dict)
    project_notes: list[str] = field(default_factory=list)
    links: list[tuple[str | None, str | None, list[str], str]] = field(default_factory=list)
    sets: list[tuple[str, str, str, list[tuple[str, str]]]] = field(default_factory=list)
    not_imported: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    bad_guids: int = 0
    repeated_guids: dict[str, str | None] = field(default_factory=dict, repr=False)  # see _repeated


def stream_project(data: bytes, archive: RefiArchive, where: str) -> RProject:
    """The whole project as plain objects, texts read, nothing written; parsed as a stream, each
    source read and dropped from the tree as soon as it ends, so a project of a quarter of a
    million codings never stands in memory whole."""
    from lxml import etree

    from ...store.errors import ImportFailed

    qde.refuse_entities(data, where, archive.path)
    parser = etree.iterparse(io.BytesIO(data), events=("start", "end"), resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=True, remove_comments=True, remove_pis=True)
    root, p, depth = None, None, 0
    try:
        for event, element in parser:
            if event == "start":
                depth += 1
                if depth == 1:
                    root = element
                    if qde.local(root) != "Project":
                        raise ImportFailed(str(archive.path), f"{where} is not a REFI-QDA project "
                                                              f"(its root is <{qde.local(root)}>)")
                    p = start_project(root)
                continue
            depth -= 1
            parent = element.getparent()
            if depth == 2 and qde.local(parent) == "Sources":
                read_source(element, archive, p)
                parent.remove(element)
            elif depth == 1:
                read_section(element, archive, p)
                root.remove(element)
    except etree.XMLSyntaxError as exc:
        raise ImportFailed(str(archive.path), f"{where} is not well-formed XML ({exc.msg})") from exc
    if p is None:
        raise ImportFailed(str(archive.path), f"{where} is empty")
    return p


def start_project(root) -> RProject:
    return RProject(name=root.get("name") or "", origin=root.get("origin") or "",
                    creator=qde.guid(root.get("creatingUserGUID")))


KNOWN = {"Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs", "Description",
         "NoteRef"}


def read_section(element, archive: RefiArchive, p: RProject) -> None:
    """One child of <Project>, whole (its sources, when read as a stream, are already gone)."""
    kind = qde.local(element)
    if kind == "Users":
        for user in qde.kids(element, "User"):
            gid = qde.guid(user.get("guid"))
            if gid:
                p.users[gid] = (user.get("name") or user.get("id") or gid[:8]).strip()
    elif kind == "CodeBook":
        codes = qde.kid(element, "Codes")
        if codes is not None:
            _read_codes(codes, None, p)
    elif kind == "Variables":
        for var in qde.kids(element, "Variable"):
            gid = qde.guid(var.get("guid"))
            if gid:
                p.variables[gid] = ((var.get("name") or "").strip() or gid[:8], var.get("typeOfVariable") or "Text")
    elif kind == "Cases":
        for case in qde.kids(element, "Case"):
            gid = _guid(case.get("guid"), p)
            p.cases.append(RCase(gid, (case.get("name") or "").strip(), qde.text_of(case, "Description"),
                                 _values(case), _refs(case, "SourceRef"), _refs(case, "CodeRef")))
            if list(qde.kids(case, "SelectionRef")):
                p.not_imported.append({"kind": "case selection", "name": case.get("name") or gid,
                                       "reason": "a case made of selections (not whole sources) is kept as a case "
                                                 "of its sources only"})
    elif kind == "Sources":
        for source in list(element):
            read_source(source, archive, p)
    elif kind == "Notes":
        for note in qde.kids(element, "Note"):
            _read_note(note, archive, p)
    elif kind == "Links":
        for link in qde.kids(element, "Link"):
            p.links.append((qde.guid(link.get("originGUID")), qde.guid(link.get("targetGUID")),
                            _refs(link, "NoteRef"), link.get("name") or ""))
    elif kind == "Sets":
        for each in qde.kids(element, "Set"):
            members = [(what, gid) for tag, what in (("MemberCode", "code"), ("MemberSource", "source"),
                                                     ("MemberNote", "memo")) for gid in _refs(each, tag)]
            p.sets.append((_guid(each.get("guid"), p), (each.get("name") or "").strip() or "Set",
                           qde.text_of(each, "Description"), members))
    elif kind == "Graphs":
        for graph in qde.kids(element, "Graph"):
            p.not_imported.append({"kind": "graph", "name": graph.get("name") or graph.get("guid"),
                                   "reason": "CaseCoder has no network views; the graph was not imported"})
    elif kind == "Description":
        p.description = (element.text or "").strip()
    elif kind == "NoteRef":
        gid = qde.guid(element.get("targetGUID"))
        if gid:
            p.project_notes.append(gid)
    elif kind:
        p.not_imported.append({"kind": "unknown element", "name": f"<{kind}>",
                               "reason": "not part of REFI-QDA 1.5; CaseCoder does not know what it holds"})


def read_source(element, archive: RefiArchive, p: RProject) -> None:
    kind = qde.local(element)
    if kind == "TextSource":
        p.sources.append(_read_text_source(element, archive, p))
    elif kind == "PDFSource" and qde.kid(element, "Representation") is not None:
        text = _read_text_source(qde.kid(element, "Representation"), archive, p)
        text.name = element.get("name") or text.name
        p.sources.append(text)
        p.not_imported.append({"kind": "PDF", "name": text.name,
                               "reason": "its text representation was imported; the PDF and its region codings "
                                         "were not"})
    elif kind in OTHER_SOURCES:
        p.not_imported.append({"kind": OTHER_SOURCES[kind], "name": element.get("name") or element.get("guid"),
                               "reason": f"CaseCoder codes text; {OTHER_SOURCES[kind]} sources and their codings "
                                         "were not imported"})
    elif kind:
        p.not_imported.append({"kind": "unknown source", "name": element.get("name") or f"<{kind}>",
                               "reason": f"<{kind}> is not a REFI-QDA source kind"})


def _read_note(note, archive: RefiArchive, p: RProject) -> None:
    gid = _guid(note.get("guid"), p)
    text = qde.text_of(note, "PlainTextContent")
    if not text and note.get("plainTextPath"):
        where, data, why = archive.resolve(note.get("plainTextPath"))
        text = decode(data) if data is not None else ""
        if data is None:
            p.not_imported.append({"kind": "note text", "name": note.get("name") or gid, "reason": f"{where}: {why}"})
    p.notes[gid] = RNote(gid, (note.get("name") or "").strip(), text, qde.guid(note.get("creatingUser")),
                         note.get("creationDateTime") or "")


def _guid(value: str | None, p: RProject) -> str:
    """A valid GUID as our id; a new one (counted for the report) when the file's is not."""
    from ...store.clock import new_id

    gid = qde.guid(value)
    if gid is None:
        p.bad_guids += 1
        return new_id()
    return gid


def _refs(element, tag: str, grouped: dict[str, list] | None = None) -> list[str]:
    found = grouped.get(tag, ()) if grouped is not None else qde.kids(element, tag)
    return [g for g in (qde.guid(r.get("targetGUID")) for r in found) if g]


def _values(element, grouped: dict[str, list] | None = None) -> list[tuple[str, str]]:
    out = []
    for value in (grouped.get("VariableValue", ()) if grouped is not None else qde.kids(element, "VariableValue")):
        ref = qde.kid(value, "VariableRef")
        gid = qde.guid(ref.get("targetGUID")) if ref is not None else None
        if gid is None:
            continue
        for tag in VALUE_TAGS:
            found = qde.kid(value, tag)
            if found is not None and (found.text or "").strip():
                out.append((gid, found.text.strip()))
                break
    return out


def _read_codes(container, parent: str | None, p: RProject) -> None:
    for code in qde.kids(container, "Code"):
        gid = _guid(code.get("guid"), p)
        codable = (code.get("isCodable") or "true").strip().lower() not in ("false", "0")
        p.codes.append(RCode(gid, parent, (code.get("name") or "").strip(), codable, code.get("color") or "",
                             qde.text_of(code, "Description"), _refs(code, "NoteRef")))
        _read_codes(code, gid, p)


def _coding(element, known: dict[str, str | None]) -> RCoding:
    """A <Coding>; `known` keeps the GUIDs read so far that repeat (codes, users), checked once."""
    grouped = qde.children(element)
    refs = grouped.get("CodeRef")
    return RCoding(qde.guid(element.get("guid")), _repeated(refs[0].get("targetGUID"), known) if refs else None,
                   _repeated(element.get("creatingUser"), known), element.get("creationDateTime") or "",
                   _refs(element, "NoteRef", grouped))


def _repeated(value: str | None, known: dict[str, str | None]) -> str | None:
    """qde.guid of a value that recurs across the file (a code's or a user's GUID)."""
    if value is None:
        return None
    if value not in known:
        known[value] = qde.guid(value)
    return known[value]


def _read_text_source(element, archive: RefiArchive, p: RProject) -> RSource:
    gid = _guid(element.get("guid"), p)
    name = (element.get("name") or "").strip()
    grouped = qde.children(element)  # walked once: a source holds hundreds of selections
    inline = (grouped.get("PlainTextContent") or [None])[0]
    raw, where = None, ""
    rich = bool(element.get("richTextPath"))
    if inline is not None:
        raw, where = inline.text or "", "PlainTextContent"
    elif element.get("plainTextPath"):
        where, data, why = archive.resolve(element.get("plainTextPath"))
        if data is not None:
            raw = decode(data)
        else:
            p.not_imported.append({"kind": "source", "name": name or gid, "reason": f"{where}: {why}"})
    elif rich:
        where, data, why = archive.resolve(element.get("richTextPath"))
        raw = _docx_text(data, where, p, archive) if data is not None else None
        if raw is None:
            p.not_imported.append({"kind": "source", "name": name or gid, "reason": f"{where}: {why or 'unreadable'}"})
    else:
        p.not_imported.append({"kind": "source", "name": name or gid, "reason": "no text and no path to one"})
    selections = []
    known = p.repeated_guids
    for sel in grouped.get("PlainTextSelection", ()):
        try:
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
        except (TypeError, ValueError):
            start, end = -1, -1
        parts = qde.children(sel)
        selections.append(RSelection(_guid(sel.get("guid"), p), sel.get("name") or "", start, end,
                                     _repeated(sel.get("creatingUser"), known), sel.get("creationDateTime") or "",
                                     qde.first_text(parts, "Description"),
                                     [_coding(c, known) for c in parts.get("Coding", ())],
                                     _refs(sel, "NoteRef", parts)))
    return RSource(gid, name or (where.rsplit("/", 1)[-1] if where else gid), raw, where,
                   qde.guid(element.get("creatingUser")), element.get("creationDateTime") or "",
                   qde.first_text(grouped, "Description"), selections,
                   [_coding(c, known) for c in grouped.get("Coding", ())], _refs(element, "NoteRef", grouped),
                   _values(element, grouped), rich_text=rich and inline is None and raw is not None)


def decode(data: bytes) -> str:
    """A plain-text file's text without its BOM: UTF-8 (the standard), else UTF-16 with a BOM,
    else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _docx_text(data: bytes, where: str, p: RProject, archive: RefiArchive) -> str | None:
    """The text of a rich-text (.docx) source that has no plain text; its positions are the
    producing tool's, so they are checked like any other."""
    import tempfile
    from pathlib import Path

    from ...sources.importers.docx import read_docx
    from ...store.errors import ImportFailed

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "source.docx"
        path.write_bytes(data)
        try:
            return read_docx(path, budget=archive.budget)
        except ImportFailed as exc:
            if "refused" in exc.reason:  # a bomb inside the project refuses the project
                raise ImportFailed(str(archive.path), f"{where}: {exc.reason}") from exc
            p.warnings.append(f"{where}: {exc.reason}")
            return None
