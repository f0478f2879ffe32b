"""Editing the case tree from the study navigator: the right-click menu of a district, site or
source (and of empty space), and F2 / Delete on the chosen item.

Each entry asks what it must (a name, a place, a confirmation that says what a deletion takes
and what it leaves) and then runs one coder operation through `session.run_op` — one undoable
step; the navigator, the document heading and the other views follow through changes_applied.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from coder.store.words import plural

from .code_dialogs import PickDialog

UNDO_HINT = "Edit > Undo (Ctrl+Z) brings it back."
# the keyboard actions' names in Help > Keyboard shortcuts; the menu shows them shorter
RENAME, DELETE = "Rename (study navigator)…", "Delete (study navigator)…"


def confirm_delete(parent, title: str, text: str) -> bool:
    """Ask before a deletion, with a button that says what it does (Cancel is the default)."""
    box = QMessageBox(QMessageBox.Warning, title, text, QMessageBox.Cancel, parent)
    delete = box.addButton("Delete", QMessageBox.DestructiveRole)
    box.setDefaultButton(QMessageBox.Cancel)
    box.exec()
    return box.clickedButton() is delete


class NavigatorEdits(QObject):
    """The navigator's context menu and keys; `navigator` owns the tree and the session."""

    def __init__(self, navigator) -> None:
        super().__init__(navigator)
        self.nav = navigator
        self.session = navigator.session
        tree = navigator.tree
        tree.setContextMenuPolicy(Qt.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._menu)
        self._menu_target: tuple[str, str] | None = None
        self.rename_action = self._key_action(RENAME, "F2", "Rename the chosen district, site or source",
                                              self.rename)
        self.delete_action = self._key_action(DELETE, QKeySequence.Delete, "Delete the chosen district, site or "
                                              "source (after asking; undoable)", self.delete)

    def _key_action(self, text: str, keys, tip: str, slot) -> QAction:
        action = QAction(text, self.nav.tree)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: self._on_target(slot))
        self.nav.tree.addAction(action)
        return action

    # ------------------------------------------------------------------ what is acted on
    def _target(self) -> tuple[str, str] | None:
        """(kind, id) of what the menu was opened on, else of the chosen item."""
        if self._menu_target is not None:
            return self._menu_target
        index = self.nav.tree.currentIndex().siblingAtColumn(0)
        kind, owner = index.data(self.nav.KIND_ROLE), index.data(self.nav.ID_ROLE)
        return (kind, owner) if owner else None

    def _on_target(self, slot) -> None:
        target = self._target()
        if target is not None:
            slot(*target)

    def code_turns(self, kind: str, owner: str) -> None:
        """Autocode the turns of a speaker, of a role's respondents or of the interviewers, in
        this source or in every source of this district or site."""
        from coder.coding import autocode as auto
        from coder.coding.run_spec import RunSpec

        from .autocode_dialog import AutocodeDialog

        study = self.nav.session.study
        scope = RunSpec(codes=[], sources=[owner]) if kind == "source" else RunSpec(codes=[], sites=[owner])
        where = study.sources.get(owner).name if kind == "source" else study.cases.get(owner).name
        inside, roles = auto.speakers_and_roles(study, scope)
        choices = [("the interviewers", lambda _u: auto.plan_turns(study, interviewers=True, scope=scope))]
        choices += [(f"the {role}s (respondents)", lambda _u, r=role: auto.plan_turns(study, role=r, scope=scope))
                    for role in roles]
        choices += [(name, lambda _u, n=name: auto.plan_turns(study, speaker=n, scope=scope)) for name in inside]
        AutocodeDialog(self.nav.session, None, f"Speaker turns in {where}", units=False, choices=choices,
                       parent=self.nav).exec()

    def code_sections(self, kind: str, owner: str) -> None:
        """Autocode by structure: the sections under headings (all, or one level's) or the
        caption cues, in this source or every source of this district or site."""
        from coder.coding import autocode_structure as structure
        from coder.coding.run_spec import RunSpec

        from .autocode_dialog import AutocodeDialog

        study = self.nav.session.study
        scope = RunSpec(codes=[], sources=[owner]) if kind == "source" else RunSpec(codes=[], sites=[owner])
        where = study.sources.get(owner).name if kind == "source" else study.cases.get(owner).name

        def headings(levels):
            return lambda unit: structure.plan_headings(study, scope=scope, levels=levels, named=unit == "named")

        levels, cues = structure.structure_in(study, scope)
        choices = [("every heading", headings(None))] if levels else []
        if len(levels) > 1:
            choices += [(f"level {n} headings", headings({n})) for n in levels]
        if cues:
            choices.append(("each caption cue", lambda _u: structure.plan_cues(study, scope=scope)))
        if not choices:
            self.nav.session.notify(f"{where} has no headings or caption cues to code by: headings come from "
                                    "Word heading styles, OpenDocument headings and Markdown, when a file is imported")
            return
        AutocodeDialog(self.nav.session, None, f"Sections in {where}", units=False, choices=choices,
                       choice_label="&Sections under", parent=self.nav).exec()

    def _menu(self, pos) -> None:
        index = self.nav.tree.indexAt(pos).siblingAtColumn(0)
        kind, owner = index.data(self.nav.KIND_ROLE), index.data(self.nav.ID_ROLE)
        menu = QMenu(self.nav.tree)
        if owner and kind == "source":
            menu.addAction("Open", lambda: self.nav.source_opened.emit(owner))
            menu.addSeparator()
            self.rename_action.setText("Rename…")
            menu.addAction(self.rename_action)
            menu.addAction("Move to site…", lambda: self.move_source(owner))
            menu.addAction("Code turns…", lambda: self.code_turns("source", owner))
            menu.addAction("Code sections…", lambda: self.code_sections("source", owner))
            menu.addSeparator()
            self.delete_action.setText("Delete source…")
            menu.addAction(self.delete_action)
        elif owner:
            menu.addAction("New district…", self.new_district)
            menu.addAction("New site here…", lambda: self.new_site(owner))
            menu.addSeparator()
            self.rename_action.setText("Rename…")
            menu.addAction(self.rename_action)
            menu.addAction("Move under…", lambda: self.move_case(owner))
            menu.addAction("Code turns…", lambda: self.code_turns("case", owner))
            menu.addAction("Code sections…", lambda: self.code_sections("case", owner))
            menu.addSeparator()
            self.delete_action.setText("Delete…")
            menu.addAction(self.delete_action)
        else:  # empty space, or the "(unassigned)" heading
            menu.addAction("New district…", self.new_district)
        self._menu_target = (kind, owner) if owner else None
        try:
            menu.exec(self.nav.tree.viewport().mapToGlobal(pos))
        finally:
            self._menu_target = None
            self.rename_action.setText(RENAME)
            self.delete_action.setText(DELETE)
            menu.deleteLater()

    # ------------------------------------------------------------------ cases
    def _parent(self):
        return self.nav.window()

    def _ask_name(self, title: str, prompt: str, text: str = "") -> str | None:
        name, ok = QInputDialog.getText(self._parent(), title, prompt, text=text)
        return name.strip() if ok and name.strip() else None

    def new_district(self) -> None:
        name = self._ask_name("New district", "Name of the new district:")
        if name:
            self._created(self.session.run_op(self.session.study.cases.add_case, name=name, kind="district"))

    def new_site(self, case_id: str) -> None:
        """A site in the district chosen (beside the site chosen)."""
        study = self.session.study
        case = study.cases.get(case_id)
        parent = case.id if case.kind in ("district", "group") else case.parent_id
        where = f" in {study.cases.get(parent).path}" if parent else " (at the top level)"
        name = self._ask_name("New site", f"Name of the new site{where}:")
        if name:
            self._created(self.session.run_op(study.cases.add_case, name=name, kind="site", parent_id=parent))

    def _created(self, changes) -> None:
        if changes is not None:
            self.nav.select_source(changes.result)  # the new case chosen: its attributes beside it

    def rename(self, kind: str, owner: str) -> None:
        study = self.session.study
        if kind == "source":
            info = study.sources.get(owner)
            name = self._ask_name("Rename source", "New name of the source:", info.name)
            if name and name != info.name:
                self.session.run_op(study.sources.update_source, source_id=owner, name=name)
            return
        case = study.cases.get(owner)
        name = self._ask_name(f"Rename {case.kind}", f"New name of the {case.kind} “{case.path}”:", case.name)
        if name and name != case.name:
            self.session.run_op(study.cases.rename_case, case_id=owner, name=name)

    def move_case(self, case_id: str) -> None:
        study = self.session.study
        case = study.cases.get(case_id)
        inside = set(study.cases.subtree(case_id))
        items = ([("(the top level)", "")] if case.parent_id else []) + [
            (c.path, c.id) for c in study.cases.all() if c.id not in inside and c.id != case.parent_id]
        dialog = PickDialog(f"Move {case.kind}", f"Put “{case.path}” (with its sources) under:", items,
                            self._parent())
        if dialog.exec() and dialog.chosen() is not None:
            self.session.run_op(study.cases.move_case, case_id=case_id, parent_id=dialog.chosen() or None)

    def delete(self, kind: str, owner: str) -> None:
        if kind == "source":
            self.delete_source(owner)
        else:
            self.delete_case(owner)

    def delete_case(self, case_id: str) -> None:
        study = self.session.study
        case = study.cases.get(case_id)
        gone = study.cases.deletion_summary(case_id)
        below = ""
        if gone.cases_below:
            names = [p.rsplit("/", 1)[-1] for p in gone.cases_below]
            below = f" and the {plural(len(names), 'case')} under it ({', '.join(names[:5])}" \
                    f"{', …' if len(names) > 5 else ''})"
        lines = [f"Delete the {case.kind} “{case.path}”{below}?"]
        if gone.sources:
            lines.append(f"Its {plural(gone.sources, 'source')} stay in the study, unassigned, with all their "
                         "codings (move them to a site later).")
        taken = [plural(n, what) for n, what in ((gone.attributes, "attribute value"),
                                                  (gone.stances, "claim stance"),
                                                  (gone.cell_notes, "pattern-table cell note")) if n]
        if taken:
            lines.append(f"Deleted with it: {', '.join(taken)}.")
        if gone.memos:
            lines.append(f"Its {'memo is' if gone.memos == 1 else 'memos are'} kept.")
        lines.append(UNDO_HINT)
        if confirm_delete(self._parent(), f"Delete {case.kind}", "\n\n".join(lines)):
            self.session.run_op(study.cases.delete_case, case_id=case_id)

    # ------------------------------------------------------------------ sources
    def move_source(self, source_id: str) -> None:
        study = self.session.study
        info = study.sources.get(source_id)
        items = ([("(unassigned)", "")] if info.case_id else []) + [
            (c.path + ("  (district level)" if c.kind == "district" else ""), c.id)
            for c in study.cases.all() if c.id != info.case_id]
        dialog = PickDialog("Move source", f"Put “{info.name}” in:", items, self._parent())
        if dialog.exec() and dialog.chosen() is not None:
            self.session.run_op(study.sources.update_source, source_id=source_id, case_id=dialog.chosen() or None)

    def delete_source(self, source_id: str) -> None:
        study = self.session.study
        gone = study.sources.deletion_summary(source_id)
        by = f" (by {' and '.join(gone.coders)})" if gone.coders else ""
        lines = [f"Delete the source “{gone.name}” and its text?",
                 f"Its {plural(gone.codings, 'coding')}{by} {'is' if gone.codings == 1 else 'are'} deleted with it."
                 if gone.codings else "It has no codings."]
        if gone.memo_quotes:
            one = gone.memo_quotes == 1
            lines.append(f"{plural(gone.memo_quotes, 'memo quotation')} from it {'keeps its' if one else 'keep their'} "
                         f"words but {'loses its' if one else 'lose their'} link to the passage.")
        if gone.claim_evidence:
            lines.append(f"{plural(gone.claim_evidence, 'piece')} of claim evidence from it "
                         f"{'is' if gone.claim_evidence == 1 else 'are'} withdrawn.")
        if gone.pinned_quotes:
            lines.append(f"{plural(gone.pinned_quotes, 'quotation')} pinned in pattern tables "
                         f"{'is' if gone.pinned_quotes == 1 else 'are'} unpinned.")
        lines.append(UNDO_HINT)
        if confirm_delete(self._parent(), "Delete source", "\n\n".join(lines)):
            self.session.run_op(study.sources.delete_source, source_id=source_id)
