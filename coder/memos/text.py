"""A memo's Markdown: its sections, the canonical order of a site case memo, and quotations.

Memos are stored as plain Markdown (diff-friendly, readable anywhere). A level-1 heading starts a
section. A site case memo follows the analytic site case outline: one section per outline
section, in outline order, every one present even while empty, so the drafter sees what is left
to write; text under no outline heading (or before the first) is kept in an "Unsorted" section,
never dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right

UNSORTED = "Unsorted"
HEADING = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$")


def normalize(text: str) -> str:
    """Line ends as '\\n', no trailing spaces at the end, one final newline (or none if empty)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return text + "\n" if text.strip() else ""


def split_sections(text: str) -> list[tuple[str | None, str]]:
    """(heading or None for text before the first heading, body) in the order written. Lines
    inside fenced code blocks are never headings."""
    out: list[tuple[str | None, list[str]]] = [(None, [])]
    fenced = False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        match = None if fenced else HEADING.match(line)
        if match:
            out.append((match.group(1).strip(), []))
        else:
            out[-1][1].append(line)
    return [(name, "\n".join(lines).strip("\n")) for name, lines in out
            if name is not None or "\n".join(lines).strip()]


def arrange(text: str, outline: list[str]) -> str:
    """Canonical site-memo Markdown: every outline section in order (matched by name, ignoring
    case), then Unsorted with whatever matched none, its own headings kept as text."""
    wanted = {name.lower(): name for name in outline}
    bodies: dict[str, list[str]] = {name: [] for name in outline}
    unsorted: list[str] = []
    for heading, body in split_sections(normalize(text)):
        key = (heading or "").lower()
        if heading is not None and key in wanted:
            if body:
                bodies[wanted[key]].append(body)
        elif heading is not None and key == UNSORTED.lower():
            if body:
                unsorted.append(body)
        else:
            unsorted.append((f"## {heading}\n\n" if heading else "") + body if body or heading else "")
    parts = [f"# {name}\n\n" + "\n\n".join(bodies[name]) if bodies[name] else f"# {name}" for name in outline]
    kept = [u for u in unsorted if u.strip()]
    if kept:
        parts.append(f"# {UNSORTED}\n\n" + "\n\n".join(kept))
    return normalize("\n\n".join(parts))


def section_spans(text: str) -> list[tuple[str | None, int, int]]:
    """(heading, start, end) of each section's body in `text`, for placing and counting quotes."""
    spans: list[tuple[str | None, int, int]] = []
    current, start, pos, fenced = None, 0, 0, False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        match = None if fenced else HEADING.match(line)
        if match:
            spans.append((current, start, pos))
            current, start = match.group(1).strip(), pos + len(line) + 1
        pos += len(line) + 1
    spans.append((current, start, min(pos, len(text))))
    return [(name, s, max(s, e)) for name, s, e in spans if name is not None or e > s]


def block_quote(words: str, citation: str) -> str:
    """A quotation as a Markdown block quote with its citation on the last line."""
    lines = [line.strip() for line in " ".join(words.split("\n\n")).split("\n")]
    body = "\n".join(f"> {line}" if line else ">" for line in lines)
    return f"{body}\n>\n> — {citation}"


def insert_in_section(text: str, section: str, block: str) -> str:
    """`text` with `block` appended at the end of the section named `section` (added at the end
    of the memo when there is no such heading)."""
    for name, _start, end in section_spans(text):
        if name is not None and name.lower() == section.lower():
            head, tail = text[:end].rstrip("\n"), text[end:]
            return normalize(head + "\n\n" + block + "\n\n" + tail.lstrip("\n"))
    return normalize(text.rstrip("\n") + f"\n\n# {section}\n\n" + block)


def _lines(text: str) -> list[tuple[int, str, bool, bool]]:
    """(start, line, is a heading, is inside a fenced code block) of every line."""
    out, pos, fenced = [], 0, False
    for line in text.split("\n"):
        fence = line.lstrip().startswith("```")
        if fence:
            fenced = not fenced
        out.append((pos, line, not fenced and not fence and bool(HEADING.match(line)), fenced or fence))
        pos += len(line) + 1
    return out


def headings(text: str) -> list[tuple[int, str]]:
    """(where its line starts, name) of every section heading, in order (code blocks skipped)."""
    return [(start, HEADING.match(line).group(1).strip()) for start, line, heading, _code in _lines(text)
            if heading]


def section_at(text: str, position: int, found: list[tuple[int, str]] | None = None) -> str | None:
    """The section whose heading line or body holds `position` (None before the first heading):
    the section a cursor there is in. `found` is headings(text), when the caller has it."""
    found = headings(text) if found is None else found
    i = bisect_right([start for start, _name in found], position)
    return found[i - 1][1] if i else None


def insert_at(text: str, position: int, block: str) -> tuple[str, int, int]:
    """`text` with `block` as a paragraph of its own where a cursor at `position` is: on the
    blank line it is on, before the paragraph when it is at its start, else after its paragraph
    (a heading is a paragraph of its own, so a cursor on one puts the block right below it).
    Returns the new text and the block's (start, end) in it."""
    lines = _lines(text)
    i = max(k for k, line in enumerate(lines) if line[0] <= max(0, position))
    start, line, heading, code = lines[i]
    if not line.strip() and not code:
        cut = start
    elif position <= start and not heading and (i == 0 or not lines[i - 1][1].strip() or lines[i - 1][2]):
        cut = start
    else:  # the end of this paragraph: the next blank line or heading outside a code block
        while i + 1 < len(lines) and not lines[i][2] and not lines[i + 1][2] \
                and (lines[i + 1][1].strip() or lines[i + 1][3]):
            i += 1
        cut = min(len(text), lines[i][0] + len(lines[i][1]))
    head, tail = text[:cut].rstrip("\n"), text[cut:].lstrip("\n")
    joined = (head + "\n\n" if head else "") + block + ("\n\n" + tail if tail else "\n")
    at = len(head) + 2 if head else 0
    return joined, at, at + len(block)


def carry_position(old: str, new: str, position: int) -> int:
    """Where a cursor at `position` of `old` belongs in `new` (the same text saved and arranged
    by the outline): beside the same characters when they stayed, on the same line when the
    line moved (text arranged into another section), else at the nearest unchanged spot."""
    from ..sources.anchoring import PositionMap

    if old == new:
        return position
    mapped, unchanged = PositionMap(old, new).map(position, "start")
    if unchanged:
        return mapped
    line_start = old.rfind("\n", 0, position) + 1
    line_end = old.find("\n", position)
    line = old[line_start:line_end if line_end >= 0 else len(old)]
    if line.strip():
        found = new.find(line)
        if found >= 0:
            return found + position - line_start
    return min(mapped, len(new))
