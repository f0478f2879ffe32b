"""Counting coded passages, not codings: a passage two coders coded alike counts once in the
code-by-site matrix, and the counts the triggers keep agree with the codings after any action."""

from __future__ import annotations

import random
from collections import defaultdict

from coder.check import check_study
from coder.coding.runs import RunSpec, count_passages, passages


def reference(study, coder: str | None = None) -> dict:
    """Passages per (code, case) counted from the codings themselves, with nothing maintained."""
    rows = study.conn.execute(
        "SELECT k.id, s.id, s.case_id, c.coder, c.start, c.end FROM codings c JOIN codes k ON k.n = c.code_n "
        "JOIN sources s ON s.n = c.source_n WHERE c.detached = 0").fetchall()
    groups: dict[tuple, list] = defaultdict(list)
    for code, source, case, who, start, end in rows:
        if coder is None or who == coder:
            groups[(code, case)].append(((source, code), start, end))
    return {key: n for key, spans in groups.items() if (n := count_passages(spans))}


def test_passages_are_counted_once_across_coders(coded_study):
    s = coded_study
    source = s.sources.find("a_principal")
    coaching = s.codes.find("Leadership configuration/Coaching").id
    oak = source.case_id
    apply = s.codings.apply_code
    apply(source_id=source.id, code_id=coaching, start=10, end=40, coder="ana")
    apply(source_id=source.id, code_id=coaching, start=10, end=40, coder="ben")  # the same passage
    assert s.runs.code_case_counts()[(coaching, oak)] == 2
    assert s.runs.code_case_passages()[(coaching, oak)] == 1
    assert s.runs.code_case_passages("ana")[(coaching, oak)] == 1
    apply(source_id=source.id, code_id=coaching, start=30, end=60, coder="ben")  # overlaps: still one
    apply(source_id=source.id, code_id=coaching, start=60, end=70, coder="ana")  # only touches: a second
    assert s.runs.code_case_passages()[(coaching, oak)] == 2
    assert s.runs.code_case_passages("ben")[(coaching, oak)] == 1  # ben's two overlap each other
    assert s.runs.code_case_passages("ana")[(coaching, oak)] == 2
    spec = RunSpec(codes=[coaching], sites=[oak])
    assert len(s.runs.run(spec)) == 4 and passages(s.runs.run(spec)) == s.runs.passage_count(spec) == 2
    s.undo()  # ana's touching passage goes
    assert s.runs.code_case_passages()[(coaching, oak)] == 1
    assert s.runs.code_case_passages() == reference(s) and check_study(s.conn)["ok"]


def test_touching_identical_and_nested_ranges():
    spans = [("g", 0, 10), ("g", 10, 20), ("g", 0, 10), ("g", 2, 4), ("h", 5, 8), ("g", 25, 30), ("g", 19, 26)]
    assert count_passages(spans) == 3  # g: [0,10) | [10,30) joined through [19,26); h: one


def test_counts_stay_true_through_any_action(demo_study):
    """Random coding, uncoding, resizing, re-coding, moving a source, correcting a text, merging
    codes, undo and redo: the kept counts equal a count from the codings every time."""
    s = demo_study
    rng = random.Random(15)
    sources = s.sources.all()[:6]
    codes = [c.id for c in s.codes.all() if c.parent_id is not None][:8]
    sites = [c.id for c in s.cases.all() if c.kind == "site"]
    for step in range(120):
        action = rng.choice(["code", "code", "code", "uncode", "resize", "recode", "move", "text", "merge",
                             "undo", "redo"])
        source = rng.choice(sources)
        length = s.sources.get(source.id).chars
        mine = s.codings.for_source(source.id)
        try:
            if action == "code":
                start = rng.randrange(0, max(1, length - 80))
                s.codings.apply_code(source_id=source.id, code_id=rng.choice(codes), start=start,
                                     end=start + rng.randrange(5, 80), coder=rng.choice(["ana", "ben", "okafor"]))
            elif action == "uncode" and mine:
                s.codings.remove_coding(coding_id=rng.choice(mine).id)
            elif action == "resize" and mine:
                coding = rng.choice(mine)
                s.codings.set_range(coding_id=coding.id, start=max(0, coding.start - 30), end=coding.end)
            elif action == "recode" and mine:
                s.codings.recode(coding_id=rng.choice(mine).id, code_id=rng.choice(codes))
            elif action == "move":
                s.sources.update_source(source_id=source.id, case_id=rng.choice(sites))
            elif action == "text" and step % 3 == 0:
                text = s.sources.text(source.id)
                cut = rng.randrange(0, len(text) - 200)
                s.sources.edit_text(source_id=source.id, text=text[:cut] + text[cut + 150:])
            elif action == "merge" and step % 4 == 0:
                a, b = rng.sample(codes, 2)
                s.codes.merge_codes(source_id=a, target_id=b)
                codes.remove(a)
            elif action == "undo":
                s.undo()
            elif action == "redo":
                s.redo()
        except Exception as exc:  # noqa: BLE001 - a refused action (nothing to undo, a clash) changes nothing
            if type(exc).__name__ not in ("ConflictError", "NothingToUndoError", "IndexError", "NotFoundError"):
                raise
        for coder in (None, "ana", "okafor"):
            assert s.runs.code_case_passages(coder) == reference(s, coder), (step, action, coder)
    assert check_study(s.conn)["ok"]
