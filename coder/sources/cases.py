"""The case tree: districts holding sites (any depth), the units of analysis."""

from __future__ import annotations

from dataclasses import dataclass

from ..store.changes import Changes
from ..store.errors import AmbiguousError, ConflictError, NotFoundError
from ..store.paths import clean_name, join_path, split_path
from ..store.trees import chain, child_id, tree_order
from ..store.until_write import UntilWrite

KINDS = ("district", "site", "group")


@dataclass(frozen=True)
class Case:
    id: str
    parent_id: str | None
    kind: str
    name: str
    path: str


@dataclass(frozen=True)
class CaseDeletion:
    """What deleting a case would take with it and what it leaves, for the question asked first."""

    path: str
    cases_below: tuple[str, ...]  # the paths of the cases under it, deleted with it
    sources: int  # sources held by it or a case under it: they stay, unassigned, codings and all
    attributes: int  # attribute values of the deleted cases
    stances: int  # claim stances judged for them (a site's stance is then read from its evidence)
    cell_notes: int  # pattern-table cells with a summary or pinned quotations for them
    memos: int  # site or district memos about them: kept


class Cases:
    """Districts and sites, and the paths ('District/Site') that name them."""

    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn
        self._places = UntilWrite(self.conn, self._read_places)

    # -------------------------------------------------------------- reads
    def all(self) -> list[Case]:
        """Every case, parents before children, siblings by position then name."""
        rows = self.conn.execute(
            "SELECT id, parent_id, kind, name FROM cases ORDER BY position, lower(name)").fetchall()
        out: list[Case] = []
        for (cid, pid, kind, name), under in tree_order(rows):
            path = join_path([name]) if under is None else out[under].path + "/" + join_path([name])
            out.append(Case(cid, pid, kind, name, path))
        return out

    def get(self, case_id: str) -> Case:
        for case in self.all():
            if case.id == case_id:
                return case
        raise NotFoundError(f"no case with id {case_id}")

    def ancestors(self, case_id: str | None) -> list[Case]:
        """The case and its ancestors, nearest first."""
        by_id = {c.id: c for c in self.all()}
        return [by_id[c] for c in chain({c.id: c.parent_id for c in by_id.values()}, case_id)]

    def site_of(self) -> dict[str | None, str | None]:
        """Each case's site: itself for a site, its site ancestor below one, None above (a district)."""
        rows = self.conn.execute("SELECT id, parent_id, kind FROM cases").fetchall()
        parent = {r[0]: r[1] for r in rows}
        kind = {r[0]: r[2] for r in rows}
        out: dict[str | None, str | None] = {None: None}
        for case_id in parent:
            out[case_id] = next((node for node in chain(parent, case_id) if kind[node] == "site"), None)
        return out

    def places(self) -> dict[str, tuple[str | None, str | None]]:
        """(district, site) for every case id, computed in one pass over the tree and kept until
        the study is written to (runs, searches and tables read it on every action; not to be
        changed by the caller)."""
        return self._places.read()

    def _read_places(self) -> dict[str, tuple[str | None, str | None]]:
        by_id = {c.id: c for c in self.all()}
        parents = {c.id: c.parent_id for c in by_id.values()}
        out = {}
        for case in by_id.values():
            line = [by_id[c] for c in chain(parents, case.id)]
            district = next((c.name for c in reversed(line) if c.kind == "district"), None)
            site = next((c.name for c in line if c.kind == "site"), None)
            out[case.id] = (district, site)
        return out

    def find(self, ref: str) -> Case:
        """A case by id, by path ('District/Site'), or by a unique bare name."""
        cases = self.all()
        for case in cases:
            if case.id == ref or case.path == ref:
                return case
        named = [c for c in cases if c.name.lower() == ref.strip().lower()]
        if len(named) == 1:
            return named[0]
        if named:
            raise AmbiguousError(f"{ref!r} names {len(named)} cases: "
                                 + ", ".join(c.path for c in named) + " (give the full path)")
        raise NotFoundError(f"no district or site named {ref!r}")

    def subtree(self, case_id: str) -> list[str]:
        """The case and every case under it, parents first."""
        cases = self.all()
        below, out = {case_id}, []
        for case in cases:  # parents come before their children
            if case.id == case_id or case.parent_id in below:
                below.add(case.id)
                out.append(case.id)
        if not out:
            raise NotFoundError(f"no case with id {case_id}")
        return out

    def deletion_summary(self, case_id: str) -> CaseDeletion:
        """What delete_case would do, counted, so the window can say it before asking."""
        case = self.get(case_id)
        doomed = self.subtree(case_id)
        marks = ",".join("?" * len(doomed))

        def count(sql: str) -> int:
            return self.conn.execute(sql.format(marks=marks), doomed).fetchone()[0]

        paths = {c.id: c.path for c in self.all()}
        return CaseDeletion(
            case.path, tuple(paths[c] for c in doomed[1:]),
            count("SELECT count(*) FROM sources WHERE case_id IN ({marks})"),
            count("SELECT count(*) FROM case_values WHERE case_id IN ({marks})"),
            count("SELECT count(*) FROM claim_stances WHERE site_id IN ({marks})"),
            count("SELECT count(*) FROM pattern_cells WHERE site_id IN ({marks}) AND (summary != '' "
                  "OR id IN (SELECT cell_id FROM pattern_quotes))"),
            count("SELECT count(*) FROM memos WHERE kind IN ('site', 'district') AND subject_id IN ({marks})"))

    def _child(self, parent_id: str | None, name: str) -> str | None:
        return child_id(self.conn, "cases", parent_id, name)

    # -------------------------------------------------------------- writes
    def add_case(self, *, name: str, kind: str = "site", parent_id: str | None = None) -> Changes:
        """Create a district, site or grouping case under `parent_id`."""
        name = clean_name(name, "case")
        if kind not in KINDS:
            raise ConflictError(f"unknown case kind {kind!r} (use {', '.join(KINDS)})")
        if self._child(parent_id, name):
            raise ConflictError(f"a case named {name!r} already exists there")
        with self.study.operation("add_case", f"New {kind} {name}") as rec:
            cid = self.study.new_id()
            self.study.db["cases"].insert({"id": cid, "parent_id": parent_id, "kind": kind,
                                           "name": name, **self.study.stamps()})
            rec.touch("cases", cid)
            rec.result = cid
        return self.study.changes_of(rec)

    def ensure(self, district: str | None, site: str | None) -> str | None:
        """The id of District/Site, creating either when missing (used by import)."""
        parent = None
        if district:
            parent = self._child(None, district.strip()) or self.add_case(
                name=district, kind="district").result
        if site:
            names = split_path(site)
            for i, name in enumerate(names):
                existing = self._child(parent, name)
                if existing is None and parent is None and i == 0:
                    # a bare site name without district: reuse a unique site of that name
                    try:
                        existing = self.find(name).id
                    except (NotFoundError, AmbiguousError):
                        existing = None
                parent = existing or self.add_case(
                    name=name, kind="site" if i == len(names) - 1 else "group", parent_id=parent).result
        return parent

    def rename_case(self, *, case_id: str, name: str) -> Changes:
        """Rename a district or site; siblings must keep distinct names."""
        name = clean_name(name, "case")
        case = self.get(case_id)
        clash = self._child(case.parent_id, name)
        if clash and clash != case_id:
            raise ConflictError(f"a case named {name!r} already exists there")
        with self.study.operation("rename_case", f"Rename {case.name} to {name}") as rec:
            self.study.db["cases"].update(case_id, {"name": name, **self.study.modified()})
            rec.touch("cases", case_id)
        return self.study.changes_of(rec)

    def move_case(self, *, case_id: str, parent_id: str | None) -> Changes:
        """Put a case under another parent (None: top level); a case never moves inside itself."""
        case = self.get(case_id)
        if parent_id and any(a.id == case_id for a in self.ancestors(parent_id)):
            raise ConflictError(f"cannot move {case.name} inside itself")
        if self._child(parent_id, case.name):
            raise ConflictError(f"a case named {case.name!r} already exists there")
        with self.study.operation("move_case", f"Move {case.name}") as rec:
            self.study.db["cases"].update(case_id, {"parent_id": parent_id, **self.study.modified()})
            rec.touch("cases", case_id)
        return self.study.changes_of(rec)

    def delete_case(self, *, case_id: str) -> Changes:
        """Delete a case and its sub-cases; their sources stay, unassigned."""
        case = self.get(case_id)
        doomed = self.subtree(case_id)
        with self.study.operation("delete_case", f"Delete {case.name}") as rec:
            marks = ",".join("?" * len(doomed))
            self.conn.execute(f"UPDATE sources SET case_id = NULL WHERE case_id IN ({marks})", doomed)
            self.conn.execute(f"DELETE FROM case_values WHERE case_id IN ({marks})", doomed)
            self.conn.execute(f"DELETE FROM claim_stances WHERE site_id IN ({marks})", doomed)
            self.study.cells.forget_sites(doomed)
            for cid in reversed(doomed):
                self.conn.execute("DELETE FROM cases WHERE id = ?", (cid,))
                self.study.tombstone("case", cid)
            rec.touch("cases", *doomed)
            rec.touch("sources")
        return self.study.changes_of(rec)
