"""The window's workspaces, one per stage of the method, and the bar down the left that switches
them (as Qt Creator's modes): Start, Code, Memos, Compare, Outline, Team, on Ctrl+1…6.

Each workspace holds the panels its stage needs and only those, so a 1366×768 laptop shows the
transcript beside the codebook while coding and the memo beside its evidence while writing,
never every panel at once. The panels are built once (ui/coding, ui/memos, …) and each belongs to
exactly one workspace."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QStackedWidget, QStyle, QTabWidget, QToolBar, QToolButton

from .workspace import Workspace

LEFT, RIGHT, BOTTOM = Qt.LeftDockWidgetArea, Qt.RightDockWidgetArea, Qt.BottomDockWidgetArea

# key, title, shortcut, icon, what it is for
WORKSPACES = (
    ("start", "Start", "Ctrl+1", QStyle.SP_DirHomeIcon,
     "Recent studies, a new study, the demo, a project to import, and what changed since you were last here"),
    ("code", "Code", "Ctrl+2", QStyle.SP_FileDialogContentsView,
     "Sources, the transcript, the codebook and the data runs: read and code"),
    ("memos", "Memos", "Ctrl+3", QStyle.SP_FileDialogDetailedView,
     "The memo list, the memo editor, the evidence for the section under the cursor and the comments"),
    ("compare", "Compare", "Ctrl+4", QStyle.SP_FileDialogListView,
     "Pattern tables and codes by site: compare across sites, roles and waves"),
    ("outline", "Outline", "Ctrl+5", QStyle.SP_FileDialogInfoView,
     "The cross-site outline: themes and claims with their checks and evidence"),
    ("team", "Team", "Ctrl+6", QStyle.SP_DriveNetIcon,
     "Exchange work with teammates, decide conflicts, compare coders"),
)

# what `show_view` names (the views of the command line's --view and older code) → where it lives
VIEW_PLACES = {"coding": ("code", None), "heatmap": ("compare", "heatmap"), "memo": ("memos", None),
               "outline": ("outline", None), "matrix": ("compare", "patterns"), "team": ("team", None),
               "start": ("start", None), "crosstab": ("compare", "crosstab"), "espoused": ("compare", "espoused")}


def build_workspaces(w) -> None:
    """Assemble the workspaces from the window's panels; the window keeps its old names for
    them (w.left_dock, w.bottom_tabs, …) so every handler still finds its panel."""
    from .start.start_page import StartPage
    from .team.team_page import TeamPage

    w.stack = QStackedWidget()
    w.workspaces = {}
    w.start_page = StartPage(w)
    w.team_page = TeamPage(w)

    start = _add(w, "start", w.start_page)
    del start  # the Start page has no panels: it is one page

    code = _add(w, "code", w.document)
    w.left_dock = code.add_panel("navigator", "Study", w.navigator, LEFT, 0.23)
    w.right_dock = code.add_panel("codebook", "Codebook", w.codebook, RIGHT, 0.25)
    w.bottom_dock = code.add_panel("retrieval", "Retrieval", w.bottom_tabs, BOTTOM, 0.31)

    memos = _add(w, "memos", w.memo_panel)
    panel = w.memo_panel
    memos.add_panel("memo_list", "Memos", panel.memo_list, LEFT, 0.17)
    w.evidence_dock = memos.add_panel("evidence", "Evidence", panel.evidence_pane, RIGHT, 0.33)
    memos.add_panel("comments", "C&omments", panel.comments_pane, RIGHT, 0.34, tab_with="evidence")
    memos.add_panel("completeness", "Com&pleteness", panel.completeness, RIGHT, 0.34, tab_with="evidence")

    w.compare_tabs = QTabWidget()
    w.compare_tabs.setDocumentMode(True)
    w.compare_tabs.addTab(w.pattern_panel, "&Pattern tables")
    w.compare_tabs.addTab(w.heatmap, "Codes by &site")
    w.compare_tabs.addTab(w.crosstab_panel, "C&rosstab")
    w.compare_tabs.addTab(w.cooccur_panel, "Co-&occurrence")
    w.compare_tabs.addTab(w.words_panel, "&Words")
    w.compare_tabs.addTab(w.espoused_panel, "&Espoused vs enacted")
    w.compare_tabs.setAccessibleName("Compare views: pattern tables, codes by site, crosstab, co-occurrence, words, "
                                     "espoused vs enacted")
    _add(w, "compare", w.compare_tabs)
    _add(w, "outline", w.outline_panel)
    _add(w, "team", w.team_page)
    w.addToolBar(Qt.LeftToolBarArea, _mode_bar(w))
    w.setCentralWidget(w.stack)
    name_views(w)


# the views a screen reader names by what they hold (controls with a text or a label are
# named from it by ui/widgets/accessible.py)
VIEW_NAMES = (
    ("document", "Transcript", "The open source with its codings and their stripes in the margin"),
    ("memo_panel", "Memo", "The memo being written, with its review status"),
    ("outline_panel", "Cross-site outline", "Themes and claims, their checks and evidence"),
    ("document.editor", "Transcript text", "The open source; select words and apply a code"),
    ("navigator.tree", "Sources by district and site", "Double-click a source to open it"),
    ("navigator.attributes", "Attributes of the chosen source or site", "Double-click a value to edit it"),
    ("codebook.tree", "Codebook", "Double-click or drag a code onto selected text to code it"),
    ("runs.codes", "Codes of the data run", "Tick the codes whose segments the run pulls"),
    ("runs.table", "Data run results", "Double-click a segment to open it in its source"),
    ("search.table", "Search results", "Double-click a match to open it in its source"),
    ("detached.list", "Detached codings", "Codings whose words a text correction deleted"),
    ("memo_panel.editor.edit", "Memo text", "The memo in Markdown; the section under the cursor picks the evidence"),
    ("memo_panel.evidence", "Evidence for this section", "Double-click a segment to quote it"),
    ("memo_panel.comments", "Comments", "Reviewers' comments; click one to show its text"),
    ("pattern_panel.grid", "Pattern table", "Sites down, columns across; click a cell for its data"),
    ("heatmap.table", "Codes by site", "Coded passages per site; double-click a cell for its data run"),
    ("outline_panel.tree", "Themes and claims", "The cross-site outline; choose a claim to see its evidence"),
    ("outline_panel.evidence", "Evidence of the chosen claim", "Double-click a passage to open it"),
    ("outline_panel.theme_codes", "Codes linked to the theme", "The codes whose passages the theme draws on"),
    ("team_page.conflicts.table", "Conflicts to decide", "Choose a conflict to see its choices"),
)


def name_views(w) -> None:
    for path, name, description in VIEW_NAMES:
        widget = w
        for part in path.split("."):
            widget = getattr(widget, part, None)
        if widget is not None:
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(description)


def _add(w, key: str, central) -> Workspace:
    title, description = next((t, d) for k, t, _s, _i, d in WORKSPACES if k == key)
    workspace = Workspace(key, title, central, description)
    w.workspaces[key] = workspace
    w.stack.addWidget(workspace)
    return workspace


def _mode_bar(w) -> QToolBar:
    """The bar of workspaces: a button each, text under its icon, one checked."""
    bar = QToolBar("Workspaces")
    bar.setObjectName("workspaces")
    bar.setAccessibleName("Workspaces")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setToolButtonStyle(Qt.ToolButtonTextUnderIcon)
    size = w.style().pixelMetric(QStyle.PM_ToolBarIconSize)  # scales with the screen's DPI
    bar.setIconSize(QSize(size, size))
    bar.toggleViewAction().setEnabled(False)  # the way between stages stays on screen
    group = QActionGroup(w)
    group.setExclusive(True)
    w.workspace_actions = {}
    for key, title, keys, icon, tip in WORKSPACES:
        action = QAction(w.style().standardIcon(icon), title, w)
        action.setCheckable(True)
        action.setShortcut(QKeySequence(keys))
        action.setToolTip(f"{title} ({QKeySequence(keys).toString(QKeySequence.NativeText)}): {tip}")
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False, k=key: w.show_workspace(k))
        group.addAction(action)
        bar.addAction(action)
        w.addAction(action)
        w.workspace_actions[key] = action
        button = bar.widgetForAction(action)
        if isinstance(button, QToolButton):
            button.setAccessibleName(f"{title} workspace")
            button.setAccessibleDescription(tip)
            button.setMinimumWidth(64)
    return bar
