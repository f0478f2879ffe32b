"""Checking a shareable copy for names before it is written, and the forms a person's name takes.

A listed "Daniel Kowalczyk" is written "Mr. Kowalczyk", "Dr Kowalczyk" or "D. Kowalczyk" as often
as in full: `TITLED` finds those forms (a title or an initial before a listed surname), so the
replacer replaces them and the variants list shows them.

`find_remaining` reads every text a copy holds — transcripts, notes, memos (their packed
versions too), source and case names, attribute values — for each name that must not be there:
every listed name and its spellings, and every name the suggester knows (sites, districts,
speakers, interviewers, and the names the transcripts mention). A name listed with itself as its
pseudonym is one the user decided to keep (a language, a programme) and is not looked for.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata

from ..store.errors import ConflictError
from ..store.text import unpack_text

SETTING = "pseudonyms"  # the study setting that holds the list of names and pseudonyms
# columns never rewritten: identities, references, stamps, formats
KEEP = re.compile(r"^(id|key|.*_id|.*_by|.*_at|at|by|kind|type|status|format|stance|mark|tbl|op|seq|n|"
                  r"code_n|source_n|color|column_key|lemmas|lemma_spans|sentences|data|fields|bases|coder|"
                  r"author|drafter|person|scope|choices|spec|entity|value_type)$")
# tables the field pass leaves alone (the transcripts go through the text-correction path; the rest
# holds no names, or is emptied in a shareable copy)
# emptied in a shareable copy (no history: labels name people, and none may travel back)
EMPTIED_TABLES = ("op_effects", "ops", "sync_peers", "sync_conflicts", "source_aliases", "changelog")
SKIPPED_TABLES = ("source_texts", "meta", "ops", "op_effects", "code_case_counts", "coding_overlaps", "undo_log",
                  "undo_steps")


TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame", "Rev", "Fr", "Sr", "Sra",
          "Srta", "Mme", "Mlle", "Herr", "Frau")
# a title (its period optional) or an initial (with its period) and the white space after it
TITLE_OR_INITIAL = r"(?:(?:" + "|".join(TITLES) + r")\.?[ \t]+|[^\W\d_]\.[ \t]?)"
# where the places of a remaining name are, in words
PLACES = {"source_texts": "transcripts", "sources": "sources (names, notes)", "cases": "case names",
          "memo_versions": "memos", "memos": "memos", "attribute_values": "attribute values",
          "codings": "coding notes", "speakers": "speakers", "speaker_labels": "speakers", "turns": "speakers",
          "sections": "outline", "codes": "codes", "memo_evidence": "memo quotations",
          "claim_evidence": "outline evidence", "pattern_quotes": "pattern-table quotations"}


class NamesRemain(ConflictError):
    """A shareable copy refused because names remain in it; `remaining` says which and where."""

    def __init__(self, remaining: dict[str, dict[str, int]]) -> None:
        self.remaining = remaining
        super().__init__(f"the shared copy would still name: {describe_remaining(remaining)}. Give each a "
                         "pseudonym (or, for one that is no name, itself as its pseudonym to keep it), or write "
                         "the copy anyway (--allow-remaining)")


def nfc(text: str) -> str:
    """Text as stored (NFC): a name typed or saved decomposed (a CSV from macOS) matches too."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def surname(name: str) -> str | None:
    """The last word of a name of two words or more: what a title or an initial goes before."""
    words = name.split()
    return words[-1] if len(words) >= 2 and words[-1][:1].isalpha() else None


def titled_alias(prefix: str, alias: str) -> str:
    """What 'Mr. Kowalczyk' becomes for a pseudonym: 'Mr. Nowak' for 'Adam Nowak', 'D. Kowalczyk'
    'A. Nowak'; the pseudonym whole when it is no person's name ('the coach')."""
    words = alias.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return alias
    if prefix.strip().rstrip(".").casefold() in {t.casefold() for t in TITLES}:
        return f"{prefix}{words[-1]}"
    return f"{words[0][0]}.{' ' if prefix.endswith((' ', chr(9))) else ''}{words[-1]}"


def titled_pattern(surnames: list[str]) -> str:
    """A title or an initial followed by one of `surnames` (group 'pre', group 'sur')."""
    names = "|".join(re.escape(s) for s in sorted(set(surnames), key=len, reverse=True))
    return r"(?P<pre>" + TITLE_OR_INITIAL + r")(?P<sur>" + names + r")"


def fold_accents(text: str) -> str:
    """The text without its accents ("Peña" → "Pena"): how a name arrives in a file name, an email
    or a transcript typed on a keyboard without them."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                if not unicodedata.combining(c)))


def with_unaccented(names: list[str]) -> list[str]:
    """The names and, for each written with accents, the same name without them."""
    return list(dict.fromkeys([*names, *(fold_accents(n) for n in names)]))


def name_pattern(names: list[str]) -> re.Pattern:
    """Any of `names`, accented or not, as whole words (letters end where a name ends: 'Alder' in
    alder_coach_w1, 'Pena' in pena_principal_w1 for a listed 'Peña')."""
    alternatives = "|".join(re.escape(n) for n in sorted(set(with_unaccented(names)), key=len, reverse=True))
    return re.compile(r"(?<![^\W\d_])(?:" + alternatives + r")(?![^\W\d_])", re.IGNORECASE)


def names_to_look_for(study) -> list[str]:
    """Every name a shared copy must not show (see the module's docstring)."""
    listed = study.pseudonyms.all()
    kept = {p.real.casefold() for p in listed if p.real.casefold() == p.alias.casefold()}
    aliases = {p.alias.casefold() for p in listed}
    alias_words = {w for a in aliases for w in a.split()}
    names = [p.real for p in listed]
    names += [v for vs in study.pseudonyms.find_variants(names).values() for v in vs]
    names += study.pseudonyms.suggest() + study.pseudonyms.names_in_texts(limit=10_000)
    out = {}
    for name in names:
        folded = nfc(name).casefold()
        if folded in kept or folded in aliases or folded in alias_words or len(folded) < 2:
            continue
        out.setdefault(folded, nfc(name))
    return list(out.values())


def text_fields(conn: sqlite3.Connection):
    """(table, value as text) for every text a copy holds that names could be in."""
    for (text,) in conn.execute("SELECT text FROM source_texts"):
        yield "source_texts", text or ""
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                                         "'%VIRTUAL%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'")]
    for table in tables:
        if table in SKIPPED_TABLES or table in EMPTIED_TABLES:  # the copy has none of them
            continue
        where = f" WHERE key != '{SETTING}'" if table == "study_settings" else ""  # the list itself
        for _cid, column, kind, *_rest in conn.execute(f"PRAGMA table_info({table})").fetchall():
            if KEEP.match(column):
                continue
            for (value,) in conn.execute(f"SELECT {column} FROM {table}{where}"):
                text = _as_text(value, (kind or "").upper())
                if text:
                    yield table, text


def _as_text(value, kind: str) -> str:
    if isinstance(value, bytes) and kind == "BLOB":
        try:
            return unpack_text(value)
        except Exception:  # noqa: BLE001 - not packed text: nothing to read
            return ""
    if isinstance(value, str):
        if value.startswith("[") and value.endswith("]"):
            try:
                items = json.loads(value)
            except ValueError:
                return value
            return "\n".join(str(i) for i in items) if isinstance(items, list) else value
        return value
    return ""


def find_remaining(conn: sqlite3.Connection, names: list[str], replace=None) -> dict[str, dict[str, int]]:
    """For each of `names` still written somewhere: where, and how often. With `replace`, each
    text is first rewritten as the shared copy will have it (a check before anything is written)."""
    if not names:
        return {}
    pattern = name_pattern(names)
    canonical = {**{fold_accents(n).casefold(): n for n in names}, **{n.casefold(): n for n in names}}
    found: dict[str, dict[str, int]] = {}
    for table, text in text_fields(conn):
        text = nfc(text)
        if replace is not None:
            text = replace(text)
        for match in pattern.finditer(text):
            name = canonical.get(match.group(0).casefold(), match.group(0))
            where = found.setdefault(name, {})
            place = PLACES.get(table, table)
            where[place] = where.get(place, 0) + 1
    return dict(sorted(found.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])))


def describe_remaining(remaining: dict[str, dict[str, int]], most: int = 25) -> str:
    """'Cedar Ridge (4 in transcripts, 1 in memos); alder ...' for a message."""
    parts = [f"{name} ({', '.join(f'{n} in {place}' for place, n in where.items())})"
             for name, where in list(remaining.items())[:most]]
    more = len(remaining) - most
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")
