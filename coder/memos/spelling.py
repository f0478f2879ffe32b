"""Spell-checking memos and notes offline, in any language a user has a dictionary for.

The bundled dictionaries are pyspellchecker's (word frequency lists shipped inside the package),
so nothing is downloaded and no system library (Hunspell, Enchant) is needed on any computer.
A user adds a language by putting a word list (`<lang>.txt`, one word a line) or a Hunspell
`<lang>.dic` (read without its .aff: only the forms it lists) in the `dictionaries` folder of the
data folder; words they add ("Add to dictionary", `casecoder spell --add`) go to
`personal-<lang>.txt` there. Each dictionary is read once per process, when first used (a few
hundred milliseconds), and shared by every `Speller` of its language.

Only prose is checked: words with digits or underscores (source names such as
`alder_principal_w1`), ALL-CAPS acronyms and their plurals (PLCs), mixed-case names (PhD, iPad),
inline `code`, fenced code blocks, link targets, bare URLs, e-mail addresses and HTML tags are
left alone. A link's text is the writer's prose and is checked.

Suggestions are the dictionary's words within two edits (a transposition is one), nearest first
and then the most common, found with rapidfuzz among the words of about the same length: a few
milliseconds, where pyspellchecker's own edits of edits take up to half a second for a long word.
"""

from __future__ import annotations

import importlib.resources
import re
import threading
from collections.abc import Iterator
from pathlib import Path

from ..store.errors import ConflictError, NotFoundError
from ..store.files import save_atomically
from ..store.settings import data_dir, spelling_language

DEFAULT_LANGUAGE = "en"
PERSONAL = "personal-"
MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u200c"
TOKEN = re.compile(rf"(?:[\w{MARKS}]|['’](?=\w))+")  # letters, digits, marks; apostrophes inside
SKIPPED = re.compile(
    r"(`+)[^`\n]*?\1"                               # inline code
    r"|\]\([^)\n]*\)"                               # a link's or an image's target: ](...)
    r"|</?[A-Za-z!][^<>\n]*>"                          # autolinks <https://…>, HTML tags
    r"|(?:https?|ftp|file)://[^\s<>()\[\]]+|www\.[^\s<>()\[\]]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"                # e-mail addresses
    r"|^ {0,3}\[[^\]\n]+\]:.*$",                    # a reference definition: [label]: url
    re.MULTILINE)
NOT_PROSE = re.compile(r"[\d_]")  # a word with a digit or an underscore: a name of a file, a source, a number
FENCE = re.compile(r"^\s*(```|~~~)")  # as coder.memos.text reads fences (any indent)
# the method's own words, which a dictionary of everyday English lacks
METHOD_WORDS = {"en": ("codebook codebooks codings codable recode recodes recoded subcode subcodes metadata "
                       "dataset datasets disconfirming positionality vivo app apps lookup lookups").split()}

_lock = threading.Lock()
_dictionaries: dict[tuple[str, Path], _Dictionary] = {}


def dictionaries_dir() -> Path:
    """Where a user puts dictionaries of more languages and where added words are kept."""
    return data_dir() / "dictionaries"


def bundled_languages() -> list[str]:
    """The languages whose dictionaries ship inside pyspellchecker (those whose file is there)."""
    folder = importlib.resources.files("spellchecker") / "resources"
    return sorted(p.name.removesuffix(".json.gz") for p in folder.iterdir() if p.name.endswith(".json.gz"))


def language_files() -> dict[str, Path]:
    """Each language a user added, by its file in the dictionaries folder (a .txt before a .dic)."""
    folder = dictionaries_dir()
    found: dict[str, Path] = {}
    if folder.is_dir():
        for path in sorted(folder.iterdir(), key=lambda p: (p.stem, p.suffix != ".txt")):
            if path.suffix in (".txt", ".dic") and not path.stem.startswith(PERSONAL) and path.is_file():
                found.setdefault(path.stem, path)
    return found


def available_languages() -> list[str]:
    """Every language that can be checked: the bundled ones and those added as files."""
    return sorted(set(bundled_languages()) | set(language_files()))


def is_fence(line: str) -> bool:
    """Whether a line opens or closes a fenced code block (```), whose lines are not checked."""
    return FENCE.match(line) is not None


def read_word_file(path: Path) -> Iterator[str]:
    """The words of a word list or of a Hunspell .dic (its first line a count, each word's
    /FLAGS and morphology dropped), in the file's order."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:  # older Hunspell dictionaries are in their own 8-bit encoding
        raw = path.read_text(encoding="latin-1")
    lines = raw.splitlines()
    if path.suffix == ".dic" and lines and lines[0].strip().isdigit():
        lines = lines[1:]
    for line in lines:
        word = line.strip()
        if path.suffix == ".dic":
            word = re.split(r"(?<!\\)/", word.split("\t")[0].split(" ")[0], maxsplit=1)[0].replace("\\/", "/")
        if word and not word.startswith("#"):
            yield word


class _Dictionary:
    """One language's words as this user has them: the bundled list (lower case → how common),
    the words of a file the user added, their own words, and the verdicts already given,
    shared by every Speller of the language."""

    def __init__(self, language: str, folder: Path) -> None:
        self.language = language
        self.bundled = _bundled_words(language) if language in bundled_languages() else {}
        path = language_files().get(language)
        self.extra = {w.lower(): 1 for w in read_word_file(path)} if path is not None else {}
        self.personal_file = folder / f"{PERSONAL}{language}.txt"
        self.personal: dict[str, str] = {}  # lower case → as the user wrote it
        if self.personal_file.is_file():
            self.personal = {w.lower(): w for w in read_word_file(self.personal_file)}
        self.known: dict[str, bool] = {}
        self._words: list[str] = []
        self._near: dict[int, list[str]] = {}

    def has(self, key: str) -> bool:
        return key in self.bundled or key in self.extra or key in self.personal

    def knows(self, word: str) -> bool:
        verdict = self.known.get(word)
        if verdict is None:
            key = word.replace("’", "'").lower()
            verdict = self.has(key) or (key.endswith("'s") and self.has(key[:-2]))
            self.known[word] = verdict
        return verdict

    def frequency(self, key: str) -> int:
        return self.bundled.get(key) or self.extra.get(key) or 0

    def near(self, length: int) -> list[str]:
        """The words within two letters of `length` long: the only ones two edits can reach."""
        if length not in self._near:
            if not self._near:
                self._words = list({**self.bundled, **self.extra, **dict.fromkeys(self.personal, 0)})
            self._near[length] = [w for w in self._words if abs(len(w) - length) <= 2]
        return self._near[length]


_bundled: dict[str, dict[str, int]] = {}


def _bundled_words(language: str) -> dict[str, int]:
    """pyspellchecker's list for `language` (read once per process), with the method's words."""
    if language not in _bundled:
        from spellchecker import SpellChecker

        words = SpellChecker(language=language).word_frequency.dictionary
        for word in METHOD_WORDS.get(language, ()):
            words.setdefault(word, 1)
        _bundled[language] = words
    return _bundled[language]


def _dictionary(language: str) -> _Dictionary:
    folder = dictionaries_dir()
    with _lock:
        if (language, folder) not in _dictionaries:
            _dictionaries[language, folder] = _Dictionary(language, folder)
        return _dictionaries[language, folder]


def forget_dictionaries() -> None:
    """Read the users' dictionaries afresh when next used (after a file of theirs changed)."""
    with _lock:
        _dictionaries.clear()


def chosen_language() -> str:
    """The language the user chose, or English when that dictionary is no longer there."""
    language = spelling_language()
    return language if language in available_languages() else DEFAULT_LANGUAGE


def checked_words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of each word of Markdown `text` a dictionary is asked about."""
    fenced = False
    offset = 0
    for line in text.splitlines(keepends=True):
        if is_fence(line):
            fenced = not fenced
        elif not fenced:
            yield from _line_words(line, offset)
        offset += len(line)


def _line_words(line: str, offset: int) -> Iterator[tuple[int, int, str]]:
    skipped = [m.span() for m in SKIPPED.finditer(line)]
    for m in TOKEN.finditer(line):
        start, end = m.span()
        while start < end and line[start] in "_'’":
            start += 1
        while end > start and line[end - 1] == "_":
            end -= 1
        word = line[start:end]
        if len(word) < 2 or NOT_PROSE.search(word):
            continue
        if word.isupper() or (word[-1] == "s" and len(word) > 2 and word[:-1].isupper()):
            continue  # an acronym (PLC) or its plural (PLCs)
        if word[1:].lower() != word[1:]:
            continue  # a name or a brand written in mixed case (PhD, McKinsey, iPad)
        if skipped and any(a < end and start < b for a, b in skipped):
            continue
        yield offset + start, offset + end, word


class Speller:
    """Spelling in one language (by default the user's choice). Cheap to make: the dictionary is
    read when first asked, once per process."""

    def __init__(self, language: str | None = None) -> None:
        if language is not None and language not in available_languages():
            raise NotFoundError(f"no dictionary for {language!r} (there are: {', '.join(available_languages())}; "
                                f"add one as {dictionaries_dir() / (language + '.txt')})")
        self.language = language or chosen_language()

    @property
    def dictionary(self) -> _Dictionary:
        return _dictionary(self.language)

    def knows(self, word: str) -> bool:
        """Whether `word` is spelled right (in the dictionary or the user's own words)."""
        return self.dictionary.knows(word)

    def misspelled(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, word) of each word of `text` the dictionary does not know, in Python
        string offsets (`text[start:end] == word`). Text with no word to check (an empty editor
        as the window opens) asks nothing of the dictionary, so reading it waits for a memo."""
        words = list(checked_words(text))
        if not words:
            return []
        dictionary = self.dictionary
        return [(s, e, w) for s, e, w in words if not dictionary.knows(w)]

    def suggestions(self, word: str, limit: int = 5) -> list[str]:
        """Up to `limit` spellings for `word`, best first, capitalised as `word` is."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        dictionary = self.dictionary
        key = word.replace("’", "'").lower()
        found = process.extract(key, dictionary.near(len(key)), scorer=OSA.distance, score_cutoff=2, limit=None)
        ranked = sorted(found, key=lambda f: (f[1], -dictionary.frequency(f[0]), f[0]))
        out: list[str] = []
        for candidate, _distance, _index in ranked:
            shown = _like(word, dictionary.personal.get(candidate, candidate))
            if shown not in out:
                out.append(shown)
            if len(out) == limit:
                break
        return out

    def add_word(self, word: str) -> Path:
        """Keep `word` as spelled right in this language from now on, in the personal word list
        (written whole or not at all); returns that file."""
        word = word.strip()
        if not word or any(ch.isspace() for ch in word):
            raise ConflictError(f"{word!r} is not one word: add words one at a time")
        dictionary = self.dictionary
        with _lock:
            if dictionary.personal_file.is_file():  # what another program (the command line) added meanwhile
                for known in read_word_file(dictionary.personal_file):
                    dictionary.personal.setdefault(known.lower(), known)
            dictionary.personal[word.lower()] = word
            dictionary.known.clear()
            dictionary._near.clear()
            words = sorted(dictionary.personal.values(), key=str.lower)
            dictionary.personal_file.parent.mkdir(parents=True, exist_ok=True)
            save_atomically(dictionary.personal_file,
                            lambda path: Path(path).write_text("".join(f"{w}\n" for w in words), encoding="utf-8"))
        return dictionary.personal_file


def _like(word: str, suggestion: str) -> str:
    """`suggestion` capitalised as `word` is, with its kind of apostrophe."""
    if "’" in word:
        suggestion = suggestion.replace("'", "’")
    if len(word) > 1 and word.isupper():
        return suggestion.upper()
    if word[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion
