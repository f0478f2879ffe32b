"""Data-run filters with several values each: a run is the union of the runs for each value, saved
runs old and new load, the command line takes repeated values and wave ranges, and every export
says what was asked for."""

from __future__ import annotations

import json
import shutil

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from coder import Study
from coder.coding.run_spec import RunSpec, describe, describe_text, parse_waves, wave_text
from coder.coding.runs import segments_csv
from coder.reports.run import write_segments_docx, write_segments_xlsx
from coder.store.errors import ConflictError

from .test_cli import run as cli

CODES = ["Leadership configuration/Coaching", "Challenges/Resistance", "Supports/Professional learning communities",
         "Learning agenda/Data use", "Leadership configuration"]


@pytest.fixture(scope="module")
def demo(demo_study_file, tmp_path_factory):
    """One copy of the demo for the module: these tests only read it."""
    copy = tmp_path_factory.mktemp("filters") / "demo.casecoder"
    shutil.copy(demo_study_file[0], copy)
    with Study.open(copy, user="tester") as study:
        yield study


def ids(segments) -> set[str]:
    return {s.id for s in segments}


def _values(study, field: str) -> list:
    cases = study.cases.all()
    return {"roles": study.sources.roles(), "waves": study.sources.waves(),
            "types": ["interview", "observation", "artifact"],
            "sites": [c.id for c in cases if c.kind == "site"],
            "districts": [c.id for c in cases if c.kind == "district"],
            "school level": ["elementary", "middle", "high"], "coders": study.codings.coders()}[field]


def _spec(study, codes, op, not_code, field, values, other) -> RunSpec:
    spec = RunSpec(codes=[study.codes.find(c).id for c in codes], op="or" if op == "or" else "and",
                   and_scope="turn" if op == "and-turn" else "overlap", descendants=True,
                   not_codes=[study.codes.find(not_code).id] if not_code else [])
    if field == "school level":
        spec.attrs = {"school level": list(values)}
    else:
        setattr(spec, field, list(values))
    if other:
        spec.waves = spec.waves or [2]
    return spec


@settings(max_examples=60, deadline=None)
@given(codes=st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True),
       op=st.sampled_from(["or", "and", "and-turn"]), not_code=st.sampled_from([None, "Challenges/Resistance"]),
       field=st.sampled_from(["roles", "waves", "types", "sites", "districts", "school level"]),
       picks=st.lists(st.integers(0, 5), min_size=1, max_size=4, unique=True), other=st.booleans())
def test_a_run_with_several_values_is_the_union_of_the_runs_for_each(demo, codes, op, not_code, field, picks,
                                                                     other):
    values = _values(demo, field)
    chosen = [values[i % len(values)] for i in picks]
    together = demo.runs.run(_spec(demo, codes, op, not_code, field, chosen, other))
    each: set[str] = set()
    for value in chosen:
        each |= ids(demo.runs.run(_spec(demo, codes, op, not_code, field, [value], other)))
    assert ids(together) == each
    assert demo.runs.count(_spec(demo, codes, op, not_code, field, chosen, other)) == len(together)


@settings(max_examples=20, deadline=None)
@given(codes=st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True))
def test_several_coders_under_or_are_the_union_of_each_coders_run(demo, codes):
    coders = demo.codings.coders()
    assert len(coders) == 2
    spec = RunSpec(codes=[demo.codes.find(c).id for c in codes], descendants=True, coders=coders)
    each = set().union(*(ids(demo.runs.run(RunSpec(codes=spec.codes, descendants=True, coders=[c])))
                         for c in coders))
    assert ids(demo.runs.run(spec)) == each


def test_the_coder_filter_chooses_whose_codings_meet_under_and(demo):
    """With AND, a passage by one chosen coder may meet a coding by the other: more than the union."""
    coach, resist = demo.codes.find(CODES[0]).id, demo.codes.find(CODES[1]).id
    both = demo.runs.run(RunSpec(codes=[coach, resist], op="and", and_scope="turn", coders=["okafor", "lindqvist"]))
    each = set().union(*(ids(demo.runs.run(RunSpec(codes=[coach, resist], op="and", and_scope="turn", coders=[c])))
                         for c in ("okafor", "lindqvist")))
    assert ids(both) >= each


def test_roles_principal_and_assistant_principal_in_waves_one_and_two(demo):
    s = demo
    spec = s.runs.spec_from_names(codes=["Leadership configuration"], descendants=True,
                                  roles=["principal", "assistant principal"], waves=parse_waves("1-2"))
    segments = s.runs.run(spec)
    assert {seg.role for seg in segments} == {"principal", "assistant principal"}
    assert {seg.wave for seg in segments} == {1, 2}


def test_attribute_values_are_alternatives_and_attributes_all_apply(demo):
    s = demo
    code = [s.codes.find("Leadership configuration").id]
    levels = s.runs.run(RunSpec(codes=code, descendants=True, attrs={"school level": ["elementary", "middle"]}))
    assert {seg.site for seg in levels} == {"Alder Street Elementary", "Bayview Middle School",
                                            "Elm Creek Elementary", "Fairmont Middle School"}
    narrowed = s.runs.run(RunSpec(codes=code, descendants=True, attrs={"school level": ["elementary", "middle"],
                                                                        "leadership stability": ["stable"]}))
    assert ids(narrowed) <= ids(levels)


def test_old_saved_runs_with_single_values_still_load(demo_study):
    s = demo_study
    coach = s.codes.find(CODES[0]).id
    old = {"codes": [coach], "op": "or", "roles": "principal", "waves": 1, "attrs": {"school level": "elementary"},
           "descendants": True, "no longer a field": 1}
    stored = {"codes": [coach], "op": "or", "roles": ["principal"], "waves": [1],
              "attrs": {"school level": "elementary"}, "descendants": True}  # as the window saved them
    expected = ids(s.runs.run(RunSpec(codes=[coach], roles=["principal"], waves=[1], descendants=True,
                                      attrs={"school level": ["elementary"]})))
    assert expected
    for name, spec in (("old scalar run", old), ("old list run", stored)):
        s.queries.save_query(name=name, kind="run", spec=spec)
        assert ids(s.queries.rerun(name)) == expected
    loaded = RunSpec.from_dict(old)
    assert (loaded.roles, loaded.waves, loaded.attrs) == (["principal"], [1], {"school level": ["elementary"]})


def test_saved_runs_keep_every_value(demo_study):
    s = demo_study
    spec = s.runs.spec_from_names(codes=[CODES[0]], roles=["principal", "teacher"], waves=[1, 2],
                                  sites=["Alder Street Elementary", "Elm Creek Elementary"],
                                  attrs={"school level": ["elementary", "middle"]}, coders=["okafor", "lindqvist"])
    s.queries.save_query(name="several", kind="run", spec=spec.to_dict())
    assert RunSpec.from_dict(s.queries.find("several").spec) == spec
    assert ids(s.queries.rerun("several")) == ids(s.runs.run(spec))


def test_wave_ranges_and_their_words():
    assert parse_waves("2") == [2] and parse_waves("1-3") == [1, 2, 3] and parse_waves("1,3") == [1, 3]
    assert parse_waves(" 1-2 , 4") == [1, 2, 4]
    for bad in ("one", "2-1", "1-", ""):
        with pytest.raises(ConflictError):
            parse_waves(bad)
    assert wave_text([2, 1]) == "1-2" and wave_text([1, 3]) == "1, 3" and wave_text([1, 2, 3, 5]) == "1-3, 5"


def test_a_run_described_in_words(demo):
    s = demo
    spec = s.runs.spec_from_names(codes=[CODES[0], CODES[1]], op="and", descendants=True,
                                  roles=["principal", "assistant principal"], waves=[1, 2],
                                  sites=["Alder Street Elementary"], attrs={"school level": ["elementary", "middle"]})
    lines = dict(describe(s, spec))
    assert lines["Codes"] == f"{CODES[0]} and {CODES[1]} (with sub-codes)"
    assert lines["Roles"] == "principal, assistant principal" and lines["Waves"] == "1-2"
    assert lines["Sites"] == "Harbor Valley/Alder Street Elementary"
    assert lines["school level"] == "elementary, middle"
    assert "Roles: principal, assistant principal; Waves: 1-2" in describe_text(s, spec)
    assert dict(describe(s, RunSpec(codes=[spec.codes[0]])))["Filters"].startswith("none")


def test_exports_say_what_was_asked_for(demo, tmp_path):
    s = demo
    spec = s.runs.spec_from_names(codes=[CODES[0]], roles=["principal", "assistant principal"], waves=[1, 2])
    segments, about = s.runs.run(spec), describe(s, spec)
    doc = Document(str(write_segments_docx(s, segments, tmp_path / "run.docx", title="Coaching", description=about)))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Coaching" and "Roles: principal, assistant principal" in texts[1:9] and "Waves: 1-2" in texts
    book = load_workbook(write_segments_xlsx(s, segments, tmp_path / "run.xlsx", description=about))
    assert book.sheetnames == ["Segments", "Run"]
    rows = {r[0]: r[1] for r in book["Run"].iter_rows(values_only=True)}
    assert rows["Roles"] == "principal, assistant principal" and rows["Waves"] == "1-2"
    assert rows["Segments"] == len(segments)
    lines = segments_csv(segments, about).splitlines()
    assert lines[1] == '# Roles,"principal, assistant principal"' and lines[2] == "# Waves,1-2"
    assert lines[len(about)].startswith("source,district,site") and len(lines) == len(about) + 1 + len(segments)
    assert segments_csv(segments).splitlines()[0].startswith("source,")  # the CLI's table stays bare


def test_cli_takes_repeated_values_and_wave_ranges(demo_study_file, capsys, tmp_path):
    path = str(tmp_path / "demo.casecoder")
    shutil.copy(demo_study_file[0], path)
    code, data, err = cli(capsys, "run", path, "--code", "Leadership configuration", "--descendants",
                          "--role", "principal", "--role", "assistant principal", "--wave", "1-2", "--json")
    assert code == 0, err
    assert data and {d["role"] for d in data} == {"principal", "assistant principal"}
    singles = set()
    for role in ("principal", "assistant principal"):
        singles |= {d["id"] for d in cli(capsys, "run", path, "--code", "Leadership configuration", "--descendants",
                                         "--role", role, "--json")[1]}
    assert {d["id"] for d in data} == singles
    code, levels, err = cli(capsys, "run", path, "--code", "Leadership configuration", "--descendants", "--attr",
                            "school level=elementary", "--attr", "school level=middle", "--save", "two levels",
                            "--json")
    assert code == 0 and {d["site"] for d in levels} == {"Alder Street Elementary", "Bayview Middle School",
                                                         "Elm Creek Elementary", "Fairmont Middle School"}
    code, saved, _ = cli(capsys, "saved", path, "--json")
    assert next(q for q in saved if q["name"] == "two levels")["spec"]["attrs"] == {
        "school level": ["elementary", "middle"]}
    out = tmp_path / "run.docx"
    assert cli(capsys, "run", path, "--code", "Coaching", "--wave", "1,2", "--role", "teacher", "--docx", out)[0] == 0
    assert "Waves: 1-2" in [p.text for p in Document(str(out)).paragraphs]
    with pytest.raises(SystemExit) as info:
        cli(capsys, "run", path, "--code", "Coaching", "--wave", "first")
    assert info.value.code == 2 and "range such as 1-2" in capsys.readouterr().err


def test_saved_search_filters_with_several_values(demo_study):
    s = demo_study
    filters = {"roles": ["principal", "teacher"], "waves": [2]}
    s.queries.save_query(name="coach search", kind="search", spec={"query": "coach", "mode": "exact",
                                                                   "filters": filters})
    hits = s.queries.rerun("coach search")
    assert hits and {h.role for h in hits} <= {"principal", "teacher"} and {h.wave for h in hits} == {2}
    assert json.dumps(RunSpec.from_dict({"codes": [], **filters}).to_dict())


def test_attribute_values_offered_to_a_filter(demo_study):
    s = demo_study
    offered = dict(s.attributes.values_in_use())
    assert offered["school level"] == ["elementary", "middle", "high", "district"]  # the choices' order
    assert offered["enrolment"] == sorted(offered["enrolment"], key=float)  # numbers by size
    sources = s.sources.all()
    for i, source in enumerate(sources):  # a value per source: nothing to tick among so many
        s.attributes.set_value(scope="source", owner_id=source.id, name="interview note", value=f"note {i}")
    assert "interview note" in dict(s.attributes.values_in_use(most=len(sources) + 1))
    assert "interview note" not in dict(s.attributes.values_in_use(most=len(sources) - 1))
