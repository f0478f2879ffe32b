"""Memos to Word: Markdown rendered with real heading, list and quote styles, and review
comments as real Word comments on the words they were made on.

A memo's headings take the level of the outline section they name (1.1 under 1 is Heading 2),
so Word's navigation pane and the contents show the memo's shape; headings written under a
section go one level deeper per #. A section with nothing written in it or under it is left out
unless the options keep empty sections (a reviewer's checklist). A single line break in a
paragraph stays a line break, as the memo editor shows it.

python-docx 1.2 writes comments but not threads, so a comment's replies and its state go into
the comment's own text. Each rendered run remembers the stretch of memo text it came from, so a
comment lands on exactly its words even when they span bold or italic runs.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..store.errors import ConflictError
from ..store.paths import split_path
from ..store.progress import CancelToken, Progress, no_progress
from .document import Document, bind
from .options import PLAIN, WordOptions, about, running

HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
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


def _levels(study) -> dict[str, int]:
    """Each outline section's depth (1 for a top section), by its name in lower case."""
    return {section.name.lower(): len(split_path(section.path)) for section in study.sections.all()}


def _outline(blocks: list, depth: dict[str, int], shift: int) -> list:
    """The blocks with each heading's level set from the outline (`shift` added: 1 when the
    memo's title is itself a heading of a longer document)."""
    out, section = [], 1
    for kind, level, lines in blocks:
        if kind == "heading":
            if level == 1:
                section = depth.get(lines[0][0].strip().lower(), 1)
                level = section
            else:
                level = section + level - 1
            level = min(9, level + shift)
        out.append((kind, level, lines))
    return out


def _drop_empty(blocks: list) -> list:
    """The blocks without the headings that have nothing under them before the next heading of
    their level or above."""
    keep = [True] * len(blocks)
    for i, (kind, level, _lines) in enumerate(blocks):
        if kind != "heading":
            continue
        keep[i] = False
        for other_kind, other_level, _l in blocks[i + 1:]:
            if other_kind == "heading" and other_level <= level:
                break
            if other_kind != "heading":
                keep[i] = True
                break
    return [b for b, k in zip(blocks, keep, strict=True) if k]


def write_memos(study, memo_ids: list[str], out: str | Path, options: WordOptions = PLAIN,
                progress: Progress = no_progress, token: CancelToken | None = None) -> Path:
    """One Word document with each memo (a page apart), its comments as Word comments. One memo
    is the document's title; several go under a title of their own, each memo a Heading 1.
    `progress` hears of each memo; a cancelled `token` stops before anything is saved."""
    if not memo_ids:
        raise ConflictError("there is no memo to export")
    doc = Document(template=options.template)
    depth = _levels(study)
    many = len(memo_ids) > 1
    if many:
        what = "Site case memos" if all(study.memos.get(m).kind == "site" for m in memo_ids) else "Memos"
        doc.title_block(what, f"{len(memo_ids)} memos", about(study), running=running(study, what.lower()))
        doc.contents()
    for done, memo_id in enumerate(memo_ids):
        info = study.memos.get(memo_id)
        progress(done, len(memo_ids), info.title)
        if token is not None:
            token.check()
        if many:
            doc.new_page()
        byline = f"{info.kind.capitalize()} memo · {info.status}"
        if info.drafter:
            byline += f" · drafted by {info.drafter}"
        if info.reviewers:
            byline += f" · reviewed by {', '.join(info.reviewers)}"
        if many:
            doc.heading(info.title, 1)
            doc.paragraph(byline, "note")
        else:
            doc.title_block(info.title, byline, about(study), running=running(study, info.title))
            doc.contents()
        _memo_body(doc, study, memo_id, depth, 1 if many else 0, options.keep_empty)
    return doc.save(out)


def _memo_body(doc: Document, study, memo_id: str, depth: dict[str, int], shift: int, keep_empty: bool) -> None:
    text = study.memos.text(memo_id)
    threads = _threads(study, memo_id)
    cuts = [c for t in threads for c in (t[0].start, t[0].end)]
    blocks = _outline(list(_blocks(text)), depth, shift)
    if not keep_empty:
        blocks = _drop_empty(blocks)
    if not blocks:
        doc.paragraph("Nothing is written in this memo yet.", "note")
    runs: list[tuple[object, int, int]] = []
    for kind, level, lines in blocks:
        is_citation = kind == "quote" and lines[0][0].lstrip().startswith(("—", "--"))
        if kind == "heading":
            paragraph = doc.heading("", level)
        else:
            paragraph = doc.paragraph("", "citation" if is_citation else kind)
        for i, (content, offset) in enumerate(lines):
            if i:
                paragraph.add("\n")  # a line break, as the memo editor shows it
            if is_citation:
                content = bind(content.lstrip())
                offset += len(lines[0][0]) - len(lines[0][0].lstrip())
            for piece, start, bold, italic in _pieces(content, offset):
                for part, at in _split(piece, start, cuts):
                    runs.append((paragraph.add(part, bold=bold, italic=italic), at, at + len(part)))
    for first, replies in threads:
        _comment(doc, runs, first, replies)


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
