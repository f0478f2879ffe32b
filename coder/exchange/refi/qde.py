"""The REFI-QDA XML, read defensively and matched by local name.

Tools write the project and codebook namespaces as `urn:QDA-XML:project:1.0`, `...:1:0` or
`...:0:4`, so elements are found by their local name, whatever the namespace. The parser never
loads a DTD, resolves an entity or touches the network; a document that declares entities at all
is refused, since no REFI file needs them and they are the stuff of billion-laughs and
external-entity attacks. Schema validation is a warning, never a refusal by itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from lxml import etree

from ...store.errors import ImportFailed

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                          huge_tree=False, remove_comments=True, remove_pis=True)


def refuse_entities(data: bytes, where: str, file: Path) -> None:
    """Refuse a document that has a DTD: REFI-QDA files never need one, and entity declarations
    are the stuff of billion-laughs and external-entity attacks."""
    head = data[:4096].lower()
    if b"<!doctype" in head:
        if b"<!entity" in data[:1_000_000].lower():
            raise ImportFailed(str(file), f"{where} declares XML entities, which REFI-QDA files never need and "
                                          "which are used in attacks; it was not read")
        raise ImportFailed(str(file), f"{where} carries a DTD, which REFI-QDA files never need; it was not read")


def parse(data: bytes, where: str, file: Path) -> etree._Element:
    """The document's root; refused with the file's name when it is not well-formed XML or
    declares entities."""
    refuse_entities(data, where, file)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ImportFailed(str(file), f"{where} is not well-formed XML ({exc.msg}, line {exc.lineno})") from exc
    if root is None:
        raise ImportFailed(str(file), f"{where} is empty")
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise ImportFailed(str(file), f"{where} carries a DTD, which REFI-QDA files never need; it was not read")
    return root


def local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def kids(element, name: str) -> Iterator[etree._Element]:
    """Direct children with this local name."""
    for child in element:
        if local(child) == name:
            yield child


def children(element) -> dict[str, list]:
    """The direct children grouped by local name, in one pass: an element whose children are
    looked up by several names (a source: its text, selections, codings, notes and variables)
    is walked once instead of once per name."""
    grouped: dict[str, list] = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            grouped.setdefault(tag[tag.rfind("}") + 1:], []).append(child)
    return grouped


def first_text(grouped: dict[str, list], name: str) -> str:
    """`text_of` over grouped children."""
    found = grouped.get(name)
    return (found[0].text or "").strip() if found else ""


def kid(element, name: str):
    return next(kids(element, name), None)


def text_of(element, name: str) -> str:
    """The text of a child element (e.g. Description), '' when absent."""
    found = kid(element, name)
    return (found.text or "").strip() if found is not None else ""


def guid(value: str | None) -> str | None:
    """A GUID as our ids are written: lower case, no braces; None when it is not a GUID."""
    match = GUID.match((value or "").strip())
    return match.group(1).lower() if match else None


def schema_warnings(root, kind: str) -> list[str]:
    """Validate against the official schema (the project or the codebook one), reading any
    namespace variant as 1.0; the problems as warnings (at most ten)."""
    namespace = PROJECT_NS if kind == "project" else CODEBOOK_NS
    prefix = f"{{{namespace}}}"
    changed = [e.tag for e in root.iter() if isinstance(e.tag, str) and not e.tag.startswith(prefix)]
    copy = root
    if changed:  # a namespace variant: validate a renamed copy (the usual file is validated as it is)
        copy = etree.fromstring(etree.tostring(root), _PARSER)
        for element in copy.iter():
            if isinstance(element.tag, str):
                element.tag = prefix + local(element)
        etree.cleanup_namespaces(copy)
    schema = load_schema(kind)
    warnings = []
    if changed:
        warnings.append(f"the XML namespace is not {namespace}; read by element names")
    if not schema.validate(copy):
        errors = list(schema.error_log)
        warnings += [f"schema: line {e.line}: {e.message}" for e in errors[:10]]
        if len(errors) > 10:
            warnings.append(f"schema: {len(errors) - 10} more problems")
    return warnings


_SCHEMAS: dict[str, etree.XMLSchema] = {}


def load_schema(kind: str) -> etree.XMLSchema:
    """The official REFI-QDA schema bundled in resources/refi (parsed once)."""
    if kind not in _SCHEMAS:
        name = "Project-mrt2019.xsd" if kind == "project" else "Codebook-v1.0.xsd"
        path = schema_dir() / name
        _SCHEMAS[kind] = etree.XMLSchema(etree.parse(str(path), _PARSER))
    return _SCHEMAS[kind]


def schema_dir() -> Path:
    here = Path(__file__).resolve().parents[3] / "resources" / "refi"
    if here.is_dir():
        return here
    return Path(str(resources.files("coder"))).parent / "resources" / "refi"
