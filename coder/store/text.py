"""Text normalisation and the language analysis stored with every source.

Text is kept once, NFC-normalised with '\\n' line ends; sentences and lemma tokens are ranges into
it. spaCy runs as a blank English pipeline (sentencizer and the lookup lemmatizer from
spacy-lookups-data): nothing is ever downloaded. It is imported on first use so read-only
commands start fast.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
import zlib
from array import array
from dataclasses import dataclass
from itertools import accumulate

from .inflate import inflate

MAX_BLOCK = 100_000  # characters handed to spaCy at once
MAX_PACKED = 1 << 30  # a packed text or span list inflates to at most 1 GB (a transcript is at most 200 MB)

_nlp = None
_lookup = None


# What a stored text may hold: no control character but tab and line break. A vertical tab (how
# Word's "Plain Text" export writes a manual line break) and a form feed (a page break) become line
# breaks; every other C0 or C1 control, DEL and the noncharacters U+FFFE/U+FFFF are dropped, since
# no export format can carry them (XML forbids most) and they mean nothing in a transcript.
BREAK_CONTROLS = "\x0b\x0c"
DROPPED_CONTROLS = re.compile("[\x01-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


_KEPT_ASCII = bytes(b for b in range(128) if not (1 <= b <= 8 or 14 <= b <= 31 or b == 127))


def _ascii_controls(raw: str) -> bool:
    """Whether an ASCII text holds a control character to drop: its bytes less every byte that
    stays, in C at memory speed (the character-class scan takes ten times as long a transcript)."""
    return bool(raw.encode("ascii").translate(None, _KEPT_ASCII))


def clean_controls(raw: str) -> tuple[str, list[str]]:
    """`raw` with control characters turned into line breaks or dropped (above); a warning
    saying how many were dropped, and which."""
    warnings = []
    if "\x0b" in raw or "\x0c" in raw:
        raw = raw.replace("\x0b", "\n").replace("\x0c", "\n")
    dropped = DROPPED_CONTROLS.findall(raw) if not raw.isascii() or _ascii_controls(raw) else []
    if dropped:
        raw = DROPPED_CONTROLS.sub("", raw)
        kinds = ", ".join(f"U+{ord(c):04X}" for c in sorted(set(dropped))[:5])
        warnings.append(f"removed {len(dropped)} control character{'s' if len(dropped) > 1 else ''} ({kinds})")
    return raw, warnings


def normalize_text(raw: str) -> tuple[str, list[str]]:
    """NFC, '\\n' line ends, no NUL bytes nor other control characters (clean_controls), no
    trailing blank lines; returns warnings too."""
    warnings = []
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    nuls = raw.count("\x00")
    if nuls:
        raw = raw.replace("\x00", "")
        warnings.append(f"removed {nuls} stray NUL byte{'s' if nuls > 1 else ''}")
    raw, more = clean_controls(raw)
    warnings += more
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


_lemma_cache: dict[int, tuple[str, int, bool]] = {}


def _token_facts(orth: int, is_punct: bool) -> tuple[str, int, bool]:
    """(lemma, length, sentence-final punctuation) of a token kind, computed once per kind."""
    facts = _lemma_cache.get(orth)
    if facts is None:
        text = nlp().vocab.strings[orth]
        lemma = _lookup.get(text, text) if _lookup is not None else text
        if lemma == text and not text.islower():
            lower = text.lower()
            lemma = _lookup.get(lower, lower) if _lookup is not None else lower
        facts = (lemma.lower().replace(" ", "_"), len(text), text in _sentence_final())
        if len(_lemma_cache) < 2_000_000:
            _lemma_cache[orth] = facts
    return facts


_FINAL: frozenset[str] | None = None


def _sentence_final() -> frozenset[str]:
    global _FINAL
    if _FINAL is None:
        from spacy.pipeline import Sentencizer

        _FINAL = frozenset(Sentencizer.default_punct_chars)
    return _FINAL


def analyse(text: str, blocks: list[tuple[int, int]]) -> Analysis:
    """Sentences and lemmas of `text`, computed block by block (turn bodies or paragraphs).

    spaCy's tokenizer is called directly and its lookup table read once per distinct token:
    the same lemmas and sentence breaks as the blank pipeline with sentencizer and lookup
    lemmatizer, several times faster than running those components token by token.
    """
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, ORTH

    pieces = [piece for s, e in blocks for piece in _chunks(text, s, e)]
    sentences: list[tuple[int, int]] = []
    lemmas: list[str] = []
    spans: list[tuple[int, int]] = []
    tokenizer = nlp().tokenizer
    for (offset, end), doc in zip(pieces, tokenizer.pipe(text[s:e] for s, e in pieces), strict=True):
        if not len(doc):
            continue
        rows = doc.to_array([ORTH, IDX, IS_PUNCT, IS_SPACE]).tolist()
        sent_start, seen_final, last_end = None, False, None
        for orth, idx, is_punct, is_space in rows:
            lemma, length, final = _token_facts(orth, bool(is_punct))
            if seen_final and not is_punct and not final:
                if sent_start is not None:
                    s0, e0 = _trim(text, offset + sent_start, offset + idx)
                    if s0 < e0:
                        sentences.append((s0, e0))
                sent_start, seen_final = idx, False
            elif final:
                seen_final = True
            if sent_start is None:
                sent_start = idx
            if not (is_space or is_punct):
                lemmas.append(lemma)
                spans.append((offset + idx, offset + idx + length))
            last_end = idx + length
        if sent_start is not None:
            s0, e0 = _trim(text, offset + sent_start, offset + max(last_end or 0, end - offset))
            if s0 < e0:
                sentences.append((s0, e0))
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


def text_hash(text: str | None) -> str | None:
    """The identity of a transcript's words: the same file imported on two laptops gives the same
    hash (texts are stored NFC with '\\n' line ends, so encodings and line ends do not count)."""
    if text is None:
        return None
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def pack_text(text: str | None) -> bytes:
    """A derived text (the lemma sequence) zlib-compressed: a third of its size. Stored texts
    stay plain, because every search reads them."""
    return zlib.compress(text.encode("utf-8"), 6) if text else b""


def unpack_text(packed: bytes | str | None, limit: int = MAX_PACKED) -> str:
    """A packed text; data that would inflate past `limit` bytes is refused (TooLarge)."""
    if isinstance(packed, str):  # written plain (by a tool, or before the text was packed)
        return packed
    return inflate(packed, limit).decode("utf-8") if packed else ""


def pack_spans(spans: list[tuple[int, int]]) -> bytes:
    """Ordered ranges as zlib-compressed little-endian uint32 differences (each number minus
    the one before): lemma spans shrink from 8 bytes a token to about one."""
    flat, previous = array("I"), 0
    for pair in spans:
        for n in pair:
            flat.append(n - previous)
            previous = n
    if sys.byteorder == "big":
        flat.byteswap()
    return zlib.compress(flat.tobytes(), 6)


def unpack_flat(blob: bytes) -> list[int]:
    """The span ends as one flat list: start of range k at [2k], its end at [2k + 1]."""
    if not blob:
        return []
    flat = array("I")
    flat.frombytes(inflate(blob, MAX_PACKED))
    if sys.byteorder == "big":
        flat.byteswap()
    return list(accumulate(flat))


def unpack_flat_array(blob: bytes):
    """What `unpack_flat` gives, as one numpy array summed in C: for reading a few spans of a
    transcript's tens of thousands (a lemma search's hits), not a Python integer for each."""
    import numpy

    if not blob:
        return numpy.zeros(0, dtype=numpy.int64)
    return numpy.frombuffer(inflate(blob, MAX_PACKED), dtype="<u4").astype(numpy.int64).cumsum()


def unpack_starts_ends(blob: bytes):
    """The spans as two numpy arrays (starts, ends), summed in C: a whole study's lemma spans
    (16 million numbers) without a Python integer for each."""
    import numpy

    if not blob:
        empty = numpy.zeros(0, dtype=numpy.int64)
        return empty, empty
    flat = unpack_flat_array(blob)
    return flat[0::2], flat[1::2]


def unpack_spans(blob: bytes) -> list[tuple[int, int]]:
    values = unpack_flat(blob)
    return list(zip(values[0::2], values[1::2], strict=True))


def _in_word(ch: str) -> bool:
    return ch.isalnum() or ch in "'’_"


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) so that it neither begins nor ends inside a word: a selection dragged
    from the middle of one word to the middle of another codes both words whole (never
    "I was an assistant principal at Li"). Surrounding white space is trimmed."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return start, start
    while start > 0 and _in_word(text[start - 1]) and _in_word(text[start]):
        start -= 1
    while end < len(text) and _in_word(text[end - 1]) and _in_word(text[end]):
        end += 1
    return start, end


def short(text: str, limit: int = 40) -> str:
    """A name or a quotation cut for a label (the change log, the status bar): at a word's end
    when one is near, and marked with "…", so it never reads as the whole."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    cut = words.rfind(" ", limit // 2, limit)
    return words[:cut if cut > 0 else limit].rstrip(" ,.;:") + "…"
