"""OpenDocument text (.odt): paragraphs and headings in order, tracked changes left out."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .zipped import open_zip, parse_xml, read_member

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

MAX_SPACES = 1000  # consecutive spaces one element may stand for
SKIP = {f"{{{TEXT}}}tracked-changes", f"{{{TEXT}}}note", f"{{{OFFICE}}}annotation",
        f"{{{TEXT}}}sequence-decls"}


def _inline(element: etree._Element, out: list[str]) -> None:
    if element.text:
        out.append(element.text)
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in SKIP:
            if tag == f"{{{TEXT}}}s":
                out.append(" " * _spaces(child.get(f"{{{TEXT}}}c", "1")))
            elif tag == f"{{{TEXT}}}tab":
                out.append("\t")
            elif tag == f"{{{TEXT}}}line-break":
                out.append("\n")
            else:
                _inline(child, out)
        if child.tail:
            out.append(child.tail)


def _spaces(count: str) -> int:
    """How many spaces a <text:s text:c="N"/> stands for: a few characters of XML must not make
    gigabytes of text (N is capped), and a count that is not a number is one space."""
    try:
        return max(1, min(int(count), MAX_SPACES))
    except ValueError:
        return 1


def _blocks(container: etree._Element, out: list[str], heads: list | None = None) -> None:
    for child in container:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP:
            continue
        if tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
            parts: list[str] = []
            _inline(child, parts)
            text = "".join(parts).replace("\xa0", " ").strip()
            if text:
                out.append(text)
                if heads is not None and tag == f"{{{TEXT}}}h":
                    level = child.get(f"{{{TEXT}}}outline-level", "1")
                    heads.append((min(int(level), 9) if level.isdigit() and int(level) > 0 else 1, text))
        elif tag == f"{{{TABLE}}}table-row":
            cells = []
            for cell in child:
                if cell.tag == f"{{{TABLE}}}table-cell":
                    parts_: list[str] = []
                    _blocks(cell, parts_)
                    if parts_:
                        cells.append(" ".join(parts_))
            if cells:
                out.append(" | ".join(cells))
        else:
            _blocks(child, out, heads)


def read_odt(path: Path) -> str:
    return read_odt_headed(path)[0]


def read_odt_headed(path: Path) -> tuple[str, list[tuple[int, str]]]:
    """The text and its headings ((outline level, words), in order)."""
    with open_zip(path, "OpenDocument") as archive:
        root = parse_xml(path, read_member(path, archive, "content.xml", "OpenDocument"), "content.xml")
    body = root.find(f"{{{OFFICE}}}body")
    blocks: list[str] = []
    heads: list[tuple[int, str]] = []
    if body is not None:
        _blocks(body, blocks, heads)
    return "\n\n".join(blocks), heads
