"""Commands that only read never take the writer's lock, so they never keep a writer out; a study in
a folder that cannot be written is read (and backed up), and a change to it is refused with a
message that says why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coder import Study
from coder.cli import main
from coder.store import lock
from tests.core.conftest import immutable

ROOT = Path(__file__).resolve().parents[2]
SLOW_SEARCH = """
import sys, time
import coder.coding.search as search
from coder.cli import main

def slow(self, *args, **kwargs):
    print("ready", flush=True)
    time.sleep(60)

search.Search.search = slow
main(["search", sys.argv[1], "plan"])
"""

READERS = [
    ["sources"], ["show", "alder_coach_w1"], ["codes"], ["cases"], ["sections"], ["codings", "alder_coach_w1"],
    ["search", "plan"], ["search", "plan", "--mode", "lemma"], ["run", "--code", "Leadership configuration/Coaching"],
    ["saved"], ["history"], ["memo", "list"], ["outline", "show"], ["check"], ["pseudonyms"], ["sets"],
    ["sync", "conflicts"], ["speakers"], ["agreement", "--coders", "okafor,lindqvist"],
]


@pytest.mark.parametrize("command", READERS, ids=lambda c: " ".join(c[:2]))
def test_a_command_that_only_reads_takes_no_lock(demo_study, command, monkeypatch, capsys):
    path = str(demo_study.path)
    demo_study.close()

    def refuse(_path):
        raise AssertionError("a reading command took the writer's lock")

    monkeypatch.setattr(lock, "acquire", refuse)
    argv = [command[0], path, *command[1:]] if command[0] not in ("memo", "outline", "sync") else \
        [command[0], command[1], path, *command[2:]]
    assert main(argv) == 0, capsys.readouterr().err


def test_a_search_under_way_does_not_keep_an_import_out(demo_study, tmp_path):
    path = demo_study.path
    demo_study.close()
    reader = subprocess.Popen([sys.executable, "-c", SLOW_SEARCH, str(path)], stdout=subprocess.PIPE, text=True,
                              env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        assert reader.stdout.readline().strip() == "ready"
        new = tmp_path / "new_interview.txt"
        new.write_text("Interviewer: How do you plan?\n\nTeacher: We plan together on Wednesdays.\n", encoding="utf-8")
        assert main(["import", str(path), str(new), "--district", "North", "--site", "Oak"]) == 0
    finally:
        reader.kill()
        reader.wait()
    with Study.open(path, read_only=True) as study:
        assert study.sources.find("new_interview")


@pytest.fixture
def read_only_folder(demo_study_file, tmp_path):
    folder = tmp_path / "cd-rom"
    folder.mkdir()
    path = folder / "study.casecoder"
    import shutil

    shutil.copy(demo_study_file[0], path)
    if not immutable(folder, True):
        pytest.skip("chattr is not available here")
    try:
        yield path
    finally:
        immutable(folder, False)


def test_a_study_in_a_read_only_folder_is_read(read_only_folder, capsys):
    path = read_only_folder
    for command in (["sources", str(path)], ["show", str(path), "alder_coach_w1"],
                    ["search", str(path), "plan"], ["check", str(path)]):
        assert main(command) == 0, capsys.readouterr().err
    capsys.readouterr()
    with Study.open(path) as study:  # asked for writing: given for reading, and told why
        assert study.read_only and "cannot be written" in study.read_only_reason
        assert study.sources.all()
    assert main(["code", "add", str(path), "Refused"]) == 1
    err = capsys.readouterr().err
    assert "cannot be written" in err and "not made" in err and "Traceback" not in err
    assert sorted(p.name for p in path.parent.iterdir()) == ["study.casecoder"]


def test_a_study_in_a_read_only_folder_can_be_backed_up(read_only_folder, capsys):
    path = read_only_folder
    assert main(["backup", str(path)]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "backed up to" in out and "not a CaseCoder study" not in out
    assert main(["backup", str(path), "--list", "--json"]) == 0
    assert '"path"' in capsys.readouterr().out
