"""Coding by a file's structure: headings kept at import from Word heading styles, OpenDocument
headings and Markdown, each heading's section coded with one code or a code per heading; caption
cues within a span of time; nothing coded twice, one undo step, one team operation, a text edit
keeping the headings, a study from before headings were kept, and the command line."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder import Study
from coder.cli import main
from coder.coding import autocode as auto
from coder.coding import autocode_structure as by_structure
from coder.coding.run_spec import RunSpec
from coder.sources.importing import import_sources, plan_import
from coder.sources.structure import Heading, markdown_headings, sections
from coder.store.errors import ConflictError
from coder.team.rows import logical_dump

from .conftest import assert_undoable
from .docx_fixtures import make_odt

OBSERVATION = {"district": "North", "site": "Oak Elementary", "type": "observation", "wave": 1}


def _word_note(path: Path, day: str) -> Path:
    """An observation note as a site visitor writes it in Word: a title, numbered level-1
    headings, a level-2 heading inside one, body paragraphs, and a bold line that is no heading."""
    document = docx.Document()
    document.add_heading(f"Observation, {day}", level=0)
    document.add_heading("1. Arrival", level=1)
    document.add_paragraph(f"Buses arrive at 7:40 on {day}. The principal greets families at the door.")
    document.add_heading("2. Classroom observation", level=1)
    document.add_paragraph("Grade 4 math. The teacher models a number talk; students turn and talk.")
    document.add_heading("Student talk", level=2)
    document.add_paragraph("Most pairs stay on task; two students explain their strategies to the class.")
    bold = document.add_paragraph()
    bold.add_run("Not a heading, only bold.").bold = True
    document.add_heading("3. Debrief", level=1)
    document.add_paragraph("The coach and the teacher plan the next cycle.")
    document.save(path)
    return path


def _odt_note(path: Path) -> Path:
    return make_odt(path, '<text:h text:outline-level="1">Arrival</text:h><text:p>Quiet morning, buses late.</text:p>'
                          '<text:h text:outline-level="1">Debrief</text:h><text:p>No debrief today.</text:p>')


CAPTIONS = """WEBVTT

00:00:05.000 --> 00:00:09.000
<v Interviewer>How did the year start?

00:00:10.000 --> 00:00:20.000
<v Teacher>Slowly. The new curriculum arrived late.

00:10:00.000 --> 00:10:12.000
<v Teacher>By spring the coaching cycles had settled in.
"""


@pytest.fixture
def notes(study, tmp_path):
    return _import_notes(study, tmp_path)


def _import_notes(study, tmp_path):
    """Two Word notes, an OpenDocument note, a Markdown note and a caption file."""
    paths = [_word_note(tmp_path / "oak_obs_monday.docx", "Monday"),
             _word_note(tmp_path / "oak_obs_tuesday.docx", "Tuesday"),
             _odt_note(tmp_path / "oak_obs_wednesday.odt")]
    md = tmp_path / "oak_obs_thursday.md"
    md.write_text("# Arrival\n\nParents walk children in.\n\n## Gate\n\nOne gate open.\n\n"
                  "```\n# not a heading\n```\n\nDebrief\n=======\n\nShort.\n", encoding="utf-8")
    vtt = tmp_path / "oak_teacher_w1.vtt"
    vtt.write_text(CAPTIONS, encoding="utf-8")
    items = plan_import(paths + [md], OBSERVATION)
    items += plan_import([vtt], {**OBSERVATION, "type": "interview", "role": "teacher"})
    report = import_sources(study, items)
    assert not report.failed
    study.history.clear()
    return study


def _source(study, name):
    return study.sources.find(name).id


def _words(study, plan):
    return [study.sources.text(s)[a:b] for s, a, b in plan.passages]


def test_word_heading_styles_are_kept_at_import(notes):
    structure = notes.sources.structure(_source(notes, "oak_obs_monday"))
    text = notes.sources.text(_source(notes, "oak_obs_monday"))
    assert [(h.level, h.title) for h in structure.headings] == [
        (1, "Observation, Monday"), (1, "1. Arrival"), (1, "2. Classroom observation"), (2, "Student talk"),
        (1, "3. Debrief")]
    assert all(text[h.start:h.end] == h.title for h in structure.headings)  # the stored text's own offsets
    odt = notes.sources.structure(_source(notes, "oak_obs_wednesday"))
    assert [(h.level, h.title) for h in odt.headings] == [(1, "Arrival"), (1, "Debrief")]
    md = notes.sources.structure(_source(notes, "oak_obs_thursday"))
    assert [(h.level, h.title) for h in md.headings] == [(1, "Arrival"), (2, "Gate"), (1, "Debrief")]


def test_a_section_runs_to_the_next_heading_of_its_level_or_above(notes):
    plan = by_structure.plan_headings(notes, heading="classroom")
    assert _words(notes, plan) == [
        "Grade 4 math. The teacher models a number talk; students turn and talk.\n\nStudent talk\n\n"
        "Most pairs stay on task; two students explain their strategies to the class.\n\n"
        "Not a heading, only bold."] * 2
    level_two = by_structure.plan_headings(notes, levels={2})
    assert _words(notes, level_two)[0].startswith("Most pairs stay on task")
    assert _words(notes, level_two)[-1].startswith("One gate open.\n\n```")  # "## Gate", up to "Debrief\n==="


def test_one_code_for_every_section_merges_the_nested_ones(notes):
    plan = by_structure.plan_headings(notes)
    # a Word title is a level-1 heading with nothing under it before the first heading: no section;
    # "Student talk" lies inside "2. Classroom observation" and merges into it
    assert plan.per_source()[_source(notes, "oak_obs_monday")] == 3
    assert plan.merged == 3  # and the Markdown note's "## Gate" into "# Arrival"
    changes = assert_undoable(notes, lambda: auto.autocode(notes, plan, code_path="Structure/Sections"))
    assert changes.result["coded"] == len(plan.passages)


def test_a_code_per_heading_under_a_parent_without_its_numbering(notes):
    plan = by_structure.plan_headings(notes, named=True)
    assert set(plan.titles.values()) == {"Arrival", "Classroom observation", "Student talk", "Debrief", "Gate"}
    arrival = [p for p, t in plan.titles.items() if t == "Arrival"]
    assert len(arrival) == 4  # Monday's and Tuesday's "1. Arrival", the odt's and the md's "Arrival"
    ops_before = notes.conn.execute("SELECT count(*) FROM ops").fetchone()[0]
    by_structure.autocode_by_heading(notes, plan, "Observed")
    assert notes.conn.execute("SELECT count(*) FROM ops").fetchone()[0] == ops_before + 1  # one operation
    notes.undo()
    changes = assert_undoable(notes, lambda: by_structure.autocode_by_heading(notes, plan, "Observed"))
    assert changes.label.startswith(f"Auto-code {len(plan.passages)} sections under 5 heading codes in Observed")
    arrival_code = notes.codes.find("Observed/Arrival").id
    coded = notes.runs.run(RunSpec(codes=[arrival_code]))
    assert {(s.source, s.start, s.end) for s in coded} == set(arrival)


def test_nothing_is_coded_twice_and_uncoding_takes_the_heading_codes_off(notes):
    plan = by_structure.plan_headings(notes, named=True)
    by_structure.autocode_by_heading(notes, plan, "Observed")
    count = notes.conn.execute("SELECT count(*) FROM codings").fetchone()[0]
    again = by_structure.autocode_by_heading(notes, plan, "Observed")
    assert again.extra["skipped"] == len(plan.passages)
    assert notes.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == count
    one_more = by_structure.plan_headings(notes, named=True, heading="debrief")
    removed = assert_undoable(notes, lambda: by_structure.uncode_by_heading(notes, one_more, "Observed"))
    assert removed.result == 4
    assert notes.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == count - 4


def test_caption_cues_within_a_span_of_time(notes):
    every = by_structure.plan_cues(notes)
    assert len(every.passages) == 3
    early = by_structure.plan_cues(notes, start_ms=0, end_ms=60_000)
    assert [w.split()[0] for w in _words(notes, early)] == ["How", "Slowly."]
    start, end = by_structure.parse_span("00:09:00-")
    late = by_structure.plan_cues(notes, start_ms=start, end_ms=end)
    assert _words(notes, late) == ["By spring the coaching cycles had settled in."]
    assert late.label == "caption cues from 00:09:00"
    assert list(late.times.values()) == ["00:10:00"] and late.record()["items"][0]["time"] == "00:10:00"
    for bad in ("", "later", "00:10:00-00:05:00"):
        with pytest.raises(ConflictError):
            by_structure.parse_span(bad)


def test_the_scope_chooses_the_sources(notes):
    only_word = RunSpec(codes=[], sources=[_source(notes, "oak_obs_monday")])
    plan = by_structure.plan_headings(notes, scope=only_word, named=True)
    assert set(plan.per_source()) == {_source(notes, "oak_obs_monday")}
    assert not by_structure.plan_cues(notes, scope=only_word).passages


def test_editing_a_text_keeps_its_headings(notes):
    source = _source(notes, "oak_obs_monday")
    text = notes.sources.text(source)
    edited = text.replace("Buses arrive", "Yellow buses arrive").replace("3. Debrief", "3. Afterwards")
    notes.sources.edit_text(source_id=source, text=edited)
    structure = notes.sources.structure(source)
    assert [h.title for h in structure.headings] == [
        "Observation, Monday", "1. Arrival", "2. Classroom observation", "Student talk"]  # its words edited away
    assert all(edited[h.start:h.end] == h.title for h in structure.headings)
    notes.undo()
    assert len(notes.sources.structure(source).headings) == 5


def test_the_team_log_carries_the_headings_and_the_step(study, tmp_path):
    """A teammate who takes this copy's work gets the kept headings and the coding as one step."""
    partner_file = tmp_path / "partner.casecoder"
    shutil.copy(study.path, partner_file)
    notes = _import_notes(study, tmp_path)
    plan = by_structure.plan_headings(notes, named=True, heading="arrival")
    by_structure.autocode_by_heading(notes, plan, "Observed", coder="okafor")
    package = tmp_path / "work.ccwork"
    notes.sync.export_work(package)
    with Study.open(partner_file, user="partner") as partner:
        partner.sync.import_work(package)
        assert logical_dump(partner.conn) == logical_dump(notes.conn)
        assert partner.sources.structure(_source(partner, "oak_obs_monday")) == \
            notes.sources.structure(_source(notes, "oak_obs_monday"))
        step = notes.conn.execute("SELECT op, label FROM ops ORDER BY seq DESC LIMIT 1").fetchone()
        assert step[0] == "autocode" and "4 sections under 1 heading code" in step[1]


def test_a_study_from_before_headings_were_kept_opens_and_has_none(notes, tmp_path):
    path = notes.path
    notes.close()
    with sqlite3.connect(path) as conn:  # as schema 8 left it: no structure column
        conn.execute("ALTER TABLE source_texts DROP COLUMN structure")
        conn.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
    with Study.open(path, user="tester") as old:
        assert not old.sources.structure(_source(old, "oak_obs_monday")).headings
        assert old.sources.structure(_source(old, "oak_obs_thursday")).headings  # Markdown reads its words
        assert not by_structure.plan_headings(old, scope=RunSpec(codes=[], types=["observation"]),
                                              heading="classroom").passages


def test_the_command_line(notes, capsys):
    path = str(notes.path)
    notes.close()
    assert main(["autocode", path, "--code", "Observed", "--heading", "--named", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "     4  Observed/Arrival" in out and "would code 13 sections in 4 sources under 5 heading codes" in out
    assert main(["autocode", path, "--code", "Observed", "--heading", "--named", "--level", "1", "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["skipped"] == 0 and {item["heading"] for item in done["items"]} >= {"Arrival", "Debrief"}
    assert main(["autocode", path, "--code", "Early talk", "--cues=-00:01:00", "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["passages"] == 2
    assert main(["autocode", path, "--code", "Debriefs", "--heading", "Debrief", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["passages"] == 4
    assert main(["undo", path]) == 0 and main(["undo", path]) == 0
    assert "Auto-code" in capsys.readouterr().out
    assert main(["autocode", path, "--code", "X", "--level", "2", "--search", "bus"]) == 1
    assert main(["autocode", path, "--code", "X", "--cues", "soon"]) == 1
    assert "time span 'soon'" in capsys.readouterr().err


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 3), st.integers(0, 30)), max_size=12))
def test_sections_lie_inside_the_text_and_never_hold_a_heading_of_their_level(shape):
    """Any run of headings with bodies of any length: each section starts after its heading and
    stops before the next heading at its level or above."""
    text, headings = "", []
    for n, (level, body) in enumerate(shape):
        title = f"H{n}"
        headings.append(Heading(len(text), len(text) + len(title), level, title))
        text += title + "\n\n" + "w " * body + "\n\n"
    for section in sections(text, headings):
        assert section.heading.end <= section.start < section.end <= len(text)
        inside = [h for h in headings if section.start <= h.start < section.end]
        assert all(h.level > section.heading.level for h in inside)
        assert not text[section.start].isspace() and not text[section.end - 1].isspace()
    markdown = "".join(f"{'#' * level} H{n}\n\n{'w ' * body}\n\n" for n, (level, body) in enumerate(shape))
    assert [(h.level, h.title) for h in markdown_headings(markdown)] == [
        (level, f"H{n}") for n, (level, _body) in enumerate(shape)]


def test_what_there_is_to_code_by(notes):
    assert by_structure.structure_in(notes) == ([1, 2], True)
    odt = RunSpec(codes=[], sources=[_source(notes, "oak_obs_wednesday")])
    assert by_structure.structure_in(notes, odt) == ([1], False)
    captions = RunSpec(codes=[], sources=[_source(notes, "oak_teacher_w1")])
    assert by_structure.structure_in(notes, captions) == ([], True)
    assert by_structure.plan_headings(notes, levels={2}, heading="talk").label == "sections headed 'talk' at level 2"
    assert by_structure.plan_headings(notes, levels={1, 2}).label == "sections under level 1 or 2 headings"
