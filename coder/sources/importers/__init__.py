"""Readers that turn a transcript file into normalised text (and, for captions, turns).

Each reader refuses a file it cannot read with ImportFailed naming the file and the problem;
none writes anything. `read_document` picks the reader by extension.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...store.errors import ImportFailed
from ...store.text import clean_controls, normalize_text
from ..structure import Structure, structure_for
from ..turns import ParsedTurn

MAX_FILE_BYTES = 200 * 1024 * 1024  # documented limit: 200 MB per file
FORMATS = {".txt": "txt", ".md": "md", ".docx": "docx", ".vtt": "vtt", ".srt": "srt", ".odt": "odt"}


@dataclass
class ParsedDocument:
    """A file's text, ready to store; `turns` is None when the text's labels should be detected."""

    path: Path
    format: str
    text: str
    turns: list[ParsedTurn] | None = None
    warnings: list[str] = field(default_factory=list)
    # headings and caption cues, at the stored text's offsets
    structure: Structure = field(default_factory=Structure.none)


def read_document(path: str | Path) -> ParsedDocument:
    """Read any supported file; raise ImportFailed (naming the file) for anything else."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ImportFailed(str(path), f"unsupported file type {path.suffix or '(none)'!r}; "
                                      f"CaseCoder reads {', '.join(sorted(FORMATS))}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFailed(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    if size > MAX_FILE_BYTES:
        raise ImportFailed(str(path), f"the file is {size / 1e6:.0f} MB; the limit is "
                                      f"{MAX_FILE_BYTES // (1024 * 1024)} MB")
    if size == 0:
        raise ImportFailed(str(path), "the file is empty")
    headings, cues = None, None
    if fmt == "docx":
        from .docx import read_docx_headed
        (raw, headings), warnings, turns = read_docx_headed(path), [], None
    elif fmt == "odt":
        from .odt import read_odt_headed
        (raw, headings), warnings, turns = read_odt_headed(path), [], None
    elif fmt in ("vtt", "srt"):
        from .captions import read_captions
        from .plain import decode_bytes
        decoded, warnings = decode_bytes(path)
        decoded, more = clean_controls(decoded)  # before cues are split: speakers' names too
        raw, turns, cues = read_captions(path, decoded, fmt)
        warnings += more
    else:
        from .plain import decode_bytes
        raw, warnings = decode_bytes(path)
        turns = None
    if turns is None:
        text, more = normalize_text(raw)
    else:
        text, more = raw, []  # caption readers build normalised text with turn offsets into it
    if not text.strip():
        raise ImportFailed(str(path), "the file contains no text")
    return ParsedDocument(path, fmt, text, turns, warnings + more, structure_for(text, fmt, headings, cues))
