"""A transcript with its codes in the margin, and a memo, as printable HTML.

What the window prints (File > Print…, Print preview…) and `casecoder print` writes: one
self-contained HTML document, its look in style attributes only and of the subset Qt's rich
text (QTextDocument) lays out — tables, font sizes, colours, borders, block quotes — so the same
text prints from the window, opens in a browser and needs nothing beside it.

A transcript is a header (its name, district and site, type and role, wave, date, who
interviewed, who speaks, whose codings are shown) and then a table of two columns, one row per
paragraph of each speaker turn: the words on the left, and in the right margin a label for each
code whose codings overlap the row (its colour, its path "parent › leaf", its coders when several
coded the source, and, where a row has several, the first words each coded stretch begins with).
Codings of one code that overlap are one stretch, as in the Word exports (passages.py), so two
coders' codings of the same words are one label naming both. Coded words are tinted lightly in
their code's colour (underlined where codes overlap), so the text stays readable in black.

A memo is its title, what kind of memo it is, its subject, status and people, then its Markdown:
headings at the depth of the outline section they name (as the Word export places them; sections
with nothing in them left out), paragraphs with their line breaks, lists, bold and italic, and
quotations as block quotes with their "— citation" line under them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path

from ..coding.codings import Coding
from ..memos.headings import ANY_HEADING as HEADING
from ..store.errors import NotFoundError
from ..store.files import save_atomically
from ..store.paths import split_path
from ..store.text import paragraphs
from .options import study_name

TEXT_WIDTH = 70  # per cent of the page the transcript's words take; the margin has the rest
QUOTED_WORDS = 7  # how many words of a coded stretch its margin label quotes
FALLBACK_COLOR = "#888888"
INK, GREY, RULE = "#1a1a1a", "#666666", "#d0d0d0"

QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?(.*)$")
BULLET = re.compile(r"^[ \t]*[-*+][ \t]+(.*)$")
NUMBER = re.compile(r"^[ \t]*(\d+)[.)][ \t]+(.*)$")
RULE_LINE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# bold, italic (an _ only between non-word characters, as the Word export reads it), `code`
INLINE = re.compile(r"\*\*(.+?)\*\*|__(.+?)__|\*(.+?)\*|(?<!\w)_([^_]+?)_(?!\w)|`([^`]+)`")


# ---------------------------------------------------------------------------- the document

def _document(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title></head>\n"
            f"<body style=\"font-family: 'Noto Sans', 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; "
            f"color: {INK};\">\n{body}\n</body></html>\n")


def _text(words: str) -> str:
    """`words` escaped, its line breaks kept."""
    return escape(words).replace("\r\n", "\n").replace("\n", "<br>")


def _long_date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def _facts(lines: Iterable[tuple[str, str]]) -> str:
    """The header's "label: value" lines as a borderless table (values escaped here)."""
    rows = "".join(
        f"<tr><td style=\"color: {GREY}; padding: 1px 12px 1px 0;\">{escape(label)}</td>"
        f"<td style=\"padding: 1px 0;\">{escape(value)}</td></tr>"
        for label, value in lines if value)
    return f"<table cellspacing=\"0\" cellpadding=\"0\" style=\"font-size: 9pt;\">{rows}</table>" if rows else ""


def _title(title: str, what: str) -> str:
    return (f"<h1 style=\"font-size: 18pt; margin: 0 0 2px 0;\">{escape(title)}</h1>"
            f"<p style=\"color: {GREY}; font-size: 10pt; margin: 0 0 8px 0;\">{escape(what)}</p>")


def write_printable(html: str, out_path: str | Path) -> Path:
    """Write a printable document beside `out_path`, renamed into place when complete (a full
    or read-only disk is said of `out_path`, nothing left under its name)."""
    return save_atomically(out_path, lambda partial: Path(partial).write_text(html, encoding="utf-8"))


# ---------------------------------------------------------------------------- colours

def _rgb(color: str) -> tuple[int, int, int]:
    color = color if re.fullmatch(r"#[0-9a-fA-F]{6}", color or "") else FALLBACK_COLOR
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _hex(rgb: Iterable[float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(v))):02x}" for v in rgb)


def tint(colors: Sequence[str], strength: float = 0.3) -> str:
    """A light background from the codes' colours (their average, mostly white), dark text
    stays readable on it."""
    rgbs = [_rgb(c) for c in colors] or [_rgb(FALLBACK_COLOR)]
    mean = [sum(c[i] for c in rgbs) / len(rgbs) for i in range(3)]
    return _hex(255 - (255 - v) * strength for v in mean)


def _swatch(color: str) -> str:
    color = _hex(_rgb(color))
    return f"<span style=\"background-color: {color};\">&#160;&#160;&#160;</span>"


# ---------------------------------------------------------------------------- a transcript

@dataclass
class Stretch:
    """Codings of one code that overlap (a chain of overlaps is one), as the margin shows them."""

    code_path: str
    color: str
    start: int
    end: int
    coders: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def stretches(codings: Iterable[Coding]) -> list[Stretch]:
    """The codings merged per code where they overlap, in text order."""
    by_code: dict[str, list[Coding]] = {}
    for coding in codings:
        by_code.setdefault(coding.code_id, []).append(coding)
    out: list[Stretch] = []
    for found in by_code.values():
        current: Stretch | None = None
        for c in sorted(found, key=lambda c: (c.start, -c.end)):
            if current is None or c.start >= current.end:
                current = Stretch(c.code_path, c.color, c.start, c.end)
                out.append(current)
            current.end = max(current.end, c.end)
            if c.coder not in current.coders:
                current.coders.append(c.coder)
            if c.note and c.note not in current.notes:
                current.notes.append(c.note)
    return sorted(out, key=lambda s: (s.start, -s.end, s.code_path))


def rows_of(text: str, turns: Sequence) -> list[tuple[int, int, int]]:
    """(start, end, end of the speaker label) of each row: every paragraph of every turn, the
    turn's label in its first paragraph; a text without turns, paragraph by paragraph."""
    if not turns:
        return [(s, e, s) for s, e in paragraphs(text)]
    rows = []
    for turn in turns:
        parts = paragraphs(text, turn.start, turn.end) or [(turn.start, turn.end)]
        for i, (s, e) in enumerate(parts):
            label_end = min(max(turn.body_start, s), e) if i == 0 and turn.body_start > s else s
            if s < e:
                rows.append((s, e, label_end))
    return rows


def _path_label(path: str) -> str:
    try:
        names = split_path(path)
    except Exception:  # noqa: BLE001 - a damaged name prints as it is stored
        names = [path]
    *parents, leaf = names or ["(no code)"]
    head = "".join(f"{escape(p)} › " for p in parents)
    return f"<span style=\"color: {GREY};\">{head}</span><b>{escape(leaf)}</b>"


def _opening(text: str, start: int, end: int) -> str:
    words = text[start:end].split()
    shown = " ".join(words[:QUOTED_WORDS])
    return f"“{shown}{'…' if len(words) > QUOTED_WORDS else ''}”"


def _label(text: str, stretch: Stretch, row: tuple[int, int, int], *, coders: bool, quote: bool) -> str:
    start, end, _label_end = row
    parts = [f"{_swatch(stretch.color)}&#160;{_path_label(stretch.code_path)}"]
    if coders:
        parts.append(f"<span style=\"color: {GREY};\"> · {escape(', '.join(stretch.coders))}</span>")
    lines = ["".join(parts)]
    if quote:
        continued = "… " if stretch.start < start else ""
        lines.append(f"<span style=\"color: {GREY}; font-style: italic;\">{continued}"
                     f"{escape(_opening(text, max(start, stretch.start), min(end, stretch.end)))}</span>")
    elif stretch.start < start:
        lines.append(f"<span style=\"color: {GREY}; font-style: italic;\">continued</span>")
    if stretch.notes and stretch.start >= start:
        lines.append(f"<span style=\"color: {GREY};\">Note: {_text('; '.join(stretch.notes))}</span>")
    return (f"<tr><td style=\"padding: 2px 3px; border-bottom: 3px solid #ffffff; "
            f"background-color: {tint([stretch.color], 0.14)};\">"
            + "<br>".join(lines) + "</td></tr>")


def _row_text(text: str, row: tuple[int, int, int], here: list[Stretch]) -> str:
    """The row's words, speaker label bold, coded stretches tinted (overlaps underlined)."""
    start, end, label_end = row
    cuts = {start, end, label_end}
    for s in here:
        cuts.update(c for c in (s.start, s.end) if start < c < end)
    edges = sorted(cuts)
    out = []
    for a, b in zip(edges, edges[1:], strict=False):
        piece = _text(text[a:b])
        if a < label_end:
            piece = f"<b>{piece}</b>"
        over = [s for s in here if s.start < b and a < s.end]
        if over:
            style = f"background-color: {tint([s.color for s in over], 0.3 if len(over) == 1 else 0.38)};"
            if len(over) > 1:
                style += " text-decoration: underline;"
            piece = f"<span style=\"{style}\">{piece}</span>"
        out.append(piece)
    return "".join(out)


def _coders_wanted(coder: str | Sequence[str] | None) -> list[str] | None:
    if coder is None:
        return None
    wanted = [coder] if isinstance(coder, str) else [c for c in coder if c]
    return wanted or None


def source_html(study, source_id: str, *, coder: str | Sequence[str] | None = None) -> str:
    """A transcript as a printable HTML document, its codes in the right margin beside the rows
    that hold their words. `coder` (a name or several) shows only their codings."""
    info = study.sources.get(source_id)
    text = study.sources.text(source_id)
    wanted = _coders_wanted(coder)
    codings = [c for c in study.codings.for_source(source_id, wanted) if not c.detached]
    found = stretches(codings)
    rows = rows_of(text, study.sources.turns(source_id))
    coders = sorted({c.coder for c in codings}, key=str.lower)
    several = len(coders) > 1

    place = " / ".join(p for p in (info.district, info.site) if p)
    kind = info.type + (f", {info.role}" if info.role else "")
    if wanted:
        shown = "only " + ", ".join(wanted) + "'s"
    else:
        shown = "every coder's" + (f" ({', '.join(coders)})" if coders else "")
    facts = [("District / site" if info.district and info.site else "Site" if info.site else "District", place),
             ("Source", kind), ("Wave", "" if info.wave is None else str(info.wave)),
             ("Phase", "" if info.phase is None else str(info.phase)), ("Date", _long_date(info.date)),
             ("Interviewers", ", ".join(info.interviewers)), ("Speakers", ", ".join(info.speakers)),
             ("Codings", f"{len(codings)}, {shown}"), ("Study", study_name(study)),
             ("Printed", f"{_long_date(date.today().isoformat())} by {study.user}" if study.user else "")]
    what = {"observation": "Observation notes", "artifact": "Document"}.get(info.type, "Transcript")
    head = _title(info.name, f"{what} with its codes in the margin") + _facts(facts)

    # each stretch goes to every row it overlaps: rows are in text order, so two bisections
    starts, ends = [r[0] for r in rows], [r[1] for r in rows]
    by_row: list[list[Stretch]] = [[] for _ in rows]
    for s in found:
        for i in range(bisect_right(ends, s.start), bisect_left(starts, s.end)):
            by_row[i].append(s)
    body = []
    for row, here in zip(rows, by_row, strict=True):
        labels = "".join(_label(text, s, row, coders=several, quote=len(here) > 1) for s in here)
        margin = (f"<table width=\"100%\" cellspacing=\"0\" cellpadding=\"0\" style=\"border-collapse: collapse;\">"
                  f"{labels}</table>") if labels else ""
        body.append(
            f"<tr><td width=\"{TEXT_WIDTH}%\" valign=\"top\" style=\"padding: 4px 10px 6px 0; "
            f"border-bottom: 1px solid #e6e6e6;\">{_row_text(text, row, here)}</td>"
            f"<td width=\"{100 - TEXT_WIDTH}%\" valign=\"top\" style=\"padding: 4px 0 6px 8px; font-size: 8pt; "
            f"border-left: 1px solid {RULE}; border-bottom: 1px solid #e6e6e6;\">{margin}</td></tr>")
    if not rows:
        body.append(f"<tr><td style=\"color: {GREY};\">This source has no text.</td><td></td></tr>")
    table = ("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"0\" "
             "style=\"margin-top: 12px; border-collapse: collapse;\">"
             f"<thead><tr><th width=\"{TEXT_WIDTH}%\" align=\"left\" style=\"font-size: 8pt; color: {GREY}; "
             f"padding: 0 0 3px 0; border-bottom: 1px solid {RULE};\">Text</th>"
             f"<th width=\"{100 - TEXT_WIDTH}%\" align=\"left\" style=\"font-size: 8pt; color: {GREY}; "
             f"padding: 0 0 3px 8px; border-bottom: 1px solid {RULE};\">Codes</th></tr></thead>"
             + "\n".join(body) + "</table>")
    return _document(f"{info.name} — {study_name(study)}", head + "\n" + table)


# ---------------------------------------------------------------------------- a memo

def _inline(line: str) -> str:
    """One line of Markdown: bold, italic and code spans, everything escaped."""
    out, pos = [], 0
    for match in INLINE.finditer(line):
        out.append(escape(line[pos:match.start()]))
        group = next(i for i in range(1, 6) if match.group(i) is not None)
        inner = escape(match.group(group))
        out.append(f"<b>{inner}</b>" if group <= 2 else f"<i>{inner}</i>" if group <= 4 else
                   f"<span style=\"font-family: 'DejaVu Sans Mono', monospace;\">{inner}</span>")
        pos = match.end()
    out.append(escape(line[pos:]))
    return "".join(out)


def _lines_html(lines: list[str]) -> str:
    return "<br>".join(_inline(line.strip()) for line in lines)


@dataclass
class Block:
    kind: str  # heading, paragraph, quote, bullet, number, code, rule
    level: int = 0  # a heading's level
    lines: list[str] = field(default_factory=list)  # a list's items, a quote's lines


def markdown_blocks(text: str) -> list[Block]:
    """The memo's Markdown as blocks: a run of non-blank lines is a paragraph (its line breaks
    kept), `>` lines one quotation, `-`/`1.` lines one list, ``` fences a code block."""
    blocks: list[Block] = []
    fence: Block | None = None
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if fence is not None:
            if line.lstrip().startswith("```"):
                fence = None
            else:
                fence.lines.append(line)
            continue
        last = blocks[-1] if blocks else None
        if line.lstrip().startswith("```"):
            fence = Block("code")
            blocks.append(fence)
            continue
        if not line.strip():  # ends a paragraph, a list or a quotation (whose own blank lines are `>`)
            if last is not None and last.kind != "gap":
                blocks.append(Block("gap"))
            continue
        heading, quote = HEADING.match(line), QUOTE.match(line)
        bullet, number = BULLET.match(line), NUMBER.match(line)
        if heading:
            blocks.append(Block("heading", len(heading.group(1)), [heading.group(2)]))
        elif quote:
            if last is not None and last.kind == "quote":
                last.lines.append(quote.group(1))
            else:
                blocks.append(Block("quote", 0, [quote.group(1)]))
        elif RULE_LINE.match(line) and not bullet:
            blocks.append(Block("rule"))
        elif bullet or number:
            kind, item = ("bullet", bullet.group(1)) if bullet else ("number", number.group(2))
            if last is not None and last.kind == kind:
                last.lines.append(item)
            else:
                blocks.append(Block(kind, int(number.group(1)) if number and not bullet else 0, [item]))
        elif last is not None and last.kind == "paragraph":
            last.lines.append(line)
        elif last is not None and last.kind in ("bullet", "number") and line[:1] in " \t":
            last.lines[-1] += " " + line.strip()  # an item's continuation line
        else:
            blocks.append(Block("paragraph", 0, [line]))
    return [b for b in blocks if b.kind != "gap"]


def outline_levels(blocks: list[Block], depth: dict[str, int]) -> list[Block]:
    """Headings at the level of the outline section they name (1.1 under 1 is level 2); a
    heading written under a section one level deeper per # (as the Word export places them)."""
    section = 1
    for block in blocks:
        if block.kind != "heading":
            continue
        if block.level == 1:
            section = depth.get(block.lines[0].strip().lower(), 1)
            block.level = section
        else:
            block.level = section + block.level - 1
        block.level = min(6, block.level)
    return blocks


def drop_empty(blocks: list[Block]) -> list[Block]:
    """The blocks without the headings that have nothing under them before the next heading of
    their level or above."""
    keep = []
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            keep.append(block)
            continue
        for other in blocks[i + 1:]:
            if other.kind == "heading" and other.level <= block.level:
                break
            if other.kind != "heading":
                keep.append(block)
                break
    return keep


HEADING_SIZES = {1: 15, 2: 13, 3: 11.5, 4: 10.5, 5: 10, 6: 10}


def _quote_html(lines: list[str]) -> str:
    """A block quote: its paragraphs (split at empty `>` lines) and a last line that starts
    with a dash as its citation, right under it."""
    paras: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paras[-1].append(line)
        elif paras[-1]:
            paras.append([])
    paras = [p for p in paras if p]
    citation = ""
    if paras and paras[-1][-1].lstrip().startswith(("—", "--")):
        words = paras[-1].pop().strip()
        words = "— " + words.lstrip("—-").strip()
        citation = (f"<p style=\"margin: 2px 0 0 0; color: {GREY}; font-size: 9pt;\">"
                    f"{_inline(words)}</p>")
        paras = [p for p in paras if p]
    body = "".join(f"<p style=\"margin: 0 0 4px 0;\">{_lines_html(p)}</p>" for p in paras)
    return ("<blockquote style=\"margin: 6px 24px 10px 24px; color: #333333;\">"
            f"{body}{citation}</blockquote>")


def markdown_html(text: str, depth: dict[str, int] | None = None, *, keep_empty: bool = False) -> str:
    """A memo's Markdown as HTML for QTextDocument (and any browser): headings h1–h6 (placed by
    the outline's `depth` of each section name, when given), paragraphs, quotations, lists."""
    blocks = outline_levels(markdown_blocks(text), depth or {})
    if not keep_empty:
        blocks = drop_empty(blocks)
    out = []
    for block in blocks:
        if block.kind == "heading":
            size = HEADING_SIZES[block.level]
            out.append(f"<h{block.level} style=\"font-size: {size}pt; margin: 14px 0 4px 0;\">"
                       f"{_inline(block.lines[0])}</h{block.level}>")
        elif block.kind == "paragraph":
            out.append(f"<p style=\"margin: 0 0 8px 0;\">{_lines_html(block.lines)}</p>")
        elif block.kind == "quote":
            out.append(_quote_html(block.lines))
        elif block.kind in ("bullet", "number"):
            tag = "ul" if block.kind == "bullet" else "ol"
            first = f" start=\"{block.level}\"" if block.kind == "number" and block.level not in (0, 1) else ""
            items = "".join(f"<li style=\"margin: 0 0 2px 0;\">{_inline(item.strip())}</li>" for item in block.lines)
            out.append(f"<{tag}{first} style=\"margin: 0 0 8px 0;\">{items}</{tag}>")
        elif block.kind == "code":
            out.append("<pre style=\"font-family: 'DejaVu Sans Mono', monospace; font-size: 9pt; "
                       f"background-color: #f4f4f4; margin: 0 0 8px 0;\">{escape(chr(10).join(block.lines))}</pre>")
        elif block.kind == "rule":
            out.append("<hr>")
    if not out:
        out.append(f"<p style=\"color: {GREY};\">Nothing is written in this memo yet.</p>")
    return "\n".join(out)


def memo_html(study, memo_id: str, *, text: str | None = None, keep_empty: bool = False) -> str:
    """A memo as a printable HTML document: its title, kind, subject, status and people, then its
    text (`text`: what an editor shows, unsaved edits included; default the stored text)."""
    info = study.memos.get(memo_id)
    stored = study.memos.text(memo_id)
    written = stored if text is None else text
    subject = ""
    if info.subject_id:
        try:
            subject = study.memos.subject_name(info)
        except NotFoundError:
            subject = ""
    place = ""
    if info.kind == "site" and info.subject_id:
        district = study.cases.places().get(info.subject_id, (None, None))[0]
        place = " / ".join(p for p in (district, subject) if p)
    authors = list(dict.fromkeys(v.author for v in study.memos.versions(memo_id) if v.author))
    about = {"site": "District / site" if " / " in place else "Site", "district": "District", "code": "Code"}
    facts = [(about.get(info.kind, ""), place or subject if info.kind in about else ""), ("Status", info.status),
             ("Drafted by", info.drafter), ("Reviewed by", ", ".join(info.reviewers)),
             ("Written by", ", ".join(authors)), ("Study", study_name(study)),
             ("Printed", f"{_long_date(date.today().isoformat())} by {study.user}" if study.user else ""),
             ("Note", "printed with edits not yet saved" if text is not None and text != stored else "")]
    depth = {s.name.lower(): len(split_path(s.path)) for s in study.sections.all()}
    head = _title(info.title, f"{info.kind.capitalize()} memo · {info.status}") + _facts(facts)
    rule = f"<hr style=\"color: {RULE};\">"
    return _document(f"{info.title} — {study_name(study)}",
                     head + "\n" + rule + "\n" + markdown_html(written, depth, keep_empty=keep_empty))
