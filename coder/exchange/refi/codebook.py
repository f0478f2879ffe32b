"""REFI-QDA codebooks (.qdc): a codebook alone, to share a coding scheme between tools.

Import merges into the open study as one undoable action: a code whose path already exists is
the same code (its empty colour or definition is filled in, nothing of ours is overwritten); a new
one keeps the GUID it had elsewhere unless that GUID is already taken here. Code groups (Sets)
come in as sets. Export writes the whole codebook with definitions and the sets of codes, valid
against the codebook schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ...store.characters import xml_safe
from ...store.errors import ImportFailed
from ...store.files import save_atomically
from ...store.paths import join_path
from ...store.version import __version__
from . import qde
from .project_export import LABELS
from .project_write import color_of, insert_code, split_description

NS = f"{{{qde.CODEBOOK_NS}}}"
MAX_BYTES = 64 * 1024 * 1024


@dataclass
class CodebookReport:
    file: str
    origin: str = ""
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    sets: int = 0
    warnings: list[str] = field(default_factory=list)
    changes: object = None  # the operation's Changes, for undo in the window

    def as_dict(self) -> dict:
        return {"file": self.file, "origin": self.origin, "created": self.created, "existing": self.existing,
                "sets": self.sets, "warnings": self.warnings}


def read_codebook(path: Path):
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportFailed(str(path), f"{size / 1e6:.0f} MB is too large for a codebook")
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    if data.startswith(b"PK"):
        raise ImportFailed(str(path), "this is a zip archive (a .qdpx project?), not a .qdc codebook; import "
                                      "projects with File > Import REFI-QDA project")
    root = qde.parse(data, path.name, path)
    if qde.local(root) != "CodeBook":
        raise ImportFailed(str(path), f"not a REFI-QDA codebook (its root is <{qde.local(root)}>)")
    return root


def import_codebook(study, path: str | Path) -> CodebookReport:
    """Merge a .qdc into the study; the report lists new and existing codes."""
    path = Path(path)
    root = read_codebook(path)
    report = CodebookReport(file=str(path), origin=root.get("origin") or "")
    report.warnings += qde.schema_warnings(root, "codebook")
    codes_element = qde.kid(root, "Codes")
    ids: dict[str, str] = {}  # the file's GUID -> our code id
    with study.operation("import_codebook", f"Import codebook {path.name}") as rec:
        if codes_element is not None:
            _merge_codes(study, codes_element, None, [], ids, report)
        sets = qde.kid(root, "Sets")
        for each in qde.kids(sets, "Set") if sets is not None else ():
            members = [ids[g] for g in (qde.guid(m.get("guid") or m.get("targetGUID"))
                                        for m in qde.kids(each, "MemberCode")) if g in ids]
            set_id = qde.guid(each.get("guid"))
            if set_id is None or study.conn.execute("SELECT 1 FROM sets WHERE id = ?", (set_id,)).fetchone():
                set_id = study.new_id()
            study.db["sets"].insert({"id": set_id, "name": (each.get("name") or "Code set").strip(),
                                     "description": qde.text_of(each, "Description"), **study.stamps()})
            study.conn.executemany("INSERT OR IGNORE INTO set_members (set_id, member_id, kind) VALUES (?, ?, 'code')",
                                   [(set_id, m) for m in members])
            report.sets += 1
        rec.touch("codes")
        rec.touch("sets")
    report.changes = study.changes_of(rec)
    return report


def _merge_codes(study, container, parent: str | None, prefix: list[str], ids: dict, report) -> None:
    conn = study.conn
    for index, code in enumerate(qde.kids(container, "Code")):
        name = " ".join((code.get("name") or "").split()) or "Unnamed code"
        path = join_path(prefix + [name])
        row = conn.execute("SELECT id, color, definition FROM codes WHERE ifnull(parent_id, '') = ifnull(?, '') "
                           "AND lower(name) = lower(?)", (parent, name)).fetchone()
        description = qde.text_of(code, "Description")
        if row:
            code_id = row[0]
            if description and not row[2]:
                fields = split_description(description)
                conn.execute("UPDATE codes SET definition = ?, inclusion = ?, exclusion = ?, example = ? WHERE id = ?",
                             (*fields.values(), code_id))
            report.existing.append(path)
        else:
            wanted = qde.guid(code.get("guid"))
            taken = wanted is None or conn.execute("SELECT 1 FROM codes WHERE id = ?", (wanted,)).fetchone()
            code_id = study.new_id() if taken else wanted
            position = conn.execute("SELECT ifnull(max(position) + 1, 0) FROM codes WHERE ifnull(parent_id, '') = "
                                    "ifnull(?, '')", (parent,)).fetchone()[0]
            codable = (code.get("isCodable") or "true").strip().lower() not in ("false", "0")
            insert_code(study, code_id, parent, name, color_of(code.get("color") or "", index), description, codable,
                        position)
            report.created.append(path)
        guid = qde.guid(code.get("guid"))
        if guid:
            ids[guid] = code_id
        _merge_codes(study, code, code_id, prefix + [name], ids, report)


def export_codebook(study, out: str | Path) -> Path:
    """The codebook as a .qdc, with each code's definition and the sets of codes."""
    from ...store.errors import ConflictError

    if not study.codes.all():
        raise ConflictError("the study has no codes: there is no codebook to export")
    root = etree.Element(NS + "CodeBook", nsmap={None: qde.CODEBOOK_NS})
    root.set("origin", f"CaseCoder {__version__}")
    holder = etree.SubElement(root, NS + "Codes")
    elements = {}
    for code in study.codes.all():
        parent = elements.get(code.parent_id, holder)
        element = etree.SubElement(parent, NS + "Code", {"guid": code.id, "name": xml_safe(code.name),
                                                          "isCodable": "true" if code.codable else "false",
                                                          "color": code.color})
        description = "\n\n".join([code.definition] + [f"{label} {getattr(code, key)}" for key, label in LABELS
                                                       if getattr(code, key)]).strip()
        if description:
            etree.SubElement(element, NS + "Description").text = xml_safe(description)
        elements[code.id] = element
    code_sets = [s for s in study.sets.all() if s.members.get("code")]
    if code_sets:
        sets = etree.SubElement(root, NS + "Sets")
        for each in code_sets:
            element = etree.SubElement(sets, NS + "Set", {"guid": each.id, "name": xml_safe(each.name)})
            if each.description:
                etree.SubElement(element, NS + "Description").text = xml_safe(each.description)
            for member in each.members["code"]:
                etree.SubElement(element, NS + "MemberCode", {"guid": member})
    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return save_atomically(out, lambda p: Path(p).write_bytes(data))
