"""The study's speaker list: transcript labels folded into speakers, correctable by the user.

Only case, punctuation and abbreviation variants merge automatically ("Int.", "INTERVIEWER" and
"Interviewer" are one speaker); labels that differ in a number ("Interviewer 1", "Interviewer 2")
never merge. A typo of a long label ("Interveiwer") merges when rapidfuzz rates it very close.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..store.changes import Changes
from ..store.errors import ConflictError, NotFoundError
from ..store.paths import clean_name


@dataclass(frozen=True)
class Speaker:
    id: str
    name: str
    labels: tuple[str, ...]
    turns: int


@dataclass(frozen=True)
class LabelUse:
    """One transcript label as one speaker's: how the transcripts write it, and its turns."""

    label: str  # as the transcripts most often write it
    key: str  # folded, as speaker_labels and split_speaker match it
    turns: int
    sources: tuple[tuple[str, int], ...]  # (source id, that speaker's turns with this label there)


def label_key(label: str) -> str:
    """Case and punctuation folded: 'Int.' -> 'int', 'INTERVIEWER 1' -> 'interviewer 1'."""
    return " ".join(re.sub(r"[^\w]+", " ", label.casefold()).split())


def _words(label: str) -> list[tuple[str, bool]]:
    """(folded word, written with a trailing dot) for each word of a label."""
    return [(w.casefold().strip(".'’-"), w.endswith(".")) for w in label.split() if w.strip(".'’-")]


def _subsequence(short: str, long_: str) -> bool:
    letters = iter(long_)
    return all(ch in letters for ch in short)


def same_speaker(a: str, b: str) -> bool:
    """True when two labels are variants of one speaker's label."""
    ka, kb = label_key(a), label_key(b)
    if ka == kb:
        return True
    if re.findall(r"\d+", ka) != re.findall(r"\d+", kb):
        return False
    wa, wb = _words(a), _words(b)
    if len(wa) == len(wb) and wa:
        def variant(x: tuple[str, bool], y: tuple[str, bool]) -> bool:
            (xw, xdot), (yw, ydot) = x, y
            if xw == yw:
                return True
            short, long_, dotted = (xw, yw, xdot) if len(xw) < len(yw) else (yw, xw, ydot)
            if len(short) < 2 or short[0] != long_[0]:
                return False
            if long_.startswith(short):
                return dotted or len(short) <= 3
            return dotted and _subsequence(short, long_)  # "Asst." for "Assistant"
        if all(variant(x, y) for x, y in zip(wa, wb, strict=True)):
            return True
    # a typo ("Interveiwer"), not a different word ("Interview" / "Interviewer")
    return min(len(ka), len(kb)) >= 6 and abs(len(ka) - len(kb)) <= 1 and fuzz.ratio(ka, kb) >= 90


def display_name(label: str) -> str:
    """A readable speaker name from a label: shouting turned to title case, no trailing dot."""
    name = " ".join(label.split()).rstrip(".").strip()
    if name.isupper() and len(name) > 3:
        name = name.title()
    return name or label


class Speakers:
    """Speakers and the raw labels mapped to them."""

    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn

    def all(self) -> list[Speaker]:
        rows = self.conn.execute(
            "SELECT s.id, s.name, (SELECT group_concat(label, char(31)) FROM speaker_labels l "
            "WHERE l.speaker_id = s.id) FROM speakers s ORDER BY lower(s.name)").fetchall()
        # one pass over the turns (they have no speaker index: this list is rarely shown)
        turns = dict(self.conn.execute("SELECT speaker_id, count(*) FROM turns WHERE speaker_id IS NOT NULL "
                                       "GROUP BY speaker_id").fetchall())
        return [Speaker(r[0], r[1], tuple(sorted((r[2] or "").split("\x1f"))) if r[2] else (), turns.get(r[0], 0))
                for r in rows]

    def names(self) -> list[tuple[str, str]]:
        """(id, name) of every speaker by name: what a speaker filter offers, without counting turns."""
        return self.conn.execute("SELECT id, name FROM speakers ORDER BY lower(name)").fetchall()

    def label_uses(self) -> dict[str, list[LabelUse]]:
        """Each speaker's labels as written in the transcripts, most turns first, with the sources
        they speak in: one grouped pass over the turns. A label split between two people shows
        under both speakers, each with their own turns."""
        written: dict[tuple[str, str], Counter] = {}
        where: dict[tuple[str, str], Counter] = {}
        for speaker_id, label, source_id, count in self.conn.execute(
                "SELECT speaker_id, label, source_id, count(*) FROM turns "
                "WHERE speaker_id IS NOT NULL AND label IS NOT NULL GROUP BY speaker_id, label, source_id"):
            key = (speaker_id, label_key(label))
            written.setdefault(key, Counter())[label] += count
            where.setdefault(key, Counter())[source_id] += count
        out: dict[str, list[LabelUse]] = {}
        for (speaker_id, key), forms in written.items():
            sources = where[(speaker_id, key)]
            out.setdefault(speaker_id, []).append(LabelUse(
                forms.most_common(1)[0][0], key, sum(sources.values()), tuple(sorted(sources.items()))))
        for uses in out.values():
            uses.sort(key=lambda u: (-u.turns, u.key))
        return out

    def name_of(self, speaker_id: str | None) -> str | None:
        if not speaker_id:
            return None
        row = self.conn.execute("SELECT name FROM speakers WHERE id = ?", (speaker_id,)).fetchone()
        return row[0] if row else None

    def label_owner(self, label: str) -> str | None:
        """The speaker a label goes to when a transcript is imported (None: a label never seen)."""
        row = self.conn.execute("SELECT speaker_id FROM speaker_labels WHERE label = ?", (label_key(label),)).fetchone()
        return row[0] if row else None

    def find(self, ref: str) -> Speaker:
        for speaker in self.all():
            if speaker.id == ref or speaker.name.lower() == ref.strip().lower():
                return speaker
        raise NotFoundError(f"no speaker named {ref!r}")

    def resolve_label(self, label: str) -> str:
        """The speaker id for a transcript label, creating the speaker when none matches.

        Must run inside an operation (it is part of an import or an edit).
        """
        key = label_key(label)
        row = self.conn.execute("SELECT speaker_id FROM speaker_labels WHERE label = ?", (key,)).fetchone()
        if row:
            return row[0]
        speaker_id = None
        for speaker_row in self.conn.execute(
                "SELECT s.id, s.name, l.label FROM speakers s LEFT JOIN speaker_labels l "
                "ON l.speaker_id = s.id").fetchall():
            if same_speaker(label, speaker_row[1]) or (speaker_row[2] and same_speaker(label, speaker_row[2])):
                speaker_id = speaker_row[0]
                break
        if speaker_id is None:
            speaker_id = self.study.new_id()
            name = display_name(label)
            if self.conn.execute("SELECT 1 FROM speakers WHERE lower(name) = lower(?)", (name,)).fetchone():
                name = f"{name} ({key})"
            self.study.db["speakers"].insert({"id": speaker_id, "name": name, **self.study.stamps()})
        self.conn.execute("INSERT INTO speaker_labels (label, speaker_id) VALUES (?, ?)", (key, speaker_id))
        return speaker_id

    def rename_speaker(self, *, speaker_id: str, name: str) -> Changes:
        """Rename a speaker everywhere it speaks; names stay unique."""
        name = clean_name(name, "speaker")
        clash = self.conn.execute("SELECT id FROM speakers WHERE lower(name) = lower(?) AND id != ?",
                                  (name, speaker_id)).fetchone()
        if clash:
            raise ConflictError(f"a speaker named {name!r} exists already (merge them instead)")
        with self.study.operation("rename_speaker", f"Rename speaker to {name}") as rec:
            self.study.db["speakers"].update(speaker_id, {"name": name, **self.study.modified()})
            rec.touch("speakers", speaker_id)
        return self.study.changes_of(rec)

    def merge_speakers(self, *, source_id: str, target_id: str) -> Changes:
        """Fold one speaker into another: its labels and turns move over."""
        if source_id == target_id:
            raise ConflictError("a speaker cannot be merged into itself")
        src, dst = self.name_of(source_id), self.name_of(target_id)
        if src is None or dst is None:
            raise NotFoundError("no such speaker")
        with self.study.operation("merge_speakers", f"Merge speaker {src} into {dst}") as rec:
            self.conn.execute("UPDATE speaker_labels SET speaker_id = ? WHERE speaker_id = ?", (target_id, source_id))
            self.conn.execute("UPDATE turns SET speaker_id = ? WHERE speaker_id = ?", (target_id, source_id))
            self.conn.execute("DELETE FROM speakers WHERE id = ?", (source_id,))
            self.study.tombstone("speaker", source_id)
            rec.touch("speakers", source_id, target_id)
        return self.study.changes_of(rec)

    def split_label(self, *, label: str, name: str) -> Changes:
        """Give one label its own speaker (undo a wrong automatic merge)."""
        key = label_key(label)
        row = self.conn.execute("SELECT speaker_id FROM speaker_labels WHERE label = ?", (key,)).fetchone()
        if not row:
            raise NotFoundError(f"no speaker label {label!r}")
        name = clean_name(name, "speaker")
        with self.study.operation("split_speaker_label", f"Give {label} its own speaker") as rec:
            existing = self.conn.execute("SELECT id FROM speakers WHERE lower(name) = lower(?)", (name,)).fetchone()
            speaker_id = existing[0] if existing else self.study.new_id()
            if not existing:
                self.study.db["speakers"].insert({"id": speaker_id, "name": name, **self.study.stamps()})
            self.conn.execute("UPDATE speaker_labels SET speaker_id = ? WHERE label = ?", (speaker_id, key))
            for tid, tlabel in self.conn.execute(
                    "SELECT id, label FROM turns WHERE speaker_id = ?", (row[0],)).fetchall():
                if label_key(tlabel or "") == key:
                    self.conn.execute("UPDATE turns SET speaker_id = ? WHERE id = ?", (speaker_id, tid))
            rec.touch("speakers", speaker_id, row[0])
        return self.study.changes_of(rec)

    def split_speaker(self, *, label: str, name: str, source_ids: list[str] = (),
                      turn_ids: list[int] = ()) -> Changes:
        """One transcript label that names two people: the turns with that label in the sources
        `source_ids`, or the turns `turn_ids` (from Sources.turns), go to the speaker `name`
        (made when new); everywhere else the label keeps its speaker. Without sources or turns,
        the label is given its own speaker everywhere (as split_label). A correction of the text
        later keeps each turn's speaker (coder/anchoring.py)."""
        if not source_ids and not turn_ids:
            return self.split_label(label=label, name=name)
        key = label_key(label)
        name = clean_name(name, "speaker")
        picked: list[tuple[int, str | None]] = []
        for source_id in dict.fromkeys(source_ids):
            found = [(t.id, t.speaker_id) for t in self.study.sources.turns(source_id)
                     if label_key(t.label or "") == key]
            if not found:
                raise NotFoundError(f"no turn of {self.study.sources.get(source_id).name} is labelled {label!r}")
            picked += found
        for turn_id in dict.fromkeys(turn_ids):
            row = self.conn.execute("SELECT t.label, t.speaker_id, s.name, t.start FROM turns t "
                                    "JOIN sources s ON s.id = t.source_id WHERE t.id = ?", (turn_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"no turn {turn_id}")
            if label_key(row[0] or "") != key:
                raise ConflictError(f"the turn at {row[3]} of {row[2]} is labelled {row[0]!r}, not {label!r}")
            picked.append((turn_id, row[1]))
        with self.study.operation("split_speaker", f"{label}: some turns to {name}") as rec:
            existing = self.conn.execute("SELECT id FROM speakers WHERE lower(name) = lower(?)", (name,)).fetchone()
            speaker_id = existing[0] if existing else self.study.new_id()
            if not existing:
                self.study.db["speakers"].insert({"id": speaker_id, "name": name, **self.study.stamps()})
            moved = [turn_id for turn_id, was in dict(picked).items() if was != speaker_id]
            self.conn.executemany("UPDATE turns SET speaker_id = ? WHERE id = ?", [(speaker_id, t) for t in moved])
            rec.touch("speakers", speaker_id, *{was for _t, was in picked if was})
            rec.result = {"speaker": speaker_id, "turns": len(moved)}
        return self.study.changes_of(rec)


INTERVIEWER_LABELS = re.compile(r"^(interviewer|interviewers|int|i|q|moderator|facilitator)( \d+)?$")


def is_interviewer(name: str | None, interviewers: list[str]) -> bool:
    """Whether a speaker is one of the source's interviewers: named so ("Interviewer",
    "Int.", "Interviewer 2", "Q"), or sharing a surname with one of the source's interviewers
    ("Maya Okafor" when the source lists "M. Okafor")."""
    if not name:
        return False
    key = label_key(name)
    if INTERVIEWER_LABELS.match(key):
        return True
    surname = key.split()[-1] if key.split() else ""
    return bool(surname) and len(surname) > 1 and any(
        label_key(who).split()[-1:] == [surname] for who in interviewers if label_key(who))


def interviewer_turns(study) -> dict[str, list[tuple[int, int]]]:
    """Each source's interviewer turns as character ranges (in order): what "respondents' words
    only" leaves out, and what autocoding by speaker can take as "every interviewer turn"."""
    import json

    def listed(raw) -> list[str]:
        try:
            value = json.loads(raw) if raw else []
        except ValueError:  # an older study's plain "M. Okafor; J. Lindqvist"
            value = str(raw).split(";")
        return [str(v).strip() for v in (value if isinstance(value, list) else [value]) if str(v).strip()]

    interviewers = {sid: listed(raw) for sid, raw in study.conn.execute("SELECT id, interviewers FROM sources")}
    names = dict(study.conn.execute("SELECT id, name FROM speakers").fetchall())
    out: dict[str, list[tuple[int, int]]] = {}
    verdicts: dict[tuple[str, str], bool] = {}
    for source_id, start, end, speaker_id, label in study.conn.execute(
            "SELECT source_id, start, end, speaker_id, label FROM turns ORDER BY source_id, start"):
        name = names.get(speaker_id) or label
        if not name:
            continue
        key = (source_id, name)
        if key not in verdicts:
            verdicts[key] = is_interviewer(name, interviewers.get(source_id) or [])
        if verdicts[key]:
            out.setdefault(source_id, []).append((start, end))
    return out
