"""Sets: named groups of codes, sources or memos, as REFI-QDA projects and the other tools keep
them (a MAXQDA document set, an NVivo static set, an ATLAS.ti code group). A member may belong to
several sets; a set of sources narrows a data run to its sources."""

from __future__ import annotations

from dataclasses import dataclass

from .changes import Changes
from .errors import NotFoundError
from .paths import clean_name

KINDS = ("code", "source", "memo")


@dataclass(frozen=True)
class StudySet:
    id: str
    name: str
    description: str
    members: dict[str, tuple[str, ...]]  # kind -> member ids


class Sets:
    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn

    def all(self) -> list[StudySet]:
        members: dict[str, dict[str, list[str]]] = {}
        for set_id, member, kind in self.conn.execute("SELECT set_id, member_id, kind FROM set_members "
                                                      "ORDER BY rowid"):
            members.setdefault(set_id, {}).setdefault(kind, []).append(member)
        return [StudySet(r[0], r[1], r[2], {k: tuple(v) for k, v in members.get(r[0], {}).items()})
                for r in self.conn.execute("SELECT id, name, description FROM sets ORDER BY lower(name), rowid")]

    def find(self, ref: str) -> StudySet:
        for each in self.all():
            if each.id == ref or each.name.lower() == ref.strip().lower():
                return each
        raise NotFoundError(f"no set named {ref!r}")

    def add_set(self, *, name: str, kind: str, members: list[str], description: str = "") -> Changes:
        """A new set of codes, sources or memos (ids)."""
        name = clean_name(name, "set")
        if kind not in KINDS:
            raise NotFoundError(f"a set holds {', '.join(KINDS)}, not {kind!r}")
        with self.study.operation("add_set", f"New set {name}") as rec:
            set_id = self.study.new_id()
            self.study.db["sets"].insert({"id": set_id, "name": name, "description": description,
                                          **self.study.stamps()})
            self.conn.executemany("INSERT OR IGNORE INTO set_members (set_id, member_id, kind) VALUES (?, ?, ?)",
                                  [(set_id, m, kind) for m in members])
            rec.touch("sets", set_id)
            rec.result = set_id
        return self.study.changes_of(rec)

    def delete_set(self, *, set_id: str) -> Changes:
        found = self.find(set_id)
        with self.study.operation("delete_set", f"Delete set {found.name}") as rec:
            self.conn.execute("DELETE FROM set_members WHERE set_id = ?", (set_id,))
            self.conn.execute("DELETE FROM sets WHERE id = ?", (set_id,))
            self.study.tombstone("set", set_id)
            rec.touch("sets", set_id)
        return self.study.changes_of(rec)
