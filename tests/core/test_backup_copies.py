"""Backups belong to one study file: two copies of a study under one file name (a file manager's
copy, `casecoder copy`) never rotate, list or restore each other's backups unless told; a backup
of a newer schema is refused; folders of earlier versions are still read."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from coder import Study
from coder.cli import main
from coder.store.backup import KEEP, _legacy_dir, list_backups, make_backup, restore_backup
from coder.store.copies import identity_here
from coder.store.errors import CaseCoderError, NewerStudyError


@pytest.fixture
def two_copies(demo_study_file, tmp_path):
    """The same study under the same file name in two folders: B copied from A by the file manager."""
    a = tmp_path / "mine" / "study.casecoder"
    b = tmp_path / "laptop" / "study.casecoder"
    a.parent.mkdir()
    b.parent.mkdir()
    shutil.copy(demo_study_file[0], a)
    with Study.open(a) as study:
        study.codes.add_code(path="Only in A")
    shutil.copy(a, b)
    with Study.open(b) as study:
        study.codes.add_code(path="Only in B")
    return a, b


def _codes(path) -> set[str]:
    with Study.open(path, read_only=True) as study:
        return {c.name for c in study.codes.all()}


def test_copies_of_one_name_keep_their_own_backups(two_copies):
    a, b = two_copies
    mine = [make_backup(a) for _ in range(3)]
    theirs = [make_backup(b) for _ in range(KEEP)]
    assert all(p.exists() for p in mine)  # B's ten did not rotate A's three away
    assert [x["path"] for x in list_backups(a)] == mine[::-1]
    assert [x["path"] for x in list_backups(b)] == theirs[::-1]
    assert mine[0].parent != theirs[0].parent


def test_a_backup_of_another_copy_is_refused_unless_asked_for(two_copies, capsys):
    a, b = two_copies
    with Study.open(a, read_only=True) as study:
        before = study.dump()
    theirs = make_backup(b)
    with pytest.raises(CaseCoderError, match="another copy of this study"):
        restore_backup(theirs, a)
    with Study.open(a, read_only=True) as study:
        assert study.dump() == before
    assert main(["backup", str(a), "--restore", str(theirs)]) == 1
    err = capsys.readouterr().err
    assert "another copy" in err and "--any-copy" in err
    identity = _identity(a)
    assert main(["backup", str(a), "--restore", str(theirs), "--any-copy"]) == 0
    assert "Only in B" in _codes(a)
    assert _identity(a) == identity  # A's work restored from B stays A's: it is still its own copy


def _identity(path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        return identity_here(conn, path)
    finally:
        conn.close()


def test_a_copy_made_by_casecoder_copy_backs_up_on_its_own(demo_study_file, tmp_path):
    a = tmp_path / "one" / "study.casecoder"
    a.parent.mkdir()
    shutil.copy(demo_study_file[0], a)
    b = tmp_path / "two" / "study.casecoder"
    b.parent.mkdir()
    assert main(["copy", str(a), str(b), "--as", "ben"]) == 0
    first = make_backup(a)
    second = make_backup(b)
    assert first.parent != second.parent
    assert [x["path"] for x in list_backups(b)] == [second]


def test_backups_in_a_folder_of_an_earlier_version_still_count(two_copies):
    a, b = two_copies
    with Study.open(a, read_only=True) as study:
        study_id = study.study_id
    legacy = _legacy_dir(a, study_id)  # how earlier versions named the folder: file name and study id
    make_backup(a)  # A takes its identity
    old_a = make_backup(a, folder=legacy)
    make_backup(b)
    old_b = make_backup(b, folder=legacy)
    assert old_a in [x["path"] for x in list_backups(a)]
    assert old_b not in [x["path"] for x in list_backups(a)]
    assert old_b in [x["path"] for x in list_backups(b)]
    restore_backup(old_a, a)  # its own, from the old folder


def test_a_backup_of_a_newer_schema_is_refused(demo_study, capsys):
    path = demo_study.path
    before = demo_study.dump()
    backup = make_backup(path)
    conn = sqlite3.connect(backup)
    with conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.close()
    demo_study.close()
    with pytest.raises(NewerStudyError, match="newer CaseCoder"):
        restore_backup(backup, path)
    assert main(["backup", str(path), "--restore", str(backup)]) == 1
    err = capsys.readouterr().err
    assert "schema 99" in err and "Nothing was restored" in err and "Traceback" not in err
    with Study.open(path) as study:
        assert study.dump() == before
