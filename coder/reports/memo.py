"""Memos to Word: Markdown rendered with real heading, list and quote styles, and review
comments as real Word comments on the words they were made on.

python-docx 1.2 writes comments but not threads, so a comment's replies and its state go into
the comment's own text. Each rendered run remembers the stretch of memo text it came from, so a
comment lands on exactly its words even when they span bold or italic runs.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..store.errors import ConflictError
from .document import Document

HEADING = re.compile(r"^(#{1,3})[ \t]+(.+?)[ \t]*#*[ \t]*$")
QUOTE = re.compile(r"^>[ \t]?(.*)$")
BULLET = re.compile(r"^[ \t]*[-*+][ \t]+(.*)$")
NUMBER = re.compile(r"^[ \t]*\d+[.)][ \t]+(.*)$")
# an italic _ ends at the next _ (not at any later one a word does not follow): each opening _ is
# then read to the next _ only, so a line of many "_a" takes linear time, not quadratic
INLINE = re.compile(r"\*\*(.+?)\*\*|__(.+?)__|\*(.+?)\*|(?<!\w)_([^_]+?)_(?!\w)")


def _blocks(text: str):
    """(paragraph kind, heading level, [(line content, offset of that content in text)]) for each
    paragraph to write; the level is 0 but for headings."""
    pos, para = 0, []
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        heading, quote = HEADING.match(line), QUOTE.match(line)
        bullet, number = BULLET.match(line), NUMBER.match(line)
        if para and (not line.strip() or heading or quote or bullet or number):
            yield "body", 0, para
            para = []
        if not line.strip():
            continue
        if heading:
            yield "heading", len(heading.group(1)), [(heading.group(2), start + heading.start(2))]
        elif quote:
            if quote.group(1).strip():
                yield "quote", 0, [(quote.group(1), start + quote.start(1))]
        elif bullet or number:
            found = bullet or number
            yield ("bullet" if bullet else "number"), 0, [(found.group(1), start + found.start(1))]
        else:
            para.append((line.strip(), start + len(line) - len(line.lstrip())))
    if para:
        yield "body", 0, para


def _pieces(content: str, offset: int):
    """(text, source start, bold, italic) of the inline pieces of one line."""
    pos = 0
    for match in INLINE.finditer(content):
        if match.start() > pos:
            yield content[pos:match.start()], offset + pos, False, False
        group = next(i for i in range(1, 5) if match.group(i) is not None)
        yield match.group(group), offset + match.start(group), group <= 2, group >= 3
        pos = match.end()
    if pos < len(content):
        yield content[pos:], offset + pos, False, False


def _split(text: str, start: int, cuts: list[int]):
    """Cut one piece at comment boundaries, so comments anchor on whole runs."""
    inner = sorted({c - start for c in cuts if start < c < start + len(text)})
    edges = [0, *inner, len(text)]
    for a, b in zip(edges, edges[1:], strict=False):
        yield text[a:b], start + a


def write_memos(study, memo_ids: list[str], out: str | Path) -> Path:
    """One Word document with each memo (a page apart), its comments as Word comments."""
    if not memo_ids:
        raise ConflictError("there is no memo to export")
    doc = Document()
    for index, memo_id in enumerate(memo_ids):
        if index:
            doc.page_break()
        info = study.memos.get(memo_id)
        text = study.memos.text(memo_id)
        doc.title(info.title)
        byline = f"{info.kind.capitalize()} memo · {info.status}"
        if info.drafter:
            byline += f" · drafted by {info.drafter}"
        if info.reviewers:
            byline += f" · reviewed by {', '.join(info.reviewers)}"
        doc.paragraph(byline, "note")
        threads = _threads(study, memo_id)
        cuts = [c for t in threads for c in (t[0].start, t[0].end)]
        runs: list[tuple[object, int, int]] = []
        for kind, level, lines in _blocks(text):
            is_citation = kind == "quote" and lines[0][0].lstrip().startswith(("—", "--"))
            if kind == "heading":
                paragraph = doc.heading("", level)
            else:
                paragraph = doc.paragraph("", "citation" if is_citation else kind)
            for i, (content, offset) in enumerate(lines):
                if i:
                    paragraph.add(" ")
                for piece, start, bold, italic in _pieces(content, offset):
                    for part, at in _split(piece, start, cuts):
                        runs.append((paragraph.add(part, bold=bold, italic=italic or is_citation), at, at + len(part)))
        for first, replies in threads:
            _comment(doc, runs, first, replies)
    return doc.save(out)


def _threads(study, memo_id: str):
    comments = study.memo_comments.for_memo(memo_id)
    return [(c, [r for r in comments if r.parent_id == c.id]) for c in comments if c.parent_id is None]


def _comment(doc: Document, runs, first, replies) -> None:
    """Anchor one thread on the runs of its words (the nearest run when they were deleted)."""
    hit = [r for r, s, e in runs if s < first.end and first.start < e]
    if not hit:
        nearest = min(runs, key=lambda r: abs(r[1] - first.start), default=None)
        if nearest is None:
            return
        hit = [nearest[0]]
    lines = [f"{first.kind.capitalize()}: {first.text}"]
    lines += [f"Reply from {r.author}: {r.text}" for r in replies]
    if first.state != "open":
        lines.append(f"[{first.state}]")
    doc.comment(hit, "\n".join(lines), first.author)
