"""What the analyst does to the cross-site outline besides adding and citing: rename a theme or
rewrite a claim, move items up, down or under another theme, delete, give a theme to a chapter
owner, make or link codes for a theme, and withdraw or re-read a piece of evidence. Each is one
coder operation (undoable); these methods only ask the questions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from ..widgets.text_prompt import ask_text

STATUSES = ("", "drafting", "in review", "revising", "done")


class OutlineActions:
    """Mixed into OutlinePanel, which supplies session, study, tree, evidence and _current_id."""

    def _chosen(self):
        item_id = self._current_id()
        if not item_id:
            self.session.notify("Choose a theme or claim first.")
            return None
        return self.study.cross_outline.get(item_id)

    def rename_item(self) -> None:
        item = self._chosen()
        if item is None:
            return
        if item.kind == "claim":
            text, ok = ask_text(self, "Rewrite claim", "Claim:", item.name)
        else:
            text, ok = QInputDialog.getText(self, "Rename theme", "Theme:", text=item.name)
        if ok and text.strip() and text.strip() != item.name:
            self.session.run_op(self.study.cross_outline.rename, item_id=item.id, name=text)

    def shift_item(self, by: int) -> None:
        item = self._chosen()
        if item is not None:
            self.session.run_op(self.study.cross_outline.shift, item_id=item.id, by=by)

    def move_item(self) -> None:
        item = self._chosen()
        if item is None:
            return
        themes = [t for t in self.study.cross_outline.items() if t.kind == "theme" and t.id != item.id
                  and not t.path.startswith(item.path + "/") and t.id != item.parent_id]
        choices = ([] if item.kind == "claim" or item.parent_id is None else ["(the top of the outline)"])
        choices += [t.path for t in themes]
        if not choices:
            self.session.notify("There is no other theme to move it under.")
            return
        chosen, ok = QInputDialog.getItem(self, "Move", f"Move “{item.name[:60]}” under:", choices, 0, False)
        if ok:
            parent = next((t.id for t in themes if t.path == chosen), None)
            self.session.run_op(self.study.cross_outline.move, item_id=item.id, parent_id=parent)

    def delete_item(self) -> None:
        item = self._chosen()
        if item is None:
            return
        what = "this claim with its evidence" if item.kind == "claim" else "this theme with everything under it"
        if QMessageBox.question(self, "Delete", f"Delete {what}?\n\n{item.name}\n\n(Edit > Undo brings it back.)") \
                == QMessageBox.Yes:
            self.session.run_op(self.study.cross_outline.delete, item_id=item.id)

    def assign_item(self) -> None:
        item = self._chosen()
        if item is None:
            return
        owner, ok = QInputDialog.getText(self, "Chapter owner", f"Who writes “{item.name}”?", text=item.owner)
        if not ok:
            return
        current = STATUSES.index(item.status) if item.status in STATUSES else 0
        status, ok = QInputDialog.getItem(self, "Status", "Status:", list(STATUSES), current, True)
        if ok:
            self.session.run_op(self.study.cross_outline.assign, item_id=item.id, owner=owner, status=status)

    def _theme(self):
        item = self._chosen()
        if item is None:
            return None
        return item if item.kind == "theme" else self.study.cross_outline.get(item.parent_id)

    def new_theme_code(self) -> None:
        theme = self._theme()
        if theme is None:
            return
        path, ok = QInputDialog.getText(self, "New code for the theme",
                                        f"A new code for “{theme.name}” (use / to put it under a parent):",
                                        text=f"Cross-site/{theme.name}/")
        if ok and path.strip().strip("/"):
            self.session.run_op(self.study.cross_outline.new_code, theme_id=theme.id, path=path.strip().strip("/"))

    def link_theme_code(self) -> None:
        theme = self._theme()
        if theme is None:
            return
        linked = set(self.study.cross_outline.theme_codes(theme.id))
        paths = [c.path for c in self.study.codes.all() if c.id not in linked]
        chosen, ok = QInputDialog.getItem(self, "Link a code", f"A code whose data run belongs to “{theme.name}”:",
                                          paths, 0, False)
        if ok and chosen:
            self.session.run_op(self.study.cross_outline.link_code, theme_id=theme.id,
                                code_id=self.study.codes.find(chosen).id)

    def unlink_theme_code(self) -> None:
        theme, item = self._theme(), self.theme_codes.currentItem()
        if theme is not None and item is not None:
            self.session.run_op(self.study.cross_outline.link_code, theme_id=theme.id,
                                code_id=item.data(Qt.UserRole), linked=False)

    def set_thresholds(self) -> None:
        now = self.study.cross_outline.thresholds()
        types, ok = QInputDialog.getInt(self, "Triangulation", "A claim is triangulated when its evidence comes "
                                        "from at least this many source types:", now["triangulation_types"], 1, 9)
        if not ok:
            return
        roles, ok = QInputDialog.getInt(self, "Triangulation", "…and from at least this many respondent roles:",
                                        now["triangulation_roles"], 1, 20)
        if ok:
            self.session.run_op(self.study.cross_outline.set_thresholds, types=types, roles=roles)

    def _chosen_evidence(self):
        item = self.evidence.currentItem()
        if item is None:
            self.session.notify("Choose a piece of evidence first.")
        return item

    def withdraw_evidence(self) -> None:
        item = self._chosen_evidence()
        if item is not None:
            self.session.run_op(self.study.cross_outline.uncite, evidence_id=item.data(Qt.UserRole + 1))

    def flip_evidence(self) -> None:
        item = self._chosen_evidence()
        if item is None:
            return
        stance = "supports" if item.data(Qt.UserRole + 2) == "contradicts" else "contradicts"
        self.session.run_op(self.study.cross_outline.set_evidence_stance, evidence_id=item.data(Qt.UserRole + 1),
                            stance=stance)

    def tree_menu(self, point) -> None:
        node = self.tree.itemAt(point)
        if node is None:
            return
        self.tree.setCurrentItem(node)
        menu = QMenu(self)
        for text, slot in (("Rename…", self.rename_item), ("Move up", lambda: self.shift_item(-1)),
                           ("Move down", lambda: self.shift_item(1)), ("Move under…", self.move_item),
                           ("Assign to…", self.assign_item), (None, None),
                           ("New code for this theme…", self.new_theme_code),
                           ("Link a code to this theme…", self.link_theme_code), (None, None),
                           ("Delete…", self.delete_item)):
            if text is None:
                menu.addSeparator()
            else:
                menu.addAction(text, slot)
        menu.exec(self.tree.viewport().mapToGlobal(point))

    def evidence_menu(self, point) -> None:
        item = self.evidence.itemAt(point)
        if item is None:
            return
        self.evidence.setCurrentItem(item)
        menu = QMenu(self)
        other = "supporting" if item.data(Qt.UserRole + 2) == "contradicts" else "contradicting"
        menu.addAction("Open the passage", lambda: self._open_evidence(item))
        menu.addAction(f"Read it as {other}", self.flip_evidence)
        menu.addAction("Withdraw this evidence", self.withdraw_evidence)
        menu.exec(self.evidence.viewport().mapToGlobal(point))
