"""A newcomer's first start: the demo opens on a coded passage, and asks who is coding (one of
the demo's researchers is offered); later starts open where the reader left off."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from coder.store.settings import coder_name, coder_name_is_set
from ui.app import demo_path, run_app
from ui.dialogs.who_is_coding import WhoIsCodingDialog
from ui.main_window import MainWindow

from . import person
from .conftest import answer_modal, open_window


def visible(document, coding) -> bool:
    low, high = document.visible_range()
    return low <= coding.start < high


def test_the_first_start_opens_the_demo_on_a_coded_passage_and_asks_who_is_coding(qtbot, demo_study_file):
    demo_path().parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(demo_study_file[0], demo_path())  # as the first start builds it
    assert not coder_name_is_set()
    seen = {}

    def answer(dialog: WhoIsCodingDialog) -> None:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        document = window.document
        seen["coder before"] = window.session.coder
        seen["offered"] = [dialog.name.itemText(i) for i in range(dialog.name.count())]
        chosen = next(c for c in document.codings if c.id == document.selected_coding)
        seen["shows a coding"] = visible(document, chosen)
        dialog.name.lineEdit().selectAll()
        person.type_text("lindqvist", dialog.name.lineEdit())
        person.press("Return", dialog.name.lineEdit())
        QTimer.singleShot(50, window.close)

    answer_modal(qtbot, answer, WhoIsCodingDialog)
    assert run_app([]) == 0
    assert seen["coder before"] == "okafor"  # a demo researcher, not the login name
    assert {"okafor", "lindqvist"} <= set(seen["offered"])
    assert seen["shows a coding"]
    assert coder_name() == "lindqvist" and coder_name_is_set()


def test_a_study_opens_where_its_reader_left_it(qtbot, demo_study_file, tmp_path):
    copy = tmp_path / "demo.casecoder"
    shutil.copy(demo_study_file[0], copy)
    window = open_window(qtbot, copy, tmp_path)
    document = window.document
    assert document.selected_coding and visible(document, next(c for c in document.codings
                                                                if c.id == document.selected_coding))
    window.restore = True
    study = window.session.study
    target = study.sources.find("cedar_principal_w2")
    window.open_source(target.id)
    document.scroll_to(len(document.text) // 2)
    top = document.visible_range()[0]
    first = window
    first.close()  # the position is kept as the window closes
    first.session.study.close()
    window = open_window(qtbot, copy, tmp_path)
    window.restore = True
    window.open_start_position()
    assert window.document.source_id == target.id
    assert abs(window.document.visible_range()[0] - top) < 200
    for each in (first, window):
        each.close()
        each.session.undo_stack.clear()
        each.session.study.close()


def test_settings_file_is_the_one_the_window_used(tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    assert settings.fileName().endswith("settings.ini")


def test_the_welcome_names_the_demo_researchers_only_on_the_demo(qtbot):
    """A first start may open any study: the welcome offers that study's own coders."""
    from PySide6.QtWidgets import QLabel

    from ui.dialogs.who_is_coding import WhoIsCodingDialog

    def said(offered: list[str]) -> str:
        dialog = WhoIsCodingDialog("ana", offered, first_start=True)
        qtbot.addWidget(dialog)
        return dialog.findChild(QLabel).text()

    assert "demo study" in said(["lindqvist", "okafor"])
    own = said(["bench"])
    assert "demo" not in own and "one of this study's coders" in own
    assert "Type your name" in said([])
