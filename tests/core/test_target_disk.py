"""A target that cannot take the file — a full disk, a read-only folder — stops an export, a copy,
a backup elsewhere or a share with a message naming the target (never blaming the study, never a
traceback), and leaves no partial file behind; a killed share leaves no file with the real names
beside the copy, and what it left in the data folder goes at the next command."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coder import Study
from coder.cli import main
from tests.core.conftest import immutable

ROOT = Path(__file__).resolve().parents[2]
FULL = """
import resource, signal, sys
from coder.cli import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.exit(main(sys.argv[2:]))
"""

COMMANDS = {  # what writes a file the user names: (command line, the file)
    "qdpx export": (["qdpx", "export", "{study}", "{out}/study.qdpx"], "study.qdpx"),
    "memo export": (["memo", "export", "{study}", "--all-sites", "{out}/memos.docx"], "memos.docx"),
    "sync export": (["sync", "export", "{study}", "{out}/work.ccwork"], "work.ccwork"),
    "run --xlsx": (["run", "{study}", "--code", "Leadership configuration/Coaching", "--xlsx", "{out}/run.xlsx"],
                   "run.xlsx"),
    "copy": (["copy", "{study}", "{out}/copy.casecoder", "--as", "ben"], "copy.casecoder"),
    "backup --to": (["backup", "{study}", "--to", "{out}"], None),
    "share": (["share", "{study}", "{out}/shared.casecoder", "--allow-remaining"], "shared.casecoder"),
}


def _argv(name: str, study: Path, out: Path) -> list[str]:
    return [a.format(study=study, out=out) for a in COMMANDS[name][0]]


@pytest.fixture
def study_file(demo_study, tmp_path):
    demo_study.pseudonyms.set_all(pairs=[("Alder Street Elementary", "School A"), ("okafor", "Researcher 1")])
    path = demo_study.path
    demo_study.close()
    return path


def _study_unchanged(path: Path, before) -> None:
    with Study.open(path, read_only=True) as study:
        assert study.dump() == before


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_read_only_target_is_named_and_the_study_is_not_blamed(study_file, tmp_path, name, capsys):
    with Study.open(study_file, read_only=True) as study:
        before = study.dump()
    out = tmp_path / "usb stick"
    out.mkdir()
    if not immutable(out, True):
        pytest.skip("chattr is not available here")
    try:
        code = main(_argv(name, study_file, out))
        err = capsys.readouterr().err
    finally:
        immutable(out, False)
    assert code == 1, err
    assert str(out) in err and "could not be written" in err and "cannot be written" in err, err
    assert "Traceback" not in err and f"{study_file}: the study file could not be read" not in err
    assert list(out.iterdir()) == []
    _study_unchanged(study_file, before)


@pytest.mark.skipif(not hasattr(os, "setrlimit") and sys.platform == "win32", reason="POSIX resource limits")
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_full_target_disk_is_named_and_leaves_no_partial_file(study_file, tmp_path, name):
    from coder.store.settings import data_dir

    with Study.open(study_file, read_only=True) as study:
        before = study.dump()
    out = tmp_path / "full disk"
    out.mkdir()
    keep = sqlite3.connect(study_file)  # the study's own companion files exist already, at their size
    keep.execute("SELECT count(*) FROM sources").fetchone()
    try:
        done = subprocess.run([sys.executable, "-c", FULL, "8000", *_argv(name, study_file, out)],
                              capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                              timeout=300)
    finally:
        keep.close()
    assert done.returncode == 1, done.stderr
    # a share makes its copy in the data folder first: here that disk is full too, and is named
    named = str(out) in done.stderr or (name == "share" and str(data_dir() / "sharing") in done.stderr)
    assert named and "may be full" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "OSError" not in done.stderr
    assert [p.name for p in out.iterdir()] == []  # neither the file nor a .partial/.part of it
    _study_unchanged(study_file, before)


KILLED_SHARE = """
import sys, time
import coder.privacy.pseudonyms as pseudonyms
from coder.cli import main

def stop_here(path):
    print("ready", flush=True)
    time.sleep(60)

pseudonyms._vacuum = stop_here
main(["share", sys.argv[1], sys.argv[2], "--allow-remaining"])
"""


def test_a_killed_share_leaves_no_real_name_beside_the_copy(study_file, tmp_path, capsys):
    from coder.store.settings import data_dir

    out = tmp_path / "to send"
    out.mkdir()
    child = subprocess.Popen([sys.executable, "-c", KILLED_SHARE, str(study_file), str(out / "shared.casecoder")],
                             stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        assert child.stdout.readline().strip() == "ready"  # every name replaced but not yet vacuumed away
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert list(out.iterdir()) == []
    left = [p for p in (data_dir() / "sharing").rglob("*") if p.is_file()]
    assert left  # the working copy, in the data folder, where the user does not look
    capsys.readouterr()
    assert main(["sources", str(study_file), "--json"]) == 0  # the next command removes it
    assert not any(p.is_file() for p in (data_dir() / "sharing").rglob("*"))
    assert main(["share", str(study_file), str(out / "shared.casecoder"), "--allow-remaining"]) == 0
    assert [p.name for p in out.iterdir()] == ["shared.casecoder"]
