"""An unexpected error in the window: logged in the data folder, shown once with the log's path
and a copy button, and the window and the study carry on as the last whole action left them."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from coder.store.errorlog import log_path
from ui.crash import CrashReporter

from . import person


def raise_in_an_action(window, study):
    """A coding action that fails half-way through: the operation raises after writing."""
    real = study.codings.apply_code

    def broken(**kwargs):
        with study.operation("apply_code", "Apply code"):
            real(**kwargs)
            raise RuntimeError("a bug after the coding was written")

    return broken


def test_an_unexpected_error_is_logged_shown_once_and_the_window_goes_on(window, qtbot, monkeypatch):
    reporter = CrashReporter()
    study = window.session.study
    before = study.dump()
    monkeypatch.setattr(study.codings, "apply_code", raise_in_an_action(window, study))
    start, end = person.select_phrase(window.document, window.document.text.split()[3])
    code = study.codes.find("Context")
    try:
        window.apply_code(code.id)
    except RuntimeError:
        reporter.handle(*sys.exc_info())  # what Python calls for an exception nobody caught
    assert study.dump() == before  # the half-done action left nothing
    box = reporter.box
    assert box.isVisible() and str(log_path()) in box.informativeText()
    assert "a bug after the coding was written" in log_path().read_text(encoding="utf-8")
    copy = next(b for b in box.findChildren(QPushButton) if b.text() == "Copy details")
    person.click_at(copy)
    assert "RuntimeError" in QApplication.clipboard().text()
    assert box.isVisible()  # copying keeps the message open
    box.close()
    try:  # the same fault again: logged, not shown again
        window.apply_code(code.id)
    except RuntimeError:
        reporter.handle(*sys.exc_info())
    assert len(reporter.shown) == 1
    assert log_path().read_text(encoding="utf-8").count("a bug after the coding was written") >= 2
    monkeypatch.undo()
    window.apply_code(code.id)  # and the window keeps working
    assert any(c.start == start and c.coder == "tester" for c in study.codings.for_source(window.document.source_id))
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
