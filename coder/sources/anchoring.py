"""Keeping codings on their words when a source's text is corrected.

Old and new text are aligned in two passes (lines, then words and spaces inside changed lines),
which yields blocks of unchanged characters. A coding whose ends fall in unchanged text moves
with it; an end inside changed text snaps outward to the edge of the replacement. A coding whose
words were all deleted is searched for elsewhere with rapidfuzz (the paragraph may have moved);
failing that it is kept, marked detached with the words it had, for the user to place or drop.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from .speakers import label_key

TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
RELOCATE_SCORE = 90.0
MIN_SURVIVING = 0.25  # below this share of its letters left in place, a passage counts as deleted


def _units(text: str, pattern: re.Pattern | None) -> tuple[list[str], list[int]]:
    if pattern is None:
        pieces = text.splitlines(keepends=True)
        starts, pos = [], 0
        for piece in pieces:
            starts.append(pos)
            pos += len(piece)
        return pieces, starts
    found = [(m.group(0), m.start()) for m in pattern.finditer(text)]
    return [f[0] for f in found], [f[1] for f in found]


def equal_blocks(old: str, new: str) -> list[tuple[int, int, int]]:
    """(old start, new start, length) of every run of characters the edit left alone."""
    blocks: list[tuple[int, int, int]] = []
    old_lines, old_starts = _units(old, None)
    new_lines, new_starts = _units(new, None)
    old_starts.append(len(old))
    new_starts.append(len(new))
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        a0, a1, b0, b1 = old_starts[i1], old_starts[i2], new_starts[j1], new_starts[j2]
        if tag == "equal":
            blocks.append((a0, b0, a1 - a0))
        elif tag == "replace":
            blocks.extend(_word_blocks(old[a0:a1], new[b0:b1], a0, b0))
    return [b for b in blocks if b[2] > 0]


def _word_blocks(old: str, new: str, a_off: int, b_off: int) -> list[tuple[int, int, int]]:
    old_tokens, old_starts = _units(old, TOKEN)
    new_tokens, new_starts = _units(new, TOKEN)
    old_starts.append(len(old))
    new_starts.append(len(new))
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    out = []
    for i, j, n in matcher.get_matching_blocks():
        if n:
            out.append((a_off + old_starts[i], b_off + new_starts[j], old_starts[i + n] - old_starts[i]))
    return out


class PositionMap:
    """Maps positions in the old text to positions in the new one."""

    def __init__(self, old: str, new: str) -> None:
        self.blocks = equal_blocks(old, new)
        self.starts = [b[0] for b in self.blocks]
        self.new_len = len(new)

    def map(self, pos: int, side: str) -> tuple[int, bool]:
        """(new position, True when pos lay in unchanged text). `side` is 'start' or 'end':
        a position inside changed text snaps to the start or the end of its replacement."""
        if side == "end":
            i = bisect_left(self.starts, pos) - 1  # a block ending exactly at pos counts
            if i >= 0:
                a, b, n = self.blocks[i]
                if a < pos <= a + n:
                    return b + (pos - a), True
        i = bisect_right(self.starts, pos) - 1
        if i >= 0:
            a, b, n = self.blocks[i]
            if a <= pos < a + n:
                return b + (pos - a), True
        if side == "start":
            # start of the replacement = end of the previous unchanged block in the new text
            return (self.blocks[i][1] + self.blocks[i][2]) if i >= 0 else 0, False
        nxt = i + 1
        return (self.blocks[nxt][1] if nxt < len(self.blocks) else self.new_len), False

    def surviving(self, old: str, start: int, end: int) -> float:
        """The share of the letters and digits of old[start:end] that the edit left in place."""
        total = sum(ch.isalnum() for ch in old[start:end])
        if not total:
            return 1.0
        kept = 0
        i = max(0, bisect_right(self.starts, start) - 1)
        while i < len(self.blocks) and self.blocks[i][0] < end:
            a, _, n = self.blocks[i]
            lo, hi = max(a, start), min(a + n, end)
            if lo < hi:
                kept += sum(ch.isalnum() for ch in old[lo:hi])
            i += 1
        return kept / total

    def map_range(self, start: int, end: int) -> tuple[int, int]:
        if start == end:
            pos, _ = self.map(start, "start")
            return pos, pos
        s, _ = self.map(start, "start")
        e, _ = self.map(end, "end")
        return (s, max(s, e))


def _nearest(new: str, quote: str, hint: int, window: int) -> tuple[int, int] | None:
    """The occurrence of `quote` in `new` closest to `hint`, within `window` characters."""
    lo = max(0, hint - window)
    hi = min(len(new), hint + window + len(quote))
    best, pos = None, new.find(quote, lo, hi)
    while pos >= 0:
        if best is None or abs(pos - hint) < abs(best - hint):
            best = pos
        pos = new.find(quote, pos + 1, hi)
    return (best, best + len(quote)) if best is not None else None


def relocate(quote: str, new: str, hint: int) -> tuple[int, int] | None:
    """Where `quote` (deleted from its place) now stands in `new`, if anywhere, nearest `hint`."""
    if not quote.strip():
        return None
    exact = _nearest(new, quote, hint, len(new))
    if exact or len(quote.strip()) < 10:
        return exact
    alignment = fuzz.partial_ratio_alignment(quote, new, score_cutoff=RELOCATE_SCORE)
    if alignment is None:
        return None
    return alignment.dest_start, alignment.dest_end


def anchor_range(mapping: PositionMap, old: str, new: str, start: int, end: int) -> tuple[int, int, str]:
    """Where the passage old[start:end] belongs in `new`, and how it got there: 'same' (its
    words are there, perhaps shifted), 'edited' (its words were corrected), 'relocated' (found
    elsewhere) or 'detached' (its words are gone)."""
    quote = old[start:end]
    s, e = mapping.map_range(start, end)
    if new[s:e] == quote:
        return s, e, "same"
    # Repeated words make the alignment ambiguous: prefer the exact words close by.
    near = _nearest(new, quote, s, max(200, 2 * len(quote))) if quote else None
    if near:
        return near[0], near[1], "same"
    if e > s and mapping.surviving(old, start, end) >= MIN_SURVIVING:
        return s, e, "edited"
    spot = relocate(quote, new, s)
    if spot:
        return spot[0], spot[1], "relocated"
    return s, s, "detached"


def reanchor_codings(study, source_id: str, old: str, new: str, old_turns=()) -> dict:
    """Move every coding of a source onto `new`; return a report of what moved and what not."""
    mapping = PositionMap(old, new)
    conn = study.conn
    report = {"unchanged": 0, "moved": [], "relocated": [], "detached": [], "merged": []}
    source_n = study.sources.number(source_id)
    rows = conn.execute(
        "SELECT c.id, k.id, c.code_n, c.coder, c.start, c.end, c.detached, c.detached_text FROM codings c "
        "JOIN codes k ON k.n = c.code_n WHERE c.source_n = ? ORDER BY c.start", (source_n,)).fetchall()
    for cid, code_id, code_n, coder, start, end, detached, detached_text in rows:
        if detached:
            quote = detached_text
            hint = mapping.map(start, "start")[0]
            spot = relocate(quote, new, hint)
            s, e, status = (spot[0], spot[1], "relocated") if spot else (hint, hint, "detached")
        else:
            quote = old[start:end]
            s, e, status = anchor_range(mapping, old, new, start, end)
        entry = {"id": cid, "code": study.codes.path_of(code_id), "old": [start, end], "new": [s, e]}
        if status == "detached":
            report["detached"].append({**entry, "text": quote})
        elif status == "relocated":
            report["relocated"].append(entry)
        elif (s, e) == (start, end):
            report["unchanged"] += 1
        else:
            report["moved"].append(entry)
        clash = conn.execute(
            "SELECT id FROM codings WHERE source_n = ? AND code_n = ? AND coder = ? AND start = ? AND end = ? "
            "AND id != ?", (source_n, code_n, coder, s, e, cid)).fetchone()
        if clash and status != "detached":
            conn.execute("DELETE FROM codings WHERE id = ?", (cid,))
            study.tombstone("coding", cid)
            report["merged"].append({"id": cid, "into": clash[0]})
            continue
        if clash:  # two detached codings of one code on one spot: shift this one a character
            s = e = min(s + 1, len(new))
        conn.execute(
            "UPDATE codings SET start = ?, end = ?, detached = ?, detached_text = ?, modified_at = ?, "
            "modified_by = ? WHERE id = ?",
            (s, e, int(status == "detached"), quote if status == "detached" else "",
             *study.modified().values(), cid))
    _carry_turn_times(conn, source_id, mapping, old_turns)
    _carry_turn_speakers(conn, source_id, mapping, old_turns)
    reanchor_quotations(conn, source_id, mapping)
    return report


def reanchor_quotations(conn, source_id: str, mapping: PositionMap) -> None:
    """Memo quotations, claim evidence and pinned quotations keep their words; their ranges move
    with the text, as codings do, so each still points at its passage."""
    for table in ("memo_evidence", "claim_evidence", "pattern_quotes"):
        for row_id, start, end in conn.execute(f"SELECT id, start, end FROM {table} WHERE source_id = ?",
                                               (source_id,)).fetchall():
            moved = mapping.map_range(start, end)
            if moved != (start, end):
                conn.execute(f"UPDATE {table} SET start = ?, end = ? WHERE id = ?", (*moved, row_id))


def _carry_turn_times(conn, source_id: str, mapping: PositionMap, old_turns) -> None:
    """Caption timestamps are not in the text: give each new turn its old turn's time."""
    times = {}
    for turn in old_turns:
        if turn.time_ms is not None:
            pos, exact = mapping.map(turn.start, "start")
            if exact:
                times[pos] = turn.time_ms
    for tid, start in conn.execute("SELECT id, start FROM turns WHERE source_id = ? AND time_ms IS NULL",
                                   (source_id,)).fetchall():
        if start in times:
            conn.execute("UPDATE turns SET time_ms = ? WHERE id = ?", (times[start], tid))


def _carry_turn_speakers(conn, source_id: str, mapping: PositionMap, old_turns) -> None:
    """A turn whose label the correction left as it was keeps its speaker, though the label's
    study-wide speaker is another (one label split between two people, coder/speakers.py)."""
    kept = {}
    for turn in old_turns:
        if turn.speaker_id:
            pos, exact = mapping.map(turn.start, "start")
            if exact:
                kept[pos] = (label_key(turn.label or ""), turn.speaker_id)
    for tid, start, label, speaker in conn.execute("SELECT id, start, label, speaker_id FROM turns "
                                                   "WHERE source_id = ?", (source_id,)).fetchall():
        old = kept.get(start)
        if old and old[0] == label_key(label or "") and old[1] != speaker:
            conn.execute("UPDATE turns SET speaker_id = ? WHERE id = ?", (old[1], tid))
