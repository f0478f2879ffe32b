"""The cross-site analytic outline: themes > sub-themes > claims, each claim tied to its
evidence across sites and checked.

A claim's evidence links are passages (usually coded segments) cited as supporting or
contradicting it. Each site's stance on a claim is what the analyst set, or else what the
evidence from that site says: only supporting evidence, *supports*; only contradicting,
*contradicts*; both, *mixed*; none, *silent*. So the counts beside a claim never contradict the
quotations under it, and a site the analyst has judged keeps that judgement (shown as set by
them) whatever is cited later. The checks beside every claim: how many sites support, are mixed
on, contradict or are silent on it (a mixed or contradicting site is disconfirming evidence);
whether its evidence is triangulated (at least two source types and two respondent roles by
default, configurable per study); and, for the whole outline, which sites are never cited
anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..store.changes import Changes
from ..store.errors import ConflictError, NotFoundError
from ..store.paths import clean_name, join_path, split_path
from ..store.text import short
from ..store.trees import child_id, next_position, tree_order
from .outline_edits import OutlineEdits

STANCES = ("supports", "contradicts", "mixed", "silent")
EVIDENCE_STANCES = ("supports", "contradicts")
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


def derive_stance(supporting: int, contradicting: int) -> str:
    """What a site's evidence says: supports, contradicts, mixed (both) or silent (none)."""
    if supporting and contradicting:
        return "mixed"
    return "supports" if supporting else "contradicts" if contradicting else "silent"


@dataclass(frozen=True)
class SiteStance:
    """A site's stance on a claim, with where it comes from."""

    site_id: str
    site: str
    stance: str  # the one that counts: the analyst's when set, else `derived`
    derived: str  # what the site's evidence says
    set_by: str | None  # who set it; None: read from the evidence
    supporting: int  # evidence links from the site's sources
    contradicting: int

    @property
    def set_by_analyst(self) -> bool:
        return self.set_by is not None

    def as_dict(self) -> dict:
        return {"site": self.site, "stance": self.stance, "source": "analyst" if self.set_by_analyst else "evidence",
                "set_by": self.set_by, "from_evidence": self.derived,
                "evidence": {"supports": self.supporting, "contradicts": self.contradicting}}


class CrossOutline(OutlineEdits):
    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn

    # ------------------------------------------------------------------ reads
    def items(self) -> list[OutlineItem]:
        """Every theme and claim, parents before children, in outline order."""
        rows = self.conn.execute("SELECT id, parent_id, kind, name, owner, status FROM outline_items "
                                 "ORDER BY position, rowid").fetchall()
        out: list[OutlineItem] = []
        for (iid, pid, kind, name, owner, status), under in tree_order(rows):
            above = out[under] if under is not None else None
            path = join_path([name]) if above is None else above.path + "/" + join_path([name])
            out.append(OutlineItem(iid, pid, kind, name, path, 0 if above is None else above.depth + 1, owner, status))
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

    def site_stances(self, claim_id: str, facts=None) -> list[SiteStance]:
        """Every site's stance on a claim, in case-tree order: set by the analyst, else derived
        from the site's evidence (see derive_stance)."""
        sites = [c for c in self.study.cases.all() if c.kind == "site"]
        set_by_hand = {r[0]: (r[1], r[2]) for r in self.conn.execute(
            "SELECT site_id, stance, modified_by FROM claim_stances WHERE claim_id = ?", (claim_id,))}
        site_of = self.study.cases.site_of()
        tally: dict[str, list[int]] = {}
        for stance, _type, _role, case_id in facts if facts is not None else self._evidence_facts(claim_id):
            site = site_of.get(case_id)
            if site is not None:
                tally.setdefault(site, [0, 0])[stance == "contradicts"] += 1
        out = []
        for site in sites:
            supporting, contradicting = tally.get(site.id, (0, 0))
            derived = derive_stance(supporting, contradicting)
            judged, by = set_by_hand.get(site.id, (None, None))
            out.append(SiteStance(site.id, site.name, judged or derived, derived, by if judged else None,
                                  supporting, contradicting))
        return out

    def stances(self, claim_id: str, facts=None) -> dict[str, str]:
        """Each site's stance (by site id): set by the analyst, else read from the evidence."""
        return {s.site_id: s.stance for s in self.site_stances(claim_id, facts)}

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
        """The checks shown beside a claim. Each site counts once, under the stance it has (the
        analyst's, else its evidence's): the four counts add up to the number of sites."""
        facts = self._evidence_facts(claim_id)
        stances = self.site_stances(claim_id, facts)
        types = sorted({f[1] for f in facts})
        roles = sorted({f[2] for f in facts if f[2]})
        limits = self.thresholds()

        def count(stance: str) -> int:
            return sum(1 for s in stances if s.stance == stance)

        return {"supporting_sites": count("supports"), "mixed_sites": count("mixed"),
                "contradicting_sites": count("contradicts"), "silent_sites": count("silent"),
                "set_by_analyst": sum(1 for s in stances if s.set_by_analyst),
                "disconfirming": any(s.stance in ("contradicts", "mixed") for s in stances),
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
        if stance not in EVIDENCE_STANCES:
            raise ConflictError(f"evidence supports or contradicts a claim, not {stance!r}")
        text = self.study.sources.text(source_id)
        if not (0 <= start < end <= len(text)):
            raise ConflictError(f"passage [{start}, {end}) is not inside the source")
        with self.study.operation("outline_cite", f"Evidence for {short(claim.name)}") as rec:
            evidence_id = self.study.new_id()
            self.study.db["claim_evidence"].insert({
                "id": evidence_id, "claim_id": claim_id, "source_id": source_id, "coding_id": coding_id,
                "start": start, "end": end, "quote": text[start:end], "stance": stance, **self.study.stamps()})
            rec.touch("outline", claim_id, evidence_id)
            rec.result = evidence_id
        return self.study.changes_of(rec)

    def set_stance(self, *, claim_id: str, site_id: str, stance: str | None) -> Changes:
        """The analyst's judgement of a site's stance on a claim (it overrides the evidence); None
        withdraws it, so the site's evidence decides again."""
        claim = self._claim(claim_id)
        if stance is not None and stance not in STANCES:
            raise ConflictError(f"unknown stance {stance!r} (use {', '.join(STANCES)})")
        site = self.study.cases.get(site_id)
        if site.kind != "site":
            raise ConflictError(f"{site.name} is a {site.kind}; stances are per site")
        label = f"{site.name} {stance}" if stance else f"{site.name}: stance from the evidence"
        with self.study.operation("outline_stance", f"{label}, {short(claim.name)}") as rec:
            if stance is None:
                self.conn.execute("DELETE FROM claim_stances WHERE claim_id = ? AND site_id = ?", (claim_id, site_id))
            else:
                self.conn.execute(
                    "INSERT INTO claim_stances (claim_id, site_id, stance, modified_at, modified_by) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (claim_id, site_id) DO UPDATE SET "
                    "stance = excluded.stance, modified_at = excluded.modified_at, modified_by = excluded.modified_by",
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
