"""Fit to selection: a coding's passage changed to the selected words from the transcript's context
menu or the coding margin's, as `casecoder coding resize` changes it; undone with Ctrl+Z."""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu

from . import person


def click_menu(menu: QMenu, *path: str) -> list:
    """Click through an open menu: a submenu by the start of its text, then an item in it. The
    actions passed on the way are returned (to read whether an item was enabled)."""
    passed, top = [], menu
    for name in path:
        person.settle()
        action = next(a for a in menu.actions() if a.text().replace("&", "").startswith(name))
        passed.append(action)
        if not action.isEnabled():  # a person sees it greyed and leaves the menu
            top.close()
            return passed
        QTest.mouseClick(menu, person.LEFT, person.NONE, menu.actionGeometry(action).center())
        person.settle(60)
        if action.menu() is not None:
            assert action.menu().isVisible(), f"submenu {name!r} did not open"
            menu = action.menu()
    return passed


def a_coding(window, name: str = "alder_principal_w1"):
    """A coding of the source (one coder's, not overlapped by another at its start), on screen."""
    study = window.session.study
    window.open_source(study.sources.find(name).id)
    document = window.document
    for coding in document.visible_codings():
        others = [c for c in document.codings_at(coding.start + 1) if c.id != coding.id]
        after = re.search(r"\s\S+", document.text[coding.end:coding.end + 60])
        if not others and coding.end - coding.start < 400 and after:
            return coding, coding.end + after.end()
    raise AssertionError("no coding to fit")


def right_click_text(document, position: int, answer) -> None:
    person.right_click(document.editor.viewport(), person.text_point(document.editor,
                                                                      document.offsets.to_qt(position)), answer)


def test_fit_a_coding_to_the_selection_from_the_text(any_window, qtbot):
    window = any_window
    study = window.session.study
    document = window.document
    coding, wider_end = a_coding(window)
    label = f"{coding.code_path}  ({coding.coder})"
    person.drag_select(document, coding.start, wider_end)  # the passage and the next word
    assert document.selection() == (coding.start, wider_end)
    seen = []
    right_click_text(document, coding.start + 2, lambda menu: seen.extend(click_menu(menu, label, "Fit to selection")))
    qtbot.waitUntil(lambda: study.codings.get(coding.id).end == wider_end)
    fitted = study.codings.get(coding.id)
    assert seen[-1].isEnabled() and (fitted.start, fitted.code_id, fitted.coder) == (coding.start, coding.code_id,
                                                                                       coding.coder)
    assert next(c for c in document.codings if c.id == coding.id).end == wider_end  # the view shows it
    assert study.changelog(1)[0]["op"] == "resize_coding"
    person.press("Ctrl+Z", document.editor)
    assert study.codings.get(coding.id).end == coding.end
    assert next(c for c in document.codings if c.id == coding.id).end == coding.end

    # a selection elsewhere does not overlap the coding: Fit is offered, but not enabled
    far = document.text.index(" ", coding.end + 200) + 1
    person.drag_select(document, far, document.text.index(" ", far + 5))
    seen.clear()
    right_click_text(document, coding.start + 2, lambda menu: seen.extend(click_menu(menu, label, "Fit to selection")))
    assert not seen[-1].isEnabled()
    assert study.codings.get(coding.id).end == coding.end


def test_fit_a_coding_from_its_stripe_in_the_margin(window, qtbot):
    study = window.session.study
    document = window.document
    coding, _ = a_coding(window)
    middle = document.text.index(" ", coding.start + 1) + 1  # the coding without its first word
    person.drag_select(document, middle, coding.end)
    margin = document.margin
    person.settle(60)
    stripe = next(rect for rect, c in margin._rects if c.id == coding.id)
    point = QPoint(stripe.center().x(), min(stripe.bottom() - 2, stripe.top() + 4))
    assert margin.coding_at(point).id == coding.id
    person.right_click(margin, point, lambda menu: click_menu(menu, "Fit to selection"))
    qtbot.waitUntil(lambda: study.codings.get(coding.id).start == middle)
    assert study.codings.get(coding.id).end == coding.end
    person.press("Ctrl+Z", document.editor)
    assert study.codings.get(coding.id).start == coding.start
