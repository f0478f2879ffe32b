"""Pattern tables: case-ordered meta-matrices with sites as rows and codes, outline sections or
cross-site themes as columns.

In counts mode a cell is the number of coded passages in the data run `casecoder run` returns
for that column's code(s), that site and the same filters (`Runs.passage_count`: a passage two
coders coded alike, or overlapping, counts once — coder/store/schema_counts.py; with `coder`, only that
coder's codings), the codings behind them, and the number of sources and of respondent roles they
come from. Everything is counted in one grouped pass over the codings (not a query per cell), then
folded into columns in Python, so a 40 x 250 table stays interactive.

The columns are any subset of one kind (`items`; None means every one of the kind, including
those added later). A saved table keeps its columns by id, so renaming a code or section keeps
them; a column deleted since is left out of the table and named in `PatternTable.missing`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..store.errors import ConflictError, NotFoundError
from ..store.words import plural

COLUMN_KINDS = ("codes", "sections", "themes")


@dataclass
class Cell:
    segments: int = 0  # coded passages, each once (a theme column: evidence links)
    sources: set = field(default_factory=set)
    roles: set = field(default_factory=set)
    codings: int = 0  # the codings behind the passages (the data run's length)
    noun: str = "passage"  # what `segments` counts: passages, or (a theme column) cited segments

    def counted(self) -> str:
        """The count as it reads: "12 passages", "no passages" (a theme column: its evidence
        segments), "12 passages (17 codings)" where coders coded the same passages."""
        if not self.segments:
            return f"no {self.noun}s"
        extra = f" ({plural(self.codings, 'coding')})" if self.codings and self.codings != self.segments else ""
        return plural(self.segments, self.noun) + extra

    def as_dict(self) -> dict:
        return {"segments": self.segments, "codings": self.codings, "sources": len(self.sources),
                "roles": len(self.roles), "present": self.segments > 0}


@dataclass
class PatternTable:
    rows: list[tuple[str, str, str]]  # (district, site id, site name), grouped by district
    columns: list[tuple[str, str]]  # (key, label)
    cells: dict[tuple[str, str], Cell]
    missing: list[str] = field(default_factory=list)  # chosen columns that no longer exist
    coder: str | None = None  # whose passages the counts are: None, every coder's together

    def cell(self, site_id: str, key: str) -> Cell:
        return self.cells.get((site_id, key), Cell())

    def totals(self) -> dict[str, dict]:
        """Per column: all segments, and in how many of the N sites it is present."""
        out = {}
        for key, _label in self.columns:
            cells = [self.cell(site, key) for _d, site, _n in self.rows]
            out[key] = {"segments": sum(c.segments for c in cells),
                        "sites_present": sum(1 for c in cells if c.segments), "sites": len(self.rows)}
        return out


def build_table(study, *, cols: str = "codes", items: list[str] | None = None, descendants: bool = True,
                waves: list[int] = (), roles: list[str] = (), types: list[str] = (),
                order_by: str | None = None, coder: str | None = None) -> PatternTable:
    """Count the table. `items` picks the columns (ids, code paths, section names or theme
    paths), in that order; all of them when None. `order_by` orders the sites within a district
    by a case attribute. `coder` counts only that coder's passages (None: every coder's, each
    passage once)."""
    if cols not in COLUMN_KINDS:
        raise ConflictError(f"columns are {', '.join(COLUMN_KINDS)}, not {cols!r}")
    if coder and coder not in study.codings.coders():
        raise ConflictError(f"no codings by {coder!r}")
    rows = _rows(study, order_by)
    items, missing = _existing(study, cols, items)
    if cols == "themes":
        columns, cells = _theme_cells(study, items, waves, roles, types)
        return PatternTable(rows, columns, cells, missing, coder or None)
    columns, members = _code_columns(study, cols, items, descendants)
    per_code = _count_by_code_and_site(study, waves, roles, types, coder or None)
    cells: dict[tuple[str, str], Cell] = {}
    for key, _label in columns:
        for code_n in members[key]:
            for site_id, (count, codings, sources, source_roles) in per_code.get(code_n, {}).items():
                cell = cells.setdefault((site_id, key), Cell())
                cell.segments += count
                cell.codings += codings
                cell.sources |= sources
                cell.roles |= source_roles
    return PatternTable(rows, columns, cells, missing, coder or None)


def column_choices(study, cols: str) -> list[tuple[str, str]]:
    """Every column a table of this kind can have, in codebook or outline order: (key, label)."""
    if cols == "codes":
        return [(c.id, c.path) for c in study.codes.all()]
    if cols == "sections":
        return [(s.id, s.name) for s in study.sections.all()]
    if cols == "themes":
        return [(i.id, i.path) for i in study.cross_outline.items() if i.kind == "theme"]
    raise ConflictError(f"columns are {', '.join(COLUMN_KINDS)}, not {cols!r}")


def _finder(study, cols: str):
    return {"codes": study.codes.find, "sections": study.sections.find, "themes": study.cross_outline.find}[cols]


def _find_column(study, cols: str, ref: str) -> str | None:
    """The id of a column named by id, path or name; None when there is none."""
    try:
        return _finder(study, cols)(ref).id
    except NotFoundError:
        return None


def _existing(study, cols: str, items: list[str] | None) -> tuple[list[str] | None, list[str]]:
    """The ids of the columns named that exist, each once, in order; and those that do not."""
    if items is None:
        return None, []
    found = [_find_column(study, cols, i) for i in items]
    missing = [i for i, key in zip(items, found, strict=True) if key is None]
    return list(dict.fromkeys(key for key in found if key is not None)), missing


def resolve_items(study, cols: str, items: list[str] | None) -> list[str] | None:
    """Columns as typed (ids, paths or names) to ids, each once, in the order given; None (every
    column) stays None. A name that matches no column of the kind is an error naming it."""
    if cols not in COLUMN_KINDS:
        raise ConflictError(f"columns are {', '.join(COLUMN_KINDS)}, not {cols!r}")
    if items is None:
        return None
    finder = _finder(study, cols)
    return list(dict.fromkeys(finder(ref).id for ref in items))


def _rows(study, order_by: str | None) -> list[tuple[str, str, str]]:
    cases = study.cases.all()
    places = study.cases.places()
    values: dict[str, str] = {}
    if order_by:
        attr = study.attributes.find("case", order_by)
        if attr is None:
            raise ConflictError(f"no case attribute named {order_by!r}")
        values = dict(study.conn.execute("SELECT case_id, value FROM case_values WHERE attr_id = ?", (attr.id,)))
    sites = [c for c in cases if c.kind == "site"]
    district_order = {c.name: i for i, c in enumerate(cases) if c.kind == "district"}

    def key(site):
        district = places.get(site.id, (None, None))[0] or ""
        return (district_order.get(district, len(district_order)), values.get(site.id, "\uffff") if order_by else "",
                site.name.lower())

    return [(places.get(s.id, (None, None))[0] or "", s.id, s.name) for s in sorted(sites, key=key)]


def _code_columns(study, cols: str, items, descendants: bool):
    """Columns and, for each, the code numbers whose codings it counts."""
    codes = study.codes.all()
    if cols == "codes":
        chosen = [study.codes.get(i) for i in items] if items is not None else codes
        columns = [(c.id, c.path) for c in chosen]
        sets = {c.id: study.codes.counted([c.id], descendants) for c in chosen}
    else:
        sections = study.sections.all()
        chosen = [study.sections.find(i) for i in items] if items is not None else sections
        columns = [(s.id, s.name) for s in chosen]
        sets = {s.id: study.codes.counted([c.id for c in codes if c.section_id == s.id], descendants)
                for s in chosen}
    numbers = dict(study.conn.execute("SELECT id, n FROM codes").fetchall())
    return columns, {key: [numbers[c] for c in ids if c in numbers] for key, ids in sets.items()}


def _filter_sql(waves, roles, types) -> tuple[str, list]:
    clauses, args = ["c.detached = 0"], []
    if waves:
        clauses.append(f"s.wave IN ({','.join('?' * len(waves))})")
        args += list(waves)
    if roles:
        clauses.append(f"lower(s.role) IN ({','.join('?' * len(roles))})")
        args += [r.lower() for r in roles]
    if types:
        clauses.append(f"s.type IN ({','.join('?' * len(types))})")
        args += list(types)
    return " AND ".join(clauses), args


def _count_by_code_and_site(study, waves, roles, types, coder: str | None
                            ) -> dict[int, dict[str, tuple[int, int, set, set]]]:
    """Per code number and site: (passages, codings, source numbers, roles). The codings are
    counted per code and source, less what coding_overlaps says lies beyond their passages."""
    where, args = _filter_sql(waves, roles, types)
    site_of = study.cases.site_of()
    # the sources the filters keep, with their site and role: one pass over ~1,000 rows, so the
    # pass over the codings reads only the codings (index order, no join per coded source)
    place = {n: (site_of.get(case_id), role) for n, case_id, role in study.conn.execute(
        f"SELECT s.n, s.case_id, s.role FROM sources s WHERE {where.replace('c.detached = 0', '1')}", args)
        if site_of.get(case_id) is not None}
    beyond = {(code_n, source_n): n for source_n, code_n, n in study.conn.execute(
        "SELECT source_n, code_n, n FROM coding_overlaps WHERE coder = ?", (coder or "",))}
    cells: dict[tuple[int, str], list] = {}
    for code_n, source_n, count in study.conn.execute(
            "SELECT code_n, source_n, count(*) FROM codings WHERE detached = 0"
            f"{' AND coder = ?' if coder else ''} GROUP BY code_n, source_n", (coder,) if coder else ()):
        where_from = place.get(source_n)
        if where_from is None:
            continue
        site, role = where_from
        cell = cells.get((code_n, site))
        if cell is None:
            cell = cells[(code_n, site)] = [0, 0, set(), set()]
        cell[0] += count - beyond.get((code_n, source_n), 0)
        cell[1] += count
        cell[2].add(source_n)
        if role:
            cell[3].add(role)
    out: dict[int, dict[str, tuple[int, int, set, set]]] = {}
    for (code_n, site), (passages, codings, sources, source_roles) in cells.items():
        out.setdefault(code_n, {})[site] = (passages, codings, sources, source_roles)
    return out


def _theme_cells(study, items, waves, roles, types):
    """Theme columns: the evidence cited for the theme's claims, per site."""
    o = study.cross_outline
    all_items = o.items()
    themes = [o.get(i) for i in items] if items is not None else [i for i in all_items if i.kind == "theme"]
    site_of = study.cases.site_of()
    cells: dict[tuple[str, str], Cell] = {}
    for theme in themes:
        claims = [i for i in all_items if i.kind == "claim" and (i.path + "/").startswith(theme.path + "/")]
        for claim in claims:
            for e in o.evidence(claim.id):
                info = study.sources.get(e.source_id)
                if (waves and info.wave not in waves) or (types and info.type not in types) or \
                        (roles and (info.role or "").lower() not in {r.lower() for r in roles}):
                    continue
                site = site_of.get(info.case_id)
                if site is None:
                    continue
                cell = cells.setdefault((site, theme.id), Cell(noun="segment"))
                cell.segments += 1
                cell.codings += 1
                cell.sources.add(e.source_id)
                if info.role:
                    cell.roles.add(info.role)
    return [(t.id, t.path) for t in themes], cells


# ---------------------------------------------------------------------- named tables
SPEC_KEYS = ("cols", "items", "descendants", "waves", "roles", "types", "order_by", "coder")


def save_table(study, name: str, spec: dict):
    """Keep a table's definition under a name (replacing an older one of that name): its kind of
    column and which of them (kept by id; None for all), its filters and its site order."""
    import json

    from ..store.paths import clean_name

    name = clean_name(name, "table")
    spec = {k: spec[k] for k in SPEC_KEYS if k in spec}
    spec["cols"] = spec.get("cols") or "codes"
    spec["items"] = resolve_items(study, spec["cols"], spec.get("items"))
    with study.operation("save_pattern_table", f"Save table {name}") as rec:
        row = study.conn.execute("SELECT id FROM pattern_tables WHERE lower(name) = lower(?)", (name,)).fetchone()
        if row:
            study.db["pattern_tables"].update(row[0], {"spec": json.dumps(spec), **study.modified()})
            table_id = row[0]
        else:
            table_id = study.new_id()
            study.db["pattern_tables"].insert({"id": table_id, "name": name, "spec": json.dumps(spec),
                                               **study.stamps()})
        rec.touch("tables", table_id)
        rec.result = table_id
    return study.changes_of(rec)


def saved_spec(study, name: str) -> dict:
    import json

    from ..store.errors import NotFoundError

    row = study.conn.execute("SELECT spec FROM pattern_tables WHERE lower(name) = lower(?)", (name.strip(),)).fetchone()
    if row is None:
        raise NotFoundError(f"no saved table named {name!r}")
    return json.loads(row[0])


def saved_names(study) -> list[str]:
    return [r[0] for r in study.conn.execute("SELECT name FROM pattern_tables ORDER BY lower(name)")]


def delete_table(study, name: str):
    """Forget a saved table with the summaries and quotations written into it."""
    table_id = study.cells.table_id(name)
    with study.operation("delete_pattern_table", f"Delete table {name}") as rec:
        study.cells.forget_table(table_id)
        study.conn.execute("DELETE FROM pattern_tables WHERE id = ?", (table_id,))
        study.tombstone("pattern_table", table_id)
        rec.touch("tables", table_id)
    return study.changes_of(rec)


def cell_segments(study, spec: dict, site_id: str, key: str) -> list:
    """The passages behind one cell: the coded segments the count is made of (for a code or
    section column, with the table's filters), or the evidence cited at that site for a theme."""
    from ..coding.runs import RunSpec

    cols = spec.get("cols", "codes")
    if cols == "themes":
        o = study.cross_outline
        theme = o.get(key)
        site_of = study.cases.site_of()
        claims = [i.id for i in o.items() if i.kind == "claim" and (i.path + "/").startswith(theme.path + "/")]
        hits = [(e.id, e.source_id, e.start, e.end, None, None, e.stance)
                for c in claims for e in o.evidence(c)
                if site_of.get(study.sources.get(e.source_id).case_id) == site_id]
        return study.runs.decorate(hits)
    codes = [key] if cols == "codes" else study.codes.linked_to(key)
    if not codes:
        return []
    return study.runs.run(RunSpec(codes=codes, descendants=bool(spec.get("descendants", True)), sites=[site_id],
                                  waves=list(spec.get("waves") or []), roles=list(spec.get("roles") or []),
                                  types=list(spec.get("types") or []),
                                  coders=[spec["coder"]] if spec.get("coder") else []))


def normalized_spec(study, spec: dict) -> tuple[dict, list[str]]:
    """A saved table's definition as the window shows it: every key present, columns as the ids
    of those that still exist (None for all); and the columns that no longer do."""
    cols = spec.get("cols") or "codes"
    items, missing = _existing(study, cols, spec.get("items"))
    return {"cols": cols, "items": items, "descendants": bool(spec.get("descendants", True)),
            "waves": [int(w) for w in spec.get("waves") or []], "roles": list(spec.get("roles") or []),
            "types": list(spec.get("types") or []), "order_by": spec.get("order_by")}, missing
