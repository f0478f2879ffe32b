"""Text normalisation and the language analysis stored with every source.

Text is kept once, NFC-normalised with '\\n' line ends; sentences and lemma tokens are ranges into
it. spaCy runs as a blank English pipeline (sentencizer and the lookup lemmatizer from
spacy-lookups-data): nothing is ever downloaded. It is imported on first use so read-only
commands start fast.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from dataclasses import dataclass

MAX_BLOCK = 100_000  # characters handed to spaCy at once

_nlp = None
_lookup = None


def normalize_text(raw: str) -> tuple[str, list[str]]:
    """NFC, '\\n' line ends, no NUL bytes, no trailing blank lines; returns warnings too."""
    warnings = []
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    nuls = raw.count("\x00")
    if nuls:
        raw = raw.replace("\x00", "")
        warnings.append(f"removed {nuls} stray NUL byte{'s' if nuls > 1 else ''}")
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    return text, warnings


def nlp():
    """The shared blank English pipeline, built on first use from installed data only."""
    global _nlp
    if _nlp is None:
        import spacy

        pipeline = spacy.blank("en")
        pipeline.add_pipe("sentencizer")
        pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
        pipeline.initialize()
        global _lookup
        _lookup = pipeline.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
        _nlp = pipeline
    return _nlp


def lemma_of(token) -> str:
    """The lowercase lemma; a capitalised word the lookup table misses is looked up lowercased
    ("Teachers" -> "teacher"), so sentence-initial words are found like any other."""
    lemma = token.lemma_ or token.text
    if lemma == token.text and not token.text.islower():
        lower = token.text.lower()
        lemma = _lookup.get(lower, lower) if _lookup is not None else lower
    return lemma.lower().replace(" ", "_")


@dataclass
class Analysis:
    """Sentence ranges and lemma tokens (with the text range of each) of one text."""

    sentences: list[tuple[int, int]]
    lemmas: list[str]
    lemma_spans: list[tuple[int, int]]

    @property
    def lemma_text(self) -> str:
        return " ".join(self.lemmas)


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Ranges of runs of non-blank lines inside [start, end)."""
    end = len(text) if end is None else end
    out = []
    for match in re.finditer(r"[^\n]+(?:\n[ \t]*[^\s\n][^\n]*)*", text[start:end]):
        s, e = start + match.start(), start + match.end()
        s += len(text[s:e]) - len(text[s:e].lstrip())
        if s < e:
            out.append((s, e))
    return out


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split an over-long block at whitespace so spaCy never sees more than MAX_BLOCK."""
    pieces = []
    while end - start > MAX_BLOCK:
        cut = text.rfind(" ", start, start + MAX_BLOCK)
        cut = cut if cut > start else start + MAX_BLOCK
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def analyse(text: str, blocks: list[tuple[int, int]]) -> Analysis:
    """Sentences and lemmas of `text`, computed block by block (turn bodies or paragraphs)."""
    pieces = [piece for s, e in blocks for piece in _chunks(text, s, e)]
    sentences: list[tuple[int, int]] = []
    lemmas: list[str] = []
    spans: list[tuple[int, int]] = []
    pipeline = nlp()
    docs = pipeline.pipe((text[s:e] for s, e in pieces), batch_size=64)
    for (offset, _), doc in zip(pieces, docs, strict=True):
        for sent in doc.sents:
            s, e = _trim(text, offset + sent.start_char, offset + sent.end_char)
            if s < e:
                sentences.append((s, e))
        for token in doc:
            if token.is_space or token.is_punct:
                continue
            lemmas.append(lemma_of(token))
            spans.append((offset + token.idx, offset + token.idx + len(token.text)))
    return Analysis(sentences, lemmas, spans)


def lemmatize_query(query: str) -> list[str]:
    """The lemma sequence of a search query, made the same way as the index."""
    doc = nlp()(query)
    return [lemma_of(t) for t in doc if not (t.is_space or t.is_punct)]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def pack_spans(spans: list[tuple[int, int]]) -> bytes:
    """Ranges as little-endian uint32 pairs: compact, and cheap to load for one source."""
    flat = array("I", (n for pair in spans for n in pair))
    if sys.byteorder == "big":
        flat.byteswap()
    return flat.tobytes()


def unpack_spans(blob: bytes) -> list[tuple[int, int]]:
    flat = array("I")
    flat.frombytes(blob or b"")
    if sys.byteorder == "big":
        flat.byteswap()
    return list(zip(flat[0::2], flat[1::2], strict=True))
