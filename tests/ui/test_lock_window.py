"""A study another program is writing opens read-only in the window, when the user chooses so."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from ui.main_window import open_or_ask

from .conftest import answer_modal

HOLD = ("import sys, time; from coder import Study; s = Study.open(sys.argv[1]); print('ready', flush=True); "
        "time.sleep(60)")


def test_a_held_study_opens_read_only_on_request(window, qtbot, tmp_path, demo_study_file):
    import shutil

    other = tmp_path / "held.casecoder"
    shutil.copy(demo_study_file[0], other)
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(other)], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=str(root)))
    try:
        assert proc.stdout.readline().strip() == "ready"

        def choose_read_only(box: QMessageBox) -> None:
            assert "another CaseCoder window" in box.text()
            next(b for b in box.buttons() if b.text() == "Open read-only").click()

        answer_modal(qtbot, choose_read_only, QMessageBox)
        study = open_or_ask(window, str(other))
        assert study is not None and study.read_only
        window.switch_to(study)
        assert "(read-only)" in window.windowTitle()
    finally:
        proc.kill()
        proc.wait()
