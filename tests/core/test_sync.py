"""Bringing three laptops' work together: any order of imports, and any repetition, gives one study
with every piece of work present and every conflict listed."""

from __future__ import annotations

import itertools
import shutil

import pytest

from coder import Study
from coder.sources.importing import import_sources, plan_import
from coder.team.rows import logical_dump

NEW_INTERVIEW = ("Interviewer: How do teachers work together here?\n\n"
                 "Teacher: We plan in grade teams and the coach sits in on Thursdays.\n")


def _copy(base, folder, name, user):
    path = folder / f"{name}.casecoder"
    shutil.copy(base, path)
    return Study.open(path, user=user)


def _code(study, path_part):
    return next(c for c in study.codes.all() if c.path.endswith(path_part))


def _diverge(base, tmp_path):
    """Three copies of the demo study, each changed on its own 'laptop'."""
    a = _copy(base, tmp_path, "ana", "ana")
    b = _copy(base, tmp_path, "ben", "ben")
    c = _copy(base, tmp_path, "cai", "cai")
    codes = [x for x in a.codes.all() if x.parent_id is not None]
    renamed, doomed, merged, target = codes[0], codes[1], codes[2], codes[3]
    source = a.sources.all()[0]
    memo = a.memos.all()[0]

    # Ana: renames a code, deletes another, imports a new interview, edits the site memo
    a.codes.rename_code(code_id=renamed.id, name="Renamed by Ana")
    a.codes.delete_code(code_id=doomed.id)
    new_file = tmp_path / "grade_teams.txt"
    new_file.write_text(NEW_INTERVIEW, encoding="utf-8")
    assert not import_sources(a, plan_import([new_file], {"district": "North", "site": "Oak Elementary"})).failed
    a.memos.write(kind=memo.kind, subject_id=memo.subject_id, title=memo.title,
                  text=a.memos.text(memo.id) + "\n\nAna adds a paragraph.", author="ana")

    # Ben: renames the same code differently, merges two codes, adds a code and codes with it
    b.codes.rename_code(code_id=renamed.id, name="Renamed by Ben")
    b.codes.merge_codes(source_id=merged.id, target_id=target.id)
    trust = b.codes.add_code(path="Trusting relationships").result
    b.codings.apply_code(source_id=source.id, code_id=trust, start=0, end=25, coder="ben")

    # Cai: codes with the code Ana deletes, adds a nearly-same code, edits the memo too
    c.codings.apply_code(source_id=source.id, code_id=doomed.id, start=30, end=60, coder="cai")
    c.codes.add_code(path="Trusting relationship")
    c.memos.write(kind=memo.kind, subject_id=memo.subject_id, title=memo.title,
                  text=c.memos.text(memo.id) + "\n\nCai disagrees.", author="cai")
    packages = {}
    for name, study in (("ana", a), ("ben", b), ("cai", c)):
        packages[name] = tmp_path / f"{name}.ccwork"
        study.sync.export_work(packages[name])
        study.close()
    return packages, {"renamed": renamed.id, "doomed": doomed.id, "merged": merged.id, "target": target.id,
                      "memo": memo.id}


@pytest.fixture(scope="module")
def diverged(demo_study_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("laptops")
    packages, ids = _diverge(demo_study_file[0], folder)
    return demo_study_file[0], folder, packages, ids


def _state(study):
    return logical_dump(study.conn), sorted(c.text for c in study.sync.conflicts())


def test_every_order_and_repetition_gives_one_study(diverged, tmp_path):
    base, _, packages, ids = diverged
    states = []
    for n, order in enumerate(itertools.permutations(packages)):
        with _copy(base, tmp_path, f"lead{n}", "lead") as lead:
            for name in order:
                lead.sync.import_work(packages[name])
            if n % 2:  # some packages twice: nothing changes
                again = lead.sync.import_work(packages[order[0]]).result
                assert again["operations"] == 0 and again["added"] == again["changed"] == 0
            from coder.check import check_study

            assert check_study(lead.conn)["ok"], check_study(lead.conn)["problems"]
            states.append(_state(lead))
    assert all(state == states[0] for state in states[1:])


def test_every_piece_of_work_is_present_and_every_conflict_listed(diverged, tmp_path):
    base, _, packages, ids = diverged
    with _copy(base, tmp_path, "lead", "lead") as lead:
        for name in ("cai", "ana", "ben"):
            lead.sync.import_work(packages[name])
        names = {c.name for c in lead.codes.all()}
        assert lead.sources.find("grade_teams")  # Ana's new interview
        assert {"Trusting relationships", "Trusting relationship"} <= names  # both new codes
        assert lead.codes.get(ids["renamed"]).name in {"Renamed by Ana", "Renamed by Ben"}
        assert not lead.conn.execute("SELECT 1 FROM codes WHERE id = ?", (ids["merged"],)).fetchone()
        # the code Ana deleted stays, because Cai's coding uses it
        assert lead.codes.get(ids["doomed"]) and lead.codes.coding_count(ids["doomed"]) == 1
        assert len(lead.memos.heads(ids["memo"])) == 2  # both memo edits, as a diverged memo
        kinds = sorted(c.kind for c in lead.sync.conflicts())
        assert kinds.count("field") == 1 and "deleted_in_use" in kinds and "near_duplicate" in kinds
        assert "memo_diverged" in kinds
        texts = " ".join(c.text for c in lead.sync.conflicts())
        assert "Renamed by Ana" in texts and "Renamed by Ben" in texts


def test_copies_that_exchange_both_ways_agree(diverged, tmp_path):
    base, folder, packages, _ = diverged
    ana = folder / "ana.casecoder"
    ben = folder / "ben.casecoder"
    with Study.open(ana, user="ana") as a, Study.open(ben, user="ben") as b:
        a.sync.import_work(packages["ben"])
        b.sync.import_work(packages["ana"])
        assert _state(a) == _state(b)


def test_import_is_one_undoable_step(diverged, tmp_path):
    base, _, packages, _ = diverged
    with _copy(base, tmp_path, "lead", "lead") as lead:
        before = (logical_dump(lead.conn), lead.conn.execute("SELECT count(*) FROM ops").fetchone())
        lead.sync.import_work(packages["ana"])
        after = (logical_dump(lead.conn), lead.conn.execute("SELECT count(*) FROM ops").fetchone())
        assert after != before
        lead.undo()
        assert (logical_dump(lead.conn), lead.conn.execute("SELECT count(*) FROM ops").fetchone()) == before
        lead.redo()
        assert (logical_dump(lead.conn), lead.conn.execute("SELECT count(*) FROM ops").fetchone()) == after


def test_a_transcript_imported_on_two_laptops_is_one_source(demo_study_file, tmp_path):
    base = demo_study_file[0]
    interview = tmp_path / "grade_teams.txt"
    interview.write_text(NEW_INTERVIEW, encoding="utf-8")
    packages = {}
    for user in ("ana", "ben"):
        with _copy(base, tmp_path, user, user) as study:
            items = plan_import([interview], {"district": "North", "site": "Oak Elementary"})
            assert not import_sources(study, items).failed
            source = study.sources.find("grade_teams")
            code = study.codes.all()[4 if user == "ana" else 6]
            study.codings.apply_code(source_id=source.id, code_id=code.id, start=0, end=20, coder=user)
            packages[user] = tmp_path / f"{user}.ccwork"
            study.sync.export_work(packages[user])
    states = []
    for n, order in enumerate((("ana", "ben"), ("ben", "ana"))):
        with _copy(base, tmp_path, f"lead{n}", "lead") as lead:
            results = [lead.sync.import_work(packages[name]).result for name in order]
            assert results[1]["recognised_sources"] == 1
            matching = [s for s in lead.sources.all() if s.name.startswith("grade_teams")]
            assert len(matching) == 1
            coders = {c.coder for c in lead.codings.for_source(matching[0].id)}
            assert coders == {"ana", "ben"}
            from coder.check import check_study

            assert check_study(lead.conn)["ok"], check_study(lead.conn)["problems"]
            states.append(_state(lead))
    assert states[0] == states[1]


def test_codings_made_on_a_text_corrected_elsewhere_are_re_anchored(coded_study, tmp_path):
    base = coded_study.path
    coded_study.close()
    source_name = "a_principal"
    packages = {}
    with Study.open(base, user="ana") as probe:
        source = probe.sources.find(source_name)
        text = probe.sources.text(source.id)
    with _copy(base, tmp_path, "ana", "ana") as ana:  # corrects the transcript
        corrected = text.replace("Our focus is student talk. ", "").replace("The coach", "Ms Reyes, the coach,")
        ana.sources.edit_text(source_id=source.id, text=corrected)
        packages["ana"] = tmp_path / "ana.ccwork"
        ana.sync.export_work(packages["ana"])
    with _copy(base, tmp_path, "ben", "ben") as ben:  # codes the old text meanwhile
        code = ben.codes.all()[3]
        for phrase in ("Our focus is student talk.", "six teachers"):
            start = text.index(phrase)
            ben.codings.apply_code(source_id=source.id, code_id=code.id, start=start, end=start + len(phrase),
                                   coder="ben")
        packages["ben"] = tmp_path / "ben.ccwork"
        ben.sync.export_work(packages["ben"])
    states = []
    for n, order in enumerate((("ana", "ben"), ("ben", "ana"))):
        with _copy(base, tmp_path, f"lead{n}", "lead") as lead:
            for name in order:
                lead.sync.import_work(packages[name])
            new_text = lead.sources.text(source.id)
            assert new_text == corrected
            bens = {c.detached: c for c in lead.codings.for_source(source.id) if c.coder == "ben"}
            assert new_text[bens[0].start:bens[0].end] == "six teachers"
            assert bens[1].detached_text == "Our focus is student talk."
            assert any(c.kind == "detached" for c in lead.sync.conflicts())
            states.append(_state(lead))
    assert states[0] == states[1]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_a_package_rebuilds_every_change_a_copy_made(demo_study_file, tmp_path, seed):
    """Whatever one copy did — codings made and removed, renames, merges, a corrected text, a
    deleted source, undo and redo — a fresh copy that imports its package holds the same work."""
    import random

    rng = random.Random(seed)
    base = demo_study_file[0]
    with _copy(base, tmp_path, "ana", "ana") as ana:
        sources = ana.sources.all()
        for step in range(40):
            codes = [c for c in ana.codes.all() if c.parent_id]
            source = rng.choice(sources)
            action = rng.choice(["code", "code", "uncode", "rename", "merge", "undo", "redo", "text", "delete"])
            try:
                if action == "code":
                    start = rng.randrange(0, source.chars - 60)
                    ana.codings.apply_code(source_id=source.id, code_id=rng.choice(codes).id, start=start,
                                           end=start + rng.randrange(5, 60), coder="ana")
                elif action == "uncode":
                    mine = ana.codings.for_source(source.id)
                    if mine:
                        ana.codings.remove_coding(coding_id=rng.choice(mine).id)
                elif action == "rename":
                    code = rng.choice(codes)
                    ana.codes.rename_code(code_id=code.id, name=f"{code.name} {step}")
                elif action == "merge":
                    a, b = rng.sample(codes, 2)
                    ana.codes.merge_codes(source_id=a.id, target_id=b.id)
                elif action == "undo" and ana.history.can_undo():
                    ana.undo()
                elif action == "redo" and ana.history.can_redo():
                    ana.redo()
                elif action == "text":
                    text = ana.sources.text(source.id)
                    cut = rng.randrange(0, max(1, len(text) - 200))
                    ana.sources.edit_text(source_id=source.id, text=text[:cut] + "Corrected. " + text[cut + 40:])
                elif action == "delete" and len(sources) > 15:
                    ana.sources.delete_source(source_id=source.id)
                    sources = ana.sources.all()
            except Exception as exc:  # noqa: BLE001 - a refused action (a merge into a sub-code) is fine
                if "CaseCoderError" not in [k.__name__ for k in type(exc).__mro__]:
                    raise
        package = tmp_path / "ana.ccwork"
        from coder.check import check_study as _check

        assert _check(ana.conn)["ok"], _check(ana.conn)["problems"]
        ana.sync.export_work(package)
        expected = logical_dump(ana.conn)
    with _copy(base, tmp_path, "lead", "lead") as lead:
        lead.sync.import_work(package)
        got = logical_dump(lead.conn)
        for table in expected:
            assert set(got[table]) ^ set(expected[table]) == set(), table
        assert lead.sync.conflicts() == []
        from coder.check import check_study

        assert check_study(lead.conn)["ok"], check_study(lead.conn)["problems"]


def test_concurrent_renames_keep_the_later_by_the_clock_in_any_order(demo_study_file, tmp_path):
    """Ben renames first but has done more work on his copy (a higher logical stamp); Ana renames
    later by the clock. Ana's name stands whichever package comes first, and both stay listed."""
    import time

    base = demo_study_file[0]
    with _copy(base, tmp_path, "ana", "ana") as a, _copy(base, tmp_path, "ben", "ben") as b:
        code = _code(a, "Coaching")
        for n in range(3):  # Ben's copy counts further ahead
            b.codes.add_code(path=f"Ben's own {n}")
        b.codes.rename_code(code_id=code.id, name="Coaching (Ben)")
        time.sleep(0.01)
        a.codes.rename_code(code_id=code.id, name="Coaching (Ana)")
        ben_op, ana_op = (s.conn.execute("SELECT lamport, at FROM ops ORDER BY seq DESC LIMIT 1").fetchone()
                          for s in (b, a))
        assert ben_op[0] > ana_op[0] and ben_op[1] < ana_op[1]  # logical order and the clock disagree
        for study, name in ((a, "ana"), (b, "ben")):
            study.sync.export_work(tmp_path / f"{name}.ccwork")
    for n, order in enumerate((("ana", "ben"), ("ben", "ana"))):
        with _copy(base, tmp_path, f"lead{n}", "lead") as lead:
            for name in order:
                lead.sync.import_work(tmp_path / f"{name}.ccwork")
            assert lead.codes.get(code.id).name == "Coaching (Ana)"
            [conflict] = [c for c in lead.sync.conflicts() if c.kind == "field"]
            assert {s["value"] for s in conflict.as_dict()["sides"]} == {"Coaching (Ana)", "Coaching (Ben)"}
            assert "ana at " in conflict.text and "ben at " in conflict.text
            assert "'Coaching (Ana)', the later change, stands for now" in conflict.text
            lead.sync.resolve(conflict.id, next(f"keep {i + 1}" for i, s in enumerate(conflict.as_dict()["sides"])
                                                if s["value"] == "Coaching (Ben)"))
            assert lead.codes.get(code.id).name == "Coaching (Ben)"  # the user's choice outranks the clock


def test_equal_times_are_broken_by_the_operation_id():
    from coder.team.merge import standing_write

    a = ("op-a", [], "A", "ana", "2026-01-01T10:00:00.000Z")
    b = ("op-b", [], "B", "ben", "2026-01-01T10:00:00.000Z")
    c = ("op-c", ["op-a", "op-b"], "C", "cai", "2025-12-31T09:00:00.000Z")  # saw both: stands, whatever its clock
    assert standing_write([a, b])[2] == standing_write([b, a])[2] == "B"
    assert standing_write([a, b, c])[2] == "C"
