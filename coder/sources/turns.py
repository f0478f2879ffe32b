"""Speaker turns found in transcript text: `NAME:`, `[00:12:31] NAME:` and `NAME [00:12:31]:`."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

from ..store.text import paragraphs

TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
NAME = r"[^\W\d_][\w.'’\-]*(?:[ ][\w.'’\-()]+){0,4}?"
LABEL = (rf"[ \t]*(?P<label>(?:[\[(](?P<t1>{TIME})[\])][ \t]*|(?P<t2>{TIME})[ \t]+)?"
         rf"(?P<name>{NAME})"
         rf"(?:[ \t]*[\[(](?P<t3>{TIME})[\])])?[ \t]*:)(?:[ \t]+|$)")
# a label at the start of the text, and one after a line break: a pattern that begins with the
# literal line break is searched for in C, where "^" with MULTILINE is tried at every character
FIRST_LABEL_RE = re.compile(LABEL, re.MULTILINE)
NEXT_LABEL_RE = re.compile("\n" + LABEL, re.MULTILINE)


class ParsedTurn(NamedTuple):
    """One turn: [start, end) is the whole turn, [body_start, end) what the speaker said.
    A tuple, not a dataclass: an import makes tens of thousands and a frozen dataclass's
    constructor costs five times as much."""

    start: int
    end: int
    body_start: int
    label: str | None = None
    time_ms: int | None = None


def parse_time(stamp: str | None) -> int | None:
    """'00:12:31' / '12:31' / '00:12:31.500' -> milliseconds."""
    if not stamp:
        return None
    stamp = stamp.replace(",", ".")
    main, _, frac = stamp.partition(".")
    parts = [int(p) for p in main.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    h, m, s = parts
    return ((h * 60 + m) * 60 + s) * 1000 + (int(frac.ljust(3, "0")[:3]) if frac else 0)


NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=4096)  # a transcript repeats a few labels a hundred times: each folded once
def _label_key(name: str) -> str:
    return NON_WORD.sub(" ", name.casefold()).strip()


NOT_SPEAKERS = {"note", "notes", "goal", "goals", "strategy", "example", "action", "objective", "step",
                "summary", "date", "time", "location", "subject", "topic", "re", "agenda", "purpose",
                "outcome", "outcomes", "evidence", "measure", "target", "lead", "timeline", "oc", "nb", "ps",
                "interview", "transcript", "observation", "title", "source", "file"}


def _looks_like_speaker(name: str) -> bool:
    """A label seen once counts when it reads like a name or role: short, capitalised, and not
    a document heading word."""
    words = name.split()
    return (len(words) <= 3 and all(w[:1].isupper() or w[:1].isdigit() for w in words)
            and _label_key(name).split()[0] not in NOT_SPEAKERS)


def _labels(text: str):
    """Every speaker label of at most 40 characters at the start of a line."""
    first = FIRST_LABEL_RE.match(text)
    if first and len(first.group("name")) <= 40:
        yield first
    for match in NEXT_LABEL_RE.finditer(text):
        if len(match.group("name")) <= 40:
            yield match


def _line_start(match: re.Match) -> int:
    """Where the line of a label begins (after the line break its pattern starts with)."""
    return match.start() + (match.re is NEXT_LABEL_RE)


def detect_turns(text: str, speakers: bool = True) -> list[ParsedTurn]:
    """Split a transcript into turns; text with no speaker labels falls back to paragraphs.

    A label must occur at least twice in the text (after folding case and punctuation), or read
    like a name in a text that has recurring labels, so that a single "Goal 1:" or "Note:" line
    is not mistaken for a speaker.
    """
    matches = list(_labels(text)) if speakers else []
    folded = [_label_key(m.group("name")) for m in matches]
    counts = Counter(folded)
    repeated = [i for i, key in enumerate(folded) if counts[key] >= 2]
    first = _line_start(matches[repeated[0]]) if repeated else len(text)
    accepted = [m for m, key in zip(matches, folded, strict=True) if counts[key] >= 2
                or (len(repeated) >= 2 and _line_start(m) > first and _looks_like_speaker(m.group("name")))]
    if len(accepted) < 2:
        accepted = []
    turns: list[ParsedTurn] = []
    cursor = 0
    for i, match in enumerate(accepted):
        start = match.start("label")
        if start > cursor:
            turns.extend(ParsedTurn(s, e, s) for s, e in paragraphs(text, cursor, start))
        nxt = _line_start(accepted[i + 1]) if i + 1 < len(accepted) else len(text)
        end = nxt  # back over trailing space (slicing off the prefix would copy the text per turn)
        while end > start and text[end - 1].isspace():
            end -= 1
        end = max(end, match.end() if match.end() <= nxt else start)
        body = min(match.end(), end)
        stamp = match.group("t1") or match.group("t2") or match.group("t3")
        turns.append(ParsedTurn(start, end, body, match.group("name").strip(), parse_time(stamp)))
        cursor = nxt
    if cursor < len(text):
        turns.extend(ParsedTurn(s, e, s) for s, e in paragraphs(text, cursor, len(text)))
    return turns
