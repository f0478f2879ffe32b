"""Word (.docx) bodies read straight from their XML, in reading order.

python-docx's `Paragraph.text` drops text inside tracked insertions and content controls, so the
body is walked with lxml: tracked insertions, moved-to text, content controls, hyperlinks, fields
and text boxes are kept; tracked deletions, moved-from text, headers, footers, comments and
footnotes are left out. Tables come row by row, cells joined with ' | '.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from lxml import etree

from ...store.errors import ImportFailed
from ...store.inflate import Budget
from .zipped import open_zip, parse_xml, read_member

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC = "/officeDocument"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


SKIP = {_q("del"), _q("moveFrom"), _q("delText"), _q("instrText"), _q("pPr"), _q("rPr"),
        _q("sectPr"), _q("commentReference"), _q("footnoteReference"), _q("endnoteReference"),
        f"{{{MC}}}Fallback", _q("delInstrText")}
BREAKS = {_q("br"): "\n", _q("cr"): "\n", _q("tab"): "\t", _q("ptab"): "\t",
          _q("noBreakHyphen"): "-", _q("softHyphen"): ""}


def _main_part(path: Path, archive, budget: Budget | None = None) -> str:
    try:
        rels = parse_xml(path, read_member(path, archive, "_rels/.rels", "Word", budget), "_rels/.rels")
    except ImportFailed as exc:
        if "refused" in exc.reason:
            raise  # a bomb is a bomb wherever it is
        return "word/document.xml"
    except Exception:  # noqa: BLE001 - fall back to the conventional name
        return "word/document.xml"
    for rel in rels.iter(f"{{{REL}}}Relationship"):
        if rel.get("Type", "").endswith(OFFICE_DOC):
            return posixpath.normpath(rel.get("Target", "word/document.xml").lstrip("/"))
    return "word/document.xml"


def _inline_text(element: etree._Element, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP:
            continue
        if tag == _q("t"):
            out.append(child.text or "")
        elif tag in BREAKS:
            out.append(BREAKS[tag])
        elif tag == _q("p"):  # a paragraph inside a text box
            if out and not out[-1].endswith("\n"):
                out.append("\n")
            _inline_text(child, out)
        else:
            _inline_text(child, out)


def paragraph_text(p: etree._Element) -> str:
    out: list[str] = []
    _inline_text(p, out)
    return "".join(out).replace("\xa0", " ").strip()


def _blocks(container: etree._Element, out: list[str], heads: list | None = None,
            levels: dict[str, int] | None = None) -> None:
    """The container's paragraphs and tables as text blocks; with `heads`, each heading
    paragraph (by its style's level, `levels`) noted as (level, words)."""
    for child in container:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP:
            continue
        if tag == _q("p"):
            text = paragraph_text(child)
            if text:
                out.append(text)
                if heads is not None:
                    level = _heading_level(child, levels or {})
                    if level:
                        heads.append((level, text))
        elif tag == _q("tbl"):
            _table(child, out)
        else:  # content controls, custom XML, tracked insertions at block level
            _blocks(child, out, heads, levels)


def _heading_level(p: etree._Element, levels: dict[str, int]) -> int | None:
    """A paragraph's heading level: an outline level set on it, or its style's."""
    props = p.find(_q("pPr"))
    if props is None:
        return None
    outline = props.find(_q("outlineLvl"))
    if outline is not None and (outline.get(_q("val")) or "").isdigit():
        value = int(outline.get(_q("val")))
        return value + 1 if value < 9 else None  # 9 is Word's "body text"
    style = props.find(_q("pStyle"))
    return levels.get(style.get(_q("val"), "")) if style is not None else None


def _style_levels(path: Path, archive, budget: Budget | None) -> dict[str, int]:
    """Style id → heading level, for Word's "heading 1" … "heading 9" and "Title" (level 1) and
    any style built on them or given an outline level; a document without styles has none."""
    try:
        root = parse_xml(path, read_member(path, archive, "word/styles.xml", "Word", budget), "word/styles.xml")
    except ImportFailed as exc:
        if "refused" in exc.reason:
            raise
        return {}
    own: dict[str, int | None] = {}
    based: dict[str, str] = {}
    for style in root.iter(_q("style")):
        if style.get(_q("type")) != "paragraph":
            continue
        sid = style.get(_q("styleId")) or ""
        name_el = style.find(_q("name"))
        name = (name_el.get(_q("val")) if name_el is not None else "") or ""
        level = None
        lowered = name.strip().lower()
        if lowered.startswith("heading ") and lowered[8:].isdigit():
            level = int(lowered[8:])
        elif lowered == "title":
            level = 1
        outline = style.find(f"{_q('pPr')}/{_q('outlineLvl')}")
        if level is None and outline is not None and (outline.get(_q("val")) or "").isdigit():
            value = int(outline.get(_q("val")))
            level = value + 1 if value < 9 else None
        own[sid] = level
        parent = style.find(_q("basedOn"))
        if parent is not None:
            based[sid] = parent.get(_q("val")) or ""
    levels = {}
    for sid in own:
        at, seen = sid, 0
        while own.get(at) is None and at in based and seen < 10:
            at, seen = based[at], seen + 1
        if own.get(at):
            levels[sid] = own[at]
    return levels


def _nearest(element: etree._Element, tag: str):
    """Descendants with `tag`, looking through wrappers (content controls, tracked insertions)
    but not into them, nor into nested tables."""
    for child in element:
        if not isinstance(child.tag, str) or child.tag in SKIP:
            continue
        if child.tag == tag:
            yield child
        elif child.tag != _q("tbl"):
            yield from _nearest(child, tag)


def _table(tbl: etree._Element, out: list[str]) -> None:
    for row in _nearest(tbl, _q("tr")):
        cells = []
        for cell in _nearest(row, _q("tc")):
            parts: list[str] = []
            _blocks(cell, parts)
            text = " ".join(" ".join(parts).split("\n")).strip()
            if text:
                cells.append(text)
        if cells:
            out.append(" | ".join(cells))


def read_docx(path: Path, budget: Budget | None = None) -> str:
    """The body text of a .docx, paragraphs separated by blank lines; `budget`: what the archive
    this one came in (a REFI-QDA project) may still inflate to."""
    return read_docx_headed(path, budget)[0]


def read_docx_headed(path: Path, budget: Budget | None = None) -> tuple[str, list[tuple[int, str]]]:
    """The body text and its headings ((level, words), in order) from Word's heading styles."""
    with open_zip(path, "Word") as archive:
        part = _main_part(path, archive, budget)
        root = parse_xml(path, read_member(path, archive, part, "Word", budget), part)
        levels = _style_levels(path, archive, budget) if "word/styles.xml" in archive.namelist() else {}
    body = root.find(_q("body"))
    if body is None:
        return "", []
    blocks: list[str] = []
    heads: list[tuple[int, str]] = []
    _blocks(body, blocks, heads, levels)
    return "\n\n".join(blocks), heads
