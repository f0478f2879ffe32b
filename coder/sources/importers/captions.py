"""WebVTT and SubRip captions (Zoom, Teams, Otter exports) turned into speaker turns.

Cue numbers, timing lines, NOTE/STYLE blocks and inline tags go; consecutive cues of one speaker
merge into one turn that keeps the first cue's start time. The speaker comes from a `<v Name>`
voice tag or a leading `Name:`.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...store.errors import ImportFailed
from ...store.text import normalize_text
from ..structure import Cue
from ..turns import ParsedTurn, parse_time

CLOCK = r"(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}"
TIMING = re.compile(rf"^\s*(?P<start>{CLOCK})\s*-->\s*(?P<end>{CLOCK})")
# a tag ends at the first ">" and holds no "<": tried at each "<", a tag is read only as far as the
# next "<", so a cue of ten thousand "<" takes linear time (with [^>]* it read to the cue's end from
# each of them: quadratic, 11 s for 10 k characters)
VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^<>]+)>")
TAG = re.compile(r"</?[^<>]*>")
SPEAKER = re.compile(r"^(?P<name>[^\W\d_][\w.'’\- ]{0,40}?)\s*:\s+(?P<rest>.*)$", re.DOTALL)


def _cues(path: Path, text: str) -> list[tuple[int | None, int | None, str]]:
    """(start ms, end ms, raw cue text) for every cue, in file order."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    cues = []
    for block in blocks:
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        if lines[0].startswith("WEBVTT") or lines[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        timing_at = next((i for i, ln in enumerate(lines[:3]) if TIMING.match(ln)), None)
        if timing_at is None:
            continue
        timing = TIMING.match(lines[timing_at])
        cue_text = " ".join(ln.strip() for ln in lines[timing_at + 1:])
        if cue_text:
            cues.append((parse_time(timing.group("start")), parse_time(timing.group("end")), cue_text))
    if not cues:
        raise ImportFailed(str(path), "no caption cues found (is this really a .vtt/.srt file?)")
    return cues


def _speaker_of(raw: str) -> tuple[str | None, str]:
    voice = VOICE.search(raw)
    if voice:
        return voice.group(1).strip(), " ".join(TAG.sub("", raw).split())
    plain = " ".join(TAG.sub("", raw).split())
    match = SPEAKER.match(plain)
    if match and len(match.group("name").split()) <= 5:
        return match.group("name").strip(), match.group("rest").strip()
    return None, plain


def read_captions(path: Path, decoded: str, fmt: str) -> tuple[str, list[ParsedTurn], list[Cue]]:
    """The transcript text ('Name: words' per turn, a blank line between), its turns, and each
    cue's words in it with the cue's times."""
    merged: list[list] = []  # [speaker, start_ms, [(texts, start ms, end ms)]]
    for start, end, raw in _cues(path, decoded):
        speaker, words = _speaker_of(raw)
        words, _ = normalize_text(words.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
        if not words:
            continue
        if merged and merged[-1][0] == speaker and speaker is not None:
            merged[-1][2].append((words, start, end))
        else:
            merged.append([speaker, start, [(words, start, end)]])
    parts: list[str] = []
    turns: list[ParsedTurn] = []
    cues: list[Cue] = []
    offset = 0
    for speaker, start_ms, pieces in merged:
        prefix = f"{speaker}: " if speaker else ""
        line = prefix + " ".join(words for words, _s, _e in pieces)
        turns.append(ParsedTurn(offset, offset + len(line), offset + len(prefix), speaker, start_ms))
        at = offset + len(prefix)
        for words, cue_start, cue_end in pieces:
            cues.append(Cue(at, at + len(words), cue_start, cue_end))
            at += len(words) + 1
        parts.append(line)
        offset += len(line) + 2
    if not parts:
        raise ImportFailed(str(path), "the captions contain no text")
    return "\n\n".join(parts), turns, cues
