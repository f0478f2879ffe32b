"""Every importer reads 1 MB of hostile text (made to make a careless regular expression backtrack:
runs of '<' in a caption cue, long lines without a colon, runs of spaces, lone underscores) about as
fast as 1 MB of ordinary transcript. The time is compared as a ratio, never against a clock."""

from __future__ import annotations

import time
import zipfile

import pytest

from coder.sources.importers import read_document
from coder.sources.sources import prepare_text

SIZE = 1_000_000
NORMAL = ("Interviewer: What is the school working on this year, and who leads it?\n\n"
          "Principal: Our focus is student talk. Teachers meet in PLCs every Wednesday to look at data, "
          "and the coach runs cycles with six teachers.\n\n")
HOSTILE_LINES = [
    "<" * 20_000,  # the caption tag pattern </?[^>]*> read to the end from each of these
    "<v " * 7_000,
    " _a" * 7_000,
    "Alder Street Elementary Bayview Middle School " * 500,  # capitalised words, no colon
    "x" + " " * 20_000 + "y",  # trailing-space patterns tried inside a run of spaces
    "Name" + " word" * 5_000,  # a label pattern that never finds its colon
    "#" * 5 + " a" + " #" * 10_000 + " b",
    "a" * 20_000,
]


def _hostile_text() -> str:
    out, size = [], 0
    while size < SIZE:
        for line in HOSTILE_LINES:
            out.append(line)
            size += len(line) + 2
    return "\n\n".join(out)


def _normal_text() -> str:
    return NORMAL * (SIZE // len(NORMAL))


def _cues(text: str) -> str:
    cues = []
    for i, block in enumerate(t for t in text.split("\n\n") if t):
        cues.append(f"{i + 1}\n00:{i // 60 % 60:02d}:{i % 60:02d},000 --> 00:{i // 60 % 60:02d}:{i % 60:02d},900\n"
                    f"{block}\n")
    return "\n".join(cues)


def _write(path, fmt: str, text: str) -> None:
    if fmt in ("txt", "md"):
        path.write_text(text, encoding="utf-8")
    elif fmt == "srt":
        path.write_text(_cues(text), encoding="utf-8")
    elif fmt == "vtt":
        path.write_text("WEBVTT\n\n" + _cues(text).replace(",000 -->", ".000 -->").replace(",900\n", ".900\n"),
                        encoding="utf-8")
    elif fmt == "docx":
        from docx import Document

        doc = Document()
        for block in text.split("\n\n"):
            doc.add_paragraph(block)
        doc.save(str(path))
    else:  # a minimal OpenDocument text
        from xml.sax.saxutils import escape

        body = "".join(f"<text:p>{escape(b)}</text:p>" for b in text.split("\n\n"))
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                             'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                             'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
                             f'<office:text>{body}</office:text></office:body></office:document-content>')


def _seconds(path) -> float:
    """The best of three reads (a shared machine): the file read, its text normalised, its turns found."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        doc = read_document(path)
        prepare_text(doc.text, doc.turns, "interview", analyse_now=False)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("fmt", ["txt", "md", "vtt", "srt", "docx", "odt"])
def test_hostile_text_imports_in_linear_time(fmt, tmp_path):
    normal, hostile = tmp_path / f"normal.{fmt}", tmp_path / f"hostile.{fmt}"
    _write(normal, fmt, _normal_text())
    _write(hostile, fmt, _hostile_text())
    assert abs(normal.stat().st_size - hostile.stat().st_size) < 0.5 * normal.stat().st_size
    ratio = _seconds(hostile) / max(_seconds(normal), 1e-3)
    assert ratio < 5, f"{fmt}: 1 MB of hostile text took {ratio:.1f} times as long as 1 MB of transcript"


def _best(action) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def test_other_readers_of_user_text_take_linear_time(coded_study):
    """A REFI-QDA source's position map (runs of spaces), a memo's inline marks (lone underscores)
    and the names the transcripts mention (a look back before each capitalised word)."""
    from coder.exchange.refi.positions import normalize_with_map
    from coder.reports.memo import INLINE

    normal, size = _normal_text()[:200_000], 200_000
    windows = normal.replace("\n", "  \r\n")  # a transcript saved on Windows, spaces at its line ends
    cases = [
        (lambda t: normalize_with_map(t), ("x" + " " * 20_000 + "y\n") * (size // 20_003), windows),
        (lambda t: [INLINE.findall(line) for line in t.split("\n")], " _a" * (size // 3), normal),
    ]
    for action, hostile, usual in cases:
        ratio = _best(lambda a=action, h=hostile: a(h)) / max(_best(lambda a=action, u=usual: a(u)), 1e-3)
        assert ratio < 5, f"{ratio:.1f} times as long"
    texts = {"normal": normal, "hostile": "\n" + " " * 100_000 + " ".join(["Alder"] * 20_000)}
    seconds = {}
    for kind, text in texts.items():
        coded_study.conn.execute("UPDATE source_texts SET text = ?", (text,))
        seconds[kind] = _best(coded_study.pseudonyms.names_in_texts)
    assert seconds["hostile"] / max(seconds["normal"], 1e-3) < 5
