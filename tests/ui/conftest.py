"""Fixtures for window tests: the real main window on a copy of the demo study, on the tests'
own virtual screen (tests/screen.py), at the default size or a 1366×768 laptop's.

Any Python exception raised inside a Qt slot, event handler or model method fails the test that
caused it: pytest-qt's exception capture is on for every test here (a test may not turn it off),
and an exception in a Python thread is an error too (pyproject.toml's filterwarnings)."""

from __future__ import annotations

import gc
import shutil

import pytest
from PySide6.QtCore import QEvent, QSettings, QThread, QTimer
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
    _OPEN.append(win)
    if size:
        win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.apply_default_layout()
    QApplication.processEvents()
    return win


_OPEN: list = []  # windows opened by this test, closed at its end if it did not


def close_window(win) -> None:
    import shiboken6

    if win in _OPEN:
        _OPEN.remove(win)
    if not shiboken6.isValid(win):
        return
    # a backup or analysis still running ends here, not in a later test (whose Qt messages it
    # would fail with "current thread's event dispatcher has already been destroyed")
    for thread in win.findChildren(QThread):
        thread.wait(60000)
    QApplication.processEvents()
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


_ANSWERS: list[list[int]] = []  # the waits of this test's answer_modal calls


def answer_modal(qtbot, handle, kind=None, timeout_ms: int = 30000) -> None:
    """Run `handle(dialog)` on the next modal dialog or popup menu (of class `kind`, if given),
    as a user would answer it. A wait ends with its test: it never answers another test's dialog."""
    waited = [0]
    _ANSWERS.append(waited)

    def poll() -> None:
        if waited[0] < 0:  # its test has ended
            return
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


@pytest.fixture(autouse=True)
def _no_dialog_outlives_its_test():
    """End this test's waits for dialogs, and fail (rather than hang) when a modal dialog nobody
    answers stays open: after 20 s it is closed and the test fails naming it."""
    stuck: list[str] = []
    seen: dict[int, int] = {}

    def watch() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            seen.clear()
            return
        ticks = seen.get(id(widget), 0) + 1
        seen.clear()
        seen[id(widget)] = ticks
        if ticks >= 40:
            stuck.append(f"{type(widget).__name__} {widget.windowTitle()!r}")
            widget.reject() if hasattr(widget, "reject") else widget.close()

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(500)
    yield
    timer.stop()
    for win in list(_OPEN):
        close_window(win)
    for waited in _ANSWERS:
        waited[0] = -1
    _ANSWERS.clear()
    assert not stuck, f"a modal dialog was left waiting for an answer: {stuck}"
