"""Selection positions across tools, and their place in our normalised text.

The standard counts 0-based Unicode code points over the plain text, end exclusive. NVivo counts
UTF-16 code units over the raw text with CRLF as two; ATLAS.ti counts a CRLF line break as one.
For each archive we try the four readings {code points, UTF-16 units} x {CRLF as 2, CRLF as 1},
score each by how many selection ends fall on word boundaries (a coder selects words, not halves
of them) and how many fall outside the text or inside a character, and take the best; the
producing tool's `origin` breaks ties. Positions are then carried onto the stored text, which is
normalised the way every import normalises (coder.text.normalize_text: NFC, '\\n' line ends,
right-stripped lines, no leading or trailing blank lines) through a map built alongside it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ...store.text import BREAK_CONTROLS, DROPPED_CONTROLS, normalize_text

CONVENTIONS = (("code points", 2), ("code points", 1), ("utf-16", 2), ("utf-16", 1))
STANDARD = ("code points", 2)
# whitespace at the end of a line (what str.rstrip takes); tried only where a run of it starts, so
# a long run inside a line is scanned once, not once for each of its characters
TRAILING = re.compile(r"(?<![^\S\n])[^\S\n]+(?=\n|\Z)")
UNUSUAL = re.compile(f"[{BREAK_CONTROLS}]|{DROPPED_CONTROLS.pattern}")  # what clean_controls changes
ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


@dataclass(frozen=True)
class Reading:
    units: str  # "code points" or "utf-16"
    crlf: int  # 2 or 1

    def as_dict(self, reason: str) -> dict:
        return {"units": self.units, "crlf": self.crlf, "reason": reason}


def normalized(raw: str) -> str:
    """The text `normalize_with_map` gives, without its map (what a source stores)."""
    return normalize_text(raw)[0] if not raw.startswith("\ufeff") else normalize_with_map(raw)[0]


def normalize_with_map(raw: str) -> tuple[str, Sequence[int]]:
    """The normalised text (equal to coder.text.normalize_text(raw)[0]) and, for each boundary
    0..len(raw) of the raw text (BOM already removed), the boundary it becomes. Each step keeps a
    map only when it changes something, so a clean UTF-8 LF text costs a few passes in C, and a
    text the normalisation leaves as it is maps through a range (no list of its length)."""
    text1, map1 = _line_breaks(raw)
    text2, map2 = _compose(text1)
    text3, map3 = _strip_lines(text2)
    lead = len(text3) - len(text3.lstrip("\n"))
    text = text3.strip("\n")
    final = map3
    if map2 is not None:
        final = [final[i] for i in map2]
    if map1 is not None:
        final = [final[i] for i in map1]
    if lead or len(text) != len(text3):
        size = len(text)
        final = [min(max(x - lead, 0), size) for x in final]
    return text, final


def _line_breaks(raw: str) -> tuple[str, list[int] | None]:
    """NULs and other control characters dropped, vertical tabs and form feeds as LF (as
    coder.text.clean_controls does), CRLF and CR as LF: each raw boundary maps to the count of
    kept chars before it."""
    if "\r" not in raw and "\x00" not in raw and not UNUSUAL.search(raw):
        return raw, None
    step1, map1 = [], []
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        map1.append(len(step1))
        if ch == "\x00" or DROPPED_CONTROLS.match(ch):
            i += 1
            continue
        if ch in BREAK_CONTROLS:
            step1.append("\n")
            i += 1
            continue
        if ch == "\r":
            j = i + 1
            while j < n and (raw[j] == "\x00" or DROPPED_CONTROLS.match(raw[j])):  # these go first, so
                j += 1  # CR NUL LF is one line break too
            if j < n and (raw[j] == "\n" or raw[j] in BREAK_CONTROLS):
                map1.extend([len(step1)] * (j - i))  # between CR and LF: before the line break
                i = j
            step1.append("\n")
            i += 1
            continue
        step1.append(ch)
        i += 1
    map1.append(len(step1))
    return "".join(step1), map1


def _compose(text1: str) -> tuple[str, list[int] | None]:
    """NFC chunk by chunk (a starter and what may compose with it); inside a chunk -> its start."""
    if unicodedata.is_normalized("NFC", text1):  # the usual case: nothing composes
        return text1, None
    step2, map2 = [], []
    start, at = 0, 0
    while start < len(text1):
        end = start + 1
        while end < len(text1) and _joins(text1[end]):
            end += 1
        chunk = unicodedata.normalize("NFC", text1[start:end])
        map2.extend([at] * (end - start))
        step2.append(chunk)
        at += len(chunk)
        start = end
    map2.append(at)
    return "".join(step2), map2


def _strip_lines(text2: str) -> tuple[str, Sequence[int]]:
    """Every line right-stripped (as str.rstrip does); a boundary inside a removed run maps to
    where the run was."""
    if TRAILING.search(text2) is None:
        return text2, range(len(text2) + 1)
    out: list[int] = []
    removed = prev = 0
    pieces = []
    for match in TRAILING.finditer(text2):
        a, b = match.span()
        out.extend(range(prev - removed, a - removed))
        out.extend([a - removed] * (b - a))
        pieces.append(text2[prev:a])
        removed += b - a
        prev = b
    out.extend(range(prev - removed, len(text2) - removed + 1))
    pieces.append(text2[prev:])
    return "".join(pieces), out


def _joins(ch: str) -> bool:
    """Whether NFC may compose this character with the one before it: combining marks, and the
    medial and final Hangul jamo (combining class 0, yet composed into a syllable)."""
    code = ord(ch)
    return bool(unicodedata.combining(ch)) or 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF \
        or unicodedata.normalize("NFC", "a" + ch) != "a" + ch


def unit_map(raw: str, reading: Reading) -> tuple[Sequence[int], set[int]]:
    """For each unit offset of `reading`, the raw boundary it denotes; and the offsets that fall
    inside a character (half a surrogate pair)."""
    n = len(raw)
    if (reading.crlf == 2 or "\r" not in raw) and (reading.units == "code points" or not ASTRAL.search(raw)):
        return range(n + 1), set()  # every unit is one character
    out, inside = [], set()
    for i, ch in enumerate(raw):
        if ch == "\r" and reading.crlf == 1 and i + 1 < n and raw[i + 1] == "\n":
            continue  # the CR of a CRLF takes no unit: its LF is the line break
        width = 2 if reading.units == "utf-16" and ord(ch) > 0xFFFF else 1
        out.append(i)
        for _extra in range(width - 1):
            inside.add(len(out))
            out.append(i)
    out.append(n)
    return out, inside


def is_boundary(text: str, at: int) -> bool:
    """A word boundary: not between two letters or digits."""
    if at <= 0 or at >= len(text):
        return True
    return not (text[at - 1].isalnum() and text[at].isalnum())


def place(start: int, end: int, units: Sequence[int], inside: set[int],
          raw_map: Sequence[int]) -> tuple[int, int] | str:
    """A selection's range in the normalised text, or why it cannot be placed."""
    if start > end:
        return "reversed (start after end)"
    if start == end:
        return "zero-length"
    if start < 0 or end >= len(units):
        return f"outside the text ({len(units) - 1} positions)"
    if start in inside or end in inside:
        return "inside a character (half of a UTF-16 surrogate pair)"
    a, b = raw_map[units[start]], raw_map[units[end]]
    if a >= b:
        return "covers only line breaks or spaces the import removes"
    return a, b


def choose(texts: list[tuple[str, list[tuple[int, int]]]], origin: str,
           normalized: list[tuple[str, list[int]]] | None = None) -> tuple[Reading, str]:
    """The reading that places the most selection ends on word boundaries, over every text of
    the archive (raw text, its selections; their normalize_with_map results when known); the
    origin decides ties."""
    hint = _hint(origin)
    if not any(sels for _raw, sels in texts):
        return Reading(*hint), "no selections to check; " + _hint_reason(origin, hint)
    if all(("\r" not in raw and not ASTRAL.search(raw)) for raw, sels in texts if sels):
        return Reading(*STANDARD), "the texts have no CRLF line breaks and no characters outside the Basic " \
                                   "Multilingual Plane: every convention gives the same positions"
    scores = dict.fromkeys(CONVENTIONS, 0)
    for index, (raw, sels) in enumerate(texts):  # one text's maps at a time: they are large
        if not sels:
            continue
        text, raw_map = normalized[index] if normalized is not None else normalize_with_map(raw)
        for units, crlf in CONVENTIONS:
            unit_offsets, inside = unit_map(raw, Reading(units, crlf))
            for start, end in sels:
                placed = place(start, end, unit_offsets, inside, raw_map)
                if isinstance(placed, str):
                    scores[(units, crlf)] -= 4
                else:
                    scores[(units, crlf)] += is_boundary(text, placed[0]) + is_boundary(text, placed[1])
    best = max(scores.values())
    tied = [c for c in CONVENTIONS if scores[c] == best]
    chosen = hint if hint in tied else tied[0]
    detail = ", ".join(f"{u}/CRLF as {c}: {scores[(u, c)]}" for u, c in CONVENTIONS)
    why = "word-boundary check" + (" and the origin" if len(tied) > 1 and hint in tied else "")
    return Reading(*chosen), f"chosen by the {why} (scores {detail})"


def _hint(origin: str) -> tuple[str, int]:
    lowered = (origin or "").lower()
    if "nvivo" in lowered or "utf-16" in lowered:
        return ("utf-16", 2)
    if "atlas" in lowered:
        return ("code points", 1)
    return STANDARD


def _hint_reason(origin: str, hint: tuple[str, int]) -> str:
    return f"{hint[0]}, CRLF as {hint[1]} assumed from the origin {origin!r}" if origin else "the standard assumed"
