"""Memos to Word: Markdown rendered with real heading, list and quote styles, and review
comments as real Word comments on the words they were made on.

python-docx 1.2 writes comments but not threads, so a comment's replies and its state go into
the comment's own text. Each rendered run remembers the stretch of memo text it came from, so a
comment lands on exactly its words even when they span bold or italic runs.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ConflictError
from ..files import save_atomically
from .characters import xml_safe

HEADING = re.compile(r"^(#{1,3})[ \t]+(.+?)[ \t]*#*[ \t]*$")
QUOTE = re.compile(r"^>[ \t]?(.*)$")
BULLET = re.compile(r"^[ \t]*[-*+][ \t]+(.*)$")
NUMBER = re.compile(r"^[ \t]*\d+[.)][ \t]+(.*)$")
# an italic _ ends at the next _ (not at any later one a word does not follow): each opening _ is
# then read to the next _ only, so a line of many "_a" takes linear time, not quadratic
INLINE = re.compile(r"\*\*(.+?)\*\*|__(.+?)__|\*(.+?)\*|(?<!\w)_([^_]+?)_(?!\w)")


def _blocks(text: str):
    """(style, [(line content, offset of that content in text)]) for each paragraph to write."""
    pos, para, style = 0, [], None
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        heading, quote = HEADING.match(line), QUOTE.match(line)
        bullet, number = BULLET.match(line), NUMBER.match(line)
        if para and (not line.strip() or heading or quote or bullet or number or style != "Normal"):
            yield style, para
            para, style = [], None
        if not line.strip():
            continue
        if heading:
            level = len(heading.group(1))
            yield f"Heading {level}", [(heading.group(2), start + heading.start(2))]
        elif quote:
            if quote.group(1).strip():
                yield "Quote", [(quote.group(1), start + quote.start(1))]
        elif bullet or number:
            found = bullet or number
            yield ("List Bullet" if bullet else "List Number"), [(found.group(1), start + found.start(1))]
        else:
            para.append((line.strip(), start + len(line) - len(line.lstrip())))
            style = "Normal"
    if para:
        yield style, para


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
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from .characters import word_document

    if not memo_ids:
        raise ConflictError("there is no memo to export")
    doc = word_document()
    for index, memo_id in enumerate(memo_ids):
        if index:
            doc.add_page_break()
        info = study.memos.get(memo_id)
        text = study.memos.text(memo_id)
        doc.add_heading(info.title, level=0)
        byline = f"{info.kind.capitalize()} memo · {info.status}"
        if info.drafter:
            byline += f" · drafted by {info.drafter}"
        if info.reviewers:
            byline += f" · reviewed by {', '.join(info.reviewers)}"
        doc.add_paragraph(byline).runs[0].italic = True
        threads = _threads(study, memo_id)
        cuts = [c for t in threads for c in (t[0].start, t[0].end)]
        runs: list[tuple[object, int, int]] = []
        for style, lines in _blocks(text):
            paragraph = doc.add_paragraph(style=style)
            is_citation = style == "Quote" and lines[0][0].lstrip().startswith(("—", "--"))
            if is_citation:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for i, (content, offset) in enumerate(lines):
                if i:
                    paragraph.add_run(" ")
                for piece, start, bold, italic in _pieces(content, offset):
                    for part, at in _split(piece, start, cuts):
                        run = paragraph.add_run(part)
                        run.bold, run.italic = bold or None, (italic or is_citation) or None
                        runs.append((run, at, at + len(part)))
        for first, replies in threads:
            _comment(doc, runs, first, replies)
    return save_atomically(out, doc.save)


def _threads(study, memo_id: str):
    comments = study.memo_comments.for_memo(memo_id)
    return [(c, [r for r in comments if r.parent_id == c.id]) for c in comments if c.parent_id is None]


def _comment(doc, runs, first, replies) -> None:
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
    initials = "".join(p[0] for p in first.author.split() if p)[:3].upper() or None
    try:
        doc.add_comment(hit if len(hit) > 1 else hit[0], text="\n".join(lines), author=xml_safe(first.author),
                        initials=initials)
    except ValueError:  # runs in different paragraphs: anchor on the first paragraph's part
        same = [r for r in hit if r._parent is hit[0]._parent]
        doc.add_comment(same if len(same) > 1 else same[0], text="\n".join(lines), author=xml_safe(first.author),
                        initials=initials)
