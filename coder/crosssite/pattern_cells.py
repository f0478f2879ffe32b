"""What the analyst writes into a named pattern table: a summary per cell and quotations pinned
to it, the text-matrix half of a case-ordered meta-matrix.

A cell is a (site, column) place of one saved table; its notes live apart from the counts, which
are always recomputed, so a summary survives new coding while the counts beside it move on. A
summary can be started from the matching section of the site's case memo: the analyst condenses
what the site visitors already wrote instead of retyping it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..store.changes import Changes
from ..store.errors import ConflictError, NotFoundError
from ..store.trees import chain


@dataclass(frozen=True)
class PinnedQuote:
    id: str
    source_id: str
    coding_id: str | None
    start: int
    end: int
    quote: str


@dataclass
class CellNotes:
    summary: str = ""
    quotes: list[PinnedQuote] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.summary.strip() and not self.quotes


class PatternCells:
    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn

    # ------------------------------------------------------------------ reads
    def table_id(self, name: str) -> str:
        row = self.conn.execute("SELECT id FROM pattern_tables WHERE lower(name) = lower(?)",
                                (name.strip(),)).fetchone()
        if row is None:
            raise NotFoundError(f"no saved table named {name!r}: save the table before writing in its cells")
        return row[0]

    def notes(self, table: str) -> dict[tuple[str, str], CellNotes]:
        """Every written cell of a table, keyed (site id, column key), in two queries."""
        table_id = self.table_id(table)
        cells: dict[str, tuple[str, str]] = {}
        out: dict[tuple[str, str], CellNotes] = {}
        for cid, site, key, summary in self.conn.execute(
                "SELECT id, site_id, column_key, summary FROM pattern_cells WHERE table_id = ?", (table_id,)):
            cells[cid] = (site, key)
            out[(site, key)] = CellNotes(summary)
        for row in self.conn.execute(
                "SELECT q.cell_id, q.id, q.source_id, q.coding_id, q.start, q.end, q.quote FROM pattern_quotes q "
                "JOIN pattern_cells c ON c.id = q.cell_id WHERE c.table_id = ? ORDER BY q.position, q.rowid",
                (table_id,)):
            out[cells[row[0]]].quotes.append(PinnedQuote(*row[1:]))
        return {place: notes for place, notes in out.items() if not notes.empty}

    def cell(self, table: str, site_id: str, key: str) -> CellNotes:
        return self.notes(table).get((site_id, key), CellNotes())

    def memo_start(self, table: str, site_id: str, key: str) -> str:
        """The text of the site memo's section that matches the column: the section itself, a
        code's (or its nearest ancestor's) linked section, or the section a theme is named after."""
        from .pattern_tables import saved_spec

        section = self._section_for(saved_spec(self.study, table).get("cols", "codes"), key)
        if section is None:
            raise ConflictError("this column matches no section of the case outline")
        memo = self.study.memos.for_subject("site", site_id)
        if memo is None:
            raise NotFoundError(f"{self.study.cases.get(site_id).name} has no site memo yet")
        return self.study.memos.section_text(memo.id, section)

    def _section_for(self, cols: str, key: str) -> str | None:
        if cols == "sections":
            return self.study.sections.get(key).name
        if cols == "codes":
            for code_id in [key, *(a for a in self._ancestors(key))]:
                section_id = self.study.codes.get(code_id).section_id
                if section_id:
                    return self.study.sections.get(section_id).name
            return None
        theme = self.study.cross_outline.get(key)
        names = {s.name.lower(): s.name for s in self.study.sections.all()}
        top = theme.path.split("/")[0]
        return names.get(theme.name.lower()) or names.get(top.lower())

    def _ancestors(self, code_id: str) -> list[str]:
        parents = dict(self.conn.execute("SELECT id, parent_id FROM codes").fetchall())
        return chain(parents, code_id)[1:]

    # ------------------------------------------------------------------ writes
    def _cell_id(self, table_id: str, site_id: str, key: str, rec) -> str:
        row = self.conn.execute("SELECT id FROM pattern_cells WHERE table_id = ? AND site_id = ? AND column_key = ?",
                                (table_id, site_id, key)).fetchone()
        if row:
            return row[0]
        if self.study.cases.get(site_id).kind != "site":
            raise ConflictError("pattern-table rows are sites")
        cell_id = self.study.new_id()
        self.study.db["pattern_cells"].insert({"id": cell_id, "table_id": table_id, "site_id": site_id,
                                               "column_key": key, "summary": "", **self.study.stamps()})
        rec.touch("tables", cell_id)
        return cell_id

    def set_summary(self, *, table: str, site_id: str, key: str, text: str) -> Changes:
        """Write (or clear) a cell's summary."""
        table_id = self.table_id(table)
        site = self.study.cases.get(site_id).name
        with self.study.operation("cell_summary", f"Summary of {site} in {table}") as rec:
            cell_id = self._cell_id(table_id, site_id, key, rec)
            self.study.db["pattern_cells"].update(cell_id, {"summary": text.strip(), **self.study.modified()})
            rec.touch("tables", cell_id)
        return self.study.changes_of(rec)

    def pin(self, *, table: str, site_id: str, key: str, coding_id: str | None = None,
            source_id: str | None = None, start: int | None = None, end: int | None = None) -> Changes:
        """Pin a coded segment (or any passage) to a cell; it must come from that site."""
        if coding_id is not None:
            coding = self.study.codings.get(coding_id)
            if coding.detached:
                raise ConflictError("that coding is detached from its text; place it first")
            source_id, start, end = coding.source_id, coding.start, coding.end
        if source_id is None or start is None or end is None:
            raise ConflictError("pin a coding, or a source with a start and an end")
        info = self.study.sources.get(source_id)
        if self.study.cases.site_of().get(info.case_id) != site_id:
            raise ConflictError(f"{info.name} is not from {self.study.cases.get(site_id).name}")
        text = self.study.sources.text(source_id)
        if not (0 <= start < end <= len(text)):
            raise ConflictError(f"passage [{start}, {end}) is not inside {info.name}")
        table_id = self.table_id(table)
        with self.study.operation("cell_pin", f"Pin a quotation from {info.name}") as rec:
            cell_id = self._cell_id(table_id, site_id, key, rec)
            position = self.conn.execute("SELECT ifnull(max(position) + 1, 0) FROM pattern_quotes WHERE cell_id = ?",
                                         (cell_id,)).fetchone()[0]
            quote_id = self.study.new_id()
            self.study.db["pattern_quotes"].insert({
                "id": quote_id, "cell_id": cell_id, "source_id": source_id, "coding_id": coding_id, "start": start,
                "end": end, "quote": text[start:end], "position": position, **self.study.stamps()})
            rec.touch("tables", cell_id, quote_id)
            rec.result = quote_id
        return self.study.changes_of(rec)

    def unpin(self, *, quote_id: str) -> Changes:
        row = self.conn.execute("SELECT cell_id FROM pattern_quotes WHERE id = ?", (quote_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no pinned quotation {quote_id}")
        with self.study.operation("cell_unpin", "Unpin a quotation") as rec:
            self.conn.execute("DELETE FROM pattern_quotes WHERE id = ?", (quote_id,))
            self.study.tombstone("pattern_quote", quote_id)
            rec.touch("tables", row[0], quote_id)
        return self.study.changes_of(rec)

    def forget_sites(self, site_ids: list[str]) -> None:
        """Inside a deleting operation: drop the notes written for these sites."""
        self._forget("site_id", site_ids)

    def forget_sources(self, source_ids: list[str]) -> None:
        """Inside a deleting operation: unpin the quotations taken from these sources."""
        self.study.delete_entities("pattern_quotes", "pattern_quote", "source_id", source_ids)

    def _forget(self, column: str, values: list[str]) -> None:
        marks = ",".join("?" * len(values))
        cells = [r[0] for r in self.conn.execute(f"SELECT id FROM pattern_cells WHERE {column} IN ({marks})", values)]
        self.study.delete_entities("pattern_quotes", "pattern_quote", "cell_id", cells)
        self.study.delete_entities("pattern_cells", "pattern_cell", "id", cells)

    def forget_table(self, table_id: str) -> None:
        self._forget("table_id", [table_id])
