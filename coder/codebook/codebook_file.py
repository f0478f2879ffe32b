"""Reading and writing the plain codebook file (TOML; see docs/CODEBOOK_FORMAT.md).

A codebook file holds the case-outline sections and the codes, each named by its path. Loading
merges into the study: sections and codes that exist are described anew, new ones are created,
nothing is deleted. The whole load is one undoable step.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..store.changes import Changes
from ..store.errors import ConflictError, ImportFailed, NotFoundError
from ..store.paths import split_path
from .codes import DESCRIPTION_FIELDS, check_color


def read_codebook(path: str | Path) -> dict:
    """Parse and check a codebook file; refuse it whole when anything is wrong."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ImportFailed(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise ImportFailed(str(path), "not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ImportFailed(str(path), f"not a valid codebook file ({exc})") from exc
    sections, codes = data.get("section", []), data.get("code", [])
    if not isinstance(sections, list) or not isinstance(codes, list) or not codes and not sections:
        raise ImportFailed(str(path), "no [[code]] or [[section]] entries found")
    section_paths = set()
    for i, entry in enumerate(sections, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise ImportFailed(str(path), f"section {i} has no path")
        section_paths.add(entry["path"])
    for i, entry in enumerate(codes, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise ImportFailed(str(path), f"code {i} has no path")
        try:
            split_path(entry["path"])
            if entry.get("color"):
                check_color(entry["color"])
        except ConflictError as exc:
            raise ImportFailed(str(path), f"code {entry['path']!r}: {exc}") from exc
        if entry.get("section") and entry["section"] not in section_paths:
            raise ImportFailed(str(path), f"code {entry['path']!r} links to section {entry['section']!r}, "
                                          "which the file does not define")
    return {"name": data.get("name", path.stem), "sections": sections, "codes": codes}


def load_codebook(study, path: str | Path) -> Changes:
    """Merge a codebook file's sections and codes into the study as one step."""
    book = read_codebook(path)
    with study.operation("load_codebook", f"Load codebook {book['name']}") as rec:
        section_ids = {}
        for entry in book["sections"]:
            try:
                section = study.sections.find(entry["path"])
                section_ids[entry["path"]] = section.id
            except NotFoundError:
                section_ids[entry["path"]] = study.sections.add_section(
                    path=entry["path"], description=entry.get("description", "")).result
        created = 0
        for entry in book["codes"]:
            fields = {k: entry.get(k, "") for k in DESCRIPTION_FIELDS}
            section_id = section_ids.get(entry.get("section")) if entry.get("section") else None
            try:
                code = study.codes.find(entry["path"])
                if "/" not in entry["path"] and code.path != entry["path"]:
                    raise NotFoundError("only a same-named code elsewhere")
            except NotFoundError:
                study.codes.add_code(path=entry["path"], color=entry.get("color"), section_id=section_id, **fields)
                created += 1
                continue
            study.codes.describe_code(code_id=code.id, **{k: v for k, v in fields.items() if v})
            if entry.get("color"):
                study.codes.set_color(code_id=code.id, color=entry["color"])
            if section_id:
                study.codes.link_section(code_id=code.id, section_id=section_id)
        rec.result = {"codes_created": created, "codes_in_file": len(book["codes"]),
                      "sections": len(book["sections"])}
        rec.touch("codes")
        rec.touch("sections")
    return study.changes_of(rec)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def write_codebook(study, path: str | Path, name: str = "") -> None:
    """Write the study's outline and codebook in the same format, loadable into another study."""
    lines = ["# CaseCoder codebook (format: docs/CODEBOOK_FORMAT.md)",
             f"name = {_toml_string(name or 'Codebook')}", "version = 1", ""]
    paths = {s.id: s.path for s in study.sections.all()}
    for section in study.sections.all():
        lines += ["[[section]]", f"path = {_toml_string(section.path)}"]
        if section.description:
            lines.append(f"description = {_toml_string(section.description)}")
        lines.append("")
    for code in study.codes.all():
        lines += ["[[code]]", f"path = {_toml_string(code.path)}", f"color = {_toml_string(code.color)}"]
        if code.section_id:
            lines.append(f"section = {_toml_string(paths[code.section_id])}")
        for key in DESCRIPTION_FIELDS:
            if getattr(code, key):
                lines.append(f"{key} = {_toml_string(getattr(code, key))}")
        lines.append("")
    Path(path).write_text("\n".join(lines), encoding="utf-8")
