"""REFI-QDA import: selection positions land on the same words whichever tool wrote the archive.

REFI says startPosition/endPosition count Unicode code points, end exclusive. NVivo counts UTF-16
code units with CRLF as two characters; ATLAS.ti counts code points with CRLF as one. A wrong guess
shifts every coding after the first emoji or line break by a few characters: the codes still
"work" but sit on the wrong words, silently. So every number below is counted by hand (the
counting is in the comments), never produced by an exporter or by the code under test, and each
test compares the coded text with the words written out literally.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder import Study

from .refi_fixtures import USER, CodeDef, Sel, Src, bare, build_qdpx, coded_texts, crlf, lf, run_import

BOM = b"\xef\xbb\xbf"


def _import_one(tmp_path: Path, src: Src, origin: str, **project) -> tuple[dict, Path]:
    archive = build_qdpx(tmp_path / "project.qdpx", [src], origin=origin, **project)
    study_path = tmp_path / "imported.casecoder"
    return run_import(archive, study_path), study_path


# --------------------------------------------------------------------------- the three conventions
def test_nvivo_utf16_units_with_crlf_as_two(tmp_path):
    """NVivo: UTF-16 code units over the raw text, CRLF = 2, the BOM not counted. Three astral
    characters come before the last selection, so code points would put it three characters late."""
    text = crlf(
        "Interviewer: How is trust 😀 built?",
        "Zoë: Teachers trust 𝒳 leaders when they listen.",
        "Later 😀😀 collaboration grew quickly.",
    ) + "\r\n"
    # Line 0: "Interviewer:"12 " How"16 " is"19 " trust"25 " "26 "😀"(2 units)28 " built?"35 -> 35 units,
    #         + CRLF 2 -> line 1 starts at 37.
    # Line 1 (offsets within the line): "Zoë: "0-5 ("ë" one unit) "Teachers"5-13 " trust"13-19 " "19-20
    #         "𝒳"20-22 " "22-23 "leaders"23-30 " when"30-35 " they"35-40 " "40-41 "listen."41-48 -> 48 units,
    #         line 1 spans 37-85, + CRLF 2 -> line 2 starts at 87.
    # Line 2: "Later"0-5 " "5-6 "😀"6-8 "😀"8-10 " "10-11 "collaboration"11-24
    src = Src("interview1", BOM + text.encode("utf-8"), [
        Sel(42, 50),   # 37+5, 37+13: "Teachers"
        Sel(60, 67),   # 37+23, 37+30: "leaders" (after 𝒳)
        Sel(78, 92),   # 37+41 .. 87+5: "listen." CRLF "Later" (the CRLF is 2 units inside the span)
        Sel(98, 111),  # 87+11, 87+24: "collaboration" (after 😀😀)
    ])
    report, study_path = _import_one(tmp_path, src, "NVivo 14")

    assert report["origin"] == "NVivo 14"
    assert report["positions"]["units"] == "utf-16"
    assert report["positions"]["crlf"] == 2
    assert isinstance(report["positions"]["reason"], str) and report["positions"]["reason"]
    assert report["counts"]["sources"] == 1
    assert report["counts"]["codings"] == 4
    assert report["rejected_selections"] == []
    with Study.open(study_path) as study:
        sid = bare(src.guid)
        assert study.sources.text(sid) == (
            "Interviewer: How is trust 😀 built?\n"
            "Zoë: Teachers trust 𝒳 leaders when they listen.\n"
            "Later 😀😀 collaboration grew quickly.")
        assert coded_texts(study, sid) == ["Teachers", "leaders", "listen.\nLater", "collaboration"]


def test_atlas_code_points_with_crlf_as_one(tmp_path):
    """ATLAS.ti: code points, each CRLF one character. A blank line in the middle means two CRLFs,
    so counting them as two would shift the last selections by two."""
    text = crlf(
        "P1: Our café 😀 runs well.",
        "P2: The principal 𝒳 trusts everyone.",
        "",
        "P3: Coaching ☕ helps 😀 novices.",
    )
    # Line 0: "P1:"0-3 " Our"3-7 " café"7-12 " 😀"12-14 " runs"14-19 " well."19-25 -> 25, + CRLF 1 -> 26.
    # Line 1: "P2:"0-3 " The"3-7 " "7-8 "principal"8-17 " "17-18 "𝒳"18-19 " "19-20 "trusts"20-26 " "26-27
    #         "everyone"27-35 "."35-36 -> 36, spans 26-62, + CRLF 1 -> line 2 (empty) at 63, + CRLF 1 -> 64.
    # Line 3: "P3:"0-3 " "3-4 "Coaching"4-12 " ☕"12-14 " helps"14-20 " 😀"20-22 " "22-23 "novices"23-30
    src = Src("interview2", text.encode("utf-8"), [
        Sel(34, 43),  # 26+8, 26+17: "principal"
        Sel(46, 61),  # 26+20, 26+35: "trusts everyone" (after 𝒳)
        Sel(53, 67),  # 26+27 .. 64+3: "everyone." CRLF CRLF "P3:"
        Sel(68, 76),  # 64+4, 64+12: "Coaching"
        Sel(87, 94),  # 64+23, 64+30: "novices" (after ☕ and 😀)
    ])
    report, study_path = _import_one(tmp_path, src, "ATLAS.ti 23")

    assert report["origin"] == "ATLAS.ti 23"
    assert report["positions"]["units"] == "code points"
    assert report["positions"]["crlf"] == 1
    assert report["counts"]["codings"] == 5
    assert report["rejected_selections"] == []
    with Study.open(study_path) as study:
        sid = bare(src.guid)
        assert study.sources.text(sid) == text.replace("\r\n", "\n")
        assert coded_texts(study, sid) == ["principal", "trusts everyone", "everyone.\n\nP3:", "Coaching", "novices"]


def test_standard_code_points_in_an_lf_file(tmp_path):
    """The standard itself: code points over an LF text. A ZWJ emoji sequence is five code points
    (eight UTF-16 units) and must count as five."""
    text = lf(
        "Notes from 𝒳-school, 2024.",
        "The naïve 😀 plan failed.",
        "😀 Parents organised 👩‍👩‍👧 a petition.",
    )
    # Line 0: "Notes"0-5 " from"5-10 " "10-11 "𝒳"11-12 "-"12-13 "school"13-19 ","19-20 " 2024."20-26 -> 26,
    #         + LF -> line 1 at 27.
    # Line 1: "The"0-3 " "3-4 "naïve"4-9 " 😀"9-11 " "11-12 "plan"12-16 " "16-17 "failed"17-23 "."23-24 -> 24,
    #         spans 27-51, + LF -> line 2 at 52.
    # Line 2: "😀"0-1 " "1-2 "Parents"2-9 " "9-10 "organised"10-19 " "19-20 "👩‍👩‍👧"20-25 (👩 ZWJ 👩 ZWJ 👧)
    #         " a"25-27 " "27-28 "petition"28-36 "."36-37
    src = Src("fieldnotes", text.encode("utf-8"), [
        Sel(13, 19),  # "school"
        Sel(31, 36),  # 27+4, 27+9: "naïve"
        Sel(39, 50),  # 27+12, 27+23: "plan failed"
        Sel(54, 71),  # 52+2, 52+19: "Parents organised"
        Sel(80, 88),  # 52+28, 52+36: "petition" (after the family emoji)
    ])
    report, study_path = _import_one(tmp_path, src, "SomeTool")

    assert report["origin"] == "SomeTool"
    assert report["positions"]["units"] == "code points"
    assert report["counts"]["codings"] == 5
    assert report["rejected_selections"] == []
    with Study.open(study_path) as study:
        sid = bare(src.guid)
        assert study.sources.text(sid) == text
        assert coded_texts(study, sid) == ["school", "naïve", "plan failed", "Parents organised", "petition"]


def test_standard_code_points_with_crlf_as_two(tmp_path):
    """An unknown tool with a CRLF file gets the standard reading: code points, CRLF = two code
    points. Here only that reading puts "Second" on a word start."""
    text = crlf("Héllo 𝒳 world", "Second line here.")
    # Line 0: "Héllo"0-5 " "5-6 "𝒳"6-7 " "7-8 "world"8-13, + CRLF 2 -> line 1 at 15: "Second"15-21
    src = Src("memo-like", text.encode("utf-8"), [
        Sel(8, 13),   # "world"
        Sel(8, 21),   # "world" CRLF "Second"
        Sel(15, 21),  # "Second"
    ])
    report, study_path = _import_one(tmp_path, src, "SomeTool")

    assert report["positions"]["units"] == "code points"
    assert report["positions"]["crlf"] == 2
    with Study.open(study_path) as study:
        assert coded_texts(study, bare(src.guid)) == ["world\nSecond", "world", "Second"]


# --------------------------------------------------------------------------- detection without a hint
def test_detects_nvivo_convention_without_an_origin_hint(tmp_path):
    """With origin "" the importer must find the convention from the selections alone. Every
    selection after the first starts inside a long word under the three wrong readings (each shifts
    it 1-6 characters to the right), so only UTF-16 / CRLF 2 puts them all on word boundaries."""
    text = crlf(
        "Opening 😀 remarks about 𝒳 budgets.",
        "Principals described 😀 substantial turnover.",
        "Afterwards everyone 𝒳 disagreed strongly.",
    )
    # Line 0: "Opening"0-7 " "7-8 "😀"8-10 " "10-11 "remarks"11-18 " about"18-24 " "24-25 "𝒳"25-27
    #         " budgets."27-36 -> 36 units, + CRLF 2 -> line 1 at 38.
    # Line 1: "Principals"0-10 " described"10-20 " "20-21 "😀"21-23 " "23-24 "substantial"24-35
    #         " turnover."35-45 -> 45 units, spans 38-83, + CRLF 2 -> line 2 at 85.
    # Line 2: "Afterwards"0-10 " everyone"10-19 " "19-20 "𝒳"20-22 " "22-23 "disagreed"23-32
    # Wrong readings shift right by (astral chars before) for code points, (CRLFs before) for CRLF 1:
    #   "Principals" +2/+1/+3, "substantial" +3/+1/+4, "Afterwards" +3/+2/+5, "disagreed" +4/+2/+6.
    src = Src("interview3", text.encode("utf-8"), [
        Sel(11, 18),    # "remarks"
        Sel(38, 48),    # 38+0, 38+10: "Principals"
        Sel(62, 73),    # 38+24, 38+35: "substantial"
        Sel(85, 95),    # 85+0, 85+10: "Afterwards"
        Sel(108, 117),  # 85+23, 85+32: "disagreed"
    ])
    report, study_path = _import_one(tmp_path, src, "")

    assert report["positions"]["units"] == "utf-16"
    assert report["positions"]["crlf"] == 2
    assert report["rejected_selections"] == []
    with Study.open(study_path) as study:
        assert coded_texts(study, bare(src.guid)) == [
            "remarks", "Principals", "substantial", "Afterwards", "disagreed"]


# --------------------------------------------------------------------------- normalisation
def test_selections_map_onto_the_normalised_text(tmp_path):
    """The stored text is NFC, with leading blank lines dropped and each line right-stripped; the
    archive's positions count the raw text. Decomposed accents, trailing spaces and the leading
    blank lines all come before selections, so each must be mapped, not just copied."""
    raw = "\n\n  Intro line   \nCafe\u0301 owners 😀 complained.   \nThe cre\u0300me brûlée was late.\n\n"
    # Raw code points: "\n"0 "\n"1 -> line 2 at 2: "  "2-4 "Intro"4-9 " line"9-14 "   "14-17, "\n"17 -> 18.
    # Line 3 at 18: "Cafe"+U+0301 18-23 " "23 "owners"24-30 " 😀 "30-33 "complained"33-43 "."43 "   "44-47,
    #         "\n"47 -> 48.
    # Line 4 at 48: "The"48-51 " "51 "cre"+U+0300+"me"52-58 " "58 "brûlée"59-65 " was"65-69 " "69 "late"70-74
    src = Src("messy", raw.encode("utf-8"), [
        Sel(4, 9),    # "Intro"
        Sel(18, 30),  # "Café owners" (5 raw code points for "Café", 4 stored)
        Sel(33, 43),  # "complained"
        Sel(33, 51),  # "complained." + 3 stripped spaces + "\n" + "The"
        Sel(52, 65),  # "crème brûlée"
        Sel(70, 74),  # "late"
    ])
    report, study_path = _import_one(tmp_path, src, "SomeTool")

    assert report["rejected_selections"] == []
    with Study.open(study_path) as study:
        sid = bare(src.guid)
        assert study.sources.text(sid) == "  Intro line\nCafé owners 😀 complained.\nThe crème brûlée was late."
        assert coded_texts(study, sid) == [
            "Intro", "Café owners", "complained.\nThe", "complained", "crème brûlée", "late"]


# --------------------------------------------------------------------------- bad input that must not crash
def test_bad_selections_are_rejected_and_the_rest_imported(tmp_path):
    """A selection past the end, an empty one and a reversed one are reported, each with a reason,
    and do not stop the good selections of the same file from being imported."""
    text = lf("Alpha beta gamma.", "Delta epsilon.")
    # Line 0: "Alpha"0-5 " "5 "beta"6-10 " gamma."10-17, + LF -> line 1 at 18: "Delta"18-23 " "23
    #         "epsilon"24-31 "."31 -> the text is 32 code points long.
    past_end = Sel(24, 500)
    empty = Sel(3, 3)
    reversed_ = Sel(10, 6)
    src = Src("short", text.encode("utf-8"), [Sel(6, 10), past_end, empty, reversed_, Sel(24, 31)])
    report, study_path = _import_one(tmp_path, src, "SomeTool")

    rejected = {bare(r["selection"]): r for r in report["rejected_selections"]}
    for bad in (past_end, empty, reversed_):
        assert bare(bad.guid) in rejected, f"selection {bad.start}-{bad.end} not reported: {report}"
        entry = rejected[bare(bad.guid)]
        assert (entry["start"], entry["end"]) == (bad.start, bad.end)
        assert entry["source"] in ("short", bare(src.guid), src.guid)
        assert isinstance(entry["reason"], str) and entry["reason"].strip()
    assert len(report["rejected_selections"]) == 3
    assert report["counts"]["codings"] == 2
    with Study.open(study_path) as study:
        assert coded_texts(study, bare(src.guid)) == ["beta", "epsilon"]


def test_empty_texts_are_kept_as_empty_sources(tmp_path):
    """NVivo writes an empty file, or a lone line break, for a source with no text: keep the
    source (its cases, memos and name matter), do not refuse it or the archive."""
    variants = {"empty": b"", "lf": b"\n", "crlf": b"\r\n", "bom-only": BOM}
    sources = [Src(name, data) for name, data in variants.items()]
    archive = build_qdpx(tmp_path / "empty.qdpx", sources, origin="NVivo 14")
    study_path = tmp_path / "empty.casecoder"
    report = run_import(archive, study_path)

    assert report["counts"]["sources"] == len(variants)
    assert not any(item["name"] in variants for item in report["not_imported"])
    with Study.open(study_path) as study:
        assert {s.name for s in study.sources.all()} == set(variants)
        for src in sources:
            assert study.sources.text(bare(src.guid)) == "", src.name


# --------------------------------------------------------------------------- what a selection carries
def test_selection_with_description_and_no_coding_becomes_a_memo(tmp_path):
    """A PlainTextSelection with a <Description> but no <Coding> is an annotation: it must not
    turn into a coding (of which code?), and its text must not be lost (it becomes a memo)."""
    text = lf("We met every Tuesday.", "Nobody came in June.")
    # Line 0: "We"0-2 " met"2-6 " every"6-12 " Tuesday"12-20 "."20, + LF -> line 1 at 22: "Nobody"22-28
    src = Src("meetings", text.encode("utf-8"), [
        Sel(13, 20),  # "Tuesday", coded
        Sel(22, 28, code=None, description="Check the June minutes."),  # "Nobody": annotation only
    ])
    report, study_path = _import_one(tmp_path, src, "SomeTool")

    assert report["counts"]["codings"] == 1
    assert report["counts"]["memos"] >= 1
    with Study.open(study_path) as study:
        codings = study.codings.for_source(bare(src.guid))
        assert [(c.start, c.end) for c in codings] == [(13, 20)]
        assert coded_texts(study, bare(src.guid)) == ["Tuesday"]


def test_braced_upper_case_guids_are_resolved(tmp_path):
    """Some tools write GUIDs as "{A1B2...}" in upper case. Ids are the GUID lower-cased without
    braces, and references must resolve whatever the spelling."""
    user = "{A1B2C3D4-1111-4AAA-8BBB-0000000000F1}"
    code = "{A1B2C3D4-2222-4AAA-8BBB-0000000000F2}"
    text = lf("Trust 😀 grew slowly.")
    # "Trust"0-5 " 😀 "5-8 "grew"8-12 (code points; origin "SomeTool")
    sel = Sel(8, 12, code=code, user=user, guid="{A1B2C3D4-3333-4AAA-8BBB-0000000000F3}",
              coding_guid="{A1B2C3D4-4444-4AAA-8BBB-0000000000F4}")
    src = Src("braces", text.encode("utf-8"), [sel], guid="{A1B2C3D4-5555-4AAA-8BBB-0000000000F5}")
    report, study_path = _import_one(tmp_path, src, "SomeTool", users=((user, "alice"),),
                                     codes=[CodeDef("Trust", code)])

    assert report["counts"]["codings"] == 1
    with Study.open(study_path) as study:
        assert [s.id for s in study.sources.all()] == ["a1b2c3d4-5555-4aaa-8bbb-0000000000f5"]
        trust = study.codes.find("Trust")
        assert trust.id == "a1b2c3d4-2222-4aaa-8bbb-0000000000f2"
        (coding,) = study.codings.for_source("a1b2c3d4-5555-4aaa-8bbb-0000000000f5")
        assert coding.id == "a1b2c3d4-4444-4aaa-8bbb-0000000000f4"
        assert coding.code_id == trust.id
        assert coding.coder == "alice"
        assert coded_texts(study, coding.source_id) == ["grew"]


def test_guid_spellings_may_differ_between_definition_and_reference(tmp_path):
    """A code defined as "{ABC...}" and referred to as "abc..." (or a user the other way round) is
    the same object: GUIDs compare case-insensitively and without braces."""
    user = "a1b2c3d4-6666-4aaa-8bbb-0000000000e1"
    code = "A1B2C3D4-7777-4AAA-8BBB-0000000000E2"
    text = lf("Trust 😀 grew slowly.")
    # "slowly" 13-19 (code points)
    sel = Sel(13, 19, code=code.lower(), user="{" + user.upper() + "}")
    src = Src("mixed", text.encode("utf-8"), [sel])
    report, study_path = _import_one(tmp_path, src, "SomeTool", users=((user, "bob"),),
                                     codes=[CodeDef("Trust", "{" + code + "}")])

    assert report["counts"]["codings"] == 1
    with Study.open(study_path) as study:
        (coding,) = study.codings.for_source(bare(src.guid))
        assert coding.code_id == code.lower() == study.codes.find("Trust").id
        assert coding.coder == "bob"
        assert coded_texts(study, bare(src.guid)) == ["slowly"]


def test_codebook_hierarchy_colour_definition_and_coder(tmp_path):
    """Nested codes keep their parent, colour and definition; a coding's coder is the name of the
    User whose GUID is the Coding's creatingUser (not the selection's, not the importing user)."""
    child = CodeDef("Relational", color="#FF0000", description="Trust built through relationships.")
    parent = CodeDef("Trust", color="#00AA00", children=[child])
    other = CodeDef("Budget")
    bob = "bbbbbbbb-0000-4000-8000-000000000002"
    text = lf("Relational trust keeps the budget honest.")
    # "Relational"0-10 " trust"10-16 " keeps"16-22 " the"22-26 " "26 "budget"27-33
    sel_child = Sel(0, 16, code=child.guid, user=bob)
    sel_budget = Sel(27, 33, code=other.guid)
    src = Src("codebook", text.encode("utf-8"), [sel_child, sel_budget])
    report, study_path = _import_one(tmp_path, src, "SomeTool", users=((USER, "alice"), (bob, "bob")),
                                     codes=[parent, other])

    assert report["counts"]["codes"] == 3
    assert report["counts"]["users"] == 2
    with Study.open(study_path) as study:
        found = study.codes.find("Trust/Relational")
        assert found.id == bare(child.guid)
        assert found.parent_id == bare(parent.guid) == study.codes.find("Trust").id
        assert found.color.lower() == "#ff0000"
        assert found.definition == "Trust built through relationships."
        assert study.codes.find("Budget").parent_id is None
        assert {c.name for c in study.codes.all()} == {"Trust", "Relational", "Budget"}
        by_code = {c.code_id: c for c in study.codings.for_source(bare(src.guid))}
        assert by_code[bare(child.guid)].coder == "bob"
        assert by_code[bare(child.guid)].id == bare(sel_child.coding_guid)
        assert by_code[bare(other.guid)].coder == "alice"


# --------------------------------------------------------------------------- property
_WORDS = ["trust", "Zoë", "naïve", "café", "teachers", "crème", "data", "Ångström", "ﬁx", "日本"]
_OTHER = ["𝒳", "😀", "👩‍👩‍👧", "☕", "—", "🇫🇷"]
_CONVENTIONS = [("NVivo 14", "utf-16", 2), ("ATLAS.ti 23", "code points", 1), ("SomeTool", "code points", 2)]


def _units(s: str, units: str) -> int:
    """Independent counter: code points, or UTF-16 code units (two per character above U+FFFF)."""
    return len(s) if units == "code points" else sum(2 if ord(ch) > 0xFFFF else 1 for ch in s)


def _token_spans(line: str) -> list[tuple[int, str]]:
    """(column, token) for each space-separated token of a line; columns in code points."""
    spans, col = [], 0
    for tok in line.split(" "):
        spans.append((col, tok))
        col += len(tok) + 1
    return spans


def _has_word(lines: list[str]) -> bool:
    return any(tok in _WORDS for line in lines for _, tok in _token_spans(line))


_line = st.lists(st.sampled_from(_WORDS + _OTHER), min_size=1, max_size=6).map(" ".join)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_line, min_size=1, max_size=5).filter(_has_word),
       convention=st.sampled_from(_CONVENTIONS), eol=st.sampled_from(["\n", "\r\n"]), data=st.data())
def test_word_aligned_selections_land_on_their_words(tmp_path, lines, convention, eol, data):
    """Random lines of accented, CJK, astral and emoji tokens, LF or CRLF; a selection from the start
    of one letter word to the end of a later one, its positions counted in the convention the origin
    names: the coded text is exactly those words (line breaks stored as "\\n")."""
    origin, units, crlf_units = convention
    words = [(i, col, col + len(tok)) for i, line in enumerate(lines)
             for col, tok in _token_spans(line) if tok in _WORDS]
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, len(words) - 1))
    (l0, c0, _), (l1, _, c1) = words[first], words[last]
    eol_units = len(eol) if crlf_units == 2 else 1

    def position(line: int, col: int) -> int:
        return sum(_units(lines[k], units) + eol_units for k in range(line)) + _units(lines[line][:col], units)

    stored = "\n".join(lines)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    expected = stored[offsets[l0] + c0:offsets[l1] + c1]

    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    src = Src("random", eol.join(lines).encode("utf-8"), [Sel(position(l0, c0), position(l1, c1))])
    report, study_path = _import_one(folder, src, origin)
    assert report["rejected_selections"] == []
    with Study.open(study_path) as study:
        assert study.sources.text(bare(src.guid)) == stored
        assert coded_texts(study, bare(src.guid)) == [expected]

