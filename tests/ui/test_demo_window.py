"""Help > Open the demo study, as `casecoder demo`: from another study, the demo in the data folder
opens — built first, behind a progress dialog, when it is not there yet."""

from __future__ import annotations

from coder import Study
from ui.app import demo_path

from . import person
from .conftest import close_window, open_window


def test_open_the_demo_study_from_the_help_menu(qtbot, tmp_path, demo_study_file):
    mine = tmp_path / "mine.casecoder"
    Study.create(mine, user="tester").close()
    window = open_window(qtbot, mine, tmp_path)
    assert not demo_path().exists()  # a data folder of this test's own
    person.choose_menu(window, "Help", "Open the demo study")
    qtbot.waitUntil(lambda: window.session.study.path == demo_path(), timeout=60000)
    assert demo_path().exists() and not demo_path().with_suffix(".building").exists()
    study = window.session.study
    assert len(study.sources.all()) == demo_study_file[1]["sources"]
    assert window.windowTitle().startswith("demo")
    assert window.navigator.model.rowCount() == 2 and window.document.source_id is not None

    person.choose_menu(window, "Help", "Open the demo study")  # open already: said, nothing reopened
    assert window.session.study is study
    assert window.statusBar().currentMessage() == "The demo study is the study open now."

    study.sets.add_set(name="Work of mine", kind="source", members=[])  # the demo is the researcher's to use
    close_window(window)
    again = open_window(qtbot, mine, tmp_path)
    person.choose_menu(again, "Help", "Open the demo study")  # built before: opened at once, as it was left
    assert again.session.study.path == demo_path()
    assert [s.name for s in again.session.study.sets.all()] == ["Work of mine"]


def test_the_first_start_s_demo_build_ends_its_thread_before_the_window_opens(qtbot, monkeypatch):
    """On a busy laptop the build's thread can still be finishing after it reported the study
    built; the first start once died there ("QThread: Destroyed while thread is still running")
    because the thread's parent went first. Here the thread lingers after its result, as under load."""
    import time

    from PySide6.QtCore import Qt

    from ui import app, workers

    finished_when_returned = []
    real_run = workers.Worker.run

    def lingering_run(self) -> None:
        real_run(self)
        time.sleep(0.5)  # the result is sent; the thread has not ended yet

    monkeypatch.setattr(workers.Worker, "run", lingering_run)
    started = []
    real_start = workers.Worker.start
    ended = []

    def start(self) -> None:
        started.append(True)
        self.finished.connect(lambda: ended.append(True), Qt.DirectConnection)  # in the thread, as it ends
        real_start(self)

    monkeypatch.setattr(workers.Worker, "start", start)
    path = app.ensure_demo_with_progress()
    finished_when_returned.append(len(ended) == len(started))
    assert path == demo_path() and path.exists()
    assert started and finished_when_returned == [True]
