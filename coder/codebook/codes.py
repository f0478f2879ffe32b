"""The hierarchical codebook: codes with colours, definitions and links to the case outline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..store.changes import Changes
from ..store.errors import AmbiguousError, ConflictError, NotFoundError
from ..store.paths import clean_name, join_path, split_path
from ..store.trees import child_id, next_position, tree_order

PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac")
DESCRIPTION_FIELDS = ("definition", "inclusion", "exclusion", "example")
NEAR_MATCH = 88


@dataclass(frozen=True)
class Code:
    id: str
    parent_id: str | None
    name: str
    path: str
    color: str
    definition: str
    inclusion: str
    exclusion: str
    example: str
    section_id: str | None
    count: int
    count_all: int
    codable: bool = True  # False: a folder (REFI isCodable="false"), holding codes, never applied


def _fold(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


def check_color(color: str) -> str:
    color = (color or "").strip()
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        raise ConflictError(f"{color!r} is not a colour (use #rrggbb)")
    return color.lower()


class Codes:
    """Create, rename, recolour, describe, move, merge and delete codes."""

    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn
        self._paths: tuple[int, dict[str, str]] | None = None

    # ------------------------------------------------------------------ reads
    def all(self, source_id: str | None = None, coder: str | None = None) -> list[Code]:
        """Every code, parents before children. Counts are of codings on the text (detached ones,
        awaiting placement, are not), in one source when given, by one coder when given (blind
        coding shows only one's own)."""
        rows = self.conn.execute(
            "SELECT id, parent_id, name, color, definition, inclusion, exclusion, example, section_id, n, codable "
            "FROM codes ORDER BY position, lower(name)").fetchall()
        by = " AND coder = ?" if coder else ""
        if source_id:  # a source's few codings
            sql = f"SELECT code_n, count(*) FROM codings WHERE source_n = ? AND detached = 0{by} GROUP BY code_n"
            args: tuple = (self.study.sources.number(source_id), *((coder,) if coder else ()))
        else:  # the counts kept per code, case and coder (detached codings are not in them)
            sql = f"SELECT code_n, sum(n) FROM code_case_counts WHERE 1{by} GROUP BY code_n"
            args = (coder,) if coder else ()
        by_number = dict(self.conn.execute(sql, args).fetchall())
        counts = {r[0]: by_number.get(r[9], 0) for r in rows}
        order = tree_order(rows)
        paths: list[str] = []
        below = [0] * len(order)
        for row, under in order:  # parents come first: their paths are known
            paths.append(join_path([row[2]]) if under is None else paths[under] + "/" + join_path([row[2]]))
        for index in range(len(order) - 1, -1, -1):  # children come after: totals flow upwards
            row, under = order[index]
            if under is not None:
                below[under] += counts.get(row[0], 0) + below[index]
        out: list[Code] = []
        for index, (r, _) in enumerate(order):
            own = counts.get(r[0], 0)
            out.append(Code(r[0], r[1], r[2], paths[index], r[3], r[4], r[5], r[6], r[7], r[8], own,
                            own + below[index], bool(r[10])))
        return out

    def paths(self) -> dict[str, str]:
        """Every code's path by id, without counting codings; kept until an operation touches
        the codes (every coding a view re-reads needs them)."""
        version = self.study.versions["codes"]
        if self._paths is None or self._paths[0] != version:
            self._paths = (version, self._read_paths())
        return dict(self._paths[1])

    def _read_paths(self) -> dict[str, str]:
        rows = self.conn.execute("SELECT id, parent_id, name FROM codes ORDER BY id").fetchall()
        order = tree_order(rows)
        out: list[str] = []
        for row, under in order:
            out.append(join_path([row[2]]) if under is None else out[under] + "/" + join_path([row[2]]))
        return {row[0]: path for (row, _), path in zip(order, out, strict=True)}

    def number(self, code_id: str) -> int:
        """The code's row number, the compact key codings refer to it by."""
        row = self.conn.execute("SELECT n FROM codes WHERE id = ?", (code_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no code with id {code_id}")
        return row[0]

    def numbers(self, code_ids: list[str]) -> list[int]:
        """Row numbers of the given codes (unknown ids are left out)."""
        marks = ",".join("?" * len(code_ids))
        return [r[0] for r in self.conn.execute(f"SELECT n FROM codes WHERE id IN ({marks})", list(code_ids))]

    def counted(self, code_ids: list[str], descendants: bool) -> list[str]:
        """The codes whose codings count for `code_ids`: themselves, and with `descendants` every
        code below them too (a row or column of a table, a theme's or a section's codes)."""
        return sorted({d for c in code_ids for d in (self.descendants(c) if descendants else [c])})

    def linked_to(self, section_id: str) -> list[str]:
        """The codes linked to an outline section (without counting codings)."""
        return [r[0] for r in self.conn.execute("SELECT id FROM codes WHERE section_id = ? ORDER BY position",
                                                (section_id,))]

    def name_of(self, code_id: str) -> str:
        """A code's name, without counting its codings (for labels of frequent actions)."""
        row = self.conn.execute("SELECT name FROM codes WHERE id = ?", (code_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no code with id {code_id}")
        return row[0]

    def check_codable(self, code_id: str) -> str:
        """The code's name, when it may be applied; a folder (isCodable="false" in the tool it came
        from) holds codes and is never applied itself."""
        row = self.conn.execute("SELECT name, codable FROM codes WHERE id = ?", (code_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no code with id {code_id}")
        if not row[1]:
            raise ConflictError(f"{row[0]!r} is a folder of codes, not a code to apply: use one of its sub-codes "
                                "(or make it codable)")
        return row[0]

    def set_codable(self, *, code_id: str, codable: bool) -> Changes:
        """Make a folder a code that can be applied, or a code a folder (its codings stay)."""
        name = self.name_of(code_id)
        with self.study.operation("set_codable", f"{name}: {'codable' if codable else 'folder'}") as rec:
            self.study.db["codes"].update(code_id, {"codable": int(codable), **self.study.modified()})
            rec.touch("codes", code_id)
        return self.study.changes_of(rec)

    def get(self, code_id: str) -> Code:
        row = self.conn.execute(
            "SELECT id, parent_id, name, color, definition, inclusion, exclusion, example, section_id, codable "
            "FROM codes WHERE id = ?", (code_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no code with id {code_id}")
        own = self.conn.execute("SELECT count(*) FROM codings WHERE code_n = ?", (self.number(code_id),)).fetchone()[0]
        return Code(*row[:3], self.path_of(code_id), *row[3:9], own, self.coding_count(code_id), bool(row[9]))

    def path_of(self, code_id: str) -> str:
        names, seen = [], set()
        while code_id and code_id not in seen:  # a loop of parents (from a damaged file) ends the path
            seen.add(code_id)
            row = self.conn.execute("SELECT parent_id, name FROM codes WHERE id = ?", (code_id,)).fetchone()
            if not row:
                break
            names.append(row[1])
            code_id = row[0]
        return join_path(list(reversed(names)))

    def _child(self, parent_id: str | None, name: str) -> str | None:
        return child_id(self.conn, "codes", parent_id, name)

    def find(self, ref: str) -> Code:
        """A code by UUID, by path ('Parent/Child'), or by a bare name that only one code has."""
        row = self.conn.execute("SELECT id FROM codes WHERE id = ?", (ref,)).fetchone()
        if row:
            return self.get(row[0])
        parent = None
        names = split_path(ref)
        for name in names:
            parent = self._child(parent, name)
            if parent is None:
                break
        if parent:
            return self.get(parent)
        if len(names) == 1:
            matches = self.conn.execute("SELECT id FROM codes WHERE lower(name) = lower(?)", (names[0],)).fetchall()
            if len(matches) == 1:
                return self.get(matches[0][0])
            if matches:
                paths = ", ".join(self.path_of(m[0]) for m in matches)
                raise AmbiguousError(f"{ref!r} names {len(matches)} codes: {paths} (give the full path)")
        raise NotFoundError(f"no code {ref!r}")

    def descendants(self, code_id: str) -> list[str]:
        """The code's id and every id below it (UNION, not UNION ALL: a loop of parents ends)."""
        rows = self.conn.execute(
            "WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT c.id FROM codes c JOIN sub ON c.parent_id = sub.id) "
            "SELECT id FROM sub", (code_id,)).fetchall()
        return [r[0] for r in rows]

    def near_matches(self, name: str, exclude: str | None = None) -> list[str]:
        """Paths of codes whose names nearly match `name` (likely duplicates)."""
        folded = _fold(name)
        found = []
        for code in self.all():
            if code.id == exclude:
                continue
            other = _fold(code.name)
            if other == folded or fuzz.ratio(folded, other) >= NEAR_MATCH or (
                    min(len(folded), len(other)) >= 5 and fuzz.token_set_ratio(folded, other) >= 95):
                found.append(code.path)
        return found

    # ------------------------------------------------------------------ writes
    def add_code(self, *, path: str, color: str | None = None, definition: str = "",
                 inclusion: str = "", exclusion: str = "", example: str = "",
                 section_id: str | None = None, parent_id: str | None = None) -> Changes:
        """Create a code (and any missing parents on its path). Flags near-duplicate names."""
        names = split_path(path)
        leaf = clean_name(names[-1], "code")
        with self.study.operation("add_code", f"New code {leaf}") as rec:
            parent = parent_id
            for name in names[:-1]:
                parent = self._child(parent, name) or self._insert(name, parent, None, rec)
            if self._child(parent, leaf):
                raise ConflictError(f"the code {join_path(names)!r} already exists")
            similar = self.near_matches(leaf)
            code_id = self._insert(leaf, parent, color, rec, definition=definition, inclusion=inclusion,
                                   exclusion=exclusion, example=example, section_id=section_id)
            if similar:
                rec.warnings.append(f"{leaf!r} is close to existing code(s): {', '.join(similar)}")
            rec.result = code_id
        return self.study.changes_of(rec)

    def _insert(self, name: str, parent_id: str | None, color: str | None, rec, **fields) -> str:
        code_id = self.study.new_id()
        count = self.conn.execute("SELECT count(*) FROM codes").fetchone()[0]
        position = next_position(self.conn, "codes", parent_id)
        self.study.db["codes"].insert({
            "id": code_id, "parent_id": parent_id, "name": clean_name(name, "code"),
            "color": check_color(color) if color else PALETTE[count % len(PALETTE)],
            "position": position, **{k: v for k, v in fields.items() if v is not None},
            **self.study.stamps()})
        rec.touch("codes", code_id)
        return code_id

    def rename_code(self, *, code_id: str, name: str) -> Changes:
        """Rename a code; siblings keep distinct names, near-duplicates are flagged."""
        code = self.get(code_id)
        name = clean_name(name, "code")
        clash = self._child(code.parent_id, name)
        if clash and clash != code_id:
            raise ConflictError(f"a sibling code named {name!r} already exists")
        with self.study.operation("rename_code", f"Rename code {code.name} to {name}") as rec:
            self.study.db["codes"].update(code_id, {"name": name, **self.study.modified()})
            rec.touch("codes", code_id)
            similar = [p for p in self.near_matches(name, exclude=code_id)]
            if similar:
                rec.warnings.append(f"{name!r} is close to existing code(s): {', '.join(similar)}")
        return self.study.changes_of(rec)

    def set_color(self, *, code_id: str, color: str) -> Changes:
        """Give a code a new colour (#rrggbb)."""
        code = self.get(code_id)
        color = check_color(color)
        with self.study.operation("recolor_code", f"Recolour {code.name}") as rec:
            self.study.db["codes"].update(code_id, {"color": color, **self.study.modified()})
            rec.touch("codes", code_id)
        return self.study.changes_of(rec)

    def describe_code(self, *, code_id: str, **fields: str) -> Changes:
        """Set any of definition, inclusion, exclusion and example."""
        unknown = set(fields) - set(DESCRIPTION_FIELDS)
        if unknown:
            raise ConflictError(f"unknown code field(s): {', '.join(sorted(unknown))}")
        code = self.get(code_id)
        with self.study.operation("describe_code", f"Describe {code.name}") as rec:
            self.study.db["codes"].update(code_id, {**{k: (v or "").strip() for k, v in fields.items()},
                                                    **self.study.modified()})
            rec.touch("codes", code_id)
        return self.study.changes_of(rec)

    def link_section(self, *, code_id: str, section_id: str | None) -> Changes:
        """Link a code to one case-outline section (None unlinks it)."""
        code = self.get(code_id)
        if section_id:
            self.study.sections.get(section_id)
        with self.study.operation("link_code_section", f"Link {code.name} to the outline") as rec:
            self.study.db["codes"].update(code_id, {"section_id": section_id, **self.study.modified()})
            rec.touch("codes", code_id)
        return self.study.changes_of(rec)

    def move_code(self, *, code_id: str, parent_id: str | None, position: int | None = None) -> Changes:
        """Put a code under another parent (None: top level)."""
        code = self.get(code_id)
        if parent_id and parent_id in self.descendants(code_id):
            raise ConflictError(f"cannot move {code.name} under itself")
        clash = self._child(parent_id, code.name)
        if clash and clash != code_id:
            raise ConflictError(f"the new parent already has a code named {code.name!r} (merge them instead)")
        with self.study.operation("move_code", f"Move code {code.name}") as rec:
            if position is None:
                position = next_position(self.conn, "codes", parent_id)
            self.study.db["codes"].update(code_id, {"parent_id": parent_id, "position": position,
                                                    **self.study.modified()})
            rec.touch("codes", code_id)
        return self.study.changes_of(rec)

    def merge_codes(self, *, source_id: str, target_id: str) -> Changes:
        """Merge one code into another: codings move (exact duplicates collapse), sub-codes move
        under the target (merging with a same-named sub-code there), the merged code goes."""
        if source_id == target_id:
            raise ConflictError("a code cannot be merged into itself")
        src, dst = self.get(source_id), self.get(target_id)
        if target_id in self.descendants(source_id):
            raise ConflictError(f"cannot merge {src.name} into its own sub-code {dst.name}")
        with self.study.operation("merge_codes", f"Merge {src.name} into {dst.name}") as rec:
            self._merge(source_id, target_id, rec)
            rec.touch("codings")
        return self.study.changes_of(rec)

    def _merge(self, source_id: str, target_id: str, rec) -> None:
        """Merge `source_id` into `target_id`, and each of its sub-codes that has a same-named
        twin under the target into that twin; the others move under the target. A worklist, not
        recursion: a deep codebook never runs out of stack."""
        pairs, todo, seen = [], [(source_id, target_id)], set()
        while todo:
            source, target = todo.pop()
            if source in seen:
                continue
            seen.add(source)
            pairs.append((source, target))
            for sub_id, child_name in self.conn.execute(
                    "SELECT id, name FROM codes WHERE parent_id = ?", (source,)).fetchall():
                twin = self._child(target, child_name)
                if twin:
                    todo.append((sub_id, twin))
                else:
                    self.study.db["codes"].update(sub_id, {"parent_id": target, **self.study.modified()})
                    rec.touch("codes", sub_id)
        for source, target in reversed(pairs):  # sub-codes go before the code they were under
            self._merge_one(source, target, rec)

    def _merge_one(self, source_id: str, target_id: str, rec) -> None:
        source_n, target_n = self.number(source_id), self.number(target_id)
        dupes = self.conn.execute(
            "SELECT a.id FROM codings a JOIN codings b ON b.code_n = ? AND a.source_n = b.source_n "
            "AND a.coder = b.coder AND a.start = b.start AND a.end = b.end WHERE a.code_n = ?",
            (target_n, source_n)).fetchall()
        for (dupe,) in dupes:
            self.conn.execute("DELETE FROM codings WHERE id = ?", (dupe,))
            self.study.tombstone("coding", dupe)
        stamp = self.study.modified()
        self.conn.execute("UPDATE codings SET code_n = ?, modified_at = ?, modified_by = ? WHERE code_n = ?",
                          (target_n, stamp["modified_at"], stamp["modified_by"], source_n))
        self.conn.execute("INSERT OR IGNORE INTO theme_codes (theme_id, code_id, modified_at, modified_by) "
                          "SELECT theme_id, ?, ?, ? FROM theme_codes WHERE code_id = ?",
                          (target_id, stamp["modified_at"], stamp["modified_by"], source_id))
        self.conn.execute("DELETE FROM theme_codes WHERE code_id = ?", (source_id,))
        self.conn.execute("DELETE FROM codes WHERE id = ?", (source_id,))
        self.study.tombstone("code", source_id)
        rec.touch("codes", source_id, target_id)

    def delete_code(self, *, code_id: str) -> Changes:
        """Delete a code, its sub-codes and all their codings."""
        code = self.get(code_id)
        doomed = self.descendants(code_id)
        with self.study.operation("delete_code", f"Delete code {code.name}") as rec:
            numbers = self.numbers(doomed)
            marks = ",".join("?" * len(numbers))
            for (cid,) in self.conn.execute(f"SELECT id FROM codings WHERE code_n IN ({marks})", numbers).fetchall():
                self.study.tombstone("coding", cid)
            self.conn.execute(f"DELETE FROM codings WHERE code_n IN ({marks})", numbers)
            self.conn.execute(f"DELETE FROM theme_codes WHERE code_id IN ({','.join('?' * len(doomed))})", doomed)
            for cid in reversed(doomed):
                self.conn.execute("DELETE FROM codes WHERE id = ?", (cid,))
                self.study.tombstone("code", cid)
            rec.touch("codes", *doomed)
            rec.touch("codings")
        return self.study.changes_of(rec)

    def coding_count(self, code_id: str, descendants: bool = True) -> int:
        numbers = self.numbers(self.descendants(code_id) if descendants else [code_id])
        marks = ",".join("?" * len(numbers))
        return self.conn.execute(f"SELECT count(*) FROM codings WHERE code_n IN ({marks})", numbers).fetchone()[0]
