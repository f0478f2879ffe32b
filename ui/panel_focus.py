"""F6 and Shift+F6: the keyboard goes from panel to panel of the workspace in front, in the order
they sit on screen (left to right, top to bottom), as in Word, Visual Studio and Qt Creator."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabBar, QWidget


def panels_in_order(workspace) -> list[QWidget]:
    """The central view and every visible panel, by their place on screen."""
    shown = [workspace.centralWidget()] + [d.widget() for d in workspace.docks()
                                             if d.isVisible() and not d.visibleRegion().isEmpty()]

    def place(widget: QWidget) -> tuple[int, int]:
        at = widget.mapTo(workspace, widget.rect().topLeft())
        return at.y() // 120, at.x()  # a row of panels side by side, then the row below

    return sorted(shown, key=place)


def focus_into(widget: QWidget) -> bool:
    """Give the keyboard to a panel: the control in it that had it last, else its first control."""
    candidates = [widget] + widget.findChildren(QWidget)
    candidates.sort(key=lambda w: isinstance(w, QTabBar))  # the panel's content before its tabs
    for candidate in candidates:
        if (candidate.isVisible() and candidate.isEnabled() and candidate.focusPolicy() & Qt.TabFocus
                and not candidate.visibleRegion().isEmpty()):
            candidate.setFocus(Qt.ShortcutFocusReason)
            return True
    return False


def cycle_panels(window, step: int) -> None:
    workspace = window.current_workspace()
    panels = panels_in_order(workspace)
    if not panels:
        return
    focused = QApplication.focusWidget()
    here = next((i for i, p in enumerate(panels) if focused is not None and (p is focused or p.isAncestorOf(focused))),
                -1 if step > 0 else 0)
    for k in range(1, len(panels) + 1):
        target = panels[(here + step * k) % len(panels)]
        if focus_into(target):
            title = next((d.windowTitle() for d in workspace.docks() if d.widget() is target),
                         target.accessibleName() or workspace.title)
            window.statusBar().showMessage(f"{title} panel", 2000)
            return
