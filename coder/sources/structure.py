"""A source's structure as its file gave it: headings (Word heading styles, OpenDocument
headings, Markdown `#` and underlined headings) and, for captions, the cues with their times.

The text a study keeps is plain, so what the file said about its shape is kept beside it, in
`source_texts.structure` (JSON), and read when a researcher codes by structure ("every section
headed 'Classroom observation' gets that code"). Headings are found in the stored text by their
words, in order, after the text was normalised, so their offsets are the stored text's own.

A heading's *section* is what follows it up to the next heading of the same or a higher level
(a lower number), or the end of the text: a level-1 section holds its level-2 sections.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

MAX_TITLE = 120  # a "heading" longer than this is a styled paragraph, not a heading
ATX = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
SETEXT = re.compile(r"^([^\n]*\S[^\n]*)\n[ ]{0,3}(=+|-+)[ \t]*$", re.MULTILINE)
FENCE = re.compile(r"^[ ]{0,3}(```|~~~)", re.MULTILINE)


@dataclass(frozen=True)
class Heading:
    """A heading line: [start, end) in the stored text, its level (1 = top) and its words."""

    start: int
    end: int
    level: int
    title: str


@dataclass(frozen=True)
class Cue:
    """A caption cue: [start, end) of its words in the stored text and its times in ms."""

    start: int
    end: int
    start_ms: int | None
    end_ms: int | None


@dataclass(frozen=True)
class Section:
    """The body under a heading: [start, end), without the heading line."""

    heading: Heading
    start: int
    end: int


@dataclass
class Structure:
    headings: list[Heading]
    cues: list[Cue]

    def __bool__(self) -> bool:
        return bool(self.headings or self.cues)

    @classmethod
    def none(cls) -> Structure:
        return cls([], [])


def pack(structure: Structure | None) -> str:
    """The column's value: '' for a text without structure."""
    if not structure:
        return ""
    return json.dumps({"headings": [[h.start, h.end, h.level, h.title] for h in structure.headings],
                       "cues": [[c.start, c.end, c.start_ms, c.end_ms] for c in structure.cues]},
                      ensure_ascii=False, separators=(",", ":"))


def unpack(value: str | None) -> Structure:
    if not value:
        return Structure([], [])
    data = json.loads(value)
    return Structure([Heading(*h) for h in data.get("headings", [])], [Cue(*c) for c in data.get("cues", [])])


def clean_title(title: str) -> str:
    """A heading's words as one line: Markdown emphasis marks and runs of spaces gone."""
    title = unicodedata.normalize("NFC", title).replace("\t", " ")
    title = re.sub(r"(\*\*|__|\*|`)", "", title)
    return " ".join(title.split())


def markdown_headings(text: str) -> list[Heading]:
    """`# Title` lines (levels 1-6) and underlined titles (=== level 1, --- level 2), outside
    fenced code blocks."""
    fenced: list[tuple[int, int]] = []
    marks = [m.start() for m in FENCE.finditer(text)]
    for a, b in zip(marks[::2], marks[1::2] + [len(text)] * (len(marks) % 2), strict=False):
        fenced.append((a, b))

    def in_fence(pos: int) -> bool:
        return any(a <= pos < b for a, b in fenced)

    found = [Heading(m.start(), m.end(), len(m.group(1)), clean_title(m.group(2)))
             for m in ATX.finditer(text) if not in_fence(m.start())]
    for m in SETEXT.finditer(text):
        line = m.group(1)
        if in_fence(m.start()) or line.lstrip().startswith(("#", "-", "*", ">", "|")) or len(line) > MAX_TITLE:
            continue
        if m.start() > 0 and text[m.start() - 1] != "\n":
            continue
        if m.start() > 1 and text[m.start() - 2] != "\n":
            continue  # an underline turns only a paragraph's single line into a heading
        found.append(Heading(m.start(), m.end(), 1 if m.group(2)[0] == "=" else 2, clean_title(line)))
    return sorted((h for h in found if h.title and len(h.title) <= MAX_TITLE), key=lambda h: h.start)


def locate_headings(text: str, wanted: list[tuple[int, str]]) -> list[Heading]:
    """Find the reader's headings ((level, words), in file order) as whole lines of the stored
    text, each after the one before; one not found (normalisation changed it) is left out."""
    out: list[Heading] = []
    at = 0
    for level, title in wanted:
        words = unicodedata.normalize("NFC", title).strip()
        if not words or len(words) > MAX_TITLE:
            continue
        pos = at
        while True:
            pos = text.find(words, pos)
            if pos < 0:
                break
            line_start = text.rfind("\n", 0, pos) + 1
            line_end = text.find("\n", pos)
            line_end = len(text) if line_end < 0 else line_end
            if not text[line_start:pos].strip() and not text[pos + len(words):line_end].strip():
                out.append(Heading(pos, pos + len(words), level, clean_title(words)))
                at = line_end
                break
            pos += 1
    return out


def sections(text: str, headings: list[Heading], levels: set[int] | None = None) -> list[Section]:
    """Each heading's section (of the chosen `levels`, default all): from after its line to the
    next heading at its level or above; trimmed of blank space; empty sections left out."""
    out = []
    for i, heading in enumerate(headings):
        if levels and heading.level not in levels:
            continue
        end = len(text)
        for later in headings[i + 1:]:
            if later.level <= heading.level:
                end = later.start
                break
        start = heading.end
        while start < end and text[start].isspace():
            start += 1
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            out.append(Section(heading, start, stop))
    return out


def structure_for(text: str, fmt: str, headings: list[tuple[int, str]] | None,
                  cues: list[Cue] | None = None) -> Structure:
    """What to keep of a file's structure: a document reader's headings found in the stored
    text, a caption reader's cues. A Markdown text's headings are in its words, read from them
    when asked (`of_text`), so an edit of the text never leaves them stale: none kept."""
    if fmt == "md":
        return Structure([], [])
    return Structure(locate_headings(text, headings or []), list(cues or []))


def of_text(text: str, fmt: str, stored: str | None) -> Structure:
    """A stored text's structure: Markdown's from its words, any other from what import kept."""
    if fmt == "md":
        return Structure(markdown_headings(text), [])
    return unpack(stored)


def carried_over(old_text: str, old: Structure, new_text: str) -> Structure:
    """The kept structure of an edited text: the headings found again by their words (one whose
    words were edited away is gone); cues do not outlive an edit of their words."""
    return Structure(locate_headings(new_text, [(h.level, old_text[h.start:h.end]) for h in old.headings]), [])
