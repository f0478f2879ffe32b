"""Reconciling a diverged memo as a reviewer does in a word processor: the two versions compared
word by word, each difference a change to accept or reject.

The comparison shows the *revised* version's changes to the *original*: accepting every change
gives the revised text, rejecting every one the original, and any mix a text made only of the
two. Words are never split ("calibration" is one unit), whitespace and line breaks are kept as
written, and a heading or code-fence line is one unit, so a mix never glues a heading into a
paragraph; changes that open or close a code block are merged until the block is whole, so a mix
never leaves one open. When the common ancestor is known each change says who made it (the
original's author, the revised one's, or both), so the edits of both sides can be kept at once.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..sources.anchoring import PositionMap
from .text import HEADING, headings, section_at

WORD = re.compile(r"\w+|[^\S\n]+|[^\w\s]")  # a word, a run of spaces, or one other character
LINE = re.compile(r"[^\n]*\n|[^\n]+$")
SIDES = ("original", "revised", "both")


@dataclass(frozen=True)
class MemoChange:
    """One difference: `original` words (empty for an insertion) replaced by `revised` words
    (empty for a deletion), at `start` in the original and `revised_start` in the revised."""

    number: int
    original: str
    revised: str
    start: int
    revised_start: int
    by: str  # who made it, relative to the common ancestor: original, revised, both ('' unknown)
    section: str | None  # the section of the original it is in

    @property
    def kind(self) -> str:
        if not self.original:
            return "insertion"
        return "deletion" if not self.revised else "replacement"

    @property
    def end(self) -> int:
        return self.start + len(self.original)

    @property
    def revised_end(self) -> int:
        return self.revised_start + len(self.revised)


@dataclass(frozen=True)
class Comparison:
    original: str
    revised: str
    pieces: tuple[str | int, ...]  # unchanged text, or the index of a change
    changes: tuple[MemoChange, ...]

    def text(self, accepted: Collection[int] = ()) -> str:
        """The memo with the changes numbered in `accepted` taken and every other rejected."""
        return "".join(self._chosen(p, accepted) for p in self.pieces)

    def _chosen(self, piece: str | int, accepted: Collection[int]) -> str:
        if isinstance(piece, str):
            return piece
        change = self.changes[piece]
        return change.revised if change.number in accepted else change.original

    def combined(self) -> set[int]:
        """The changes to accept to keep the edits of both sides: every change the revised side
        made; a change both made is left rejected (the original's) for the user to decide."""
        return {c.number for c in self.changes if c.by == "revised"}

    def position_map(self, accepted: Collection[int], side: str) -> PositionMap:
        """Where every character of the original (`side` 'original') or of the revised version
        lands in text(accepted): exact, because the pieces say where each came from (an
        alignment of the two texts could put repeated words in the wrong place)."""
        blocks, old, new = [], 0, 0
        for piece in self.pieces:
            if isinstance(piece, str):
                blocks.append((old, new, len(piece)))
                old, new = old + len(piece), new + len(piece)
                continue
            change = self.changes[piece]
            mine = change.original if side == "original" else change.revised
            taken = self._chosen(piece, accepted)
            if (change.number in accepted) == (side == "revised"):  # this side's words were kept
                blocks.append((old, new, len(mine)))
            old, new = old + len(mine), new + len(taken)
        return _KnownMap([b for b in blocks if b[2]], new)


class _KnownMap(PositionMap):
    """A PositionMap from blocks known in advance rather than found by aligning two texts."""

    def __init__(self, blocks: list[tuple[int, int, int]], new_len: int) -> None:
        self.blocks = blocks
        self.starts = [b[0] for b in blocks]
        self.new_len = new_len


def tokens(text: str) -> list[str]:
    """Units of comparison: words, runs of spaces, single line breaks and other characters; a
    heading or code-fence line is one unit."""
    out: list[str] = []
    for line in LINE.findall(text):
        body = line.rstrip("\n")
        if HEADING.match(body) or body.lstrip().startswith("```"):
            out.append(body)
        else:
            out.extend(WORD.findall(body))
        if line.endswith("\n"):
            out.append("\n")
    return out


def _diff(a: str, b: str) -> list[str | tuple[str, str]]:
    """Unchanged text and (a's words, b's words), in order: lines first, then words inside the
    lines that differ (fast on long memos, and no match across unrelated paragraphs)."""
    out: list[str | tuple[str, str]] = []
    a_lines, b_lines = LINE.findall(a), LINE.findall(b)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a_lines, b_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append("".join(a_lines[i1:i2]))
            continue
        ta, tb = tokens("".join(a_lines[i1:i2])), tokens("".join(b_lines[j1:j2]))
        for op, k1, k2, m1, m2 in SequenceMatcher(_spaces, ta, tb, autojunk=False).get_opcodes():
            if op == "equal":
                out.append("".join(ta[k1:k2]))
            else:
                out.append(("".join(ta[k1:k2]), "".join(tb[m1:m2])))
    return _merge(out)


def _spaces(token: str) -> bool:
    """Spaces between words never anchor an alignment on their own (they would pair unrelated
    words); line breaks do."""
    return token.isspace() and "\n" not in token


def _fences(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.lstrip().startswith("```"))


def _merge(pieces: list[str | tuple[str, str]]) -> list[str | tuple[str, str]]:
    """Join neighbouring changes, changes apart by spaces only (one change "the cat" -> "a dog",
    not two), and changes that open a code block with those up to where it closes."""
    out: list[str | tuple[str, str]] = []
    for piece in pieces:
        if isinstance(piece, str) and not piece:
            continue
        if out and isinstance(piece, str) and isinstance(out[-1], str):
            out[-1] += piece
        elif out and isinstance(piece, tuple) and isinstance(out[-1], tuple):
            out[-1] = (out[-1][0] + piece[0], out[-1][1] + piece[1])
        elif (isinstance(piece, tuple) and len(out) >= 2 and isinstance(out[-1], str)
              and isinstance(out[-2], tuple) and (not out[-1].strip(" \t") or _open(out[-2]))):
            gap = out.pop()
            before = out.pop()
            out.append((before[0] + gap + piece[0], before[1] + gap + piece[1]))
        else:
            out.append(piece)
    if len(out) >= 2 and isinstance(out[-1], str) and isinstance(out[-2], tuple) and _open(out[-2]):
        gap = out.pop()  # a code block left open to the end: the rest belongs to the change
        before = out.pop()
        out.append((before[0] + gap, before[1] + gap))
    return out


def _open(change: tuple[str, str]) -> bool:
    return _fences(change[0]) % 2 == 1 or _fences(change[1]) % 2 == 1


def _edited_spans(base: str, version: str) -> list[tuple[int, int]]:
    """The spans of `version` (in its own positions) that differ from `base`; a deletion is an
    empty span where the words were."""
    spans, pos = [], 0
    for piece in _diff(base, version):
        if isinstance(piece, str):
            pos += len(piece)
        else:
            spans.append((pos, pos + len(piece[1])))
            pos += len(piece[1])
    return spans


def _touches(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    for s, e in spans:
        if (s < end and start < e) if (s < e and start < end) else (s <= end and start <= e):
            return True
    return False


def compare(original: str, revised: str, base: str | None = None) -> Comparison:
    """The revised version's changes to the original, numbered from 1 in reading order; with
    `base` (the version both were written on) each change says who made it."""
    pieces: list[str | int] = []
    changes: list[MemoChange] = []
    mine = _edited_spans(base, original) if base is not None else []
    theirs = _edited_spans(base, revised) if base is not None else []
    sections = headings(original)
    a = b = 0
    for piece in _diff(original, revised):
        if isinstance(piece, str):
            pieces.append(piece)
            a, b = a + len(piece), b + len(piece)
            continue
        old, new = piece
        by = ""
        if base is not None:
            ours, their = _touches(mine, a, a + len(old)), _touches(theirs, b, b + len(new))
            by = "both" if ours == their else ("original" if ours else "revised")
        pieces.append(len(changes))
        changes.append(MemoChange(len(changes) + 1, old, new, a, b, by, section_at(original, a, sections)))
        a, b = a + len(old), b + len(new)
    return Comparison(original, revised, tuple(pieces), tuple(changes))


def common_ancestor(parents: dict[str, tuple[str | None, str | None]], a: str, b: str) -> str | None:
    """The newest version both `a` and `b` build on, given each version's parents (versions are
    listed oldest first, so the last common one found in that order is the newest)."""
    def line(version_id: str) -> set[str]:
        seen, todo = set(), [version_id]
        while todo:
            v = todo.pop()
            if v in parents and v not in seen:
                seen.add(v)
                todo += [p for p in parents[v] if p]
        return seen

    common = line(a) & line(b)
    return next((v for v in reversed(list(parents)) if v in common), None)
