"""Text search across the study: exact phrase, lemma, fuzzy (rapidfuzz) and regular expression.

The FTS5 index over the text and over the lemma sequence narrows the sources to look at; a check
on the text itself confirms each hit and gives its exact range. The sources are looked in one by
one in display order, as far as the hits asked for (coder.coding.hit_stream).
"""

from __future__ import annotations

import re
import re._constants as _sre
import re._parser as _sre_parser
import uuid
from hashlib import sha1

from rapidfuzz import fuzz, process

from ..store.errors import ConflictError
from ..store.until_write import UntilWrite
from .hit_stream import HitStream
from .runs import RunSpec, Segment

MODES = ("exact", "lemma", "fuzzy", "regex")
WORD = re.compile(r"[^\W_]+")
HIT_NAMESPACE = uuid.UUID("6d1c2b8e-3f7a-4c55-9a51-2f1e0c7d9b10")
_HIT_PREFIX = HIT_NAMESPACE.bytes
MAX_HITS = 20_000
FIRST_ROWS = 100  # what `find` looks for at once: the panel's first screenful and some


def _fts_phrase(tokens: list[str]) -> str:
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'


def _whole_word_hits(text: str, query: str):
    """Case-sensitive occurrences of `query` that do not start or end inside a word.
    str.find runs at memory speed; a regex with look-arounds was ~50 times slower here."""
    check_left, check_right = query[:1].isalnum(), query[-1:].isalnum()
    pos = text.find(query)
    while pos >= 0:
        end = pos + len(query)
        if not (check_left and pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "_")) and \
                not (check_right and end < len(text) and (text[end].isalnum() or text[end] == "_")):
            yield pos, end
            pos = text.find(query, end)
        else:
            pos = text.find(query, pos + 1)


def phrase_starts(lemmas: str, wanted: list[str]) -> list[int]:
    """Token indices in the space-joined `lemmas` where the sequence `wanted` starts. Found with
    str.find on the joined string (a hit's index is the spaces before it), not token by token."""
    text, phrase = " " + lemmas + " ", " " + " ".join(wanted) + " "
    found, pos, spaces, counted = [], text.find(phrase), 0, 0
    while pos >= 0:
        spaces += text.count(" ", counted, pos + 1)
        counted = pos + 1
        found.append(spaces - 1)
        pos = text.find(phrase, pos + 1)
    return found


def hit_id(source_id: str, start: int, end: int) -> str:
    """A stable UUID for a search hit, so a hit can be referred to like any entity: the
    uuid5 of its place, computed without building UUID objects (a search may have thousands)."""
    digest = bytearray(sha1(_HIT_PREFIX + f"{source_id}:{start}:{end}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class Search:
    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn
        self._vocab = UntilWrite(self.conn, self._read_vocabulary)

    def search(self, query: str, mode: str = "exact", *, spec: RunSpec | None = None,
               threshold: float = 80.0, limit: int = MAX_HITS) -> list[Segment]:
        """Find `query` in every source (or those `spec`'s filters allow), every hit decorated."""
        stream = self._stream(query, mode, spec, threshold, limit).finish()
        return self.study.runs.decorate(*stream.bare())

    def find(self, query: str, mode: str = "exact", *, spec: RunSpec | None = None,
             threshold: float = 80.0, limit: int = MAX_HITS) -> HitStream:
        """What `search` finds, in the same order, found as far as the first screenful and each
        hit decorated (citation, turn, words around) only when read: the window shows the first
        rows at once and finds the rest between events (see coder.coding.hit_stream)."""
        stream = self._stream(query, mode, spec, threshold, limit)
        stream.more(FIRST_ROWS)
        return stream

    def _stream(self, query: str, mode: str, spec: RunSpec | None, threshold: float, limit: int) -> HitStream:
        if mode not in MODES:
            raise ConflictError(f"unknown search mode {mode!r} (use {', '.join(MODES)})")
        if not query.strip():
            raise ConflictError("the search is empty")
        candidates, spans, read_text = getattr(self, f"_find_{mode}")(query, threshold)
        allowed = self._allowed_sources(spec)
        ordered = self.study.runs.sources_in_order()
        pending = [source_id for source_id, _n, _place in ordered
                   if (candidates is None or source_id in candidates) and (allowed is None or source_id in allowed)]
        return HitStream(self.study.runs, pending, {source_id: place for source_id, _n, place in ordered},
                         spans, hit_id, read_text=read_text, limit=limit)

    def _allowed_sources(self, spec: RunSpec | None) -> set[str] | None:
        if spec is None:
            return None
        clause, args = self.study.runs._source_filter(spec)
        if not clause:
            return None
        return {r[0] for r in self.conn.execute(f"SELECT s.id FROM sources s WHERE {clause}", args)}

    def _candidates(self, match: str, index: str = "text_fts", *, unindexed: bool = True) -> set[str]:
        """The sources the index says may match. Texts still waiting for analysis are not indexed
        yet: the text searches look in them all, so a search finds the same whether or not the
        background analysis has finished (`unindexed`; lemma search waits for their lemmas)."""
        found = {r[0] for r in self.conn.execute(
            f"SELECT t.source_id FROM {index} f JOIN source_texts t ON t.rowid = f.rowid WHERE {index} MATCH ?",
            (match,))}
        if unindexed:
            found.update(r[0] for r in self.conn.execute("SELECT source_id FROM source_texts WHERE analysed = 0"))
        return found

    # ------------------------------------------------------------------ modes
    # Each gives the sources that may match (None: all), how to find the hits in one, and
    # whether that needs the source's text.
    def _find_exact(self, query: str, _threshold: float):
        tokens = WORD.findall(query)
        return (self._candidates(_fts_phrase(tokens)) if tokens else None,
                lambda _conn, _source, text: _whole_word_hits(text, query), True)

    def _find_lemma(self, query: str, _threshold: float):
        from ..store.text import lemmatize_query

        wanted = lemmatize_query(query)
        if not wanted:
            raise ConflictError(f"{query!r} has no words to search for")
        match = _fts_phrase([t for w in wanted for t in WORD.findall(w)])
        return (self._candidates(match, "lemma_fts", unindexed=False),
                lambda conn, source_id, _text: lemma_hits(conn, source_id, wanted), False)

    def _vocabulary(self) -> list[str]:
        """Every term of the texts. Reading it from the index walks every doclist (~0.2 s at a
        thousand transcripts), so it is kept until the study is written to."""
        return self._vocab.read()

    def _read_vocabulary(self) -> list[str]:
        self.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.text_vocab "
                          "USING fts5vocab(main, text_fts, 'row')")
        terms = {r[0] for r in self.conn.execute("SELECT term FROM temp.text_vocab")}
        for (text,) in self.conn.execute("SELECT text FROM source_texts WHERE analysed = 0"):
            terms.update(w.lower() for w in WORD.findall(text))  # not indexed yet
        return sorted(terms)

    def _find_fuzzy(self, query: str, threshold: float):
        words = [w.lower() for w in WORD.findall(query)]
        if not words:
            raise ConflictError(f"{query!r} has no words to search for")
        vocab = self._vocabulary()
        candidates = []
        for word in words:
            found = {m[0] for m in process.extract(word, vocab, scorer=fuzz.ratio, score_cutoff=threshold,
                                                   limit=None)}
            if not found:
                return set(), None, False
            candidates.append(found)
        match = " AND ".join("(" + " OR ".join(_fts_phrase([t]) for t in sorted(c)) + ")"
                             for c in candidates)
        wanted, firsts = " ".join(words), candidates[0]
        return (self._candidates(match),
                lambda _conn, _source, text: fuzzy_hits(text, wanted, firsts, len(words), threshold), True)

    def _find_regex(self, query: str, _threshold: float):
        try:
            pattern = re.compile(query)
        except re.error as exc:
            raise ConflictError(f"not a valid regular expression: {exc}") from exc
        literal = required_literal(pattern)
        candidates = ({r[0] for r in self.conn.execute(
            "SELECT source_id FROM source_texts WHERE instr(text, ?) > 0", (literal,))} if literal else None)
        return (candidates, lambda _conn, _source, text: ((m.start(), m.end()) for m in pattern.finditer(text)
                                                          if m.end() > m.start()), True)


def lemma_hits(conn, source_id: str, wanted: list[str]):
    """Where the lemma sequence `wanted` is in the source, as character ranges, from its lemma
    index: only a source with a hit pays for reading its spans (summed in C)."""
    from ..store.text import unpack_flat_array, unpack_text

    row = conn.execute("SELECT lemmas, lemma_spans FROM source_texts WHERE source_id = ?", (source_id,)).fetchone()
    if not row or not row[0]:
        return
    found, n = phrase_starts(unpack_text(row[0]), wanted), len(wanted)
    if found:
        flat = unpack_flat_array(row[1])
        for i in found:
            yield int(flat[2 * i]), int(flat[2 * (i + n - 1) + 1])


def fuzzy_hits(text: str, wanted: str, firsts: set[str], n: int, threshold: float):
    """Windows of n words starting at a word close to the query's first word. The starts are
    found with str.find for each candidate term in a lower-cased copy (memory speed), not by
    tokenising the text or scanning it with a regex alternation (~25 us a hit)."""
    lowered = text.lower()
    if len(lowered) == len(text):  # no character grew when lower-cased: offsets agree
        starts = sorted(hit for term in firsts for hit in _whole_word_hits(lowered, term))
    else:
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in sorted(firsts, key=len, reverse=True))
                             + r")\b", re.IGNORECASE)
        starts = [m.span() for m in pattern.finditer(text)]
    taken = 0
    for start, end in starts:
        if start < taken:
            continue
        words = [(start, end)]
        while len(words) < n:
            nxt = WORD.search(text, words[-1][1])
            if nxt is None:
                break
            words.append(nxt.span())
        if len(words) == n:
            window = " ".join(text[s:e].lower() for s, e in words)
            if fuzz.ratio(window, wanted) >= threshold:
                yield words[0][0], words[-1][1]
                taken = words[-1][1]


def required_literal(pattern: re.Pattern) -> str | None:
    """The longest run of plain characters every match of `pattern` contains ("PLC" for
    \\bPLCs?\\b), or None. Sources without it cannot match: SQLite's instr() rules them out in C
    before their text is read into Python or the pattern tried on it. Case-insensitive patterns
    (and groups) have no plain characters to look for."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        parsed = _sre_parser.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
    except Exception:  # noqa: BLE001 - the parser is the standard library's own: fall back to reading all
        return None
    best = ""

    def walk(items) -> None:
        nonlocal best
        run: list[str] = []
        for op, arg in items:
            if op is _sre.LITERAL:
                run.append(chr(arg))
                continue
            best = max(best, "".join(run), key=len)
            run = []
            if op is _sre.SUBPATTERN and not (arg[1] & re.IGNORECASE):
                walk(arg[3])  # a group is matched whole: what it requires, the pattern does
            elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and arg[0] >= 1:
                walk(arg[2])  # repeated at least once
        best = max(best, "".join(run), key=len)

    walk(parsed)
    return best or None
