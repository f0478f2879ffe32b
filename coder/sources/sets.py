"""Sets: named groups of codes, sources or memos, as REFI-QDA projects and the other tools keep
them (a MAXQDA document set, an NVivo static set, an ATLAS.ti code group). A member may belong to
several sets; a set of sources narrows a data run to its sources."""

from __future__ import annotations

from dataclasses import dataclass

from ..store.changes import Changes
from ..store.errors import ConflictError, NotFoundError
from ..store.paths import clean_name

KINDS = ("code", "source", "memo")
TABLES = {"code": "codes", "source": "sources", "memo": "memos"}


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

    def _check_name(self, name: str, set_id: str | None = None) -> str:
        name = clean_name(name, "set")
        clash = self.conn.execute("SELECT id FROM sets WHERE lower(name) = lower(?) AND id != ifnull(?, '')",
                                  (name, set_id)).fetchone()
        if clash:
            raise ConflictError(f"a set named {name!r} already exists")
        return name

    def _check_members(self, kind: str, members: list[str]) -> None:
        if kind not in KINDS:
            raise NotFoundError(f"a set holds {', '.join(KINDS)}, not {kind!r}")
        for member in members:
            if not self.conn.execute(f"SELECT 1 FROM {TABLES[kind]} WHERE id = ?", (member,)).fetchone():
                raise NotFoundError(f"no {kind} with id {member}")

    def add_set(self, *, name: str, kind: str, members: list[str], description: str = "") -> Changes:
        """A new set of codes, sources or memos (ids); set names are unique."""
        name = self._check_name(name)
        self._check_members(kind, members)
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

    def rename_set(self, *, set_id: str, name: str, description: str | None = None) -> Changes:
        """A set's new name (and, optionally, description)."""
        found = self.find(set_id)
        name = self._check_name(name, set_id)
        with self.study.operation("rename_set", f"Rename set {found.name} to {name}") as rec:
            values = {"name": name, **self.study.modified()}
            if description is not None:
                values["description"] = description
            self.study.db["sets"].update(set_id, values)
            rec.touch("sets", set_id)
        return self.study.changes_of(rec)

    def add_members(self, *, set_id: str, kind: str, members: list[str]) -> Changes:
        """Put codes, sources or memos (ids) into a set; those already in it stay as they are.
        The result is how many came in."""
        found = self.find(set_id)
        self._check_members(kind, members)
        with self.study.operation("add_set_members", f"Add to set {found.name}") as rec:
            before = self._count(set_id)
            self.conn.executemany("INSERT OR IGNORE INTO set_members (set_id, member_id, kind) VALUES (?, ?, ?)",
                                  [(set_id, m, kind) for m in members])
            rec.result = self._count(set_id) - before
            rec.touch("sets", set_id)
        return self.study.changes_of(rec)

    def remove_members(self, *, set_id: str, members: list[str]) -> Changes:
        """Take members (ids) out of a set; one that is not in it is refused, and nothing changes.
        The members themselves stay in the study."""
        found = self.find(set_id)
        held = {m for ids in found.members.values() for m in ids}
        missing = [m for m in members if m not in held]
        if missing:
            raise NotFoundError(f"{missing[0]} is not in the set {found.name!r}")
        with self.study.operation("remove_set_members", f"Remove from set {found.name}") as rec:
            self.conn.executemany("DELETE FROM set_members WHERE set_id = ? AND member_id = ?",
                                  [(set_id, m) for m in members])
            rec.result = len(set(members))
            rec.touch("sets", set_id)
        return self.study.changes_of(rec)

    def _count(self, set_id: str) -> int:
        return self.conn.execute("SELECT count(*) FROM set_members WHERE set_id = ?", (set_id,)).fetchone()[0]
