"""Turning domain records into the JSON the command line prints (a stable contract)."""

from __future__ import annotations

import json
import re
import sys

from ..coding.runs import Segment, passages, segments_csv  # noqa: F401 - re-exported for the commands

# what a terminal would act on rather than show: escape sequences (ESC, CSI) that recolour, move the
# cursor, retitle the window or write files in some terminals, and the other controls but tab and line
# ends. A transcript, a note or a file name may hold any of them; the command line shows them as
# \u001b instead (in JSON output that is the same character, written as an escape).
TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    return TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


class TerminalSafe:
    """A stream (stdout, stderr) that writes every control character a terminal would act on as
    an escape: whatever a command prints, no text from the study drives the terminal."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(terminal_safe(text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def emit(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def format_time(ms: int | None) -> str | None:
    if ms is None:
        return None
    seconds = ms // 1000
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def source_json(info) -> dict:
    return {"id": info.id, "name": info.name, "district": info.district, "site": info.site,
            "type": info.type, "role": info.role, "wave": info.wave, "phase": info.phase, "date": info.date,
            "interviewers": list(info.interviewers), "format": info.format, "chars": info.chars,
            "turns": info.turns, "speakers": list(info.speakers), "codings": info.codings}


def code_tree_json(study) -> list[dict]:
    codes = study.codes.all()
    sections = {s.id: s.path for s in study.sections.all()}
    nodes = {c.id: {"id": c.id, "path": c.path, "name": c.name, "color": c.color,
                    "section": sections.get(c.section_id), "definition": c.definition,
                    "inclusion": c.inclusion, "exclusion": c.exclusion, "example": c.example,
                    "count": c.count, "count_all": c.count_all, "children": []} for c in codes}
    roots = []
    for code in codes:
        (nodes[code.parent_id]["children"] if code.parent_id else roots).append(nodes[code.id])
    return roots


def segments_json(segments: list[Segment]) -> list[dict]:
    return [s.to_json() for s in segments]


def segments_text(segments: list[Segment]) -> str:
    lines = []
    for s in segments:
        lines.append(f"— {s.citation}" + (f"  [{s.code} · {s.coder}]" if s.code else ""))
        lines.append("  " + " ".join(s.text.split()))
    many = passages(segments)  # what a matrix cell for the same run says
    lines.append(f"{len(segments)} segment{'s' if len(segments) != 1 else ''}, "
                 f"{many} passage{'s' if many != 1 else ''}")
    return "\n".join(lines)
