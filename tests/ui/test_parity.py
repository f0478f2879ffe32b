"""The window and the command line do the same things.

Every `casecoder` command is listed here with where the window does it, and every menu action
with the command that does it: the test fails on a command the window lacks, a window action
the command line lacks, or a place named here that the window no longer has. The few things
only one side does are in the allow-lists below, each with its reason.
"""

from __future__ import annotations

import argparse

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QMenu, QWidget

from coder.cli import build_parser

from . import person
from .conftest import answer_modal

# where the window does each command: menu paths, controls in a panel (panel attribute/text),
# context menus (where/text), widgets that show or edit it, buttons of a dialog a menu opens
WHERE = {
    "new": ["menu:File/New study…"],
    "import": ["menu:File/Import sources…"],
    "sources": ["widget:navigator.tree"],
    "show": ["widget:document.editor"],
    "source edit": ["menu:Edit/Edit source text…"],
    "source set": ["widget:navigator.attributes", "context:navigator-source/Move to site…"],
    "source delete": ["context:navigator-source/Delete source…"],
    "attr": ["widget:navigator.attributes"],
    "speakers": ["menu:Code/Speakers…"],
    "history": ["menu:Edit/History…"],
    "whoami": ["menu:File/Who is coding?…", "widget:coder_label"],
    "demo": ["menu:Help/Open the demo study"],
    "undo": ["menu:Edit/Undo"],
    "redo": ["menu:Edit/Redo"],
    "cases": ["widget:navigator.tree"],
    "case add": ["context:navigator-case/New site here…", "context:navigator-case/New district…"],
    "case rename": ["context:navigator-case/Rename…"],
    "case move": ["context:navigator-case/Move under…"],
    "case delete": ["context:navigator-case/Delete…"],
    "sections": ["menu:Code/Case outline…"],
    "section add": ["dialog:Code/Case outline…/Add section…", "dialog:Code/Case outline…/Add sub-section…"],
    "section rename": ["dialog:Code/Case outline…/Rename…", "dialog:Code/Case outline…/Save description"],
    "section move": ["dialog:Code/Case outline…/Move under…", "dialog:Code/Case outline…/Up"],
    "section delete": ["dialog:Code/Case outline…/Delete…"],
    "codebook load": ["menu:File/Load a codebook (.toml)…"],
    "codebook export": ["menu:File/Save the codebook as .toml…"],
    "codes": ["widget:codebook.tree"],
    "code add": ["menu:Code/New code…", "context:codebook/New sub-code…"],
    "code rename": ["context:codebook/Rename…", "context:codebook/Colour…"],
    "code move": ["context:codebook/Move to top level"],
    "code merge": ["context:codebook/Merge into…"],
    "code delete": ["context:codebook/Delete…"],
    "code describe": ["context:codebook/Definition…", "context:codebook/Link to outline section…"],
    "apply": ["menu:Code/Apply selected code", "context:codebook/Apply to selection"],
    "uncode": ["context:document/Remove coding"],
    "codings": ["widget:document.margin"],
    "coding recode": ["context:document/Re-code as…"],
    "coding resize": ["context:document/Fit to selection"],
    "coding note": ["context:document/Note…"],
    "coding place": ["control:detached/Place on selection"],
    "coding drop": ["control:detached/Drop"],
    "run": ["control:runs/Run", "control:runs/Export…", "context:codebook/Data run for this code"],
    "search": ["control:search/Search", "control:search/Export…", "menu:Edit/Find in study"],
    "saved": ["widget:runs.saved", "control:runs/Save…", "control:search/Save…"],
    "rerun": ["widget:runs.saved"],
    "memo write": ["control:memo_panel/Save", "control:memo_panel/New memo…"],
    "memo list": ["widget:memo_panel.picker"],
    "memo show": ["widget:memo_panel.editor"],
    "memo quote": ["control:memo_panel.evidence_pane/Quote"],
    "memo reviewers": ["control:memo_panel/Reviewers…"],
    "memo status": ["widget:memo_panel.status"],
    "memo comment": ["control:memo_panel.comments_pane/Comment…"],
    "memo reply": ["control:memo_panel.comments_pane/Reply…"],
    "memo resolve": ["control:memo_panel.comments_pane/Resolve"],
    "memo restore": ["control:memo_panel/History…"],
    "memo completeness": ["widget:memo_panel.completeness"],
    "memo export": ["menu:File/Export memo to Word…", "menu:File/Export all site memos to Word…"],
    "memo corroborate": ["control:memo_panel.evidence_pane/Corroborated"],
    "memo reconcile": ["control:memo_panel/Reconcile…"],
    "spell": ["widget:memo_panel.editor"],  # underlined as you type; right-click a word for the rest
    "review send": ["menu:File/Send memo for review…"],
    "review open": ["menu:File/Open review package…"],
    "outline add": ["control:outline_panel/Add theme…", "control:outline_panel/Add claim…"],
    "outline cite": ["control:outline_panel/Cite the chosen segment"],
    "outline stance": ["widget:outline_panel.stances"],
    "outline assign": ["control:outline_panel/Assign…"],
    "outline rename": ["control:outline_panel/Rename…"],
    "outline move": ["control:outline_panel/Move under…", "control:outline_panel/↑"],
    "outline delete": ["control:outline_panel/Delete…"],
    "outline flip": ["context:outline-evidence/Read it as"],
    "outline uncite": ["control:outline_panel/Withdraw"],
    "outline code": ["control:outline_panel/New code…", "control:outline_panel/Link…"],
    "outline thresholds": ["control:outline_panel/Checks…"],
    "outline export": ["control:outline_panel/Export to Word…"],
    "outline show": ["widget:outline_panel.tree"],
    "matrix": ["widget:pattern_panel.grid", "control:pattern_panel/Export…", "control:pattern_panel/Save as…"],
    "cell": ["control:pattern_panel/From site memo", "control:pattern_panel/Pin", "control:pattern_panel/Unpin"],
    "qdpx import": ["menu:File/Exchange (REFI-QDA)/Import project (.qdpx) as a new study…"],
    "qdpx export": ["menu:File/Exchange (REFI-QDA)/Export project (.qdpx)…",
                    "menu:File/Exchange (REFI-QDA)/Export project for NVivo (.qdpx)…"],
    "qdc import": ["menu:File/Exchange (REFI-QDA)/Import codebook (.qdc)…"],
    "qdc export": ["menu:File/Exchange (REFI-QDA)/Export codebook (.qdc)…"],
    "sets": ["menu:Code/Sets…", "widget:runs.source_set"],
    "set create": ["dialog:Code/Sets…/New set…"],
    "set add": ["dialog:Code/Sets…/Add members…"],
    "set remove": ["dialog:Code/Sets…/Remove"],
    "set rename": ["dialog:Code/Sets…/Rename…"],
    "set delete": ["dialog:Code/Sets…/Delete…"],
    "sync export": ["menu:File/Team (copies of this study)/Export my work…",
                    "menu:File/Team (copies of this study)/Export new work for a teammate…"],
    "sync import": ["menu:File/Team (copies of this study)/Import a teammate's work…"],
    "sync conflicts": ["menu:File/Team (copies of this study)/Conflicts to decide…"],
    "sync resolve": ["menu:File/Team (copies of this study)/Conflicts to decide…"],
    "check": ["menu:File/Check this study…"],
    "backup": ["menu:File/Back up now", "menu:File/Restore from backup…"],
    "copy": ["menu:File/Team (copies of this study)/Save a copy for a teammate…"],
    "pseudonyms": ["menu:File/Share under pseudonyms…"],
    "share": ["menu:File/Share under pseudonyms…"],
    "agreement": ["menu:Code/Compare coders…"],
    "print": ["menu:File/Print…", "menu:File/Print preview…"],
    "crosstab": ["widget:crosstab_panel.grid", "control:crosstab_panel/Export…",
                 "control:crosstab_panel/Run of selection"],
    "cooccur": ["widget:cooccur_panel.grid", "control:cooccur_panel/Export…"],
    "words": ["widget:words_panel.words", "control:words_panel/Export…"],
    "espoused": ["widget:espoused_panel.rows", "control:espoused_panel/Export…"],
    "autocode": ["control:search/Code all…", "control:runs/Code these…", "context:navigator-source/Code turns…",
                 "context:navigator-case/Code turns…"],
    "kwic": ["widget:words_panel.concordance"],
    "keyness": ["widget:words_panel.against"],
}

# menu actions with no command of their own, and why
WINDOW_ONLY = {
    "File/Open study…": "every command names the study file it works on",
    "File/Close": "the command line has no window to close",
    "File/Quit": "the command line has no window to quit",
    "Edit/Find in document": "finding words in the open text is reading it; `show` prints the text, `search` "
                             "finds across the study",
    "Code/Quick code…": "a way to pick the code for `apply` by typing",
    "Code/In-vivo code": "`code add` with the selected words, then `apply`",
    "Code/Snap selection to sentences": "shaping a selection; `show --json` gives the sentences to choose from",
    "Code/Snap selection to turn": "shaping a selection; `show --json` gives the turns",
    "Code/Recent codes": "shortcuts to codes used last",
    "Code/Blind coding (hide other coders)": "what the window shows; `run --coder` narrows a run the same way",
    "View": "arranging the window",
    "Help/Keyboard shortcuts": "the window's keys",
    "Help/About CaseCoder": "`casecoder --help`",
    "File/Word export settings…": "`--template`, `--keep-empty` and `--heat` on each command that writes Word",
}

# commands with no window action, and why
CLI_ONLY: dict[str, str] = {}


def cli_commands() -> list[str]:
    names = []

    def walk(parser, prefix):
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            names.append(" ".join(prefix))
        for action in subs:
            for name, sub in action.choices.items():
                walk(sub, prefix + [name])

    walk(build_parser(), [])
    return names


def clean(text: str) -> str:
    return text.replace("&", "").strip()


def menu_paths(window) -> dict[str, QAction]:
    out = {}

    def walk(menu: QMenu, prefix: list[str]) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            path = prefix + [clean(action.text())]
            if action.menu() is not None:
                out["/".join(path)] = action
                walk(action.menu(), path)
            else:
                out["/".join(path)] = action

    for top in window.menuBar().actions():
        walk(top.menu(), [clean(top.text())])
    return out


def has_menu(window, path: str) -> bool:
    paths = menu_paths(window)
    head, _, last = path.rpartition("/")
    return path in paths or any(p.startswith(f"{head}/{last}") for p in paths)  # Undo / Redo name the step


def panel_texts(widget: QWidget) -> set[str]:
    buttons = {clean(b.text()) for b in widget.findChildren(QAbstractButton)}
    actions = {clean(a.text()) for a in widget.findChildren(QAction)}
    return {t for t in buttons | actions if t}


def context_texts(window, qtbot, where: str) -> set[str]:
    """Open a context menu as a person does (right-click where it belongs) and read it."""
    seen: set[str] = set()

    def read(menu: QMenu) -> None:
        def collect(m: QMenu) -> None:
            for action in m.actions():
                seen.add(clean(action.text()))
                if action.menu() is not None:
                    collect(action.menu())

        collect(menu)
        menu.close()

    study = window.session.study
    if where == "codebook":
        tree = window.codebook.tree
        # a sub-code: its menu has every entry ("Move to top level" only below the top level)
        point = person.item_point(tree, window.codebook.index_of(
            study.codes.find("Supports/Professional learning communities").id))
        person.right_click(tree.viewport(), point, read)
    elif where == "document":
        coding = window.document.visible_codings()[0]
        person.drag_select(window.document, coding.start, coding.end)  # a selection, as for Fit to selection
        editor = window.document.editor
        point = person.text_point(editor, window.document.offsets.to_qt(coding.start + 1))
        person.right_click(editor.viewport(), point, read)
    elif where.startswith("navigator-"):
        nav = window.navigator
        item_id = window.document.source_id if where == "navigator-source" else study.sources.get(
            window.document.source_id).case_id
        point = person.item_point(nav.tree, nav.proxy.mapFromSource(nav.items[item_id].index()))
        person.right_click(nav.tree.viewport(), point, read)
    elif where == "outline-evidence":
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QTreeWidgetItemIterator

        window.show_view("outline")
        panel = window.outline_panel
        qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() > 0)
        it = QTreeWidgetItemIterator(panel.tree)
        while it.value() is not None and not study.cross_outline.evidence(it.value().data(0, Qt.UserRole)
                                                                          if study.cross_outline.get(
                                                                              it.value().data(0, Qt.UserRole)
                                                                          ).kind == "claim" else ""):
            it += 1
        node = it.value()
        person.click_item(panel.tree, panel.tree.indexFromItem(node))
        qtbot.waitUntil(lambda: panel.evidence.count() > 0)
        index = panel.evidence.model().index(0, 0)
        person.right_click(panel.evidence.viewport(), person.item_point(panel.evidence, index), read)
        window.show_view("coding")
    else:
        raise AssertionError(f"no context menu {where!r}")
    return seen


def dialog_texts(window, qtbot, menu_path: str) -> set[str]:
    """Open a (non-modal) dialog from its menu and read its buttons."""
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    menu_paths(window)[menu_path].trigger()
    qtbot.wait(50)
    opened = [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before]
    assert opened, f"{menu_path} opened no window"
    texts = set().union(*(panel_texts(w) for w in opened))
    for w in opened:
        w.close()
    return texts


def test_every_command_is_in_the_window_and_every_menu_action_on_the_command_line(window, qtbot):
    commands = cli_commands()
    missing = [c for c in commands if c not in WHERE and c not in CLI_ONLY]
    assert not missing, f"commands the window does not list here: {missing}"
    stale = [c for c in WHERE if c not in commands]
    assert not stale, f"listed here but no such command: {stale}"

    menus = menu_paths(window)
    named = {loc.split(":", 1)[1] for places in WHERE.values() for loc in places if loc.startswith("menu:")}
    named |= {loc.split(":", 1)[1].rsplit("/", 1)[0] for places in WHERE.values() for loc in places
              if loc.startswith("dialog:")}
    leaves = [p for p, a in menus.items() if a.menu() is None and a.isVisible()]
    unlisted = [p for p in leaves if p not in named and not any(p == k or p.startswith(k + "/")
                                                                for k in WINDOW_ONLY)
                and not any(p.startswith(n) for n in named if n in ("Edit/Undo", "Edit/Redo"))]
    assert not unlisted, f"menu actions with no command listed here: {unlisted}"

    contexts: dict[str, set[str]] = {}
    dialogs: dict[str, set[str]] = {}
    absent = []
    for command, places in WHERE.items():
        for place in places:
            kind, _, rest = place.partition(":")
            if kind == "menu":
                found = has_menu(window, rest)
            elif kind == "widget":
                target = window
                for part in rest.split("."):
                    target = getattr(target, part, None)
                found = isinstance(target, QWidget)
            elif kind == "control":
                panel, _, text = rest.partition("/")
                widget = window
                for part in panel.split("."):  # a panel of a panel: memo_panel.evidence_pane
                    widget = getattr(widget, part)
                found = text in panel_texts(widget)
            elif kind == "context":
                where, _, text = rest.partition("/")
                if where not in contexts:
                    contexts[where] = context_texts(window, qtbot, where)
                found = any(t == text or t.startswith(text) for t in contexts[where])
            elif kind == "dialog":
                menu_path, _, text = rest.rpartition("/")
                if menu_path not in dialogs:
                    dialogs[menu_path] = dialog_texts(window, qtbot, menu_path) if menu_path in menus else set()
                found = text in dialogs[menu_path]
            else:
                raise AssertionError(place)
            if not found:
                absent.append(f"{command}: {place}")
    assert not absent, "named here but not in the window:\n" + "\n".join(absent)


@pytest.mark.parametrize("name", sorted(WINDOW_ONLY))
def test_each_window_only_action_exists(window, name):
    menus = menu_paths(window)
    assert any(p == name or p.startswith(name + "/") for p in menus), name


def test_answer_modal_is_importable():
    assert callable(answer_modal)
