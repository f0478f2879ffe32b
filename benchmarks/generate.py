"""Seeded synthetic studies at three scales for the benchmark.

medium: 2 districts, 10 sites, 100 transcripts; large: 4 districts, 40 sites, 1,000 transcripts
of 6,000-10,000 words (~8 M words) in .txt and .docx, one of them a 20,000-word transcript that
carries 500 codings; a 250-code, 4-level codebook; 25,000 / 250,000 codings by three coders, about
half of them overlapping another coder's. `small` is the bundled sample study.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from .synth import ROLES, Bigrams, transcript_turns, write_docx, write_txt

SEED = 20261123
CODERS = ("coder_a", "coder_b", "coder_c")
TREES = ("Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Gum", "Hazel", "Ivy", "Juniper")


@dataclass(frozen=True)
class Scale:
    name: str
    districts: int
    sites: int
    sources: int
    words: tuple[int, int]
    codings: int


SCALES = {
    "medium": Scale("medium", 2, 10, 100, (6000, 10000), 25_000),
    "large": Scale("large", 4, 40, 1000, (6000, 10000), 250_000),
}
BIG_SOURCE = "big_transcript"
BIG_WORDS = 20_000
BIG_CODINGS = 500


def write_corpus(out: Path, scale: Scale, seed: int = SEED) -> dict:
    """Write the transcripts and a metadata CSV into `out`; return what was written."""
    out.mkdir(parents=True, exist_ok=True)
    gen = Bigrams(seed)
    rng = random.Random(seed + 1)
    rows, words, by_format = [], 0, {"txt": 0, "docx": 0}
    levels = ("elementary", "middle", "high")
    for i in range(scale.sources):
        site_no = i % scale.sites
        site = f"{TREES[site_no % 10]} {levels[site_no % 3].title()} {site_no // 10 + 1}"
        district = f"District {site_no % scale.districts + 1}"
        role = ROLES[rng.randrange(len(ROLES))]
        n_words = BIG_WORDS if i == 0 else rng.randint(*scale.words)
        fmt = "docx" if i % 2 else "txt"
        name = BIG_SOURCE if i == 0 else f"s{i:04d}_{role.replace(' ', '_')}"
        path = out / f"{name}.{fmt}"
        turns = transcript_turns(gen, n_words, role)
        (write_docx if fmt == "docx" else write_txt)(path, turns)
        count = sum(len(label.split()) + 1 + len(speech.split()) for label, speech in turns)
        words += count
        by_format[fmt] += count
        rows.append({"file": path.name, "district": district, "site": site, "type": "interview", "role": role,
                     "wave": rng.randint(1, 4), "phase": 1 if rng.random() < 0.5 else 2,
                     "date": f"2025-{rng.randint(9, 12):02d}-{rng.randint(1, 28):02d}",
                     "interviewers": "A. Researcher;B. Researcher", "school_level": levels[site_no % 3]})
    with open(out / "metadata.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return {"files": len(rows), "words": words, "words_by_format": by_format}


def write_codebook(path: Path, seed: int = SEED) -> int:
    """A 250-code, 4-level codebook in the plain codebook format: 20 top codes with 3 children,
    each with 2 children, and 50 fourth-level codes spread among those. A top code with its
    descendants then holds about a twentieth of the codings (~13,000 at large scale), the run
    the issue's targets describe."""
    rng = random.Random(seed + 2)
    gen = Bigrams(seed + 3)
    vocab = sorted({w.strip(".,;?!").lower() for w in gen.words(4000).split() if len(w) > 4})
    used: set[str] = set()

    def name() -> str:
        while True:
            candidate = " ".join(rng.sample(vocab, 2)).capitalize()
            if candidate.lower() not in used:
                used.add(candidate.lower())
                return candidate

    lines, count = ["name = 'Benchmark codebook'", ""], 0
    fourth = [1 if k % 12 < 5 else 0 for k in range(120)]  # 20 + 60 + 120 + 50 = 250 codes
    k = 0
    for _a in range(20):
        top = name()
        lines += ["[[code]]", f"path = {top!r}", ""]
        count += 1
        for _b in range(3):
            mid = f"{top}/{name()}"
            lines += ["[[code]]", f"path = {mid!r}", ""]
            count += 1
            for _c in range(2):
                low = f"{mid}/{name()}"
                lines += ["[[code]]", f"path = {low!r}", ""]
                count += 1
                for _d in range(fourth[k]):
                    lines += ["[[code]]", f"path = {low + '/' + name()!r}", ""]
                    count += 1
                k += 1
    path.write_text("\n".join(lines), encoding="utf-8")
    return count


def plan_codings(study, total: int, seed: int = SEED) -> list[tuple[str, str, int, int, str]]:
    """About `total` codings by three coders on sentence-aligned passages, roughly half of them
    overlapping a passage another coder coded; the 20,000-word transcript gets 500."""
    rng = random.Random(seed + 4)
    codes = [c.id for c in study.codes.all()]
    leaves = [c.id for c in study.codes.all() if c.path.count("/") >= 2]
    sources = study.sources.all()
    big = next(s for s in sources if s.name == BIG_SOURCE)
    others = [s for s in sources if s.id != big.id]
    per_source = max(1, (total - BIG_CODINGS) // max(1, len(others)))
    items: list[tuple[str, str, int, int, str]] = []
    for info in [big] + others:
        wanted = BIG_CODINGS if info.id == big.id else per_source
        sentences = study.sources.sentences(info.id)
        if not sentences:
            continue
        made = 0
        while made < wanted:
            i = rng.randrange(len(sentences))
            j = min(len(sentences) - 1, i + rng.randint(0, 2))
            start, end = sentences[i][0], sentences[j][1]
            code = rng.choice(leaves if rng.random() < 0.8 else codes)
            items.append((info.id, code, start, end, CODERS[made % 3]))
            made += 1
            if made < wanted and rng.random() < 0.5:  # another coder on an overlapping passage
                k = min(len(sentences) - 1, j + rng.randint(0, 1))
                items.append((info.id, rng.choice(leaves), sentences[max(0, i - rng.randint(0, 1))][0],
                              sentences[k][1], CODERS[(made + 1) % 3]))
                made += 1
    return items


MEMO_QUOTES_PER_SECTION = 10


def write_site_memo(study, seed: int = SEED) -> str:
    """An outline section for each top code (the code linked to it), and a site case memo for the
    first site with a paragraph and ten quotations in every section, as the benchmark's memo."""
    rng = random.Random(seed + 5)
    gen = Bigrams(seed + 6)
    tops = [c for c in study.codes.all() if c.parent_id is None]
    with study.operation("bench_outline", "Outline for the benchmark memo"):
        for i, code in enumerate(tops):
            section_id = study.sections.add_section(path=f"{i + 1} {code.name}").result
            study.codes.link_section(code_id=code.id, section_id=section_id)
    site = next(c for c in study.cases.all() if c.kind == "site")
    text = "\n\n".join(f"# {s.name}\n\n{gen.words(120)}" for s in study.sections.all())
    memo_id = study.memos.write(kind="site", subject_id=site.id, text=text, author="coder_a").result
    sources = [s.id for s in study.sources.all("s.case_id = ?", (site.id,))]
    for section, code in zip(study.sections.all(), tops, strict=False):
        descendants = set(study.codes.descendants(code.id))
        pool = [c for sid in sources for c in study.codings.for_source(sid) if c.code_id in descendants]
        for coding in rng.sample(pool, min(MEMO_QUOTES_PER_SECTION, len(pool))):
            study.memos.quote(memo_id=memo_id, coding_id=coding.id, section=section.name, author="coder_a")
    study.history.clear()
    return memo_id


OUTLINE_QUOTATIONS = 2000


def write_cross_outline(study, seed: int = SEED) -> int:
    """A cross-site outline of 20 themes with 5 claims each, citing 2,000 coded segments from all
    sites (a fifth of them contradicting), as one step; returns the number of citations."""
    rng = random.Random(seed + 7)
    gen = Bigrams(seed + 8)
    tops = [c for c in study.codes.all() if c.parent_id is None]
    numbers = dict(study.conn.execute("SELECT id, n FROM codes").fetchall())
    cited = 0
    with study.operation("bench_outline_claims", "Cross-site outline for the benchmark"):
        for code in tops:
            members = [numbers[c] for c in study.codes.descendants(code.id)]
            pool = [r[0] for r in study.conn.execute(
                f"SELECT id FROM codings WHERE detached = 0 AND code_n IN ({','.join('?' * len(members))})",
                members)]
            for k in range(5):
                claim = study.cross_outline.add(path=code.name, claim=gen.words(14).rstrip(".") + f" ({k + 1})").result
                for coding_id in rng.sample(pool, min(len(pool), OUTLINE_QUOTATIONS // (5 * len(tops)))):
                    study.cross_outline.cite(claim_id=claim, coding_id=coding_id,
                                             stance="contradicts" if rng.random() < 0.2 else "supports")
                    cited += 1
    study.history.clear()
    return cited
