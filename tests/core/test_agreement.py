"""Agreement between coders: the statistics against hand-computed values and Krippendorff's own
published example, and the comparison on a real study with codings placed by hand."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.coding.agreement import alpha_from_table, cohen_kappa, compare, krippendorff_alpha, percent_agreement
from coder.store.errors import ConflictError

from .conftest import code_passage


def test_krippendorffs_published_example():
    """Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 observers, 12 units,
    nominal alpha = 0.743 (the krippendorff package cannot be installed here; this is its fixture)."""
    n = None
    table = [  # units x observers A, B, C, D
        [1, 1, n, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
        [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [n, 5, 5, 5], [n, n, 1, 1], [n, 3, n, n]]
    assert alpha_from_table(table) == pytest.approx(0.743, abs=0.0005)


def test_kappa_and_percent_by_hand():
    # bit 1 = coder A, bit 2 = coder B: both 20, only A 5, only B 10, neither 15 (50 units)
    patterns = Counter({3: 20, 1: 5, 2: 10, 0: 15})
    assert percent_agreement(patterns, 2) == pytest.approx(0.7)
    # po = 0.7; A codes 25/50, B 30/50; pe = .5 * .6 + .5 * .4 = .5; kappa = (.7 - .5) / .5
    assert cohen_kappa(patterns) == pytest.approx(0.4)


@given(st.lists(st.tuples(st.integers(0, 7), st.integers(1, 5)), min_size=1, max_size=12))
@settings(max_examples=200, deadline=None)
def test_the_binary_alpha_is_the_general_one(weighted):
    """Three coders' coded/not-coded patterns, weighted, against the general coincidence form."""
    patterns = Counter()
    table = []
    for pattern, weight in weighted:
        patterns[pattern] += weight
        table += [[(pattern >> i) & 1 for i in range(3)]] * weight
    expected = alpha_from_table(table)
    got = krippendorff_alpha(patterns, 3)
    assert (got is None and expected is None) or got == pytest.approx(expected) or (
        expected is None and got == 1.0)


def test_two_coders_on_hand_placed_codings(coded_study):
    s = coded_study
    # a_principal: "Our focus is student talk. Teachers meet in PLCs every Wednesday to look at data."
    code_passage(s, "a_principal", "Our focus is student talk.", "Learning agenda/Instructional focus", coder="ana")
    code_passage(s, "a_principal", "student talk. Teachers meet", "Learning agenda/Instructional focus", coder="ben")
    code_passage(s, "a_principal", "Teachers meet in PLCs", "Supports/Professional learning communities",
                 coder="ana")
    code_passage(s, "a_principal", "Teachers meet in PLCs", "Supports/Professional learning communities",
                 coder="ben")
    result = compare(s, ["ana", "ben"])
    text = s.sources.text(s.sources.find("a_principal").id)
    # units: "Our focus is student talk. Teachers meet in PLCs" = 48 characters, every one coded by someone
    start = text.index("Our focus")
    universe = text.index("in PLCs") + len("in PLCs") - start
    assert result.units == universe == 48
    focus = result.per_code["Learning agenda/Instructional focus"]
    # ana alone: "Our focus is " (13); both: "student talk." (13); ben alone: " Teachers meet" (14); neither: 8
    assert (focus[1], focus[3], focus[2], focus[0]) == (13, 13, 14, 8)
    plc = result.per_code["Supports/Professional learning communities"]
    assert (plc[3], plc[0], plc[1] + plc[2]) == (21, 27, 0)
    data = result.as_dict()
    assert data["per_code"]["Supports/Professional learning communities"]["percent_agreement"] == 1.0
    assert data["percent_agreement"] == pytest.approx((13 + 8 + 48) / 96)
    assert data["krippendorff_alpha"] is not None and data["cohen_kappa"] is not None
    sides = [(d.text, d.coded_by) for d in result.disagreements]
    assert sides == [("Our focus is ", ["ana"]), (" Teachers meet", ["ben"])]
    with pytest.raises(ConflictError, match="no codings by zoe"):
        compare(s, ["ana", "zoe"])
    code_passage(s, "a_principal", "Teachers meet in PLCs", "Supports/Professional learning communities", coder="cy")
    three = compare(s, ["ana", "ben", "cy"]).as_dict()
    assert three["cohen_kappa"] is None and three["krippendorff_alpha"] is not None
    assert three["per_code"]["Supports/Professional learning communities"]["percent_agreement"] == 1.0


def test_sentence_units(coded_study):
    s = coded_study
    code_passage(s, "a_principal", "student talk", "Learning agenda/Instructional focus", coder="ana")
    code_passage(s, "a_principal", "Our focus", "Learning agenda/Instructional focus", coder="ben")
    result = compare(s, ["ana", "ben"], unit="sentence")
    assert result.units == 1 and result.as_dict()["percent_agreement"] == 1.0  # the same sentence


@pytest.fixture
def hundred(study, tmp_path):
    """One 100-character source coded by two coders by hand, and one 50-character source nobody coded."""
    from coder.sources.importing import import_sources, plan_import

    study.codes.add_code(path="Trust")
    for name, length in (("coded", 100), ("uncoded", 50)):
        path = tmp_path / f"{name}.txt"
        path.write_text(("abcdefghi " * 10)[:length - 1] + ".", encoding="utf-8")
        assert not import_sources(study, plan_import([path], {"district": "North", "site": "Oak"})).failed
    source = study.sources.find("coded").id
    trust = study.codes.find("Trust").id
    assert study.sources.get(source).chars == 100
    study.codings.apply_code(source_id=source, code_id=trust, start=0, end=40, coder="ana")
    study.codings.apply_code(source_id=source, code_id=trust, start=20, end=60, coder="ben")
    return study


def test_agreement_over_coded_units_or_the_whole_text_by_hand(hundred):
    """ana codes [0, 40), ben [20, 60) of a 100-character text: both 20, only ana 20, only ben 20.

    Over the coded units (60): po = 20/60; each codes 40/60, pe = (2/3)² + (1/3)² = 5/9;
    kappa = (1/3 - 5/9) / (4/9) = -0.5; alpha = 1 - (n - 1)·D / (2·n1·n0) = 1 - 119·80 / (2·80·40).
    Over the whole text (100, as NVivo counts), neither coded 40: po = 0.6; each codes 0.4,
    pe = 0.16 + 0.36 = 0.52; kappa = 0.08 / 0.48 = 1/6; alpha = 1 - 199·80 / (2·80·120)."""
    s = hundred
    coded = compare(s, ["ana", "ben"]).as_dict()
    assert (coded["over"], coded["units"], coded["sources"]) == ("coded", 60, 1)
    assert coded["percent_agreement"] == pytest.approx(1 / 3)
    assert coded["cohen_kappa"] == pytest.approx(-0.5)
    assert coded["krippendorff_alpha"] == pytest.approx(1 - 119 * 80 / (2 * 80 * 40))
    assert "text no one coded is left out" in coded["over_text"]
    whole = compare(s, ["ana", "ben"], over="whole").as_dict()
    assert (whole["over"], whole["units"]) == ("whole", 100)
    assert whole["percent_agreement"] == pytest.approx(0.6)
    assert whole["cohen_kappa"] == pytest.approx(1 / 6)
    assert whole["krippendorff_alpha"] == pytest.approx(1 - 199 * 80 / (2 * 80 * 120))
    assert "as NVivo's coding comparison counts" in whole["over_text"]
    [row] = whole["by_source"]  # NVivo's figures per code and source
    assert (row["code"], row["source"], row["units"], row["all_coded"], row["none_coded"], row["disagreed"]) == (
        "Trust", "coded", 100, 20, 40, 40)
    assert row["cohen_kappa"] == pytest.approx(1 / 6) and row["percent_agreement"] == pytest.approx(0.6)
    # a chosen source nobody coded is compared too when the whole text counts: 50 more agreed characters,
    # po = 110/150, each codes 40/150: pe = 137/225, kappa = (165 - 137) / (225 - 137) = 7/22
    both = [s.sources.find("coded").id, s.sources.find("uncoded").id]
    chosen = compare(s, ["ana", "ben"], sources=both, over="whole").as_dict()
    assert (chosen["units"], chosen["sources"]) == (150, 2) and chosen["cohen_kappa"] == pytest.approx(7 / 22)
    assert compare(s, ["ana", "ben"], sources=both).as_dict()["units"] == 60  # nothing coded there: left out
    with pytest.raises(ConflictError, match="coded or whole"):
        compare(s, ["ana", "ben"], over="all")


def test_whole_text_in_sentences(hundred):
    s = hundred
    result = compare(s, ["ana", "ben"], unit="sentence", over="whole")
    assert result.units == len(s.sources.sentences(s.sources.find("coded").id))
    assert "every sentence of the sources compared" in result.as_dict()["over_text"]
