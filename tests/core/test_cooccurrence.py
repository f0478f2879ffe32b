"""Code co-occurrence: every cell equals the AND data run of its two codes (the same scope, the
same coders on both sides), overlapping or in the same turn, with or without sub-codes."""

from __future__ import annotations

import json

import pytest

from coder.cli import main
from coder.coding.run_spec import RunSpec
from coder.compare.cooccurrence import cooccurrence
from coder.store.errors import ConflictError


@pytest.mark.parametrize("scope", ["overlap", "turn"])
@pytest.mark.parametrize("descendants", [False, True])
@pytest.mark.parametrize("filters", [{}, {"coders": ["okafor"]}, {"roles": ["teacher"], "waves": [1]}])
def test_every_cell_is_the_and_run_of_its_two_codes(demo_study, scope, descendants, filters):
    study = demo_study
    codes = [c for c in study.codes.all()][:14] if descendants else \
        [c for c in study.codes.all() if c.parent_id][:14]
    table = cooccurrence(study, items=[c.id for c in codes], descendants=descendants, scope=scope,
                         filters=RunSpec(codes=[], **filters))
    together = 0
    for a in codes:
        for b in codes:
            if a.id == b.id:
                continue
            run = RunSpec(codes=[a.id, b.id], op="and", and_scope=scope, descendants=descendants, **filters)
            assert table.count(a.id, b.id) == study.runs.passage_count(run), (a.path, b.path)
            together += table.count(a.id, b.id) > 0
    if not filters:
        assert together > 5  # the demo's codes do meet
    for a in codes[:5]:
        assert table.passages.get(a.id, 0) == study.runs.passage_count(
            RunSpec(codes=[a.id], descendants=descendants, **filters))


def test_source_scope_nearness_and_coefficients(demo_study):
    study = demo_study
    leaves = [c.id for c in study.codes.all() if c.parent_id][:10]
    overlap = cooccurrence(study, items=leaves)
    near = cooccurrence(study, items=leaves, within=200)
    whole = cooccurrence(study, items=leaves, scope="source")
    for a in leaves:
        for b in leaves:
            if a != b:
                assert overlap.count(a, b) <= near.count(a, b) <= whole.count(a, b)
                assert 0.0 <= overlap.c_coefficient(a, b) <= 1.0
    with pytest.raises(ConflictError):
        cooccurrence(study, items=leaves, scope="turn", within=10)


def test_the_command_line_prints_each_pair_once(demo_study, capsys, tmp_path):
    path = str(demo_study.path)
    demo_study.close()
    assert main(["cooccur", path, "--item", "Leadership configuration", "--item", "Supports", "--descendants",
                 "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["a"], r["b"]) for r in rows] == [("Leadership configuration", "Supports")]
    assert set(rows[0]) == {"a", "b", "count", "c"} and rows[0]["count"] > 0
    assert main(["cooccur", path, "--scope", "turn", "--csv", str(tmp_path / "c.csv")]) == 0
    assert (tmp_path / "c.csv").read_text(encoding="utf-8-sig").startswith("code")
