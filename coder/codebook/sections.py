"""The analytic site case outline: a tree of sections (bins) that codes link to."""

from __future__ import annotations

from dataclasses import dataclass

from ..store.changes import Changes
from ..store.errors import ConflictError, NotFoundError
from ..store.paths import clean_name, join_path, split_path
from ..store.trees import child_id, next_position, tree_order


@dataclass(frozen=True)
class Section:
    id: str
    parent_id: str | None
    name: str
    path: str
    description: str


class Sections:
    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn

    def all(self) -> list[Section]:
        """Every section, parents before children, in outline order."""
        rows = self.conn.execute(
            "SELECT id, parent_id, name, description FROM sections ORDER BY position, name").fetchall()
        out: list[Section] = []
        for (sid, pid, name, desc), under in tree_order(rows):
            path = join_path([name]) if under is None else out[under].path + "/" + join_path([name])
            out.append(Section(sid, pid, name, path, desc))
        return out

    def get(self, section_id: str) -> Section:
        for section in self.all():
            if section.id == section_id:
                return section
        raise NotFoundError(f"no outline section with id {section_id}")

    def find(self, ref: str) -> Section:
        for section in self.all():
            if section.id == ref or section.path == ref:
                return section
        named = [s for s in self.all() if s.name.lower() == ref.strip().lower()]
        if len(named) == 1:
            return named[0]
        raise NotFoundError(f"no outline section {ref!r}")

    def _child(self, parent_id: str | None, name: str) -> str | None:
        return child_id(self.conn, "sections", parent_id, name)

    def add_section(self, *, path: str, description: str = "") -> Changes:
        """Create an outline section (and missing parents on its path)."""
        names = split_path(path)
        with self.study.operation("add_section", f"New section {names[-1]}") as rec:
            parent = None
            for i, name in enumerate(names):
                existing = self._child(parent, name)
                if existing and i == len(names) - 1:
                    raise ConflictError(f"the section {path!r} already exists")
                if not existing:
                    existing = self.study.new_id()
                    position = next_position(self.conn, "sections", parent)
                    self.study.db["sections"].insert({
                        "id": existing, "parent_id": parent, "name": clean_name(name, "section"),
                        "description": description if i == len(names) - 1 else "",
                        "position": position, **self.study.stamps()})
                    rec.touch("sections", existing)
                parent = existing
            rec.result = parent
        return self.study.changes_of(rec)

    def rename_section(self, *, section_id: str, name: str, description: str | None = None) -> Changes:
        """Rename (and optionally re-describe) an outline section. Site memos name their sections
        by the outline, so each memo's section is renamed with it (a new version of the memo),
        and its quotations and corroboration marks follow: no memo text is left under a heading
        the outline no longer has."""
        section = self.get(section_id)
        name = clean_name(name, "section")
        clash = self._child(section.parent_id, name)
        if clash and clash != section_id:
            raise ConflictError(f"a sibling section named {name!r} already exists")
        with self.study.operation("rename_section", f"Rename section {section.name}") as rec:
            values = {"name": name, **self.study.modified()}
            if description is not None:
                values["description"] = description
            self.study.db["sections"].update(section_id, values)
            rec.touch("sections", section_id)
            if name != section.name:
                rec.result = {"memos": self.study.memos.carry_section_rename(section.name, name, rec)}
        return self.study.changes_of(rec)

    def move_section(self, *, section_id: str, parent_id: str | None, position: int | None = None) -> Changes:
        """Put a section under another (None: the top level), at `position` among its new
        siblings (default: last); the siblings after it shift down. Site memos follow the new
        order the next time they are saved."""
        section = self.get(section_id)
        if parent_id is not None:
            parent = self.get(parent_id)
            if parent.path == section.path or parent.path.startswith(section.path + "/"):
                raise ConflictError(f"cannot move {section.name!r} inside itself")
        clash = self._child(parent_id, section.name)
        if clash and clash != section_id:
            raise ConflictError(f"the new place already has a section named {section.name!r}")
        with self.study.operation("move_section", f"Move section {section.name}") as rec:
            siblings = [r[0] for r in self.conn.execute(
                "SELECT id FROM sections WHERE ifnull(parent_id, '') = ifnull(?, '') AND id != ? "
                "ORDER BY position, name", (parent_id, section_id))]
            at = len(siblings) if position is None else max(0, min(position, len(siblings)))
            siblings.insert(at, section_id)
            for index, sibling in enumerate(siblings):
                self.conn.execute("UPDATE sections SET position = ? WHERE id = ? AND position != ?",
                                  (index, sibling, index))
            if parent_id != section.parent_id:
                self.study.db["sections"].update(section_id, {"parent_id": parent_id, **self.study.modified()})
            rec.touch("sections", section_id)
        return self.study.changes_of(rec)

    def shift_section(self, *, section_id: str, by: int) -> Changes:
        """Move a section up (by < 0) or down among its siblings."""
        section = self.get(section_id)
        siblings = [s.id for s in self.all() if s.parent_id == section.parent_id]
        return self.move_section(section_id=section_id, parent_id=section.parent_id,
                                 position=max(0, siblings.index(section_id) + by))

    def delete_section(self, *, section_id: str) -> Changes:
        """Delete a section and its sub-sections; linked codes become unlinked."""
        section = self.get(section_id)
        doomed = [s.id for s in self.all() if s.path == section.path or s.path.startswith(section.path + "/")]
        with self.study.operation("delete_section", f"Delete section {section.name}") as rec:
            marks = ",".join("?" * len(doomed))
            self.conn.execute(f"UPDATE codes SET section_id = NULL WHERE section_id IN ({marks})", doomed)
            for sid in reversed(doomed):
                self.conn.execute("DELETE FROM sections WHERE id = ?", (sid,))
                self.study.tombstone("section", sid)
            rec.touch("sections", *doomed)
            rec.touch("codes")
        return self.study.changes_of(rec)
