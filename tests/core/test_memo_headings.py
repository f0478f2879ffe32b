"""A memo written elsewhere, with sub-headings: each heading that names an outline section starts
it; every other heading is reported with the reason and where its text was kept."""

from __future__ import annotations

from coder.memos.headings import match_headings
from coder.memos.text import section_spans

from .conftest import assert_undoable

FILE = """Draft after the first visit.

## 3.2 Teacher leaders and coaches

The coach runs cycles with six teachers.

### What the coach said

She meets each of them weekly.

## 2.1 Focus

Student talk, across subjects.

## Leadership configuration

A principal who delegates.

## 3.4 Coaches and time

Release time is short.

## Comunity and students

A growing neighbourhood.

```
# not a heading: inside a code block
```
"""


def sections_of(text: str) -> dict[str, str]:
    return {name: text[s:e].strip() for name, s, e in section_spans(text) if name}


def test_subheadings_that_name_sections_start_them(demo_study):
    s = demo_study
    site = s.cases.find("Alder Street Elementary").id
    changes = assert_undoable(s, lambda: s.memos.write(kind="site", subject_id=site, text=FILE, author="okafor"))
    body = sections_of(s.memos.text(changes.result))
    assert body["3.2 Teacher leaders and coaches"].startswith("The coach runs cycles with six teachers.")
    assert "### What the coach said\n\nShe meets each of them weekly." in body["3.2 Teacher leaders and coaches"]
    assert body["2.1 Focus and goals"] == "Student talk, across subjects."  # by its number
    assert body["3 Leadership configuration"].startswith("A principal who delegates.")  # name without number
    assert "## 3.4 Coaches and time\n\nRelease time is short." in body["3 Leadership configuration"]
    assert "## Comunity and students\n\nA growing neighbourhood." in body["3 Leadership configuration"]
    assert "Draft after the first visit." in body["Unsorted"]
    report = {h["heading"]: h for h in changes.extra["headings"]}
    assert [h["section"] for h in changes.extra["headings"]] == [
        "3.2 Teacher leaders and coaches", None, "2.1 Focus and goals", "3 Leadership configuration", None, None]
    assert report["## 2.1 Focus"]["how"] == "number" and report["## 2.1 Focus"]["line"] == 11
    assert report["### What the coach said"]["note"] == (
        "no outline section is named 'What the coach said'; kept as a sub-heading inside "
        "'3.2 Teacher leaders and coaches'")
    assert report["## 3.4 Coaches and time"]["note"].startswith(
        "the outline has no section numbered 3.4 (it has 3.1, 3.2, 3.3)")
    assert "did you mean '1.1 Community and students'?" in report["## Comunity and students"]["note"]


def test_headings_are_matched_by_path_and_a_level_one_stranger_goes_to_unsorted(demo_study):
    text, report = match_headings("# 3 Leadership configuration/3.1 Principal and assistant principals\n\nA.\n\n"
                                  "# Things I noticed\n\nB.\n", [x.path for x in demo_study.sections.all()])
    assert text.startswith("# 3.1 Principal and assistant principals\n")
    assert [(r.section, r.how) for r in report] == [("3.1 Principal and assistant principals", "path"), (None, "")]
    assert report[1].note.endswith("its text is kept under Unsorted")


def test_without_an_outline_the_writer_is_told_why_nothing_matched(study):
    site = study.cases.ensure("North", "Oak Elementary")
    changes = study.memos.write(kind="site", subject_id=site, text="## 1 Context\n\nText.\n", author="ana")
    assert study.memos.text(changes.result) == "## 1 Context\n\nText.\n"  # kept as written
    assert changes.extra["headings"][0]["note"].startswith("the study has no case outline yet")


def test_memos_that_are_not_site_memos_keep_their_headings(demo_study):
    changes = demo_study.memos.write(kind="free", title="Method notes", text="## 3.2 Teacher leaders and coaches\n",
                                     author="ana")
    assert demo_study.memos.text(changes.result) == "## 3.2 Teacher leaders and coaches\n"
    assert "headings" not in changes.extra
