"""Word frequencies, keywords in context and keyness, for any scope or data run.

Frequencies count word forms (from the text) or lemmas (from the lemma sequence the analysis
stored: "teachers" and "teacher" are one), never re-analysing a text; the stop words of the
study's language (spaCy's own lists, offline) and a user's own list are left out, as are words
shorter than a minimum and numbers, and so are speaker labels ("Interviewer:", "Principal:")
and transcribers' notes in brackets ("[laughs]"), which nobody said; by default so are the
interviewers' turns, so a role's words are its respondents' (`respondents=False` keeps them).
Each word also says how many sources use it. Two scopes are compared by Dunning's
log-likelihood (what teachers say more than principals). A concordance (KWIC) gives each
occurrence with its left and right context and its citation.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..coding.run_spec import RunSpec
from ..store.collector import collector_paused
from ..store.errors import ConflictError
from ..store.text import unpack_flat, unpack_starts_ends, unpack_text

WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’][^\W_]+)?")  # letters first: "PLCs", "don't"; no numbers
CONTEXT = 40  # characters of context each side of a concordance line


@dataclass
class WordCount:
    word: str
    count: int
    sources: int


def stop_words(language: str = "en") -> frozenset[str]:
    """spaCy's stop words for `language` (shipped with spaCy: nothing is downloaded)."""
    import importlib

    try:
        module = importlib.import_module(f"spacy.lang.{language}.stop_words")
    except ImportError:
        return frozenset()
    return frozenset(w.lower() for w in module.STOP_WORDS)


def frequencies(study, *, lemma: bool = False, scope: RunSpec | None = None, min_length: int = 3,
                leave_out: set[str] | None = None, language: str = "en", keep_stop_words: bool = False,
                respondents: bool = True) -> list[WordCount]:
    """Every word (or lemma) of the texts in `scope`, most frequent first. A scope with codes
    counts only the words of its data run's segments; `respondents`: not the interviewers'."""
    counts, used_in = _count(study, lemma, scope or RunSpec(codes=[]), min_length,
                             (set() if keep_stop_words else set(stop_words(language))) | {w.lower() for w in
                                                                                          leave_out or ()},
                             respondents)
    return sorted((WordCount(w, n, used_in[w]) for w, n in counts.items()), key=lambda c: (-c.count, c.word))


def _count(study, lemma: bool, scope: RunSpec, min_length: int, skipped: set[str],
           respondents: bool = True) -> tuple[Counter, Counter]:
    counts, used_in = Counter(), Counter()
    ranges = _run_ranges(study, scope) if scope.codes else None
    with collector_paused():  # millions of token strings, none of them cyclic
        for _source_id, words in _words_by_source(study, lemma, scope, ranges, respondents):
            counts.update(words)  # counted in C, source by source
            used_in.update(set(words))
    for word in [w for w in counts if not _counts_as_word(w, min_length, skipped)]:  # each distinct word judged once
        del counts[word]
        del used_in[word]
    return counts, used_in


def _counts_as_word(word: str, min_length: int, skipped: set[str]) -> bool:
    """Long enough, starting with a letter, not a stop word, nor a stop word's contraction ("it's")."""
    if len(word) < min_length or not word[0].isalpha() or word in skipped:
        return False
    base = re.split(r"['’]", word, maxsplit=1)[0]
    return base == word or base not in skipped


def sources_in(study, scope: RunSpec | None) -> int:
    """How many sources `scope` holds: what "used in 12 of 25 sources" is out of."""
    return len(_scope_sources(study, scope or RunSpec(codes=[])))


def _scope_sources(study, scope: RunSpec) -> list[str]:
    clause, args = study.runs.source_filter(scope)
    return [r[0] for r in study.conn.execute("SELECT s.id FROM sources s" + (f" WHERE {clause}" if clause else "")
                                             + " ORDER BY s.n", args)]


def _run_ranges(study, scope: RunSpec) -> dict[str, list[tuple[int, int]]]:
    """The text a data run covers in each source, overlapping segments merged: words coded by
    two coders, or under two codes, count once."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for segment in study.runs.run(scope):
        spans.setdefault(segment.source, []).append((segment.start, segment.end))
    out: dict[str, list[tuple[int, int]]] = {}
    for source, ranges in spans.items():
        merged: list[list[int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        out[source] = [(a, b) for a, b in merged]
    return out


def _words_by_source(study, lemma: bool, scope: RunSpec, ranges: dict | None, respondents: bool = True):
    """(source id, its words in order, lower case) for each source in scope, nobody's words
    (labels, bracketed notes) and, with `respondents`, the interviewers' turns left out."""
    wanted = set(_scope_sources(study, scope))
    if ranges is not None:
        wanted &= set(ranges)
    column = "lemmas, lemma_spans, analysed, CASE WHEN instr(text, '[') THEN text END" if lemma \
        else "text, NULL, 1, NULL"
    unsaid = not_said(study, respondents)
    for source_id, body, spans, analysed, bracketed in study.conn.execute(
            f"SELECT source_id, {column} FROM source_texts"):
        if source_id not in wanted:
            continue
        if lemma:
            if not analysed:
                continue  # not analysed yet: its lemmas come with the background analysis
            tokens = unpack_text(body).split(" ")
            skip = unsaid.get(source_id, [])
            if bracketed:
                skip = _merge(skip + _notes(bracketed))
            if ranges is not None:  # a data run's segments: token by token, they are few
                flat = unpack_flat(spans)
                inside = ranges.get(source_id, [])
                out = _dropped(flat[0::2], flat[1::2], skip) if skip else set()
                tokens = [t for i, t in enumerate(tokens) if i not in out
                          and _inside(flat[2 * i], flat[2 * i + 1], inside)]
            elif skip:  # whole stretches of tokens dropped by slicing, never token by token
                tokens = _outside(tokens, *unpack_starts_ends(spans), skip)
            yield source_id, tokens
        else:
            text = body or ""
            text = _blank(text, _merge(unsaid.get(source_id, []) + (_notes(text) if "[" in text else [])))
            if ranges is not None:
                text = " ".join(text[a:b] for a, b in ranges[source_id])
            yield source_id, WORD.findall(text.lower())


NOTE = re.compile(r"\[[^\[\]\n]{0,80}\]")  # a transcriber's note: [laughs], [crosstalk], [inaudible 00:12]


def _notes(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in NOTE.finditer(text)]


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(a, b) for a, b in out]


def not_said(study, respondents: bool = True) -> dict[str, list[tuple[int, int]]]:
    """Each source's ranges that are no respondent's words: its speaker labels and, with
    `respondents`, its interviewers' whole turns; in order, merged."""
    labels = speaker_labels(study)
    if not respondents:
        return labels
    from ..sources.speakers import interviewer_turns

    out = dict(labels)
    for source_id, turns in interviewer_turns(study).items():
        out[source_id] = _merge(out.get(source_id, []) + turns)
    return out


def speaker_labels(study) -> dict[str, list[tuple[int, int]]]:
    """Each source's speaker labels ("Interviewer:" before a turn's words), as character ranges."""
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for source_id, start, body in study.conn.execute(
            "SELECT source_id, start, body_start FROM turns WHERE body_start > start ORDER BY source_id, start"):
        out[source_id].append((start, body))
    return out


def _stretches(starts, ends, dropped: list[tuple[int, int]]):
    """For each dropped character range (sorted, merged), the token numbers [i, j) inside it,
    found by halving the tokens' starts (numpy arrays, or lists); a token running past the
    range's end stays."""
    import numpy

    low = numpy.searchsorted(starts, [a for a, _b in dropped], "left")
    high = numpy.searchsorted(starts, [b for _a, b in dropped], "left")
    for (_a, b), i, j in zip(dropped, low.tolist(), high.tolist(), strict=True):
        if j > i and ends[j - 1] > b:
            j -= 1
        yield i, j


def _outside(tokens: list[str], starts, ends, dropped: list[tuple[int, int]]) -> list[str]:
    """The tokens outside `dropped`, kept in slices between the dropped stretches, so a long
    interviewer turn costs two look-ups, not a test of each of its words."""
    kept: list[str] = []
    at = 0
    for i, j in _stretches(starts, ends, dropped):
        if i > at:
            kept += tokens[at:i]
        at = max(at, j)
    kept += tokens[at:]
    return kept


def _dropped(starts, ends, dropped: list[tuple[int, int]]) -> set[int]:
    return {n for i, j in _stretches(starts, ends, dropped) for n in range(i, j)}


def _blank(text: str, labels) -> str:
    """`text` with `labels` (sorted ranges) blanked (the same length: offsets stay true)."""
    if not labels:
        return text
    parts, at = [], 0
    for start, end in labels:
        parts += [text[at:start], " " * (end - start)]
        at = end
    return "".join(parts) + text[at:]


def _inside(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in ranges)


# ---------------------------------------------------------------------- keyness
@dataclass
class Keyness:
    word: str
    here: int
    there: int
    log_likelihood: float

    @property
    def more_here(self) -> bool:
        return self.log_likelihood > 0


def keyness(study, here: RunSpec, there: RunSpec, *, lemma: bool = False, min_length: int = 3,
            language: str = "en", leave_out: set[str] | None = None, least: int = 3,
            respondents: bool = True) -> list[Keyness]:
    """Words used more in `here` than in `there` (positive) or less (negative), by Dunning's
    log-likelihood G², strongest first; words met fewer than `least` times in all are left out."""
    if here == there:
        raise ConflictError("compare a scope with another: both sides are the same")
    skipped = set(stop_words(language)) | {w.lower() for w in leave_out or ()}
    a, _ = _count(study, lemma, here, min_length, skipped, respondents)
    b, _ = _count(study, lemma, there, min_length, skipped, respondents)
    total_a, total_b = sum(a.values()), sum(b.values())
    if not total_a or not total_b:
        raise ConflictError("one of the two scopes has no words to compare")
    out = []
    for word in set(a) | set(b):
        x, y = a.get(word, 0), b.get(word, 0)
        if x + y < least:
            continue
        expected_a = total_a * (x + y) / (total_a + total_b)
        expected_b = total_b * (x + y) / (total_a + total_b)
        g2 = 2 * ((x * math.log(x / expected_a) if x else 0) + (y * math.log(y / expected_b) if y else 0))
        out.append(Keyness(word, x, y, g2 if x / total_a >= y / total_b else -g2))
    return sorted(out, key=lambda k: -abs(k.log_likelihood))


# ---------------------------------------------------------------------- concordance
@dataclass
class Line:
    source_id: str
    source_name: str
    start: int
    end: int
    left: str
    word: str
    right: str
    citation: str


def kwic(study, word: str, *, lemma: bool = False, scope: RunSpec | None = None, width: int = CONTEXT,
         respondents: bool = True) -> list[Line]:
    """Every occurrence of `word` (every form of its lemma with `lemma`) in scope, in source
    order, with `width` characters of context each side and its citation: the occurrences the
    frequencies count (nobody's words, and with `respondents` the interviewers', left out)."""
    scope = scope or RunSpec(codes=[])
    wanted = word.strip().lower()
    if not wanted:
        raise ConflictError("give a word to look for")
    if lemma:
        from ..store.text import lemmatize_query

        wanted = " ".join(lemmatize_query(word)) or wanted
    ranges = _run_ranges(study, scope) if scope.codes else None
    unsaid = not_said(study, respondents)
    lines: list[Line] = []
    for source_id in _scope_sources(study, scope):
        if ranges is not None and source_id not in ranges:
            continue
        text = study.sources.text(source_id)
        skip = _merge(unsaid.get(source_id, []) + (_notes(text) if "[" in text else []))
        for start, end in _occurrences(study, source_id, text, wanted, lemma):
            if ranges is not None and not _inside(start, end, ranges[source_id]):
                continue
            if skip and _inside(start, end, skip):
                continue  # a label, a note or an interviewer's turn: not counted either
            info = study.sources.get(source_id)
            left = " ".join(text[max(0, start - width):start].split())
            right = " ".join(text[end:end + width].split())
            lines.append(Line(source_id, info.name, start, end, left, text[start:end], right,
                              study.memos.citation(source_id)))
    return lines


def _occurrences(study, source_id: str, text: str, wanted: str, lemma: bool):
    if not lemma:  # the words as frequencies reads them ("year's" is not "year"), so the counts agree
        if wanted not in text.lower():
            return
        for m in WORD.finditer(text):
            if m.group().lower() == wanted:
                yield m.start(), m.end()
        return
    row = study.conn.execute("SELECT lemmas, lemma_spans, analysed FROM source_texts WHERE source_id = ?",
                             (source_id,)).fetchone()
    if not row or not row[2]:
        return
    tokens = unpack_text(row[0]).split(" ")
    if wanted not in tokens:
        return
    flat = unpack_flat(row[1])
    for i, token in enumerate(tokens):
        if token == wanted:
            yield flat[2 * i], flat[2 * i + 1]
