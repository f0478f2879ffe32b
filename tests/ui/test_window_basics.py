"""House rules for the window: documented actions, sound Qt models, settings, screenshots."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from PySide6.QtGui import QImage

from tests.conftest import ROOT
from ui.menus import shortcut_rows


def test_every_menu_action_has_a_status_tip(window):
    missing = []
    for menu in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu())):
        for action in menu.actions():
            if action.isSeparator() or action.menu() is not None or not action.isVisible():
                continue
            if menu is window.recent_menu:
                continue
            if not action.statusTip():
                missing.append(action.text())
    assert not missing


def test_shortcuts_are_listed_and_unique(window):
    rows = shortcut_rows(window)
    names = [name for name, _ in rows]
    assert "Undo" in names and "Find in study" in names and "In-vivo code" in names
    keys = [k for _, ks in rows for k in ks.split(", ")]
    assert len(keys) == len(set(keys)), "two actions share a shortcut"


def test_models_pass_the_model_tester(window, qtmodeltester):
    window.runs.set_codes([window.session.study.codes.find("Context").id])
    window.runs.run()
    qtmodeltester.check(window.runs.table.segments)
    qtmodeltester.check(window.codebook.model)
    qtmodeltester.check(window.navigator.model)


def test_font_size_is_remembered(window, qtbot):
    size = window.document.editor.font().pointSize()
    next(a for a in window.actions() if a.text() == "&Larger text").trigger()
    assert window.document.editor.font().pointSize() == size + 1
    assert int(window.settings.value("font/size")) == size + 1


def test_screenshot_command_writes_the_window(tmp_path, demo_study_file):
    """The window's program run to its end: the picture written, and no lock file or write-ahead
    log left beside the study (a finished program closes what it opened)."""
    out = tmp_path / "shot.png"
    study = tmp_path / "demo.casecoder"
    shutil.copy(demo_study_file[0], study)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CASECODER_DATA_DIR": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--screenshot", str(out), "--view", "heatmap",
                             str(study)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("demo.casecoder")] == ["demo.casecoder"]
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)  # a laptop, as the README shows it


def test_the_window_fits_a_laptop_screen():
    from PySide6.QtCore import QSize

    from ui.main_window import fitted_size

    assert fitted_size(QSize(1366, 738)) == (1366, 738)  # a 1366×768 laptop less its panel
    assert fitted_size(QSize(2560, 1400)) == (1400, 900)
    assert fitted_size(QSize(1280, 800), (1500, 700)) == (1280, 700)  # a remembered size, on a smaller screen


def test_the_window_opens_within_the_screen(window):
    free = window.screen().availableGeometry()
    assert window.width() <= free.width() and window.height() <= free.height()
