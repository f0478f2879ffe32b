"""The cross-site analytic outline: themes > sub-themes > claims, each claim tied to its
evidence across sites and checked.

A claim's evidence links are passages (usually coded segments) cited as supporting or
contradicting it. Each site's stance on a claim is what the analyst set, or else what the
evidence from that site says (contradicting evidence wins: it is the disconfirming case the
method asks us to look for), or silent. The checks beside every claim: how many sites support and
how many contradict it; whether its evidence is triangulated (at least two source types and two
respondent roles by default, configurable per study); and, for the whole outline, which sites are
never cited anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from .changes import Changes
from .errors import ConflictError, NotFoundError
from .outline_edits import OutlineEdits
from .paths import clean_name, join_path, split_path
from .trees import child_id, next_position

STANCES = ("supports", "contradicts", "silent")
TRIANGULATION = {"triangulation_types": 2, "triangulation_roles": 2}


@dataclass(frozen=True)
class OutlineItem:
    id: str
    parent_id: str | None
    kind: str
    name: str
    path: str
    depth: int
    owner: str
    status: str


@dataclass(frozen=True)
class ClaimEvidence:
    id: str
    claim_id: str
    source_id: str
    coding_id: str | None
    start: int
    end: int
    quote: str
    stance: str


class CrossOutline(OutlineEdits):
    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn

    # ------------------------------------------------------------------ reads
    def items(self) -> list[OutlineItem]:
        """Every theme and claim, parents before children, in outline order."""
        rows = self.conn.execute("SELECT id, parent_id, kind, name, owner, status FROM outline_items "
                                 "ORDER BY position, rowid").fetchall()
        children: dict[str | None, list[tuple]] = {}
        for row in rows:
            children.setdefault(row[1], []).append(row)
        out: list[OutlineItem] = []

        def walk(parent: str | None, prefix: list[str]) -> None:
            for iid, pid, kind, name, owner, status in children.get(parent, []):
                out.append(OutlineItem(iid, pid, kind, name, join_path(prefix + [name]), len(prefix), owner, status))
                walk(iid, prefix + [name])

        walk(None, [])
        return out

    def get(self, item_id: str) -> OutlineItem:
        for item in self.items():
            if item.id == item_id:
                return item
        raise NotFoundError(f"no outline item with id {item_id}")

    def find(self, ref: str) -> OutlineItem:
        """An item by id, by path ('Theme/Sub-theme'), or a claim by its exact statement."""
        items = self.items()
        for item in items:
            if item.id == ref or item.path == ref:
                return item
        named = [i for i in items if i.name.lower() == ref.strip().lower()]
        if len(named) == 1:
            return named[0]
        raise NotFoundError(f"no theme or claim {ref!r} in the cross-site outline")

    def evidence(self, claim_id: str) -> list[ClaimEvidence]:
        return [ClaimEvidence(*r) for r in self.conn.execute(
            "SELECT id, claim_id, source_id, coding_id, start, end, quote, stance FROM claim_evidence "
            "WHERE claim_id = ? ORDER BY created_at, rowid", (claim_id,))]

    def _evidence_facts(self, claim_id: str) -> list[tuple[str, str, str | None, str | None]]:
        """(stance, source type, role, case) of each evidence link, in one query."""
        return self.conn.execute(
            "SELECT e.stance, s.type, s.role, s.case_id FROM claim_evidence e JOIN sources s ON s.id = e.source_id "
            "WHERE e.claim_id = ?", (claim_id,)).fetchall()

    def stances(self, claim_id: str, facts=None) -> dict[str, str]:
        """Each site's stance: set by the analyst, else read from the evidence, else silent."""
        sites = [c for c in self.study.cases.all() if c.kind == "site"]
        set_by_hand = dict(self.conn.execute("SELECT site_id, stance FROM claim_stances WHERE claim_id = ?",
                                             (claim_id,)).fetchall())
        site_of = self.study.cases.site_of()
        from_evidence: dict[str, str] = {}
        for stance, _type, _role, case_id in facts if facts is not None else self._evidence_facts(claim_id):
            site = site_of.get(case_id)
            if stance == "contradicts" or site not in from_evidence:
                from_evidence[site] = stance
        return {s.id: set_by_hand.get(s.id) or from_evidence.get(s.id, "silent") for s in sites}

    def thresholds(self) -> dict[str, int]:
        """How many source types and respondent roles a claim's evidence needs to count as
        triangulated: the study's setting, else two of each."""
        out = dict(TRIANGULATION)
        for key in TRIANGULATION:
            value = self.study.setting(key)
            if value is not None:
                out[key] = int(value)
        return out

    def set_thresholds(self, *, types: int, roles: int) -> Changes:
        """The study's triangulation thresholds (at least one source type and one role)."""
        if types < 1 or roles < 1:
            raise ConflictError("triangulation needs at least one source type and one role")
        with self.study.operation("outline_thresholds", f"Triangulation: {types} types, {roles} roles") as rec:
            for key, value in (("triangulation_types", types), ("triangulation_roles", roles)):
                self.study.write_setting(key, str(value))
            rec.touch("outline")
        return self.study.changes_of(rec)

    def check(self, claim_id: str) -> dict:
        """The checks shown beside a claim."""
        facts = self._evidence_facts(claim_id)
        stances = self.stances(claim_id, facts)
        types = sorted({f[1] for f in facts})
        roles = sorted({f[2] for f in facts if f[2]})
        limits = self.thresholds()
        return {"supporting_sites": sum(1 for s in stances.values() if s == "supports"),
                "contradicting_sites": sum(1 for s in stances.values() if s == "contradicts"),
                "silent_sites": sum(1 for s in stances.values() if s == "silent"),
                "disconfirming": any(s == "contradicts" for s in stances.values()),
                "source_types": types, "roles": roles,
                "triangulated": len(types) >= limits["triangulation_types"]
                and len(roles) >= limits["triangulation_roles"]}

    def uncited_sites(self) -> list[str]:
        """Sites no claim of the outline cites: the representation check."""
        cited = {r[0] for r in self.conn.execute(
            "SELECT DISTINCT s.case_id FROM claim_evidence e JOIN sources s ON s.id = e.source_id")}
        return [c.name for c in self.study.cases.all() if c.kind == "site" and c.id not in cited]

    # ------------------------------------------------------------------ writes
    def add(self, *, path: str, claim: str | None = None) -> Changes:
        """Create a theme path (missing parents too) and, optionally, a claim under it; the
        result is the new claim's id, or the deepest theme's."""
        names = split_path(path)
        with self.study.operation("outline_add", f"Outline: {names[-1]}") as rec:
            parent = None
            for name in names:
                existing = child_id(self.conn, "outline_items", parent, name)
                if existing and self.conn.execute("SELECT kind FROM outline_items WHERE id = ?",
                                                  (existing,)).fetchone()[0] == "claim":
                    raise ConflictError(f"{name!r} is a claim: a claim cannot hold themes")
                parent = existing or self._insert(parent, "theme", clean_name(name, "theme"), rec)
            rec.result = parent
            if claim is not None:
                rec.result = self._insert(parent, "claim", clean_name(claim, "claim"), rec)
        return self.study.changes_of(rec)

    def _insert(self, parent: str | None, kind: str, name: str, rec) -> str:
        item_id = self.study.new_id()
        self.study.db["outline_items"].insert({
            "id": item_id, "parent_id": parent, "kind": kind, "name": name,
            "position": next_position(self.conn, "outline_items", parent), **self.study.stamps()})
        rec.touch("outline", item_id)
        return item_id

    def _claim(self, claim_id: str) -> OutlineItem:
        item = self.get(claim_id)
        if item.kind != "claim":
            raise ConflictError(f"{item.name!r} is a theme; evidence and stances belong to claims")
        return item

    def cite(self, *, claim_id: str, coding_id: str, stance: str = "supports") -> Changes:
        """Cite a coded segment as evidence for (or against) a claim."""
        coding = self.study.codings.get(coding_id)
        if coding.detached:
            raise ConflictError("that coding is detached from its text; place it first")
        return self.cite_passage(claim_id=claim_id, source_id=coding.source_id, start=coding.start,
                                 end=coding.end, stance=stance, coding_id=coding_id)

    def cite_passage(self, *, claim_id: str, source_id: str, start: int, end: int, stance: str = "supports",
                     coding_id: str | None = None) -> Changes:
        """Cite any passage (a search hit, a memo's quotation) as evidence for a claim."""
        claim = self._claim(claim_id)
        if stance not in ("supports", "contradicts"):
            raise ConflictError(f"evidence supports or contradicts a claim, not {stance!r}")
        text = self.study.sources.text(source_id)
        if not (0 <= start < end <= len(text)):
            raise ConflictError(f"passage [{start}, {end}) is not inside the source")
        with self.study.operation("outline_cite", f"Evidence for {claim.name[:40]}") as rec:
            evidence_id = self.study.new_id()
            self.study.db["claim_evidence"].insert({
                "id": evidence_id, "claim_id": claim_id, "source_id": source_id, "coding_id": coding_id,
                "start": start, "end": end, "quote": text[start:end], "stance": stance, **self.study.stamps()})
            rec.touch("outline", claim_id, evidence_id)
            rec.result = evidence_id
        return self.study.changes_of(rec)

    def set_stance(self, *, claim_id: str, site_id: str, stance: str) -> Changes:
        """The analyst's judgement of a site's stance on a claim (it overrides the evidence)."""
        claim = self._claim(claim_id)
        if stance not in STANCES:
            raise ConflictError(f"unknown stance {stance!r} (use {', '.join(STANCES)})")
        site = self.study.cases.get(site_id)
        if site.kind != "site":
            raise ConflictError(f"{site.name} is a {site.kind}; stances are per site")
        with self.study.operation("outline_stance", f"{site.name} {stance} {claim.name[:40]}") as rec:
            self.conn.execute("INSERT INTO claim_stances (claim_id, site_id, stance, modified_at, modified_by) "
                              "VALUES (?, ?, ?, ?, ?) ON CONFLICT (claim_id, site_id) DO UPDATE SET "
                              "stance = excluded.stance, modified_at = excluded.modified_at, "
                              "modified_by = excluded.modified_by",
                              (claim_id, site_id, stance, *self.study.modified().values()))
            rec.touch("outline", claim_id)
        return self.study.changes_of(rec)

    def assign(self, *, item_id: str, owner: str, status: str = "") -> Changes:
        """Give a theme to an analyst (its chapter owner) with a status."""
        item = self.get(item_id)
        with self.study.operation("outline_assign", f"{item.name}: {owner}") as rec:
            self.study.db["outline_items"].update(item_id, {"owner": owner.strip(), "status": status.strip(),
                                                            **self.study.modified()})
            rec.touch("outline", item_id)
        return self.study.changes_of(rec)
