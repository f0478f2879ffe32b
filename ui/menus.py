"""Menus and keyboard shortcuts. Every action has a status tip; Help > Keyboard shortcuts lists
them all from the actions themselves, so the list cannot go stale."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from .panel_focus import cycle_panels
from .style import THEMES


def _action(window, menu, text: str, tip: str, slot, shortcut=None) -> QAction:
    action = QAction(text, window)
    action.setStatusTip(tip)
    action.setToolTip(tip)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    window.addAction(action)
    return action


def build_menus(w) -> None:
    bar = w.menuBar()
    file = bar.addMenu("&File")
    _action(w, file, "&New study…", "Create an empty study file", w.new_study, QKeySequence.New)
    _action(w, file, "&Open study…", "Open a study file", w.open_study_dialog, QKeySequence.Open)
    w.recent_menu = file.addMenu("Recent stu&dies")
    w.rebuild_recent_menu = lambda: _rebuild_recent(w)
    w.rebuild_recent_menu()
    file.addSeparator()
    _action(w, file, "&Import sources…", "Import transcripts, notes and documents into this study",
            w.import_sources, "Ctrl+Shift+I")
    _action(w, file, "Who is codin&g?…", "Set the coder name recorded on your codings", w.who_is_coding)
    from .backups import restore_from_backup

    _action(w, file, "&Back up now", "Write a backup of this study now (one is made on opening and every few "
            "minutes of work)", lambda: w.auto_backup.start())
    _action(w, file, "&Restore from backup…", "Go back to an earlier backup of this study (the study as it is "
            "now is backed up first)", lambda: restore_from_backup(w))
    _action(w, file, "Chec&k this study…", "Check that the study file is whole and its counts agree with its "
            "codings; repair what is derived", w.check_this_study)
    file.addSeparator()
    exchange = file.addMenu("E&xchange (REFI-QDA)")
    from .dialogs import refi_dialogs

    _action(w, exchange, "&Import project (.qdpx) as a new study…",
            "A project from NVivo, ATLAS.ti, MAXQDA or QualCoder, as a new study, with a report of what came in",
            lambda: refi_dialogs.import_project(w))
    _action(w, exchange, "&Export project (.qdpx)…", "This study as a REFI-QDA project (standard positions)",
            lambda: refi_dialogs.export_project(w))
    _action(w, exchange, "Export project for &NVivo (.qdpx)…",
            "This study as a REFI-QDA project with NVivo's positions (UTF-16 units over CRLF text)",
            lambda: refi_dialogs.export_project(w, nvivo=True))
    exchange.addSeparator()
    _action(w, exchange, "Import &codebook (.qdc)…", "Merge a REFI-QDA codebook into this study's codes",
            lambda: refi_dialogs.import_codebook(w))
    _action(w, exchange, "Export code&book (.qdc)…", "This study's codebook as a REFI-QDA codebook",
            lambda: refi_dialogs.export_codebook(w))
    file.addSeparator()
    _action(w, file, "&Load a codebook (.toml)…", "Merge a codebook file's outline sections and codes into this "
            "study (one undoable step; docs/CODEBOOK_FORMAT.md)", w.load_codebook_file)
    _action(w, file, "Save the codebook as .to&ml…", "Write this study's outline sections and codes to a codebook "
            "file another study can load", w.save_codebook_file)
    team = file.addMenu("&Team (copies of this study)")
    from .team import sync_dialog

    _action(w, team, "Save a &copy for a teammate…", "A whole copy of this study (even while you work) for a "
            "teammate to code on; your copies then exchange work", lambda: sync_dialog.copy_for_teammate(w))
    _action(w, team, "Export my &work…", "Everything this copy holds, as a package a teammate's copy can import",
            lambda: sync_dialog.export_work(w))
    _action(w, team, "Export &new work for a teammate…",
            "Only what is new since the last package for that teammate (who must have imported it)",
            lambda: sync_dialog.export_work(w, for_peer=True))
    _action(w, team, "&Import a teammate's work…",
            "Apply a teammate's package: their sources, codings, codebook changes and memos join this copy",
            lambda: sync_dialog.import_work(w))
    from .dialogs.word_settings import WordSettingsDialog
    from .team.pseudonym_dialog import PseudonymDialog

    _action(w, file, "Share under pse&udonyms…", "A copy of the study with real names replaced, to export from "
            "and share", lambda: PseudonymDialog(w).show())
    _action(w, team, "Conflicts to &decide…", "What imports left for you to decide; both sides are kept until then",
            lambda: sync_dialog.show_conflicts(w))
    file.addSeparator()
    _action(w, file, "Send memo &for review…", "Write the open memo to a review package for your partner",
            w.memo_panel.send_for_review)
    _action(w, file, "Open review p&ackage…", "Merge a memo your partner sent back into this study",
            w.memo_panel.open_review_package)
    _action(w, file, "Export memo to &Word…", "The open memo as a Word document, comments included",
            w.memo_panel.export_word)
    _action(w, file, "Export all &site memos to Word…", "Every site case memo in one Word document",
            lambda: w.memo_panel.export_word(all_sites=True))
    _action(w, file, "Word export s&ettings…", "The template, empty sections and heat shading of every Word export",
            lambda: WordSettingsDialog(w).exec())
    file.addSeparator()
    _action(w, file, "&Print…", "Print the open transcript with its codes in the margin, or the open memo "
            "(Memos workspace)", lambda: w.print_current(preview=False), QKeySequence.Print)
    _action(w, file, "Print pre&view…", "See the pages before printing: the open transcript with its codes in the "
            "margin, or the open memo", lambda: w.print_current(preview=True), "Ctrl+Shift+P")
    file.addSeparator()
    _action(w, file, "&Close", "Close the window (the study is saved as you work)", w.close, QKeySequence.Close)
    _action(w, file, "&Quit", "Quit CaseCoder (the study is saved as you work)", w.close, "Ctrl+Q")

    edit = bar.addMenu("&Edit")
    undo = w.session.undo_stack.createUndoAction(w, "&Undo")
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    undo.setStatusTip("Undo the last change")
    redo = w.session.undo_stack.createRedoAction(w, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    redo.setStatusTip("Redo the last undone change")
    for action in (undo, redo):
        edit.addAction(action)
        w.addAction(action)
    w.undo_action, w.redo_action = undo, redo
    edit.addSeparator()
    _action(w, edit, "&Find in document", "Find text in the open source", w.find_in_document, QKeySequence.Find)
    _action(w, edit, "Find in &study", "Search every source (exact, lemma, fuzzy, regex)", w.find_in_study,
            "Ctrl+Shift+F")
    edit.addSeparator()
    _action(w, edit, "Edit source &text…", "Correct a transcription error; codings stay on their words",
            w.edit_source_text, "Ctrl+E")
    _action(w, edit, "&History…", "Every change made to this study: when, who and what, newest first",
            w.show_history)

    code = bar.addMenu("&Code")
    _action(w, code, "&Apply selected code", "Code the selected text with the code selected in the codebook",
            w.apply_current_code, "Ctrl+Return")
    _action(w, code, "&Quick code…", "Type a code name to code the selection", lambda: (
        w.codebook.quick.setFocus(), w.codebook.quick.selectAll()), "Ctrl+K")
    _action(w, code, "&In-vivo code", "Make a code named from the selected words and apply it",
            w.code_in_vivo, "Ctrl+I")
    _action(w, code, "Snap selection to &sentences", "Widen the selection to whole sentences",
            lambda: w.document.snap_selection("sentence"), "Ctrl+Shift+S")
    _action(w, code, "Snap selection to &turn", "Widen the selection to the whole speaker turn",
            lambda: w.document.snap_selection("turn"), "Ctrl+Shift+T")
    _action(w, code, "&New code…", "Add a code at the top of the codebook", lambda: w.new_code(None),
            "Ctrl+Shift+N")
    w.recent_code_menu = code.addMenu("&Recent codes")
    w.recent_code_actions = []
    for i in range(9):
        action = _action(w, w.recent_code_menu, f"(recent code {i + 1})", "Apply a recently used code",
                         lambda i=i: w.apply_recent(i), f"Alt+{i + 1}")  # Ctrl+1…6: the workspaces
        action.setVisible(False)
        w.recent_code_actions.append(action)
    w.update_recent_actions = lambda: _update_recent_codes(w)
    w.document.context_actions = [a for a in code.actions() if a.menu() is None][:5]
    code.addSeparator()
    _action(w, code, "Case &outline…", "Build and edit the analytic site case outline: its sections and the codes "
            "linked to each", w.show_case_outline)
    _action(w, code, "Spea&kers…", "The study's speakers and the transcript labels of each: rename, merge, or "
            "split a label that names two people", w.show_speakers)
    _action(w, code, "S&ets…", "Sets of sources, codes or memos: make and fill them; a set of sources narrows a "
            "data run", w.show_sets)
    _action(w, code, "Compare &coders…", "Percent agreement, Cohen's kappa and Krippendorff's alpha, and the "
            "passages where coders disagree", w.compare_coders)
    blind = QAction("&Blind coding (hide other coders)", w)
    blind.setCheckable(True)
    blind.setStatusTip("Show only your own codings in the document and the data runs while you code")
    blind.toggled.connect(w.set_blind_coding)
    code.addAction(blind)
    w.blind_action = blind

    view = bar.addMenu("&View")
    for action in w.workspace_actions.values():
        view.addAction(action)  # Ctrl+1…6: the workspaces of the bar on the left
    view.addSeparator()
    _action(w, view, "Codes by &site", "Show the code-by-site heat map (Compare workspace)",
            lambda: w.show_view("heatmap"))
    _action(w, view, "Pattern &tables", "Sites by codes, outline sections or themes, with counts (Compare workspace)",
            lambda: w.show_view("matrix"))
    view.addSeparator()
    w.panels_menu = view.addMenu("&Panels")
    w.rebuild_panels_menu = lambda: _rebuild_panels(w)
    w.rebuild_panels_menu()
    _action(w, view, "&Next panel", "Move the keyboard focus to the next panel of this workspace",
            lambda: cycle_panels(w, 1), "F6")
    _action(w, view, "Pre&vious panel", "Move the keyboard focus to the previous panel of this workspace",
            lambda: cycle_panels(w, -1), "Shift+F6")
    _action(w, view, "&Reset layout", "Put this workspace's panels back where they first were, sized for this "
            "screen", w.reset_layout)
    view.addSeparator()
    theme_menu = view.addMenu("T&heme")
    themes = QActionGroup(w)
    w.theme_actions = {}
    chosen = str(w.settings.value("appearance/theme", "system") or "system")
    for key, label in THEMES.items():
        action = QAction(f"&{label}", w, checkable=True)
        action.setStatusTip(f"{label}: the window's colours (code colours stay the same)")
        action.setChecked(key == chosen)
        action.triggered.connect(lambda _checked=False, k=key: w.set_theme(k))
        themes.addAction(action)
        theme_menu.addAction(action)
        w.theme_actions[key] = action
    _action(w, view, "&Larger text", "Increase the transcript font size", lambda: _zoom(w, 1), QKeySequence.ZoomIn)
    _action(w, view, "S&maller text", "Decrease the transcript font size", lambda: _zoom(w, -1),
            QKeySequence.ZoomOut)

    help_menu = bar.addMenu("&Help")
    _action(w, help_menu, "&Keyboard shortcuts", "List every keyboard shortcut", lambda: show_shortcuts(w),
            "F1")
    _action(w, help_menu, "Open the &demo study", "The demo study of the sample corpus, from your data folder "
            "(built the first time)", w.open_demo_study)
    _action(w, help_menu, "&About CaseCoder", "Version and licence", lambda: QMessageBox.about(
        w, "About CaseCoder", "<b>CaseCoder</b> 0.1<br>Qualitative coding for multi-site case studies.<br>"
        "Your data never leave this computer."))
    size = w.settings.value("font/size")
    if size:
        _set_font(w, int(size))


def _rebuild_recent(w) -> None:
    w.recent_menu.clear()
    from .main_window import recent_studies

    for path in recent_studies(w.settings):
        action = w.recent_menu.addAction(path)
        action.setStatusTip(f"Open {path}")
        action.triggered.connect(lambda _c=False, p=path: w.open_study_path(p))
    w.recent_menu.setEnabled(bool(w.recent_menu.actions()))


def _rebuild_panels(w) -> None:
    """View > Panels: show or hide each panel of the workspace in front, or go to it."""
    menu = w.panels_menu
    menu.clear()
    workspace = w.current_workspace()
    docks = workspace.docks()
    for dock in docks:
        menu.addAction(dock.toggleViewAction())
    if not docks:
        empty = menu.addAction(f"(the {workspace.title} workspace is one page)")
        empty.setEnabled(False)


def _update_recent_codes(w) -> None:
    paths = w.codebook.paths_by_id()
    for i, action in enumerate(w.recent_code_actions):
        if i < len(w.recent_codes) and w.recent_codes[i] in paths:
            action.setText(paths[w.recent_codes[i]])
            action.setVisible(True)
        else:
            action.setVisible(False)


def _set_font(w, size: int) -> None:
    font = w.document.editor.font()
    font.setPointSize(max(7, min(28, size)))
    w.document.editor.setFont(font)
    w.document.margin.updateGeometry()
    w.settings.setValue("font/size", font.pointSize())


def _zoom(w, step: int) -> None:
    _set_font(w, w.document.editor.font().pointSize() + step)


def shortcut_rows(w) -> list[tuple[str, str]]:
    """Every shortcut in the window: the menus' and those of views and editors (named by their
    tip where their text is a tool-bar glyph)."""
    rows = []
    for action in set(w.actions()) | set(w.findChildren(QAction)):
        keys = ", ".join(k.toString(QKeySequence.NativeText) for k in action.shortcuts())
        if keys and action.isVisible():
            name = action.text().replace("&", "")
            if len(name) <= 2 and action.toolTip():
                name = action.toolTip()
            rows.append((name, keys))
    return sorted(set(rows))


MOVED_NOTE = ("Ctrl+1…6 switch workspaces (Start, Code, Memos, Compare, Outline, Team). The recent codes moved "
              "from Ctrl+1…9 to <b>Alt+1…9</b>. F6 and Shift+F6 go from panel to panel.")


def show_shortcuts(w) -> None:
    dialog = QDialog(w)
    dialog.setWindowTitle("Keyboard shortcuts")
    dialog.resize(480, 560)
    rows = shortcut_rows(w)
    table = QTableWidget(len(rows), 2)
    table.setHorizontalHeaderLabels(["Action", "Shortcut"])
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
    table.verticalHeader().hide()
    for r, (name, keys) in enumerate(rows):
        table.setItem(r, 0, QTableWidgetItem(name))
        table.setItem(r, 1, QTableWidgetItem(keys))
    box = QDialogButtonBox(QDialogButtonBox.Close)
    box.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    note = QLabel(MOVED_NOTE)
    note.setWordWrap(True)
    layout.addWidget(note)
    layout.addWidget(table)
    layout.addWidget(box)
    dialog.exec()
