"""How consistently coders code: percent agreement, Cohen's kappa and Krippendorff's alpha.

Two ways to say which units are compared (`over`):

- *coded* (the default): the characters (or sentences) of each source that any of the named
  coders coded with any chosen code. Text nobody coded is left out, so agreement on what not to
  code does not lift the figures.
- *whole*: every character (or sentence) of each source compared, coded or not — as NVivo's
  coding comparison query counts, so text neither coder coded counts as agreement. Its figures
  per code and source (`by_source`) are the ones NVivo reports.

The sources compared are the chosen ones, else every source any of the coders coded. For each
code, every unit is coded or not by each coder; the overall figures pool the (unit, code) pairs.
Counting runs over interval breakpoints, not characters: between two consecutive starts or ends of
codings nothing changes, so a source's stretch counts once with its length as weight, and a
thousand transcripts cost what their codings cost.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..store.errors import ConflictError

UNITS = ("char", "sentence")
OVER = ("coded", "whole")


def over_text(over: str, unit: str) -> str:
    """What the figures count, in words for the window and the reports."""
    units = "characters" if unit == "char" else "sentences"
    if over == "whole":
        return (f"every {units[:-1]} of the sources compared, coded or not: text neither coder coded counts as "
                "agreement (as NVivo's coding comparison counts)")
    return f"only the {units} someone coded with a compared code: text no one coded is left out"


@dataclass
class Disagreement:
    source_id: str
    source: str
    code_id: str
    code: str
    start: int
    end: int
    text: str
    coded_by: list[str]
    not_by: list[str]

    def as_dict(self) -> dict:
        return {"source": self.source, "code": self.code, "start": self.start, "end": self.end, "text": self.text,
                "coded_by": self.coded_by, "not_by": self.not_by}


@dataclass
class Agreement:
    coders: list[str]
    unit: str
    units: int  # size of the universe: characters or sentences
    patterns: Counter  # pooled: coder bit pattern -> weight
    per_code: dict[str, Counter]  # code path -> patterns
    disagreements: list[Disagreement] = field(default_factory=list)
    over: str = "coded"  # coded: units someone coded; whole: every unit of the sources compared
    sources: int = 0  # how many sources were compared
    by_source: list[tuple[str, str, Counter]] = field(default_factory=list)  # (code path, source, patterns)

    def figures(self, patterns: Counter) -> dict:
        return {"units": sum(patterns.values()), "percent_agreement": percent_agreement(patterns, len(self.coders)),
                "cohen_kappa": cohen_kappa(patterns) if len(self.coders) == 2 else None,
                "krippendorff_alpha": krippendorff_alpha(patterns, len(self.coders))}

    def cell_figures(self, patterns: Counter) -> dict:
        """A (code, source) row's figures, with the shares NVivo's comparison lists beside its kappa."""
        total = sum(patterns.values())
        everyone = patterns.get((1 << len(self.coders)) - 1, 0)
        nobody = patterns.get(0, 0)
        return {**self.figures(patterns), "all_coded": everyone, "none_coded": nobody,
                "disagreed": total - everyone - nobody}

    def as_dict(self) -> dict:
        overall = self.figures(self.patterns)
        overall["pairs"] = overall.pop("units")  # pooled: (unit, code) pairs
        return {"coders": self.coders, "unit": self.unit, "over": self.over,
                "over_text": over_text(self.over, self.unit), "sources": self.sources, "units": self.units,
                **overall,
                "per_code": {path: self.figures(p) for path, p in self.per_code.items()},
                "by_source": [{"code": path, "source": source, **self.cell_figures(p)}
                              for path, source, p in self.by_source],
                "disagreements": [d.as_dict() for d in self.disagreements]}


# ---------------------------------------------------------------------- the statistics
def percent_agreement(patterns: Counter, coders: int) -> float | None:
    """Share of units on which every coder agrees (all coded or none)."""
    total = sum(patterns.values())
    if not total:
        return None
    full = (1 << coders) - 1
    return (patterns.get(0, 0) + patterns.get(full, 0)) / total


def cohen_kappa(patterns: Counter) -> float | None:
    """Two coders: (po - pe) / (1 - pe), pe from each coder's own rate of coding."""
    total = sum(patterns.values())
    if not total:
        return None
    both, only_a, only_b = patterns.get(3, 0), patterns.get(1, 0), patterns.get(2, 0)
    neither = patterns.get(0, 0)
    po = (both + neither) / total
    a_yes, b_yes = (both + only_a) / total, (both + only_b) / total
    pe = a_yes * b_yes + (1 - a_yes) * (1 - b_yes)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def krippendorff_alpha(patterns: Counter, coders: int) -> float | None:
    """Nominal alpha for binary values, every coder judging every unit: 1 - (n - 1) * Do / De
    over the coincidence matrix."""
    ones_pairs = zeros_pairs = mixed_pairs = 0.0
    for pattern, weight in patterns.items():
        ones = bin(pattern).count("1")
        zeros = coders - ones
        # ordered pairs of values within the unit, each unit contributing 1 / (m - 1) per pair
        ones_pairs += weight * ones * (ones - 1) / (coders - 1)
        zeros_pairs += weight * zeros * (zeros - 1) / (coders - 1)
        mixed_pairs += weight * 2 * ones * zeros / (coders - 1)
    n_one = ones_pairs + mixed_pairs / 2
    n_zero = zeros_pairs + mixed_pairs / 2
    n = n_one + n_zero
    if n <= 1:
        return None
    expected = 2 * n_one * n_zero / (n - 1)
    if expected == 0:
        return 1.0 if mixed_pairs == 0 else None
    return 1 - mixed_pairs / expected


def alpha_from_table(values: list[list[object | None]]) -> float | None:
    """Nominal Krippendorff's alpha for a units x coders table (None: not judged), any values:
    the general form, for checking against published examples."""
    coincidence: dict[tuple, float] = defaultdict(float)
    for unit in values:
        judged = [v for v in unit if v is not None]
        m = len(judged)
        if m < 2:
            continue
        for i, a in enumerate(judged):
            for j, b in enumerate(judged):
                if i != j:
                    coincidence[(a, b)] += 1 / (m - 1)
    totals: dict[object, float] = defaultdict(float)
    for (a, _b), weight in coincidence.items():
        totals[a] += weight
    n = sum(totals.values())
    observed = sum(w for (a, b), w in coincidence.items() if a != b)
    expected = sum(totals[a] * totals[b] for a in totals for b in totals if a != b) / (n - 1)
    return None if expected == 0 else 1 - observed / expected


# ---------------------------------------------------------------------- counting
def compare(study, coders: list[str], codes: list[str] | None = None, sources: list[str] | None = None,
            unit: str = "char", over: str = "coded") -> Agreement:
    """Compare `coders` (names) on `codes` (ids; default every code any of them used) in
    `sources` (ids; default every source any of them coded), over the units they coded or the
    whole text (see the module's docstring)."""
    coders = list(dict.fromkeys(c.strip() for c in coders if c.strip()))
    if len(coders) < 2:
        raise ConflictError("compare at least two coders")
    if unit not in UNITS:
        raise ConflictError(f"units are {' or '.join(UNITS)}, not {unit!r}")
    if over not in OVER:
        raise ConflictError(f"compare over {' or '.join(OVER)} units, not {over!r}")
    known = set(study.codings.coders())
    missing = [c for c in coders if c not in known]
    if missing:
        raise ConflictError(f"no codings by {', '.join(missing)}")
    rows = _codings(study, coders, codes, sources)
    bit = {c: 1 << i for i, c in enumerate(coders)}
    paths = study.codes.paths()
    by_source: dict[str, list[tuple]] = defaultdict(list)
    if over == "whole" and sources:
        by_source.update({source_id: [] for source_id in sources})  # chosen: compared, coded or not
    for source_id, code_id, start, end, coder in rows:
        by_source[source_id].append((code_id, start, end, bit[coder]))
    pooled: Counter = Counter()
    per_code: dict[str, Counter] = defaultdict(Counter)
    cells: list[tuple[str, str, Counter]] = []
    disagreements: list[Disagreement] = []
    universe = 0
    code_ids = sorted({r[1] for r in rows}, key=lambda c: paths.get(c, c))
    names = study.sources.names(list(by_source))
    for source_id, items in by_source.items():
        text = study.sources.text(source_id)
        spans = _units(study, source_id, items, unit)
        if over == "whole":
            size = len(text) if unit == "char" else len(study.sources.sentences(source_id) or [(0, len(text))])
        else:
            size = sum(b - a for a, b in _union([(a, b) for a, b, _bit in spans]))
        universe += size
        per_code_spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for (code_id, *_rest), (a, b, who) in zip(items, spans, strict=True):
            per_code_spans[code_id].append((a, b, who))
        for code_id in code_ids:
            counts, runs = _sweep(per_code_spans.get(code_id, []))
            counts[0] += size - sum(counts.values())
            per_code[paths.get(code_id, code_id)].update(counts)
            pooled.update(counts)
            if code_id in per_code_spans:
                cells.append((paths.get(code_id, code_id), names.get(source_id, source_id), counts))
            for a, b, pattern in runs:
                if pattern not in (0, (1 << len(coders)) - 1):
                    lo, hi = (a, b) if unit == "char" else _sentence_span(study, source_id, a, b)
                    disagreements.append(Disagreement(
                        source_id, names.get(source_id, source_id), code_id, paths.get(code_id, code_id), lo, hi,
                        text[lo:hi], [c for c in coders if pattern & bit[c]],
                        [c for c in coders if not pattern & bit[c]]))
    for path in (paths.get(c, c) for c in code_ids):
        per_code.setdefault(path, Counter())
    disagreements.sort(key=lambda d: (d.source.lower(), d.start, d.code))
    cells.sort(key=lambda c: (c[0], c[1].lower()))
    return Agreement(coders, unit, universe, pooled, dict(per_code), disagreements, over, len(by_source), cells)


def _codings(study, coders, codes, sources) -> list[tuple]:
    marks = ",".join("?" * len(coders))
    sql = ("SELECT s.id, k.id, c.start, c.end, c.coder FROM codings c JOIN sources s ON s.n = c.source_n "
           f"JOIN codes k ON k.n = c.code_n WHERE c.detached = 0 AND c.coder IN ({marks})")
    args: list = list(coders)
    if codes:
        sql += f" AND k.id IN ({','.join('?' * len(codes))})"
        args += list(codes)
    if sources:
        sql += f" AND s.id IN ({','.join('?' * len(sources))})"
        args += list(sources)
    return study.conn.execute(sql + " ORDER BY s.id, c.start", args).fetchall()


def _units(study, source_id: str, items, unit: str) -> list[tuple[int, int, int]]:
    """Each coding as (first unit, end unit, coder bit): characters, or sentence indices."""
    if unit == "char":
        return [(a, b, who) for _code, a, b, who in items]
    sentences = study.sources.sentences(source_id) or [(0, len(study.sources.text(source_id)))]
    starts = [s for s, _e in sentences]
    from bisect import bisect_left, bisect_right

    out = []
    for _code, a, b, who in items:
        first = max(0, bisect_right(starts, a) - 1)
        last = max(first + 1, bisect_left(starts, b))
        out.append((first, last, who))
    return out


def _sentence_span(study, source_id: str, first: int, last: int) -> tuple[int, int]:
    sentences = study.sources.sentences(source_id) or [(0, len(study.sources.text(source_id)))]
    return sentences[first][0], sentences[min(last, len(sentences)) - 1][1]


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _sweep(spans: list[tuple[int, int, int]]) -> tuple[Counter, list[tuple[int, int, int]]]:
    """Weighted coder patterns over the covered stretches, and the runs of each pattern."""
    events: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b, who in spans:
        events[a].append((who, 1))
        events[b].append((who, -1))
    depth: Counter = Counter()
    counts: Counter = Counter()
    runs: list[tuple[int, int, int]] = []
    points = sorted(events)
    for here, there in zip(points, points[1:], strict=False):
        for who, step in events[here]:
            depth[who] += step
        pattern = sum(who for who, d in depth.items() if d > 0)
        if pattern:
            counts[pattern] += there - here
            if runs and runs[-1][1] == here and runs[-1][2] == pattern:
                runs[-1] = (runs[-1][0], there, pattern)
            else:
                runs.append((here, there, pattern))
    return counts, runs
