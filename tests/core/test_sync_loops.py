"""Moves on two copies that together would make a loop (A under B here, B under A there), and trees
a file brings with loops or thousands of levels: exchange settles them the same in every order
and lists the loop; no walk over a tree recurses without bound or hangs."""

from __future__ import annotations

import itertools
import shutil

from coder import Study
from coder.check import check_study
from coder.team.rows import logical_dump


def _base(tmp_path, names=("Alpha", "Beta", "Gamma")):
    path = tmp_path / "base.casecoder"
    with Study.create(path, user="lead") as s:
        ids = [s.codes.add_code(path=name).result for name in names]
        s.cases.ensure("North", "Oak")
    return path, ids


def _copy(base, tmp_path, name, user):
    path = tmp_path / f"{name}.casecoder"
    shutil.copy(base, path)
    return Study.open(path, user=user)


def _moved(base, tmp_path, moves):
    """One copy per (user, code, parent) move; each copy's package."""
    packages = []
    for user, code, parent in moves:
        with _copy(base, tmp_path, user, user) as s:
            s.codes.move_code(code_id=code, parent_id=parent)
            packages.append(tmp_path / f"{user}.ccwork")
            s.sync.export_work(packages[-1])
    return packages


def _state(study):
    return logical_dump(study.conn), sorted(c.text for c in study.sync.conflicts())


def test_two_moves_into_one_another_settle_alike_in_every_order(tmp_path):
    base, (alpha, beta, _) = _base(tmp_path)
    packages = _moved(base, tmp_path, [("ana", alpha, beta), ("ben", beta, alpha)])
    states = []
    for n, order in enumerate(itertools.permutations(packages)):
        with _copy(base, tmp_path, f"lead{n}", "lead") as lead:
            for package in order:
                lead.sync.import_work(package)
            assert check_study(lead.conn)["ok"], check_study(lead.conn)["problems"]
            loops = [c for c in lead.sync.conflicts() if c.kind == "loop"]
            assert len(loops) == 1 and loops[0].choices == ("undo 1", "undo 2")
            assert "ana moved 'Alpha' under 'Beta'" in loops[0].text
            states.append(_state(lead))
    # and on the two laptops themselves, each importing the other's package
    for user, other in (("ana", 1), ("ben", 0)):
        with Study.open(tmp_path / f"{user}.casecoder", user=user) as s:
            s.sync.import_work(packages[other])
            assert check_study(s.conn)["ok"]
            states.append(_state(s))
    assert all(state == states[0] for state in states[1:])
    with Study.open(tmp_path / "ana.casecoder", user="ana") as s:
        paths = sorted(s.codes.paths().values())
    assert paths == ["Beta", "Beta/Alpha", "Gamma"]  # ben's move, the later, set aside


def test_a_decision_on_a_loop_travels_and_settles_every_copy(tmp_path):
    base, (alpha, beta, _) = _base(tmp_path)
    packages = _moved(base, tmp_path, [("ana", alpha, beta), ("ben", beta, alpha)])
    with Study.open(tmp_path / "ana.casecoder", user="ana") as a:
        a.sync.import_work(packages[1])
        (loop,) = [c for c in a.sync.conflicts() if c.kind == "loop"]
        mine = next(i for i, m in enumerate(loop.detail["moves"]) if m["author"] == "ana")
        a.sync.resolve(loop.id, f"undo {mine + 1}")  # ana's own move goes back: Beta under Alpha
        assert sorted(a.codes.paths().values()) == ["Alpha", "Alpha/Beta", "Gamma"]
        assert not [c for c in a.sync.conflicts() if c.kind == "loop"]
        a.undo()  # the decision withdrawn: the loop is listed again
        assert [c for c in a.sync.conflicts() if c.kind == "loop"]
        a.redo()
        a.sync.export_work(tmp_path / "decided.ccwork")
        mine = _state(a)
    with Study.open(tmp_path / "ben.casecoder", user="ben") as b:
        b.sync.import_work(tmp_path / "decided.ccwork")
        assert sorted(b.codes.paths().values()) == ["Alpha", "Alpha/Beta", "Gamma"]
        assert not b.sync.conflicts() and check_study(b.conn)["ok"]
        assert _state(b) == mine


def test_three_moves_round_a_loop_settle_alike_in_every_order(tmp_path):
    base, (alpha, beta, gamma) = _base(tmp_path)
    packages = _moved(base, tmp_path, [("ana", alpha, beta), ("ben", beta, gamma), ("cai", gamma, alpha)])
    states = []
    for n, order in enumerate(itertools.permutations(packages)):
        with _copy(base, tmp_path, f"lead{n}", "lead") as lead:
            for package in order:
                lead.sync.import_work(package)
            assert check_study(lead.conn)["ok"]
            assert [c.choices for c in lead.sync.conflicts() if c.kind == "loop"] == [("undo 1", "undo 2", "undo 3")]
            states.append(_state(lead))
    assert all(state == states[0] for state in states[1:])


def _raw_codes(study, rows):
    """Codes written straight into the file (as a damaged or foreign file may hold them)."""
    with study.operation("test", "raw codes"):
        study.conn.execute("PRAGMA defer_foreign_keys = ON")
        study.conn.executemany(
            "INSERT INTO codes (id, parent_id, name, color, position, created_at, created_by, modified_at, "
            "modified_by) VALUES (?, ?, ?, '#4e79a7', 0, '', '', '', '')", rows)


def test_a_loop_in_the_file_hides_nothing_and_check_reports_it(tmp_path):
    with Study.create(tmp_path / "s.casecoder", user="t") as s:
        _raw_codes(s, [("a", "b", "A"), ("b", "a", "B"), ("c", "c", "Self"), ("d", "a", "Below")])
        assert sorted(c.id for c in s.codes.all()) == ["a", "b", "c", "d"]
        assert set(s.codes.paths()) == {"a", "b", "c", "d"}
        assert s.codes.path_of("a") in ("B/A", "A/B", "A")
        assert sorted(s.codes.descendants("a")) == ["a", "b", "d"]
        problems = check_study(s.conn)["problems"]
        assert [p["kind"] for p in problems] == ["trees whose parents loop (move one of the rows elsewhere)"]
        assert problems[0]["count"] == 2
        s.codes.move_code(code_id="c", parent_id=None)
        s.codes.move_code(code_id="b", parent_id=None)
        assert check_study(s.conn)["ok"]


def test_a_tree_thousands_deep_is_walked_without_running_out_of_stack(tmp_path):
    depth = 3000
    with Study.create(tmp_path / "s.casecoder", user="t") as s:
        _raw_codes(s, [(f"c{i}", f"c{i - 1}" if i else None, f"Level {i}") for i in range(depth)])
        codes = s.codes.all()
        assert len(codes) == depth and codes[-1].path.count("/") == depth - 1
        assert len(s.codes.paths()) == depth and len(s.codes.descendants("c0")) == depth
        with s.operation("test", "raw cases"):
            s.conn.executemany("INSERT INTO cases (id, parent_id, kind, name, position, created_at, created_by, "
                               "modified_at, modified_by) VALUES (?, ?, 'group', ?, 0, '', '', '', '')",
                               [(f"k{i}", f"k{i - 1}" if i else None, f"Case {i}") for i in range(depth)])
        assert len(s.cases.all()) == depth and len(s.cases.ancestors(f"k{depth - 1}")) == depth
        assert s.cases.places()[f"k{depth - 1}"] == (None, None)
        top = s.codes.add_code(path="Other").result
        s.codes.merge_codes(source_id="c0", target_id=top)  # the whole chain moves under Other
        assert len(s.codes.descendants(top)) == depth
        assert check_study(s.conn)["ok"]
