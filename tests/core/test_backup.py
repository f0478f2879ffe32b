"""Backups: rotating copies written whole, a restore that can itself be undone, a copy kept
before every schema upgrade, and a backup of another study refused."""

from __future__ import annotations

import json

import pytest

from coder import Study
from coder.cli import main
from coder.store.backup import list_backups, make_backup, restore_backup
from coder.store.errors import CaseCoderError


def test_backups_rotate_and_restore(demo_study):
    path = demo_study.path
    first = make_backup(path, keep=3)
    assert _opened(first, path.parent).dump() == demo_study.dump()
    kept = make_backup(path, folder=path.parent / "kept")  # a folder of one's own: never rotated
    code = demo_study.codes.all()[0]
    demo_study.codes.rename_code(code_id=code.id, name="Renamed after the backup")
    for _ in range(4):
        make_backup(path, keep=3)
    assert len(list_backups(path)) == 3 and not first.exists()
    demo_study.close()
    restore_backup(kept, path)
    with Study.open(path) as restored:
        assert restored.codes.get(code.id).name != "Renamed after the backup"
    # the restore backed up what it replaced: the rename is there
    latest = list_backups(path)[0]["path"]
    assert "before restore" in latest.name
    assert _opened(latest, path.parent).codes.get(code.id).name == "Renamed after the backup"


def _opened(backup, folder):
    """A backup opened as a study, through a copy (opening a study file converts it to WAL)."""
    import shutil

    copy = folder / f"opened-{backup.name}"
    shutil.copy(backup, copy)
    return Study.open(copy)


def test_a_large_study_keeps_fewer_backups(demo_study, monkeypatch):
    import coder.store.backup as backup

    size = demo_study.path.stat().st_size
    monkeypatch.setattr(backup, "BUDGET", int(size * 3.5))
    for _ in range(6):
        make_backup(demo_study.path)
    assert len(list_backups(demo_study.path)) == 3  # the newest that fit, never fewer than two


def test_a_backup_of_another_study_is_refused(demo_study, tmp_path):
    other = tmp_path / "other.casecoder"
    Study.create(other).close()
    foreign = make_backup(other)
    path = demo_study.path
    before = demo_study.dump()
    demo_study.close()
    with pytest.raises(CaseCoderError, match="another study"):
        restore_backup(foreign, path)
    with Study.open(path) as study:
        assert study.dump() == before


def test_command_line_backup_list_and_restore(demo_study, tmp_path, capsys):
    path = str(demo_study.path)
    demo_study.close()
    assert main(["backup", path, "--json"]) == 0
    made = json.loads(capsys.readouterr().out)["backup"]
    assert main(["backup", path, "--list", "--json"]) == 0
    assert [b["path"] for b in json.loads(capsys.readouterr().out)] == [made]
    assert main(["backup", path, "--restore", made]) == 0
    assert "restored" in capsys.readouterr().out


def test_an_upgrade_keeps_the_study_as_it_was(tmp_path):
    import sqlite3

    from coder.store.schema import SCHEMA_VERSION, create_schema

    old = tmp_path / "old.casecoder"
    conn = sqlite3.connect(old)
    from coder.store.database import connect

    conn.close()
    conn = connect(old)
    create_schema(conn, SCHEMA_VERSION - 1)
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                     [("app", "casecoder"), ("schema_version", str(SCHEMA_VERSION - 1)), ("study_id", "x" * 36)])
    conn.commit()
    conn.close()
    Study.open(old).close()
    kept = [b["path"] for b in list_backups(old)]
    assert len(kept) == 1 and "before upgrade" in kept[0].name
    check = sqlite3.connect(kept[0])
    assert check.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION - 1)
    check.close()


def test_command_line_copy_is_whole_while_the_study_is_open(demo_study, tmp_path, capsys):
    code = demo_study.codes.add_code(path="Written just now").result  # still in the write-ahead log
    assert main(["copy", str(demo_study.path), str(tmp_path / "copy.casecoder")]) == 0
    with Study.open(tmp_path / "copy.casecoder") as copy:
        assert copy.codes.get(code) and copy.study_id == demo_study.study_id
    assert main(["copy", str(demo_study.path), str(tmp_path / "copy.casecoder")]) == 1  # never over a file


def test_a_checkpoint_puts_the_work_in_the_file_itself(demo_study, tmp_path):
    import shutil

    code = demo_study.codes.add_code(path="Written just now").result
    demo_study.checkpoint()
    copy = tmp_path / "copied-by-a-file-manager.casecoder"
    shutil.copy(demo_study.path, copy)  # the file alone, as a file manager copies it
    with Study.open(copy) as other:
        assert other.codes.get(code)
