"""One writer per study: a second program is told who holds the study and may read it read-only;
a killed holder releases the lock; one program's own connections share it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from coder import Study
from coder.cli import main
from coder.store.lock import ReadOnlyError, StudyInUseError, cloud_folder

HOLD = ("import sys, time; from coder import Study; s = Study.open(sys.argv[1]); print('ready', flush=True); "
        "time.sleep(60)")


@pytest.fixture
def held(demo_study):
    path = demo_study.path
    demo_study.close()
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=str(root)))
    assert proc.stdout.readline().strip() == "ready"
    yield path, proc
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def test_a_second_program_is_told_and_can_read_only(held, capsys):
    path, _ = held
    with pytest.raises(StudyInUseError, match="another CaseCoder window or program"):
        Study.open(path)
    with Study.open(path, read_only=True) as study:
        assert study.sources.all()
        code = study.codes.all()[0]
        with pytest.raises(ReadOnlyError, match="read-only"):
            study.codes.rename_code(code_id=code.id, name="Not allowed")
    assert main(["sources", str(path), "--json"]) == 0  # a command that only reads takes no lock: no note
    assert capsys.readouterr().err == ""
    assert main(["code", "add", str(path), "Refused"]) == 1
    assert "read-only" in capsys.readouterr().err


def test_a_killed_holder_releases_the_study(held):
    path, proc = held
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Study.open(path) as study:
        study.codes.add_code(path="Written after the kill")


def test_one_program_shares_its_lock(demo_study):
    with Study.open(demo_study.path) as second:
        second.codes.add_code(path="From a second connection")
    demo_study.codes.add_code(path="Still writable")


@pytest.mark.parametrize("folder, service", [
    ("Dropbox/Fieldwork", "Dropbox"), ("OneDrive - University/x", "OneDrive - University"),
    ("Library/Mobile Documents/com~apple~CloudDocs", "Mobile Documents"), ("Documents/studies", None)])
def test_cloud_folders_are_recognised(tmp_path, folder, service):
    assert cloud_folder(tmp_path / folder / "study.casecoder") == service


def test_a_restore_waits_for_the_writer(held, tmp_path):
    from coder.store.backup import make_backup, restore_backup

    path, _ = held
    backup = make_backup(path, folder=tmp_path / "kept")
    with pytest.raises(StudyInUseError):
        restore_backup(backup, path)


def _companions(path: Path) -> list[str]:
    return sorted(p.name[len(path.name):] for p in path.parent.iterdir()
                  if p.name.startswith(path.name) and p != path)


def test_a_finished_program_leaves_no_lock_file(demo_study, tmp_path):
    path = demo_study.path
    assert _companions(path) == ["-shm", "-wal", ".lock"]
    demo_study.close()
    assert _companions(path) == []
    assert main(["codes", str(path), "--json"]) == 0
    assert _companions(path) == []
    root = Path(__file__).resolve().parents[2]
    ended = subprocess.run([sys.executable, "-c", "import sys; from coder import Study; Study.open(sys.argv[1])",
                            str(path)], env=dict(os.environ, PYTHONPATH=str(root)), capture_output=True)
    assert ended.returncode == 0, ended.stderr
    assert ".lock" not in _companions(path)  # a program that never closed the study: removed at exit


def test_a_crashed_holders_lock_file_blocks_no_one(held):
    path, proc = held
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (path.parent / (path.name + ".lock")).exists()  # left behind, but no longer locked
    with Study.open(path) as study:
        study.codes.add_code(path="After the crash")
    assert not (path.parent / (path.name + ".lock")).exists()


def test_a_lock_file_removed_while_waiting_is_taken_afresh(demo_study, monkeypatch):
    """The holder removes its lock file as it lets go; a program that opened the old file and
    then got the lock must not keep a file no one else can see: it takes the one at the path."""
    from coder.store import lock

    path = demo_study.path
    demo_study.close()
    target = lock.lock_path(path)
    real_try = lock._try_lock
    swapped = []

    def try_after_the_holder_left(fd: int) -> bool:
        if not swapped:  # between our open and our lock: the old file goes, a new one comes
            swapped.append(os.fstat(fd).st_ino)
            target.unlink()
            target.write_text("")
        return real_try(fd)

    target.write_text("")
    monkeypatch.setattr(lock, "_try_lock", try_after_the_holder_left)
    with Study.open(path):
        held_fd = lock._HELD[os.path.realpath(path)].beside[0]
        assert os.fstat(held_fd).st_ino == os.stat(target).st_ino != swapped[0]
