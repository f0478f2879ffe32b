"""Sharing without real names: a list of names and their pseudonyms, applied to a copy of the study.

The list (sites, districts, people, speakers) is kept in the study and changed like anything else.
`find_variants` looks through the texts for spellings of each name that nearly match (rapidfuzz:
"Lindquist" for "Lindqvist", "Alder St. Elementary" for "Alder Street Elementary"), so a
transcriber's variant does not slip through. `write_shareable_copy` then makes a new study with
every name replaced everywhere it is written — transcripts (codings, turns and quotations move
with their words), memos, outline, tables, attributes, notes — a new identity and no history, so
that whatever is exported from it (Word, CSV/XLSX, REFI-QDA, review or work packages) carries no
real name, and none of its work can be imported back into the real study by mistake.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from ..store.changes import Changes
from ..store.copies import forget_identity
from ..store.errors import ConflictError
from ..store.text import pack_text, unpack_text
from .share_scan import (
    EMPTIED_TABLES,
    KEEP,
    SETTING,
    SKIPPED_TABLES,
    TITLE_OR_INITIAL,
    NamesRemain,
    find_remaining,
    fold_accents,
    name_pattern,
    names_to_look_for,
    nfc,
    surname,
    titled_alias,
    titled_pattern,
)

ROLES = {"interviewer", "principal", "teacher", "coach", "director", "superintendent", "leader", "assistant",
         "ap", "cao", "moderator", "facilitator", "student", "parent", "respondent", "participant", "staff",
         "counselor", "specialist", "chief", "officer", "academic", "deputy", "head", "lead", "dr", "mr", "mrs",
         "ms", "miss", "prof"}
NEAR = 88  # rapidfuzz ratio from which a spelling in the texts counts as a variant of a name
CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
            "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
            "i", "ok", "okay", "mr", "mrs", "ms", "dr", "miss"}
WORD = re.compile(r"\w+(?:[.'’-]\w*)*", re.UNICODE)


@dataclass(frozen=True)
class Pseudonym:
    real: str
    alias: str


class Pseudonyms:
    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn

    def all(self) -> list[Pseudonym]:
        value = self.study.setting(SETTING)
        return [Pseudonym(nfc(p["real"]), nfc(p["alias"])) for p in json.loads(value)] if value else []

    def set_all(self, *, pairs: list[tuple[str, str]]) -> Changes:
        """Replace the list; each real name once, each with a pseudonym of its own."""
        cleaned, seen = [], set()
        for real, alias in pairs:
            real, alias = nfc(" ".join(real.split())), nfc(" ".join(alias.split()))  # as texts are stored
            if not real or not alias:
                raise ConflictError("each name needs a pseudonym (and each pseudonym a name)")
            if real.casefold() in seen:
                raise ConflictError(f"{real!r} is listed twice")
            seen.add(real.casefold())
            cleaned.append({"real": real, "alias": alias})
        with self.study.operation("set_pseudonyms", f"Pseudonyms ({len(cleaned)} names)") as rec:
            self.study.write_setting(SETTING, json.dumps(cleaned))
            rec.touch("outline")
        return self.study.changes_of(rec)

    def suggest(self) -> list[str]:
        """Names a shared copy most likely must not show: districts, sites, speakers, interviewers."""
        names = [r[0] for r in self.conn.execute("SELECT name FROM cases ORDER BY kind, name")]
        for (label,) in self.conn.execute("SELECT name FROM speakers ORDER BY name"):
            # a speaker's name without its role: "Principal Varga" -> "Varga"; "Teacher 2" is no name
            words = [w for w in label.replace(".", " ").split() if w.casefold() not in ROLES and not w.isdigit()]
            names.append(" ".join(words))
        for (people,) in self.conn.execute("SELECT interviewers FROM sources"):
            names += json.loads(people or "[]")
        known = {p.real.casefold() for p in self.all()}
        return [n for n in dict.fromkeys(n for n in names if n) if n.casefold() not in known]

    def names_in_texts(self, limit: int = 100) -> list[str]:
        """People and places the transcripts name that no list holds ("Nadia Natarajan", "Travis
        Bell"): runs of capitalised words, inside a sentence, that the texts never write in lower
        case, most frequent first. There is no name recogniser offline; these are candidates for
        the user to judge (languages and countries come up too)."""
        texts = [t for (t,) in self.conn.execute("SELECT text FROM source_texts")]
        lower = {w for text in texts for w in WORD.findall(text) if w.islower()}
        runs: dict[str, int] = {}
        for text in texts:
            for match in CAPITALISED_RUN.finditer(text):
                window = text[max(0, match.start() - 12):match.start()]  # a look back of bounded length
                before = window.rstrip()[-1:]
                if (not before or before in ".!?:\n\"'“‘(-—") and not AFTER_TITLE.search(window):
                    continue  # a sentence's or a line's first word is capitalised anyway ("Mr. X" is no sentence)
                words = [re.sub(r"['’]s$", "", w) for w in match.group(0).split()]
                if all(_name_like(w, lower) for w in words):
                    name = " ".join(words)
                    runs[name] = runs.get(name, 0) + 1
        # file names carry sites too: "alder" in alder_principal_w1 is a word of Alder Street Elementary
        case_words = {w.casefold() for (name,) in self.conn.execute("SELECT name FROM cases")
                      for w in name.split()}
        for (source,) in self.conn.execute("SELECT name FROM sources"):
            for word in re.findall(r"[^\W\d_]+", source):
                if word.casefold() in case_words and _name_like(word, lower):
                    runs[word.capitalize()] = runs.get(word.capitalize(), 0) + 1
        # a part of a listed name said alone ("at Alder") names the site too: it is offered
        known = {name.casefold() for name in self.suggest() + [p.real for p in self.all()]}
        found = sorted((n for n in runs if n.casefold() not in known), key=lambda n: (-runs[n], n))
        return found[:limit]

    def find_variants(self, names: list[str] | None = None) -> dict[str, list[str]]:
        """For each name, the other spellings of it in the texts (not the name itself)."""
        names = names if names is not None else [p.real for p in self.all()]
        grams: dict[int, set[str]] = {}
        sizes = {len(WORD.findall(n)) for n in names if WORD.findall(n)}
        for (text,) in self.conn.execute("SELECT text FROM source_texts"):
            words = WORD.findall(text)
            for k in sizes:
                grams.setdefault(k, set()).update(" ".join(words[i:i + k]) for i in range(len(words) - k + 1))
        texts = [t for (t,) in self.conn.execute("SELECT text FROM source_texts")]
        # each capitalised run of words once, with its plain form, compared with every name in C
        # (rapidfuzz): comparing each name with each run in Python took 19 s for 100 transcripts
        candidates: dict[int, tuple[list[str], list[str]]] = {}
        for k, seen in grams.items():
            stripped = {g.rstrip(".'’-") for g in seen}
            runs = sorted(g for g in stripped if g[:1].isupper())
            candidates[k] = (runs, [_plain(g) for g in runs])
        found = {}
        for name in names:
            k = len(WORD.findall(name))
            folded = _plain(name)
            runs, plains = candidates.get(k, ([], []))
            hits = {runs[i] for _plain_run, _score, i in process.extract(
                folded, plains, scorer=fuzz.ratio, score_cutoff=NEAR, limit=None) if plains[i] != folded}
            last = surname(name)
            if last:  # "Mr. Kowalczyk", "D. Kowalczyk" for "Daniel Kowalczyk"
                pattern = re.compile(r"(?<![^\W\d_])" + titled_pattern([last]) + r"(?![^\W\d_])", re.IGNORECASE)
                hits.update(m.group(0) for text in texts for m in pattern.finditer(text))
            hits.discard(name)
            if hits:
                found[name] = sorted(hits)
        return found

    def replacer(self, include_variants: bool = True):
        """A function that rewrites a string with every listed name (and its variants: other
        spellings, and a title or an initial before a listed surname) replaced. Its `hits` counts
        the replacements made for each listed name."""
        listed = [(p.real, p.alias) for p in self.all()]
        if not listed:
            raise ConflictError("no pseudonyms yet: list the names to replace first")
        pairs = [(real, alias, real) for real, alias in listed]
        if include_variants:
            variants = self.find_variants([real for real, _ in listed])
            pairs += [(v, alias, real) for real, alias in listed for v in variants.get(real, [])]
        pairs.sort(key=lambda p: len(p[0]), reverse=True)  # "Alder Street Elementary" before "Alder"
        table = {nfc(name).casefold(): (alias, real) for name, alias, real in reversed(pairs)}
        for name, alias, real in reversed(pairs):  # the name typed without its accents, too
            table.setdefault(fold_accents(nfc(name)).casefold(), (alias, real))
        exact = {real.casefold(): (alias, real) for real, alias in listed}
        surnames = {}
        for real, alias in listed:
            last = surname(real)
            if last and real.casefold() != alias.casefold():
                surnames.setdefault(last.casefold(), (alias, real))
        # a name ends where letters end: "Alder" in "alder_principal_w1" is found, in "Balder" not
        full = name_pattern([name for name, _, _ in pairs]).pattern
        titled = (r"(?<![^\W\d_])" + titled_pattern([real.split()[-1] for real, _ in listed if surname(real)])
                  + r"(?![^\W\d_])") if surnames else None
        pattern = re.compile(f"{titled}|{full}" if titled else full, re.IGNORECASE)
        hits = {real: 0 for real, _ in listed}

        def one(m: re.Match) -> str:
            if titled and m.group("sur") is not None:
                whole, own = exact.get(m.group(0).casefold()), exact.get(m.group("sur").casefold())
                if whole or own:  # listed as written ("A. Whitfield"), or the surname alone is listed
                    alias, real = whole or own
                    hits[real] += 1
                    return alias if whole else m.group("pre") + alias
                alias, real = surnames[m.group("sur").casefold()]
                hits[real] += 1
                return titled_alias(m.group("pre"), alias)
            alias, real = table.get(m.group(0).casefold(), (m.group(0), None))
            if real is not None:
                hits[real] += 1
            return alias

        def replace(value):
            if not isinstance(value, str) or not value:
                return value
            new = pattern.sub(one, nfc(value))
            return value if new == nfc(value) else new

        replace.hits = hits
        return replace


AFTER_TITLE = re.compile(r"(?<![^\W\d_])" + TITLE_OR_INITIAL + r"$")
CAPITALISED_RUN = re.compile(r"[A-Z][a-z]+(?:['’-][A-Za-z]+)*(?: [A-Z][a-z]+(?:['’-][A-Za-z]+)*)*")


def _name_like(word: str, lower: set[str]) -> bool:
    folded = word.casefold()
    return (len(word) > 2 and folded not in lower and folded.rstrip("s") not in CALENDAR
            and folded not in CALENDAR and folded not in ROLES)


def _plain(text: str) -> str:
    """A name without case or punctuation: 'M. Okafor' and 'm okafor' are one spelling."""
    return " ".join(re.sub(r"[^\w\s]", " ", text).casefold().split())


def check_shareable(study) -> dict:
    """What a shareable copy written now would still show, before anything is written: each name
    (listed, a spelling of one, or one the suggester knows) with where it remains, and the
    listed names found nowhere (a list typed otherwise than the texts, perhaps)."""
    replace = study.pseudonyms.replacer()
    remaining = find_remaining(study.conn, names_to_look_for(study), replace)
    return {"remaining": remaining, "not_found": [n for n, count in replace.hits.items() if not count]}


def write_shareable_copy(study, out: str | Path, allow_remaining: bool = False) -> dict:
    """A new study at `out` with every listed name replaced; what was replaced, counted. The
    copy is read for names before it is put in place (coder.share_scan): while any remains it is
    refused, naming them and where they are, unless `allow_remaining`.

    The copy is made in a working folder of the data folder, where nobody looks and from where no
    real name can be sent by mistake, and only the finished copy, with no real name left in it,
    comes to `out`'s folder (under a hidden name, renamed into place). A share killed half-way
    leaves its working folder, which the next share (or the next command) removes."""
    from .sharing_files import place_copy, working_folder

    out = Path(out)
    if out.exists():
        raise ConflictError(f"{out.name} exists already; choose a new name for the shareable copy")
    replace = study.pseudonyms.replacer()
    look_for = names_to_look_for(study)
    out.with_name(out.name + ".partial").unlink(missing_ok=True)  # what an earlier version left there
    with working_folder(out) as partial:
        counts = _pseudonymise(study, partial, replace, look_for, allow_remaining)
        place_copy(partial, out, study.path)
    return {"copy": str(out), **counts}


def _pseudonymise(study, partial: Path, replace, look_for, allow_remaining: bool) -> dict:
    """The study copied to `partial`, every listed name replaced, its history gone, and read for
    the names that remain (refused while any does, unless `allow_remaining`)."""
    from ..store.clock import new_id

    target = sqlite3.connect(partial)
    try:
        study.conn.backup(target)
    finally:
        target.close()
    counts = {"sources": 0, "fields": 0}
    with type(study).open(partial, user=study.user) as copy:  # the facade's class, passed in with the study
        conn = copy.conn
        with copy.operation("pseudonymise", "Replace real names") as rec:
            rec.extra["no_sync"] = True
            for source_id, text in conn.execute("SELECT source_id, text FROM source_texts").fetchall():
                new = replace(text)
                if new != text:  # codings, turns and quotations move with their words
                    copy.sources.edit_text(source_id=source_id, text=new)
                    counts["sources"] += 1
            counts["fields"] = _replace_fields(conn, replace)
            for index in ("text_fts", "lemma_fts"):  # no replaced word left in the index's pages
                conn.execute(f"INSERT INTO {index} ({index}) VALUES ('rebuild')")
        conn.execute("DELETE FROM study_settings WHERE key = ?", (SETTING,))  # the list itself names them
        for table in EMPTIED_TABLES:
            conn.execute(f"DELETE FROM {table}")  # no history: labels name people, and none may travel back
        conn.execute("UPDATE meta SET value = ? WHERE key = 'study_id'", (new_id(),))
        forget_identity(conn, None)  # a study of its own: no copy's identity, made for nobody
        copy.history.clear()  # nor undo images: they hold the real names this copy replaced
        remaining = find_remaining(conn, look_for)
    if remaining and not allow_remaining:
        raise NamesRemain(remaining)  # the working folder goes, and with it the partial copy
    counts.update(remaining=remaining, not_found=[n for n, count in replace.hits.items() if not count])
    _vacuum(partial)
    return counts


def _replace_fields(conn: sqlite3.Connection, replace) -> int:
    """Every text column of every table (but identities, references and stamps) rewritten."""
    changed = 0
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                                         "'%VIRTUAL%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'")]
    for table in tables:
        if table in SKIPPED_TABLES:
            continue
        cols = [(r[1], (r[2] or "").upper()) for r in conn.execute(f"PRAGMA table_info({table})")]
        keys = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[5]] or ["rowid"]
        for name, kind in cols:
            if KEEP.match(name):  # a text key (a speaker's folded label) is rewritten like the rest
                continue
            for row in conn.execute(f"SELECT {', '.join(keys)}, {name} FROM {table}").fetchall():
                value = row[-1]
                new = _rewrite(value, kind, replace)
                if new != value:
                    _update(conn, table, keys, name, new, row[:-1])
                    changed += 1
    return changed


def _update(conn: sqlite3.Connection, table: str, keys: list[str], name: str, value, key_values) -> None:
    """Write one rewritten value; two spellings of one name that now read the same in a column of
    unique names (two speakers) stay apart by a number."""
    where = " AND ".join(f"{k} = ?" for k in keys)
    for n in range(1, 50):
        try:
            conn.execute("SAVEPOINT rename")
            conn.execute(f"UPDATE {table} SET {name} = ? WHERE {where}",
                         (value if n == 1 else f"{value} ({n})", *key_values))
            conn.execute("RELEASE rename")
            return
        except sqlite3.IntegrityError:
            conn.execute("ROLLBACK TO rename")
            conn.execute("RELEASE rename")
    raise ConflictError(f"{table}.{name}: the pseudonym {value!r} clashes with too many others")


def _rewrite(value, kind: str, replace):
    if isinstance(value, bytes) and kind == "BLOB":  # a memo version's packed text
        try:
            return pack_text(replace(unpack_text(value)))
        except Exception:  # noqa: BLE001 - not packed text: left as it is
            return value
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        try:
            items = json.loads(value)
        except ValueError:
            return replace(value)
        return json.dumps([replace(i) for i in items], ensure_ascii=False) if isinstance(items, list) else value
    return replace(value)


def _vacuum(path: Path) -> None:
    """The replaced words must not linger in freed pages of the file; one file, no log beside it."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("VACUUM")
    finally:
        conn.close()
