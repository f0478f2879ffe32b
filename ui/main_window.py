"""The main window: navigator (left), transcript or heat map (centre), codebook (right), data
runs / search / detached codings (bottom). It listens to one signal, changes_applied, and
refreshes only what each change concerns."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget

from coder.coding.codings import SINGLE_CODING_OPS
from coder.store.lock import cloud_folder

from .background import BackgroundAnalysis
from .backups import AutoBackup
from .coding.codebook_panel import CodebookPanel
from .coding.coding_actions import CodingActions
from .coding.detached_panel import DetachedPanel
from .coding.document_view import DocumentView
from .coding.navigator import Navigator
from .coding.reading import Reading
from .coding.runs_panel import RunsPanel
from .coding.search_panel import SearchPanel
from .compare.cooccur_panel import CooccurPanel
from .compare.crosstab_panel import CrosstabPanel
from .compare.espoused_panel import EspousedPanel
from .compare.heatmap import HeatmapView
from .compare.pattern_panel import PatternPanel
from .compare.words_panel import WordsPanel
from .memos.memo_panel import MemoPanel
from .menus import build_menus
from .outline.outline_panel import OutlinePanel
from .start.start_page import now_utc, seen_key
from .study_files import StudyFiles, open_or_ask, recent_studies, remember_recent  # noqa: F401 - where callers import them
from .study_tools import StudyTools
from .widgets.accessible import name_controls
from .widgets.eliding import elide_names
from .widgets.results import clear_results, prune_results
from .widgets.splitters import remember_splitters
from .workspaces import VIEW_PLACES, build_workspaces

VIEWS = tuple(VIEW_PLACES)


class MainWindow(CodingActions, Reading, StudyFiles, StudyTools, QMainWindow):
    def __init__(self, session, settings: QSettings, restore: bool = True) -> None:
        super().__init__()
        self.session = session
        self.settings = settings
        self.recent_codes: list[str] = []
        session.parent_widget = self
        self.resize(*fitted_size(self.screen().availableGeometry().size()))
        self.document = DocumentView(session)
        self.heatmap = HeatmapView(session)
        self.memo_panel = MemoPanel(session)
        self.outline_panel = OutlinePanel(session, self.chosen_segment)
        self.pattern_panel = PatternPanel(session, settings)
        self.crosstab_panel = CrosstabPanel(session)
        self.cooccur_panel = CooccurPanel(session)
        self.words_panel = WordsPanel(session)
        self.espoused_panel = EspousedPanel(session)
        self.compare_dirty = {"cooccur": True, "words": True, "espoused": True}
        self.crosstab_dirty = True
        self.outline_dirty = self.pattern_dirty = True
        self.heatmap_dirty = True
        self.memo_dirty = True
        self.team_dirty: set[str] | None = None  # what changed since the Team page was shown (None: all)
        self.navigator = Navigator(session)
        self.codebook = CodebookPanel(session, self)
        self.runs = RunsPanel(session)
        self.search = SearchPanel(session)
        self.detached = DetachedPanel(session, self)
        self.bottom_tabs = QTabWidget()
        self.bottom_tabs.addTab(self.runs, "Data &runs")
        self.bottom_tabs.addTab(self.search, "&Find in study")
        self.bottom_tabs.addTab(self.detached, "Detached codings")
        build_workspaces(self)
        self.stack.currentChanged.connect(lambda _i: self._view_changed())
        self.compare_tabs.currentChanged.connect(lambda _i: self._view_changed())
        self.coder_label = QLabel()
        self.analysis_label = QLabel()
        self.statusBar().addPermanentWidget(self.analysis_label)
        self.statusBar().addPermanentWidget(self.coder_label)
        self.analysis = BackgroundAnalysis(session, self)
        self.auto_backup = AutoBackup(self)
        self.analysis.progressed.connect(lambda done, total: self.analysis_label.setText(
            f"Analysing sources for lemma search: {done}/{total}"))
        self.analysis.finished.connect(lambda _n: self.analysis_label.setText(""))
        build_menus(self)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):  # the desktop turned dark or light: follow it if asked to
            hints.colorSchemeChanged.connect(self._system_scheme_changed)
        elide_names(self)
        name_controls(self)
        remember_splitters(self, settings, restore)

        self.navigator.source_opened.connect(self.open_source)
        self.codebook.code_activated.connect(self.apply_code)
        self.codebook.quick.code_chosen.connect(self.apply_code)
        # coded from the box: back to the transcript, where the next selection (or Ctrl+Z) goes
        self.codebook.quick.code_chosen.connect(lambda _code: self.document.editor.setFocus())
        self.document.apply_requested.connect(self.apply_code)
        self.runs.segment_activated.connect(self.jump_to)
        self.search.segment_activated.connect(self.jump_to)
        self.heatmap.cell_opened.connect(self.show_cell_run)
        self.memo_panel.passage_opened.connect(self.open_passage)
        self.memo_panel.segments_requested.connect(
            lambda section, site: self.open_pattern_cell("sections", self.session.study.sections.find(section).id,
                                                         site))
        self.outline_panel.passage_opened.connect(self.open_passage)
        self.team_page.passage_opened.connect(self.open_passage)
        self.team_page.memo_opened.connect(lambda memo_id: (self.show_view("memo"), self.memo_panel.load_memo(memo_id)))
        self.start_page.study_chosen.connect(self.open_study_path)
        self.outline_panel.code_run_requested.connect(self.show_run_for)
        self.pattern_panel.cell_opened.connect(self.open_pattern_cell)
        self.pattern_panel.passage_opened.connect(self.open_passage)
        self.crosstab_panel.cell_opened.connect(self.show_run_spec)
        self.cooccur_panel.cell_opened.connect(self.show_run_spec)
        self.words_panel.passage_opened.connect(self.open_passage)
        self.espoused_panel.passage_opened.connect(self.open_passage)
        session.changes_applied.connect(self.on_changes)
        session.study_replaced.connect(self.reload_everything)
        session.coder_changed.connect(lambda _n: self.update_coder_label())
        self.restore = restore
        self.show_workspace("code")
        self.reload_everything()
        geometry = settings.value("window/geometry") if restore else None
        if geometry is not None:
            self.restoreGeometry(geometry)
            self.resize(*fitted_size(self.screen().availableGeometry().size(), (self.width(), self.height())))
        if restore:
            self.pattern_panel.restore_split()
            for workspace in self.workspaces.values():
                workspace.read_layout(settings)
            saved = str(settings.value("window/workspace", "code") or "code")
            self.show_workspace(saved if saved in self.workspaces else "code")
        else:
            for workspace in self.workspaces.values():
                workspace.needs_layout = True

    def _screen_room(self) -> QSize:
        """The room a workspace has: the window's size (itself fitted to the screen's free area
        when the window opened), so panels take their share of what is on screen."""
        return QSize(self.width(), self.height())

    def apply_default_layout(self) -> None:
        """Every workspace's panels back in their default places, sized for this screen: the one
        in front now, the others when they are first shown (a hidden page has no size to share)."""
        for workspace in self.workspaces.values():
            workspace.needs_layout, workspace.saved_state = True, None
        self._lay_out_current()

    def _lay_out_current(self) -> None:
        workspace = self.current_workspace()
        if workspace.needs_layout and self.isVisible():
            self.centralWidget().layout().activate()  # the page has its size before its panels share it
            workspace.lay_out(self._screen_room())

    def reset_layout(self) -> None:
        """View > Reset layout: the current workspace as it first was, for the screen it is on now."""
        self.current_workspace().saved_state = None
        self.current_workspace().default_layout(self._screen_room())
        self.statusBar().showMessage(f"The {self.current_workspace().title} workspace's layout is reset", 5000)

    def set_theme(self, theme: str) -> None:
        """View > Theme: light, dark or the system's; remembered, and every view redrawn in it."""
        from PySide6.QtWidgets import QApplication

        from .style import apply_style

        apply_style(QApplication.instance(), theme)
        self.settings.setValue("appearance/theme", theme)
        if theme in getattr(self, "theme_actions", {}):
            self.theme_actions[theme].setChecked(True)
        if self.document.source_id:  # shading and speakers are drawn in the theme's colours
            top = self.document.visible_range()[0]
            self.document.load(self.document.source_id)
            self.document.scroll_to(top)
        highlighter = getattr(self.memo_panel.editor, "highlighter", None)
        if highlighter is not None:
            highlighter.rehighlight()
        self.heatmap_dirty = self.pattern_dirty = True
        self._view_changed()

    def _system_scheme_changed(self, _scheme) -> None:
        if str(self.settings.value("appearance/theme", "system") or "system") == "system":
            self.set_theme("system")

    # ------------------------------------------------------------------ workspaces
    def current_workspace(self):
        return self.stack.currentWidget()

    def current_workspace_key(self) -> str:
        return self.current_workspace().key

    def show_workspace(self, key: str) -> None:
        """Bring a workspace to the front (Ctrl+1…6, the bar on the left, or a jump from another
        workspace, as opening a passage from the memo evidence goes to Code)."""
        workspace = self.workspaces[key]
        self.workspace_actions[key].setChecked(True)
        if self.stack.currentWidget() is not workspace:
            self.stack.setCurrentWidget(workspace)
        self._lay_out_current()
        name_controls(workspace)  # what was built since: the agreement page, the panels' tabs
        if hasattr(self, "rebuild_panels_menu"):
            self.rebuild_panels_menu()

    def current_view(self):
        """The view in front: the transcript, a memo, a pattern table or the heat map, …"""
        workspace = self.current_workspace()
        if workspace.key == "compare":
            return self.compare_tabs.currentWidget()
        return workspace.centralWidget()

    # ------------------------------------------------------------------ refreshing
    def reload_everything(self) -> None:
        study = self.session.study
        clear_results(self)  # results of the study that was open belong to nothing here
        self.setWindowTitle(f"{study.path.stem}{' (read-only)' if study.read_only else ''} — CaseCoder")
        if study.read_only:
            self.session.notify(f"Read-only: {study.read_only_reason}. You can read, search and export; changes "
                                "are refused.")
        cloud = cloud_folder(study.path)
        if cloud:
            self.session.notify(f"This study is in a '{cloud}' folder. If it is opened on two computers at once "
                                "the service keeps conflicting copies and work is lost from the file: give each "
                                "researcher a copy and use File > Team to bring the work together.")
        self.navigator.refresh()
        self.codebook.refresh(None)
        self.runs.refresh_choices()
        self.heatmap_dirty = True
        if self.current_view() is self.heatmap:
            self.refresh_heatmap()
        self.update_detached()
        self.update_coder_label()
        self.document.fill_coder_filter()
        self.open_start_position()
        self.memo_dirty = self.outline_dirty = self.pattern_dirty = True
        self.team_dirty = None
        if self.current_view() in (self.team_page, self.start_page):
            self._view_changed()
        if self.current_view() is self.memo_panel:
            self.refresh_memos()
        elif self.current_view() is self.outline_panel:
            self.refresh_outline()
        self.analysis.start_if_needed()  # resume what an earlier session left
        self.auto_backup.start()  # a backup each time a study opens
        waiting = len(study.sync.conflicts())
        if waiting:
            self.session.notify(f"{waiting} conflict{'s' if waiting > 1 else ''} from teammates' work wait for your "
                                "decision: File > Team > Conflicts to decide")

    def on_changes(self, changes) -> None:
        """Refresh what this change concerns, nothing else: coding a passage repaints that
        document and updates counts in place; the heat map recounts only when it is shown."""
        areas = changes.areas
        source_id = self.document.source_id
        if source_id and not self._source_exists(source_id):
            self.open_source(None)
            source_id = None
        structural = areas & {"sources", "cases", "attributes", "speakers"}
        if "text" in areas and source_id in changes.ids:
            self.document.load(source_id)
        elif areas & {"codings", "codes"} and source_id and (
                "codes" in areas or source_id in changes.ids or not changes.ids):
            single = changes.extra.get("of", changes.op) in SINGLE_CODING_OPS and "codes" not in areas
            self.document.refresh_codings(list(changes.ids) if single else None)
        if source_id and areas & {"sources", "cases", "speakers"}:
            self.document.refresh_source()  # its name, place or speakers: the text stays
        if structural:
            self.navigator.refresh()
        elif "codings" in areas:
            self.navigator.update_counts(changes.ids)
        if areas & {"codes", "sections"}:
            self.codebook.refresh(source_id)
        elif "codings" in areas:
            self.codebook.update_counts(source_id, changes.ids)
        if areas & {"codes", "cases", "sources", "queries", "sets", "attributes"}:
            self.runs.refresh_choices()
        elif "codings" in areas and changes.op not in ("apply_code", "remove_coding", "note_coding"):
            self.runs.refresh_coders()
        if areas & {"codes", "codings", "cases", "sources"}:
            self.heatmap_dirty = True
            if self.current_view() is self.heatmap:
                self.refresh_heatmap()
        if areas & {"outline", "codings", "codes", "sections", "sources", "cases", "attributes", "tables"}:
            self.pattern_dirty = True
            if self.current_view() is self.pattern_panel:
                self.refresh_patterns()
        if areas & {"codes", "codings", "sources", "cases", "attributes", "outline", "sections"}:
            self.crosstab_dirty = True
            self.compare_dirty = {"cooccur": True, "espoused": True,
                                  "words": bool(areas & {"sources", "text", "cases"}) or self.compare_dirty["words"]}
            if self.current_view() is self.crosstab_panel:
                self.refresh_crosstab()
            self._refresh_compare_view()
        if areas & {"outline", "codings", "sources", "cases"}:
            self.outline_dirty = True
            if self.current_view() is self.outline_panel:
                self.refresh_outline()
        if "memos" in areas or areas & {"codings", "codes", "sections", "sources"}:
            self.memo_dirty = True
            if self.current_view() is self.memo_panel:
                self.refresh_memos()
        if areas & {"codings", "text", "sources"}:
            self.update_detached()
        if self.team_dirty is not None:
            self.team_dirty |= set(areas)
        if self.current_view() is self.team_page:
            self.refresh_team()
        prune_results(self, changes)
        if "sources" in areas:
            self.analysis.start_if_needed()
        if "codings" in areas and self.document.coder_filter.findText(self.session.coder, Qt.MatchContains) < 0:
            self.document.fill_coder_filter()
        self.statusBar().showMessage(changes.label if changes.op not in ("undo", "redo")
                                     else f"{changes.op.capitalize()}: {changes.label}", 5000)

    def _view_changed(self) -> None:
        """The heat map, the memos, the tables, the outline and the team page are brought up to
        date when shown, not on every change."""
        if self.current_view() is self.team_page:
            self.refresh_team()
        if self.current_view() is self.start_page:
            self.refresh_start()
        if self.current_view() is self.crosstab_panel and self.crosstab_dirty:
            self.refresh_crosstab()
        self._refresh_compare_view()
        if self.current_view() is self.heatmap and self.heatmap_dirty:
            self.refresh_heatmap()
        elif self.current_view() is self.outline_panel:
            if self.outline_dirty:
                self.refresh_outline()
        elif self.current_view() is self.pattern_panel:
            if self.pattern_dirty:
                self.refresh_patterns()
        elif self.current_view() is not self.memo_panel:
            self.memo_panel.save()  # leaving the memo: keep what was typed
        elif self.memo_dirty:
            self.refresh_memos()

    def refresh_patterns(self) -> None:
        self.pattern_panel.refresh()
        self.pattern_dirty = False

    def open_pattern_cell(self, kind: str, key: str, site_id: str) -> None:
        """A pattern-table cell's data run: its code (or the codes linked to its section)."""
        if kind == "codes":
            self.show_run_for(key, site_id)
        elif kind == "sections":
            codes = self.session.study.codes.linked_to(key)
            if codes:
                self.runs.set_codes(codes)
                self.runs.descendants.setChecked(True)
                self.runs.set_site(site_id)
                self.runs.run()
                self.show_run_panel()
        else:
            self.show_view("outline")

    def _refresh_compare_view(self) -> None:
        """Co-occurrence, words and espoused-vs-enacted are recounted when shown after a change
        that concerns them."""
        for key, panel in (("cooccur", self.cooccur_panel), ("words", self.words_panel),
                           ("espoused", self.espoused_panel)):
            if self.current_view() is panel and self.compare_dirty[key]:
                self.compare_dirty[key] = False
                panel.refresh()

    def refresh_crosstab(self) -> None:
        self.crosstab_panel.refresh()
        self.crosstab_dirty = False

    def refresh_outline(self) -> None:
        self.outline_panel.refresh()
        self.outline_dirty = False

    def chosen_segment(self):
        """The segment chosen in the data-run results, else in the search results."""
        return self.runs.table.chosen() or self.search.table.chosen()

    def refresh_memos(self) -> None:
        self.memo_panel.refresh()
        self.memo_dirty = False

    def refresh_heatmap(self) -> None:
        self.heatmap.refresh()
        self.heatmap_dirty = False

    def update_coder_label(self) -> None:
        self.coder_label.setText(f"Coding as: <b>{self.session.coder}</b>")

    def compare_coders(self):
        from .team.agreement_dialog import AgreementDialog

        if len(self.session.study.codings.coders()) < 2:
            self.session.notify("Only one coder has coded in this study: there is no one to compare.")
            return None
        dialog = AgreementDialog(self.session, self)
        dialog.passage_opened.connect(self.open_passage)
        dialog.show()
        self.agreement_dialog = dialog
        return dialog

    def show_view(self, name: str) -> None:
        """A view by the name the command line's --view gives it: its workspace, and its tab."""
        key, tab = VIEW_PLACES.get(name, ("code", None))
        if tab is not None:
            self.compare_tabs.setCurrentWidget({"heatmap": self.heatmap, "crosstab": self.crosstab_panel,
                                                  "espoused": self.espoused_panel}.get(
                tab, self.pattern_panel))
        self.show_workspace(key)

    def refresh_team(self) -> None:
        self.team_page.refresh(self.team_dirty)
        self.team_dirty = set()

    def refresh_start(self) -> None:
        here = str(self.session.study.path)
        self.start_page.refresh([here] + [p for p in recent_studies(self.settings) if p != here], self._seen())

    def _seen(self) -> str:
        return str(self.settings.value(seen_key(self.session.study), "") or "") if self.restore else ""

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._lay_out_current)  # owned: never fires on a closed window

    def closeEvent(self, event) -> None:
        self.remember_position()
        self.analysis.stop()
        self.auto_backup.wait()
        self.memo_panel.save()
        if self.restore:
            for workspace in self.workspaces.values():
                workspace.save_layout(self.settings)
            self.settings.setValue("window/workspace", self.current_workspace_key())
            self.settings.setValue("window/geometry", self.saveGeometry())
            self.settings.setValue(seen_key(self.session.study), now_utc())
        super().closeEvent(event)


def fitted_size(screen, wanted: tuple[int, int] = (1400, 900)) -> tuple[int, int]:
    """The window's size: what is wanted (the default, or the size it last had), never larger
    than the screen's free area — a 1366×768 laptop gets the whole screen, not a window whose
    right edge and status bar lie off it."""
    return min(wanted[0], screen.width()), min(wanted[1], screen.height())



