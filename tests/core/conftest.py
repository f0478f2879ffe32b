"""Fixtures for core tests: real study files in temporary folders."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from coder import Study
from coder.codebook.codebook_file import load_codebook
from coder.demo import CODEBOOK
from coder.sources.importing import import_sources, plan_import


@pytest.fixture
def study(tmp_path: Path):
    with Study.create(tmp_path / "test.casecoder", user="tester") as s:
        yield s


@pytest.fixture
def coded_study(study, tmp_path: Path):
    """A small study: codebook, two sites, two interviews with known text."""
    load_codebook(study, CODEBOOK)
    a = tmp_path / "a_principal.txt"
    a.write_text(
        "Interviewer: What is the school working on?\n\n"
        "Principal: Our focus is student talk. Teachers meet in PLCs every Wednesday to look at data.\n\n"
        "Interviewer: And coaching?\n\n"
        "Principal: The coach runs cycles with six teachers. Some veterans close their doors.\n",
        encoding="utf-8")
    b = tmp_path / "b_teacher.txt"
    b.write_text(
        "Interviewer: How are PLCs going?\n\n"
        "Teacher: Our PLC time keeps getting taken for testing. Coaching feels evaluative to me.\n",
        encoding="utf-8")
    items = plan_import([a], {"district": "North", "site": "Oak Elementary", "role": "principal", "wave": 1})
    items += plan_import([b], {"district": "South", "site": "Pine Middle", "role": "teacher", "wave": 2})
    report = import_sources(study, items)
    assert not report.failed
    study.history.clear()
    return study


@pytest.fixture
def demo_study(demo_study_file, tmp_path):
    """A fresh copy of the demo study (built once per test session)."""
    copy = tmp_path / "demo.casecoder"
    shutil.copy(demo_study_file[0], copy)
    with Study.open(copy, user="tester") as s:
        yield s


@pytest.fixture
def demo_summary(demo_study_file):
    return demo_study_file[1]


def code_passage(study, source_name: str, phrase: str, code_path: str, coder: str = "tester") -> str:
    """Code the first occurrence of `phrase` in a source; return the coding id."""
    source = study.sources.find(source_name)
    text = study.sources.text(source.id)
    start = text.index(phrase)
    code = study.codes.find(code_path)
    return study.codings.apply_code(source_id=source.id, code_id=code.id, start=start,
                                    end=start + len(phrase), coder=coder).result


def assert_undoable(study, action):
    """Do, undo (the study equals its dump before), redo (equals its dump after)."""
    before = study.dump()
    changes = action()
    after = study.dump()
    assert after != before, "the action changed nothing"
    study.undo()
    assert study.dump() == before
    study.redo()
    assert study.dump() == after
    return changes


def immutable(path: Path, on: bool) -> bool:
    """Make a file or folder unwritable even for root (the tests may run as root, who ignores
    permission bits), or writable again; False when the system cannot (no chattr, or a file
    system without the attribute), so the test that needs it skips."""
    try:
        done = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
