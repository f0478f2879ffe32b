"""Building the demo study from sample_corpus/: import, codebook, case attributes, two coders.

Reproducible: the same corpus always gives the same study content (ids and times aside). Each
coding in sample_corpus/codings/*.json names a verbatim quote; it is applied to exactly the
passage where that quote stands in the imported text.
"""

from __future__ import annotations

import json
import os
import sqlite3
import unicodedata
from pathlib import Path

from .codebook.codebook_file import load_codebook
from .sources.importing import import_sources, plan_import
from .store.progress import Progress, no_progress
from .study import Study

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "sample_corpus"
CODEBOOK = ROOT / "resources" / "starter_codebook.toml"

CASE_ATTRIBUTES = {
    # attribute: (type, choices)
    "school level": ("choice", ["elementary", "middle", "high", "district"]),
    "enrolment": ("number", []),
    "leadership stability": ("choice", ["stable", "unstable"]),
    "principal's years at site": ("number", []),
}
CASE_VALUES = {
    "Harbor Valley": {"school level": "district", "enrolment": "31000", "leadership stability": "stable"},
    "Harbor Valley/Alder Street Elementary": {"school level": "elementary", "enrolment": "540",
                                              "leadership stability": "stable", "principal's years at site": "6"},
    "Harbor Valley/Bayview Middle School": {"school level": "middle", "enrolment": "880",
                                            "leadership stability": "unstable", "principal's years at site": "1"},
    "Harbor Valley/Cedar Ridge High School": {"school level": "high", "enrolment": "1650",
                                              "leadership stability": "unstable", "principal's years at site": "2"},
    "Prairie Ridge": {"school level": "district", "enrolment": "9500", "leadership stability": "stable"},
    "Prairie Ridge/Elm Creek Elementary": {"school level": "elementary", "enrolment": "610",
                                           "leadership stability": "stable", "principal's years at site": "4"},
    "Prairie Ridge/Fairmont Middle School": {"school level": "middle", "enrolment": "720",
                                             "leadership stability": "stable", "principal's years at site": "12"},
    "Prairie Ridge/Granite Falls High School": {"school level": "high", "enrolment": "1180",
                                                "leadership stability": "stable", "principal's years at site": "5"},
}


def _fold(text: str) -> str:
    """Quotes written by hand may differ from the file in quote marks and dashes only."""
    table = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-", "\u00a0": " "})
    return unicodedata.normalize("NFC", text).translate(table)


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """The range of `quote` in `text` (exact, else modulo quote marks, dashes and spacing)."""
    found = text.find(quote)
    if found >= 0:
        return found, found + len(quote)
    folded_text, folded_quote = _fold(text), " ".join(_fold(quote).split())
    found = folded_text.find(folded_quote)
    if found >= 0:  # _fold maps characters one to one, so offsets carry over
        return found, found + len(folded_quote)
    return None


def apply_corpus_codings(study: Study, corpus: Path = CORPUS) -> dict:
    """Apply every coding file's quotes; return counts and the quotes that could not be found."""
    by_stem = {Path(s.original_file).stem: s for s in study.sources.all()}
    missing, applied = [], 0
    with study.operation("demo_codings", "Apply the demo codings"):
        for path in sorted((corpus / "codings").glob("*.json")):
            source = by_stem.get(path.stem)
            if source is None:
                missing.append({"file": path.name, "quote": "(no such source)"})
                continue
            text = study.sources.text(source.id)
            for entry in json.loads(path.read_text(encoding="utf-8")):
                spot = locate(text, entry["quote"])
                if spot is None:
                    missing.append({"file": path.name, "quote": entry["quote"]})
                    continue
                code = study.codes.find(entry["code"])
                changes = study.codings.apply_code(source_id=source.id, code_id=code.id, start=spot[0],
                                                   end=spot[1], coder=entry["coder"], note=entry.get("note", ""))
                applied += changes.step is not None
    return {"applied": applied, "missing": missing}


def agreement(study: Study, a: str = "okafor", b: str = "lindqvist") -> dict:
    """How often each coder's passages were also coded with the same code by the other
    (overlapping passages count), and how often the other used a different code there."""
    rows = study.conn.execute("SELECT source_n, code_n, coder, start, end FROM codings WHERE coder IN (?, ?)",
                              (a, b)).fetchall()
    mine = {a: [r for r in rows if r[2] == a], b: [r for r in rows if r[2] == b]}

    def matched(x: tuple, others: list[tuple], same_code: bool) -> bool:
        return any(o[0] == x[0] and o[3] < x[4] and x[3] < o[4] and ((o[1] == x[1]) == same_code) for o in others)

    out = {"codings": {a: len(mine[a]), b: len(mine[b])}}
    for who, other in ((a, b), (b, a)):
        same = sum(matched(x, mine[other], True) for x in mine[who])
        differ = sum(not matched(x, mine[other], True) and matched(x, mine[other], False) for x in mine[who])
        out[who] = {"same_code": same, "other_code_only": differ, "alone": len(mine[who]) - same - differ}
    total = len(rows)
    agreed = out[a]["same_code"] + out[b]["same_code"]
    out["percent_agreement"] = round(100.0 * agreed / total, 1) if total else 0.0
    return out


DEMO_MEMO_SITE = "Alder Street Elementary"


def write_demo_memo(study: Study, corpus: Path = CORPUS) -> str | None:
    """The Alder Street case memo, in review: drafted by okafor with two quotations, reviewed by
    lindqvist, who questions the claim that coaching is walled off from evaluation."""
    path = corpus / "memos" / "alder_street_elementary.md"
    if not path.exists():
        return None
    site = study.cases.find(DEMO_MEMO_SITE)
    memo_id = study.memos.write(kind="site", subject_id=site.id, author="okafor",
                                text=path.read_text(encoding="utf-8")).result
    quoted = 0
    for source_name, code_path, section in (("alder_principal_w1", "Leadership configuration/Coaching",
                                             "3.2 Teacher leaders and coaches"),
                                            ("alder_coach_w1", "Leadership configuration/Coaching",
                                             "3.2 Teacher leaders and coaches")):
        code = study.codes.find(code_path)
        source = study.sources.find(source_name)
        codings = [c for c in study.codings.for_source(source.id) if c.code_id == code.id and c.coder == "okafor"]
        if codings:
            study.memos.quote(memo_id=memo_id, coding_id=codings[0].id, section=section, author="okafor")
            quoted += 1
    study.memos.set_reviewers(memo_id=memo_id, drafter="okafor", reviewers=["lindqvist"])
    study.memos.set_status(memo_id=memo_id, status="in-review", by="okafor")
    text = study.memos.text(memo_id)
    claim = "coaching is kept apart from evaluation"
    at = text.find(claim)
    if at >= 0:
        question = study.memo_comments.comment(
            memo_id=memo_id, author="lindqvist", kind="correction", start=at, end=at + len(claim),
            text="The coach's own interview says the wall leaks: walkthrough notes reach the principal. "
                 "Present both accounts.").result
        study.memo_comments.reply(comment_id=question, author="okafor",
                                  text="Agreed; I will quote the coach beside the principal.")
    return memo_id


DEMO_CLAIMS = (
    # (theme, claim, [(source, code, stance)])
    ("Coaching and evaluation", "Principals keep coaching apart from teacher evaluation",
     [("alder_principal_w1", "Leadership configuration/Coaching", "supports"),
      ("elm_principal_w2", "Leadership configuration/Coaching", "supports"),
      ("alder_coach_w1", "Leadership configuration/Coaching", "contradicts"),
      ("elm_coach_w1", "Leadership configuration/Coaching", "contradicts")]),
    ("Protected time", "Collaboration time is protected in plans but lost in practice",
     [("alder_teacher_w2", "Supports/Time and scheduling", "supports"),
      ("fairmont_teacher_leader_w2", "Supports/Time and scheduling", "supports")]),
)


def write_demo_outline(study: Study) -> None:
    """Two themes of the cross-site outline with claims citing both sides of a contradiction the
    sample corpus plants (see sample_corpus/README.md)."""
    for theme, claim, cites in DEMO_CLAIMS:
        claim_id = study.cross_outline.add(path=theme, claim=claim).result
        for source_name, code_path, stance in cites:
            try:
                source, code = study.sources.find(source_name), study.codes.find(code_path)
            except Exception:  # noqa: BLE001 - a corpus without that source or code: cite what there is
                continue
            coding = next((c for c in study.codings.for_source(source.id) if c.code_id == code.id), None)
            if coding is not None:
                study.cross_outline.cite(claim_id=claim_id, coding_id=coding.id, stance=stance)
    first = study.cross_outline.find(DEMO_CLAIMS[0][0])
    study.cross_outline.assign(item_id=first.id, owner="okafor", status="drafting")
    try:  # the theme's data: the coaching code's run goes into the report's appendix
        coaching = study.codes.find("Leadership configuration/Coaching").id
        study.cross_outline.link_code(theme_id=first.id, code_id=coaching)
    except Exception:  # noqa: BLE001 - a codebook without that code
        pass


DEMO_TABLE = "Leadership across sites"
DEMO_TABLE_SECTIONS = ["2 Learning agenda", "3.2 Teacher leaders and coaches", "5 Challenges and tensions"]
DEMO_CELLS = (
    # (site, section, summary or None to start it from the site memo, [(source, code) to pin])
    ("Alder Street Elementary", "3.2 Teacher leaders and coaches", None,
     [("alder_principal_w1", "Leadership configuration/Coaching"),
      ("alder_coach_w1", "Leadership configuration/Coaching")]),
    ("Elm Creek Elementary", "3.2 Teacher leaders and coaches",
     "A coach runs cycles as at Alder, and the principal again calls it non-evaluative; the coach's own "
     "account says her notes reach the principal. Same tension, second site.",
     [("elm_coach_w1", "Leadership configuration/Coaching")]),
    ("Alder Street Elementary", "5 Challenges and tensions",
     "Late-start time lost to testing logistics; teachers say the talk agenda is the district's, not theirs.",
     [("alder_teacher_w2", "Supports/Time and scheduling")]),
)


def write_demo_table(study: Study) -> None:
    """A saved pattern table with summaries (one started from the Alder Street memo) and pinned
    quotations, so the text matrix has something to show."""
    from .crosssite.pattern_tables import save_table

    sections = [name for name in DEMO_TABLE_SECTIONS if any(s.name == name for s in study.sections.all())]
    if not sections:
        return
    save_table(study, DEMO_TABLE, {"cols": "sections", "items": sections, "descendants": True,
                                   "waves": [], "roles": [], "types": [], "order_by": "school level"})
    for site_name, section_name, summary, pins in DEMO_CELLS:
        try:
            site, section = study.cases.find(site_name), study.sections.find(section_name)
        except Exception:  # noqa: BLE001 - a corpus without that site: write what there is
            continue
        if summary is None:
            memo = study.cells.memo_start(DEMO_TABLE, site.id, section.id)
            summary = memo.split("\n\n")[0]
        study.cells.set_summary(table=DEMO_TABLE, site_id=site.id, key=section.id, text=summary)
        for source_name, code_path in pins:
            source, code = study.sources.find(source_name), study.codes.find(code_path)
            coding = next((c for c in study.codings.for_source(source.id) if c.code_id == code.id), None)
            if coding is not None:
                study.cells.pin(table=DEMO_TABLE, site_id=site.id, key=section.id, coding_id=coding.id)


def build_demo_study(out: Path, corpus: Path = CORPUS, progress: Progress = no_progress) -> dict:
    """Create the demo study at `out` (which must not exist) and return a summary. It is built
    under a hidden name in the same folder and renamed into place when complete, so a build that
    is killed never leaves half a study under `out`, and a new build removes what it left."""
    out = Path(out)
    if out.exists():
        raise FileExistsError(f"{out}: a file of that name already exists")
    building = out.with_name(f".{out.name}.building")
    _remove_build(building)
    try:
        summary = _build(building, corpus, progress)
        single = sqlite3.connect(building)  # one self-contained file to rename: no log beside it
        try:
            single.execute("PRAGMA journal_mode = DELETE")
        finally:
            single.close()
        if out.exists():
            raise FileExistsError(f"{out}: a file of that name appeared while the demo was built")
        os.replace(building, out)
    finally:
        _remove_build(building)
    return {**summary, "study": str(out)}


def _remove_build(building: Path) -> None:
    for leftover in (building, *(building.with_name(building.name + end) for end in ("-wal", "-shm", "-journal",
                                                                                  ".lock"))):
        leftover.unlink(missing_ok=True)


def _build(out: Path, corpus: Path, progress: Progress) -> dict:
    study = Study.create(out, user="okafor")
    try:
        load_codebook(study, CODEBOOK)
        report = import_sources(study, plan_import([], metadata=corpus / "metadata.csv"), progress=progress)
        if report.failed:
            raise RuntimeError(f"sample corpus files failed to import: {report.failed}")
        with study.operation("demo_cases", "Describe the demo cases"):
            for name, (kind, choices) in CASE_ATTRIBUTES.items():
                study.attributes.define(scope="case", name=name, type=kind, choices=choices)
            for path, values in CASE_VALUES.items():
                case = study.cases.find(path)
                for key, value in values.items():
                    study.attributes.set_value(scope="case", owner_id=case.id, name=key, value=value)
        result = apply_corpus_codings(study, corpus)
        write_demo_memo(study, corpus)
        write_demo_outline(study)
        write_demo_table(study)
        study.history.clear()
        summary = {"sources": len(study.sources.all()),
                   "codings": study.conn.execute("SELECT count(*) FROM codings").fetchone()[0],
                   "missing_quotes": result["missing"], "agreement": agreement(study)}
    finally:
        study.close()
    return summary
