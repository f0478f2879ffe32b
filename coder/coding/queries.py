"""Saved data runs and searches: a name and a spec, re-run whenever the user asks."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..store.changes import Changes
from ..store.errors import ConflictError, NotFoundError
from ..store.paths import clean_name
from .runs import RunSpec, Segment


@dataclass(frozen=True)
class SavedQuery:
    id: str
    name: str
    kind: str
    spec: dict


class SavedQueries:
    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn

    def all(self) -> list[SavedQuery]:
        rows = self.conn.execute("SELECT id, name, kind, spec FROM saved_queries ORDER BY lower(name)").fetchall()
        return [SavedQuery(r[0], r[1], r[2], json.loads(r[3])) for r in rows]

    def find(self, ref: str) -> SavedQuery:
        for query in self.all():
            if query.id == ref or query.name.lower() == ref.strip().lower():
                return query
        raise NotFoundError(f"no saved run or search named {ref!r}")

    def save_query(self, *, name: str, kind: str, spec: dict) -> Changes:
        """Save (or overwrite) a data run ('run', a RunSpec dict) or a search ('search':
        query, mode, threshold, filters)."""
        name = clean_name(name, "saved query")
        if kind not in ("run", "search"):
            raise ConflictError(f"unknown saved query kind {kind!r}")
        with self.study.operation("save_query", f"Save {name}") as rec:
            existing = self.conn.execute("SELECT id FROM saved_queries WHERE lower(name) = lower(?)",
                                         (name,)).fetchone()
            if existing:
                self.study.db["saved_queries"].update(existing[0], {"kind": kind, "spec": json.dumps(spec),
                                                                    **self.study.modified()})
                qid = existing[0]
            else:
                qid = self.study.new_id()
                self.study.db["saved_queries"].insert({"id": qid, "name": name, "kind": kind,
                                                       "spec": json.dumps(spec), **self.study.stamps()})
            rec.touch("queries", qid)
            rec.result = qid
        return self.study.changes_of(rec)

    def delete_query(self, *, query_id: str) -> Changes:
        """Delete a saved run or search."""
        query = self.find(query_id)
        with self.study.operation("delete_query", f"Delete {query.name}") as rec:
            self.conn.execute("DELETE FROM saved_queries WHERE id = ?", (query.id,))
            self.study.tombstone("saved_query", query.id)
            rec.touch("queries", query.id)
        return self.study.changes_of(rec)

    def rerun(self, ref: str) -> list[Segment]:
        """Run a saved query again on the study as it is now."""
        query = self.find(ref)
        if query.kind == "run":
            return self.study.runs.run(RunSpec.from_dict(query.spec))
        spec = query.spec
        filters = RunSpec.from_dict({"codes": [], **spec.get("filters", {})})
        return self.study.search.search(spec["query"], spec.get("mode", "exact"), spec=filters,
                                        threshold=spec.get("threshold", 80.0))
