"""A workspace: one stage of the method (coding, writing memos, comparing, the outline, team
work, the start page) with the panels that stage needs and nothing else.

Each workspace is a QMainWindow of its own inside the main window's stack, so its panels dock,
float, hide and resize independently of the other stages, and its layout is saved and restored
on its own (QSettings `layout/<key>`). Sizes of the default layout are fractions of the screen,
so a laptop and a 4K screen each get a composed first layout, and View > Reset layout brings it
back for the screen the window is on now.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

LAYOUT_VERSION = 1  # raise when a workspace's panels change, so an old saved layout is not forced on it
MIN_PANEL = QSize(160, 90)  # no panel shrinks below this: its title, a line and a scroll bar stay usable


@dataclass
class Panel:
    """A dock of a workspace and where it goes by default: `share` is its part of the
    workspace's width (left/right panels) or height (bottom panels)."""

    dock: QDockWidget
    area: Qt.DockWidgetArea
    share: float
    tab_with: str | None = None  # a panel it shares its place with, as tabs


class Workspace(QMainWindow):
    def __init__(self, key: str, title: str, central: QWidget, description: str) -> None:
        super().__init__()
        self.setWindowFlags(Qt.Widget)  # a page of the main window, not a window of its own
        self.key, self.title, self.description = key, title, description
        self.setObjectName(f"workspace-{key}")
        self.setAccessibleName(f"{title} workspace")
        self.setAccessibleDescription(description)
        self.setDockNestingEnabled(True)
        self.setDockOptions(QMainWindow.AnimatedDocks | QMainWindow.AllowTabbedDocks | QMainWindow.AllowNestedDocks)
        central.setMinimumSize(min(central.minimumWidth(), 320), min(central.minimumHeight(), 200))
        self.setCentralWidget(central)
        self.panels: dict[str, Panel] = {}
        self.needs_layout = True  # laid out when next shown: from saved_state, else afresh
        self.saved_state: QByteArray | None = None

    def add_panel(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea, share: float,
                  tab_with: str | None = None) -> QDockWidget:
        """A panel the user can move, float, close (View > Panels shows it again) and resize;
        `title` may mark its mnemonic with & ("C&omments"), used in View > Panels."""
        label, title = title, title.replace("&", "")
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setMinimumSize(MIN_PANEL)
        dock.setAccessibleName(f"{title} panel")
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                         | QDockWidget.DockWidgetClosable)
        toggle = dock.toggleViewAction()
        toggle.setText(label if "&" in label else f"&{label}")
        toggle.setStatusTip(f"Show or hide the {title} panel")
        toggle.toggled.connect(lambda shown, d=dock: d.raise_() if shown else None)  # shown: in front of its tabs
        self.addDockWidget(area, dock)
        if tab_with:
            self.tabifyDockWidget(self.panels[tab_with].dock, dock)
        self.panels[name] = Panel(dock, area, share, tab_with)
        return dock

    def docks(self) -> list[QDockWidget]:
        return [panel.dock for panel in self.panels.values()]

    # ------------------------------------------------------------------ layouts
    def default_layout(self, screen: QSize) -> None:
        """Every panel back in its place, shown, at its share of the screen this window is on."""
        for panel in self.panels.values():
            panel.dock.setFloating(False)
            if panel.tab_with is None:
                self.addDockWidget(panel.area, panel.dock)
        for panel in self.panels.values():
            if panel.tab_with:
                self.tabifyDockWidget(self.panels[panel.tab_with].dock, panel.dock)
            panel.dock.show()
        for panel in self.panels.values():
            if panel.tab_with is None:
                panel.dock.raise_()
        across = [(p.dock, int(screen.width() * p.share)) for p in self.panels.values()
                  if p.tab_with is None and p.area in (Qt.LeftDockWidgetArea, Qt.RightDockWidgetArea)]
        down = [(p.dock, int(screen.height() * p.share)) for p in self.panels.values()
                if p.tab_with is None and p.area in (Qt.TopDockWidgetArea, Qt.BottomDockWidgetArea)]
        if across:
            self.resizeDocks([d for d, _ in across], [max(MIN_PANEL.width(), w) for _, w in across], Qt.Horizontal)
        if down:
            self.resizeDocks([d for d, _ in down], [max(MIN_PANEL.height(), h) for _, h in down], Qt.Vertical)

    def save_layout(self, settings: QSettings) -> None:
        """Keep this layout for the next start; a workspace not opened this time keeps the one it had."""
        state = self.saved_state if self.needs_layout and self.saved_state is not None \
            else self.saveState(LAYOUT_VERSION)
        settings.setValue(f"layout/{self.key}", state)

    def read_layout(self, settings: QSettings) -> None:
        """The layout this workspace had when the window last closed, applied when it is first
        shown (a page not on screen has no size to share out, and would squeeze its panels)."""
        state = settings.value(f"layout/{self.key}")
        self.saved_state = QByteArray(state) if isinstance(state, QByteArray | bytes) and state else None
        self.needs_layout = True

    def lay_out(self, room: QSize) -> None:
        """On first showing: the saved layout if it still fits these panels, else the default."""
        self.needs_layout = False
        state, self.saved_state = self.saved_state, None
        if state is None or not self.restoreState(state, LAYOUT_VERSION):
            self.default_layout(room)
