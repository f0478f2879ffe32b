"""Code co-occurrence: for each pair of codes, the passages of one that meet a coding of the
other — overlapping it, in the same speaker turn, in the same source, or within N characters —
inside any data-run scope, with Jaccard's and ATLAS.ti's c-coefficient.

A cell (a, b) is exactly what the AND data run of a and b returns (passages of the first code
that meet the second, with the same scope, the same coders on both sides), so a number in the
table and the run it opens never disagree; a test checks every cell. The table is read in one
pass over each source's codings (sorted by start, a sweep finds what overlaps), never a query
per pair, so 250 × 250 codes cost one reading of the codings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..coding.run_spec import RunSpec
from ..coding.runs import count_passages
from ..store.collector import collector_paused
from ..store.errors import ConflictError

SCOPES = ("overlap", "turn", "source")


@dataclass
class Cooccurrence:
    """Rows and columns are the same codes (key, path); `meets[(a, b)]` the passages of a that
    meet b, `passages[a]` all of a's passages in scope."""

    codes: list[tuple[str, str]]
    meets: dict[tuple[str, str], int]
    passages: dict[str, int]
    scope: str
    within: int | None
    descendants: bool = False  # each code counted with its sub-codes

    def count(self, a: str, b: str) -> int:
        return self.meets.get((a, b), 0)

    def c_coefficient(self, a: str, b: str) -> float:
        """ATLAS.ti's c = n12 / (n1 + n2 − n12), with n12 the passages of the pair's first code
        that meet the second: 0 (never together) to 1 (always together)."""
        n12, n1, n2 = self.count(a, b), self.passages.get(a, 0), self.passages.get(b, 0)
        return n12 / (n1 + n2 - n12) if n1 + n2 - n12 > 0 else 0.0

    def jaccard(self, a: str, b: str) -> float:
        """Of the passages of either code, the share where both occur (as c, over the pair)."""
        both = max(self.count(a, b), self.count(b, a))
        union = self.passages.get(a, 0) + self.passages.get(b, 0) - both
        return both / union if union > 0 else 0.0

    def records(self) -> list[dict]:
        """Each pair once (in codebook order), those that occur together: `cooccur --json`."""
        out = []
        for i, (a, path_a) in enumerate(self.codes):
            for b, path_b in self.codes[i + 1:]:
                n = self.count(a, b)
                if n or self.count(b, a):
                    out.append({"a": path_a, "b": path_b, "count": n, "c": round(self.c_coefficient(a, b), 4)})
        return out


def cooccurrence(study, *, items: list[str] | None = None, descendants: bool = False, scope: str = "overlap",
                 within: int | None = None, filters: RunSpec | None = None) -> Cooccurrence:
    """Co-occurrence of the codes `items` (ids; None: every code) with each other. `within` N
    widens "overlap" to codings at most N characters apart."""
    if scope not in SCOPES:
        raise ConflictError(f"unknown co-occurrence scope {scope!r} (use {', '.join(SCOPES)})")
    if within is not None and (within < 0 or scope != "overlap"):
        raise ConflictError("--within takes a number of characters, with the overlap scope")
    filters = filters or RunSpec(codes=[])
    codes = [study.codes.get(i) for i in items] if items is not None else study.codes.all()
    keys_of: dict[int, list[str]] = defaultdict(list)  # a code number → the rows it counts for
    for code in codes:
        for n in study.codes.numbers(study.codes.counted([code.id], descendants)):
            keys_of[n].append(code.id)
    clause, args = study.runs.source_filter(filters)
    sources = [r[0] for r in study.conn.execute(
        "SELECT s.n FROM sources s" + (f" WHERE {clause}" if clause else ""), args)]
    coder_sql, coder_args = "", []
    if filters.coders:
        coder_sql = f" AND coder IN ({','.join('?' * len(filters.coders))})"
        coder_args = list(filters.coders)
    # (a, b) → a's codings that meet b, as (start, end, code number, row id, source number)
    met: dict[tuple[str, str], list] = defaultdict(list)
    own: dict[str, list] = defaultdict(list)
    wanted = set(keys_of)
    with collector_paused():  # many small tuples and lists, none cyclic
        _sweep(study, sources, wanted, keys_of, coder_sql, coder_args, scope, within, met, own)
    meets = {}
    for (a, b), found in met.items():
        unique = {c[3]: c for c in found}.values()  # a coding meeting b twice is one segment
        meets[(a, b)] = count_passages(((c[4], c[2]), c[0], c[1]) for c in unique)
    passages = {key: count_passages(spans) for key, spans in own.items()}
    return Cooccurrence([(c.id, c.path) for c in codes], meets, passages, scope, within, descendants)


def _pairs(study, source_n: int, codings: list[tuple], scope: str, within: int):
    """Pairs of codings of one source that meet: a sweep over starts for overlap (or nearness),
    the turns they share, or every pair for the whole source."""
    if scope == "source":
        for i, one in enumerate(codings):
            for other in codings[i + 1:]:
                yield one, other
        return
    if scope == "turn":
        turns = study.conn.execute("SELECT start, end FROM turns WHERE source_id = (SELECT id FROM sources "
                                   "WHERE n = ?) ORDER BY start", (source_n,)).fetchall()
        in_turn: dict[int, list[tuple]] = defaultdict(list)
        for coding in codings:
            for t, (ts, te) in enumerate(turns):
                if ts < coding[1] and coding[0] < te:
                    in_turn[t].append(coding)
        seen: set[tuple[int, int]] = set()
        for group in in_turn.values():
            for i, one in enumerate(group):
                for other in group[i + 1:]:
                    pair = (min(one[3], other[3]), max(one[3], other[3]))
                    if pair not in seen:
                        seen.add(pair)
                        yield one, other
        return
    ordered = sorted(codings)
    active: list[tuple] = []
    for coding in ordered:
        active = [a for a in active if a[1] + within > coding[0]]
        for other in active:
            yield other, coding
        active.append(coding)


def _sweep(study, sources, wanted, keys_of, coder_sql, coder_args, scope, within, met, own) -> None:
    """Each source's codings of the wanted codes: each a passage of its rows' codes, and each
    pair that meets as `scope` and `within` say, into `met` and `own`."""
    for source_n in sources:
        codings = [(start, end, code_n, rowid, source_n) for rowid, code_n, start, end in study.conn.execute(
            f"SELECT rowid, code_n, start, end FROM codings WHERE source_n = ? AND detached = 0{coder_sql}",
            (source_n, *coder_args)) if code_n in wanted]
        if not codings:
            continue
        for coding in codings:
            start, end, code_n = coding[:3]
            rows = keys_of[code_n]
            for key in rows:
                own[key].append(((source_n, code_n), start, end))
            for a in rows:  # a code in two rows (a parent's, with sub-codes, and its own) meets itself,
                for b in rows:  # as the AND run's "another coding" may be the same one
                    if a != b:
                        met[(a, b)].append(coding)
        for one, other in _pairs(study, source_n, codings, scope, within or 0):
            for a in keys_of[one[2]]:
                for b in keys_of[other[2]]:
                    if a != b:
                        met[(a, b)].append(one)
                        met[(b, a)].append(other)
