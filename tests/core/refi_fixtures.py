"""Hand-built REFI-QDA project archives (.qdpx) for the importer's tests.

Nothing here is produced by an exporter: the XML is written as text, so each test states exactly
what a tool would have put in the archive (odd GUID spellings, DOCTYPEs, hostile member names).
"""

from __future__ import annotations

import itertools
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

NS = "urn:QDA-XML:project:1.0"
_serial = itertools.count(1)


def new_guid(prefix: str = "0") -> str:
    """A fresh, well-formed GUID (lower case, no braces); `prefix` (hex) makes it recognisable."""
    return f"{prefix:0>8}-0000-4000-8000-{next(_serial):012x}"


def bare(guid: str) -> str:
    """A REFI GUID as CaseCoder stores it: lower case, without braces."""
    return guid.strip().strip("{}").lower()


USER = "aaaaaaaa-0000-4000-8000-000000000001"
CODE = "cccccccc-0000-4000-8000-000000000001"  # the code "Trust"
DEFAULT_USERS = ((USER, "alice"),)


@dataclass
class CodeDef:
    name: str
    guid: str = field(default_factory=lambda: new_guid("c0de"))
    color: str | None = None
    description: str | None = None
    children: list[CodeDef] = field(default_factory=list)


DEFAULT_CODES = (CodeDef("Trust", CODE),)


@dataclass
class Sel:
    """A PlainTextSelection; `code` is the GUID a Coding refers to (None: no Coding at all)."""

    start: int
    end: int
    code: str | None = CODE
    guid: str = field(default_factory=lambda: new_guid("5e1"))
    coding_guid: str = field(default_factory=lambda: new_guid("c0d1"))
    user: str = USER
    description: str | None = None


@dataclass
class Src:
    """A TextSource. `text` is the exact bytes stored as sources/<guid>.txt in the archive (None:
    no member is written); `path` overrides plainTextPath (default internal://<guid>.txt)."""

    name: str
    text: bytes | None
    selections: list[Sel] = field(default_factory=list)
    guid: str = field(default_factory=lambda: new_guid("50c"))
    path: str | None = None

    @property
    def member(self) -> str:
        return f"sources/{self.guid.strip('{}')}.txt"

    @property
    def plain_text_path(self) -> str:
        return self.path if self.path is not None else f"internal://{self.guid.strip('{}')}.txt"


def crlf(*lines: str) -> str:
    return "\r\n".join(lines)


def lf(*lines: str) -> str:
    return "\n".join(lines)


def _code_xml(code: CodeDef) -> str:
    attrs = f"guid={quoteattr(code.guid)} name={quoteattr(code.name)} isCodable=\"true\""
    if code.color:
        attrs += f" color={quoteattr(code.color)}"
    inner = f"<Description>{escape(code.description)}</Description>" if code.description else ""
    inner += "".join(_code_xml(child) for child in code.children)
    return f"<Code {attrs}>{inner}</Code>" if inner else f"<Code {attrs}/>"


def _selection_xml(sel: Sel) -> str:
    inner = f"<Description>{escape(sel.description)}</Description>" if sel.description is not None else ""
    if sel.code is not None:
        inner += (f"<Coding guid={quoteattr(sel.coding_guid)} creatingUser={quoteattr(sel.user)}>"
                  f"<CodeRef targetGUID={quoteattr(sel.code)}/></Coding>")
    return (f"<PlainTextSelection guid={quoteattr(sel.guid)} name=\"\" startPosition=\"{sel.start}\" "
            f"endPosition=\"{sel.end}\" creatingUser={quoteattr(sel.user)}>{inner}</PlainTextSelection>")


def _source_xml(src: Src) -> str:
    sels = "".join(_selection_xml(s) for s in src.selections)
    return (f"<TextSource guid={quoteattr(src.guid)} name={quoteattr(src.name)} "
            f"plainTextPath={quoteattr(src.plain_text_path)}>{sels}</TextSource>")


def project_qde(sources: list[Src], *, origin: str = "SomeTool", name: str = "Test project",
                codes: tuple[CodeDef, ...] | list[CodeDef] = DEFAULT_CODES,
                users: tuple[tuple[str, str], ...] = DEFAULT_USERS, doctype: str = "") -> str:
    """The project.qde text: users, a codebook and text sources with their selections."""
    users_xml = "".join(f"<User guid={quoteattr(g)} name={quoteattr(n)}/>" for g, n in users)
    codes_xml = "".join(_code_xml(c) for c in codes)
    sources_xml = "".join(_source_xml(s) for s in sources)
    return (f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}'
            f'<Project xmlns="{NS}" name={quoteattr(name)} origin={quoteattr(origin)}>'
            f"<Users>{users_xml}</Users>"
            f"<CodeBook><Codes>{codes_xml}</Codes></CodeBook>"
            f"<Sources>{sources_xml}</Sources></Project>")


def write_zip(path: Path, members: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A zip with exactly these member names (kept verbatim, '../x' and '/x' included)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for member, data in members.items():
            zf.writestr(zipfile.ZipInfo(member), data, compress_type=compression)
    return path


def build_qdpx(path: Path, sources: list[Src], *, extra: dict[str, bytes | str] | None = None,
               **project) -> Path:
    """A .qdpx holding project.qde and each source's text member (plus `extra` members)."""
    members: dict[str, bytes | str] = {"project.qde": project_qde(sources, **project)}
    for src in sources:
        if src.text is not None:
            members[src.member] = src.text
    members.update(extra or {})
    return write_zip(path, members)


def run_import(archive: Path, study_path: Path, **kwargs) -> dict:
    """Import and return the report as a dict, after checking that it really is JSON-able."""
    from coder.exchange.refi.project_import import import_project

    report = import_project(archive, study_path, **kwargs).as_dict()
    return json.loads(json.dumps(report))


def study_leftovers(study_path: Path) -> list[Path]:
    """The study file and its SQLite side files, those that exist."""
    return [p for p in (study_path, Path(f"{study_path}-wal"), Path(f"{study_path}-shm"),
                        Path(f"{study_path}-journal")) if p.exists()]


def coded_texts(study, source_id: str) -> list[str]:
    """The stored text under each of a source's codings, in text order."""
    text = study.sources.text(source_id)
    return [text[c.start:c.end] for c in study.codings.for_source(source_id)]
