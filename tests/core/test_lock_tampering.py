"""The lock beside a study tampered with: a link to another file is never written through, a
folder in its place lets no writer in, and a lock file deleted while held lets no second writer
in (the lock in the data folder still holds; the holder puts the file back)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coder import Study
from coder.cli import main
from coder.store.lock import LockFileUnusable, StudyInUseError, lock_path

ROOT = Path(__file__).resolve().parents[2]
HOLD = ("import sys, time; from coder import Study; s = Study.open(sys.argv[1]); print('ready', flush=True); "
        "time.sleep(60)")


@pytest.fixture
def closed(demo_study):
    path = demo_study.path
    demo_study.close()
    return path


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_lock_that_links_elsewhere_is_never_written_through(closed, tmp_path, capsys):
    victim = tmp_path / "thesis.txt"
    victim.write_text("three years of writing\n", encoding="utf-8")
    lock_path(closed).symlink_to(victim)
    with pytest.raises(LockFileUnusable, match="a link to another file"):
        Study.open(closed)
    assert main(["sources", str(closed), "--json"]) == 0
    capsys.readouterr()
    assert main(["code", "add", str(closed), "Refused"]) == 1
    err = capsys.readouterr().err
    assert "a link to another file" in err and "Traceback" not in err
    assert victim.read_text(encoding="utf-8") == "three years of writing\n"
    assert lock_path(closed).is_symlink()  # left for the user to see and remove


def test_a_hard_link_as_lock_file_is_not_truncated(closed, tmp_path):
    victim = tmp_path / "notes.txt"
    victim.write_text("field notes\n", encoding="utf-8")
    os.link(victim, lock_path(closed))
    with pytest.raises(LockFileUnusable, match="another name links to it"):
        Study.open(closed)
    assert victim.read_text(encoding="utf-8") == "field notes\n"


def test_a_folder_in_place_of_the_lock_lets_no_writer_in(closed, capsys):
    lock_path(closed).mkdir()
    with Study.open(closed, read_only=True) as study:
        before = study.dump()
    with pytest.raises(LockFileUnusable, match="a folder"):
        Study.open(closed)
    assert main(["code", "add", str(closed), "Refused"]) == 1
    assert "is a folder" in capsys.readouterr().err
    with Study.open(closed, read_only=True) as study:
        assert study.dump() == before


def test_a_lock_file_deleted_while_held_lets_no_second_writer_in(closed):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(closed)], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        assert proc.stdout.readline().strip() == "ready"
        lock_path(closed).unlink()  # a clean-up tool, a sync client
        with pytest.raises(StudyInUseError, match="another CaseCoder window or program"):
            Study.open(closed)
        assert not lock_path(closed).exists()  # the refused program took nothing away with it
    finally:
        proc.kill()
        proc.wait()
    with Study.open(closed) as study:  # the holder gone: its locks went with it
        study.codes.add_code(path="After the holder")


def test_the_holder_puts_a_deleted_lock_file_back_before_a_change(closed, tmp_path):
    with Study.open(closed) as study:
        lock_path(closed).unlink()
        study.codes.add_code(path="Written after the clean-up")
        assert lock_path(closed).is_file()
        # a program with a data folder of its own (another computer) is kept out by the file beside
        other = dict(os.environ, PYTHONPATH=str(ROOT), CASECODER_DATA_DIR=str(tmp_path / "elsewhere"))
        tried = subprocess.run([sys.executable, "-c", "import sys; from coder import Study; Study.open(sys.argv[1])",
                                str(closed)], env=other, capture_output=True, text=True)
        assert tried.returncode == 1 and "StudyInUseError" in tried.stderr


def test_the_lock_in_the_data_folder_goes_when_the_study_closes(closed):
    from coder.store.settings import data_dir

    with Study.open(closed):
        assert list((data_dir() / "locks").glob("*.lock"))
    assert not list((data_dir() / "locks").glob("*.lock"))


def test_locks_that_killed_programs_left_in_the_data_folder_are_swept(closed):
    import time

    from coder.store.settings import data_dir

    folder = data_dir() / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    stale, fresh = folder / "1-2.lock", folder / "1-3.lock"
    for left in (stale, fresh):
        left.write_text('{"pid": 1}', encoding="utf-8")
    hours_ago = time.time() - 7200
    os.utime(stale, (hours_ago, hours_ago))
    with Study.open(closed):
        assert not stale.exists() and fresh.exists()  # a lock being taken just now is left alone
