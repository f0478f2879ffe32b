"""Fixtures for window tests: the real main window on a copy of the demo study, on the tests'
own virtual screen (tests/screen.py), at the default size or a 1366×768 laptop's.

Any Python exception raised inside a Qt slot, event handler or model method fails the test that
caused it: pytest-qt's exception capture is on for every test here (a test may not turn it off),
and an exception in a Python thread is an error too (pyproject.toml's filterwarnings)."""

from __future__ import annotations

import gc
import shutil

import pytest
from PySide6.QtCore import QEvent, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from coder import Study
from ui.main_window import MainWindow
from ui.session import StudySession
from ui.style import apply_style

LAPTOP = (1366, 768)


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if item.get_closest_marker("qt_no_exception_capture"):
            raise pytest.UsageError(f"{item.nodeid}: window tests may not turn off exception capture")


def open_window(qtbot, path, tmp_path, size: tuple[int, int] | None = None) -> MainWindow:
    """The main window on a study file, shown, active and laid out, as after a start."""
    apply_style(QApplication.instance())
    session = StudySession(Study.open(path, user="tester"))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    win = MainWindow(session, settings, restore=False)
    qtbot.addWidget(win)
    if size:
        win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.apply_default_layout()
    QApplication.processEvents()
    return win


def close_window(win) -> None:
    win.close()
    win.session.undo_stack.clear()  # the stack owns the mirrored steps: free them before the window goes
    win.session.study.close()
    # delete the window now, not at interpreter exit, when Qt and Python tear down in no set order
    win.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    QApplication.processEvents()
    gc.collect()


@pytest.fixture
def window(qtbot, demo_study_file, tmp_path):
    copy = tmp_path / "demo.casecoder"
    shutil.copy(demo_study_file[0], copy)
    win = open_window(qtbot, copy, tmp_path)
    yield win
    close_window(win)


@pytest.fixture(params=["default", "laptop"])
def any_window(request, qtbot, demo_study_file, tmp_path):
    """The window at the default size and at a 1366×768 laptop's: the main workflows run on both."""
    copy = tmp_path / "demo.casecoder"
    shutil.copy(demo_study_file[0], copy)
    win = open_window(qtbot, copy, tmp_path, LAPTOP if request.param == "laptop" else None)
    yield win
    close_window(win)


def answer_modal(qtbot, handle, kind=None, timeout_ms: int = 30000) -> None:
    """Run `handle(dialog)` on the next modal dialog or popup menu (of class `kind`, if given),
    as a user would answer it."""
    waited = [0]

    def poll() -> None:
        widget = QApplication.activeModalWidget() or QApplication.activePopupWidget()
        if widget is None or (kind is not None and not isinstance(widget, kind)):
            waited[0] += 20
            if waited[0] < timeout_ms:
                QTimer.singleShot(20, poll)
            return
        handle(widget)

    QTimer.singleShot(20, poll)


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch):
    """A warning box offscreen would wait for a click forever: record it instead, and fail the
    test with its text unless the test reads them (it takes `message_boxes` and clears it)."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def record(_parent, _title, text, *args, **kwargs):
        shown.append(text)
        return QMessageBox.Ok

    monkeypatch.setattr(QMessageBox, "warning", record)
    monkeypatch.setattr(QMessageBox, "critical", record)
    yield shown
    assert not shown, f"a message box was shown: {shown}"
