"""Speaker turns found in transcript text: `NAME:`, `[00:12:31] NAME:` and `NAME [00:12:31]:`."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..store.text import paragraphs

TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
NAME = r"[^\W\d_][\w.'’\-]*(?:[ ][\w.'’\-()]+){0,4}?"
LABEL_RE = re.compile(
    rf"^[ \t]*(?:[\[(](?P<t1>{TIME})[\])][ \t]*|(?P<t2>{TIME})[ \t]+)?"
    rf"(?P<name>{NAME})"
    rf"(?:[ \t]*[\[(](?P<t3>{TIME})[\])])?[ \t]*:(?:[ \t]+|$)",
    re.MULTILINE,
)


@dataclass(frozen=True)
class ParsedTurn:
    """One turn: [start, end) is the whole turn, [body_start, end) what the speaker said."""

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


def _label_key(name: str) -> str:
    return re.sub(r"[^\w]+", " ", name.casefold()).strip()


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


def detect_turns(text: str, speakers: bool = True) -> list[ParsedTurn]:
    """Split a transcript into turns; text with no speaker labels falls back to paragraphs.

    A label must occur at least twice in the text (after folding case and punctuation), or read
    like a name in a text that has recurring labels, so that a single "Goal 1:" or "Note:" line
    is not mistaken for a speaker.
    """
    matches = [m for m in LABEL_RE.finditer(text) if len(m.group("name")) <= 40] if speakers else []
    counts = Counter(_label_key(m.group("name")) for m in matches)
    repeated = [m for m in matches if counts[_label_key(m.group("name"))] >= 2]
    first = repeated[0].start() if repeated else len(text)
    accepted = [m for m in matches if counts[_label_key(m.group("name"))] >= 2
                or (len(repeated) >= 2 and m.start() > first and _looks_like_speaker(m.group("name")))]
    if len(accepted) < 2:
        accepted = []
    turns: list[ParsedTurn] = []
    cursor = 0
    for i, match in enumerate(accepted):
        start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
        if start > cursor:
            turns.extend(ParsedTurn(s, e, s) for s, e in paragraphs(text, cursor, start))
        nxt = accepted[i + 1].start() if i + 1 < len(accepted) else len(text)
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
