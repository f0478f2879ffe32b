"""Backups in the window: one when the study opens, and File > Restore from backup… going back to
it (the study as it was backed up first)."""

from __future__ import annotations

from coder.store.backup import list_backups
from ui.backups import restore_from_backup


def test_open_backs_up_and_restore_goes_back(window, qtbot):
    qtbot.waitUntil(lambda: window.auto_backup.worker is None and bool(window.auto_backup.last), timeout=20000)
    study = window.session.study
    backups = list_backups(study.path)
    assert len(backups) == 1
    code = study.codes.all()[0]
    old_name = code.name
    window.session.run_op(study.codes.rename_code, code_id=code.id, name="Renamed after the backup")
    label = f"{backups[0]['at'].replace('T', ' ')}  ({backups[0]['bytes'] / 1e6:.1f} MB)  {backups[0]['path'].name}"
    assert restore_from_backup(window, choice=label)
    qtbot.waitUntil(lambda: window.auto_backup.worker is None, timeout=20000)
    assert window.session.study.codes.get(code.id).name == old_name
    assert any("before restore" in b["path"].name for b in list_backups(window.session.study.path))
