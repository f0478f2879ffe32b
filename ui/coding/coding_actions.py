"""What the window does when the user codes: each handler asks what it must (a name, a colour,
a confirmation) and then runs exactly one coder/ operation through the session."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMessageBox

from ..widgets.text_prompt import ask_text
from .code_dialogs import DescribeCodeDialog, PickDialog


class CodingActions:
    """Mixed into MainWindow; needs self.session, self.document, self.codebook, self.runs."""

    recent_codes: list[str]

    # ------------------------------------------------------------------ applying
    def apply_code(self, code_id: str, start: int | None = None, end: int | None = None) -> None:
        """Code the given range, or the document's selection."""
        if start is None:
            picked = self.document.selection()
            if picked is None:
                self.session.notify("Select some text first, then choose a code.")
                return
            start, end = picked
        if self.document.source_id is None:
            return
        changes = self.session.run_op(self.session.study.codings.apply_code, source_id=self.document.source_id,
                                      code_id=code_id, start=start, end=end, coder=self.session.coder)
        if changes is not None:
            self.remember_code(code_id)

    def remember_code(self, code_id: str) -> None:
        """Give a newly used code the next Ctrl+number. A code keeps its number while it is among
        the nine (so Ctrl+3 stays the code it was); a tenth takes the slot of the least recently
        used one."""
        used = self.__dict__.setdefault("_recent_use", {})
        self._use_clock = getattr(self, "_use_clock", 0) + 1
        used[code_id] = self._use_clock
        if code_id not in self.recent_codes:
            if len(self.recent_codes) < 9:
                self.recent_codes.append(code_id)
            else:
                oldest = min(range(9), key=lambda i: used.get(self.recent_codes[i], 0))
                used.pop(self.recent_codes[oldest], None)
                self.recent_codes[oldest] = code_id
        self.update_recent_actions()

    def apply_recent(self, index: int) -> None:
        if index < len(self.recent_codes):
            self.apply_code(self.recent_codes[index])

    def apply_current_code(self) -> None:
        code_id = self.codebook.selected_code()
        if code_id:
            self.apply_code(code_id)

    def code_in_vivo(self) -> None:
        picked = self.document.selection()
        if picked is None or self.document.source_id is None:
            self.session.notify("Select the respondent's words to name an in-vivo code.")
            return
        parent = self.codebook.selected_code()
        changes = self.session.run_op(self.session.study.codings.code_in_vivo, source_id=self.document.source_id,
                                      start=picked[0], end=picked[1], parent_id=parent, coder=self.session.coder)
        if changes is not None:
            self.remember_code(changes.result["code_id"])

    def remove_coding(self, coding_id: str) -> None:
        self.session.run_op(self.session.study.codings.remove_coding, coding_id=coding_id)

    def recode(self, coding_id: str) -> None:
        code_id = self.pick_code("Re-code as", "Give this passage which code instead?")
        if code_id:
            self.session.run_op(self.session.study.codings.recode, coding_id=coding_id, code_id=code_id)

    def fit_coding(self, coding_id: str) -> None:
        """Fit to selection: the coding now covers the selected words (longer, shorter or moved
        along), its code, coder and note kept."""
        picked = self.document.selection()
        if picked is None:
            self.session.notify("Select the words the coding should cover, then choose Fit to selection.")
            return
        if self.session.run_op(self.session.study.codings.set_range, coding_id=coding_id, start=picked[0],
                               end=picked[1]) is not None:
            self.document.select_coding(coding_id)

    def edit_note(self, coding_id: str) -> None:
        coding = self.session.study.codings.get(coding_id)
        note, ok = ask_text(self, "Note on coding", coding.code_path, coding.note)
        if ok:
            self.session.run_op(self.session.study.codings.set_note, coding_id=coding_id, note=note)

    # ------------------------------------------------------------------ the codebook
    def pick_code(self, title: str, prompt: str, exclude: str | None = None) -> str | None:
        items = [(c.path, c.id) for c in self.session.study.codes.all() if c.id != exclude]
        dialog = PickDialog(title, prompt, items, self)
        return dialog.chosen() if dialog.exec() else None

    def new_code(self, parent_id: str | None) -> None:
        where = self.session.study.codes.path_of(parent_id) + "/" if parent_id else ""
        name, ok = QInputDialog.getText(self, "New code", f"Name of the new code{' under ' + where if where else ''}:")
        if ok and name.strip():
            self.session.run_op(self.session.study.codes.add_code, path=name.replace("/", "\\/"),
                                parent_id=parent_id)

    def rename_code(self, code_id: str) -> None:
        code = self.session.study.codes.get(code_id)
        name, ok = QInputDialog.getText(self, "Rename code", "New name:", text=code.name)
        if ok and name.strip() and name != code.name:
            self.session.run_op(self.session.study.codes.rename_code, code_id=code_id, name=name)

    def recolor_code(self, code_id: str) -> None:
        code = self.session.study.codes.get(code_id)
        color = QColorDialog.getColor(QColor(code.color), self, f"Colour of {code.name}")
        if color.isValid():
            self.session.run_op(self.session.study.codes.set_color, code_id=code_id, color=color.name())

    def describe_code(self, code_id: str) -> None:
        dialog = DescribeCodeDialog(self.session.study.codes.get(code_id), self)
        if dialog.exec():
            self.session.run_op(self.session.study.codes.describe_code, code_id=code_id, **dialog.values())

    def link_section(self, code_id: str) -> None:
        items = [("(no section)", "")] + [(s.path, s.id) for s in self.session.study.sections.all()]
        dialog = PickDialog("Link to case outline", "Which section of the site case outline does this code "
                            "feed?", items, self)
        if dialog.exec():
            self.session.run_op(self.session.study.codes.link_section, code_id=code_id,
                                section_id=dialog.chosen() or None)

    def merge_code(self, code_id: str) -> None:
        code = self.session.study.codes.get(code_id)
        target = self.pick_code("Merge code", f"Merge “{code.path}” ({code.count_all} codings) into:",
                                exclude=code_id)
        if target:
            self.session.run_op(self.session.study.codes.merge_codes, source_id=code_id, target_id=target)

    def delete_code(self, code_id: str) -> None:
        code = self.session.study.codes.get(code_id)
        below = len(self.session.study.codes.descendants(code_id)) - 1
        answer = QMessageBox.question(
            self, "Delete code",
            f"Delete “{code.path}”{f' and its {below} sub-codes' if below else ''}?\n\n"
            f"{code.count_all} coding{'s' if code.count_all != 1 else ''} will go with it. "
            "You can undo this with Ctrl+Z.")
        if answer == QMessageBox.Yes:
            self.session.run_op(self.session.study.codes.delete_code, code_id=code_id)

    def show_run_for(self, code_id: str, case_id: str | None = None) -> None:
        """Open the data run for a code (and optionally one site) in the Code workspace's
        Retrieval panel, shown if it was closed: from a heat-map cell or an outline theme the
        researcher goes where the run's passages open in their transcripts (Ctrl+4 goes back)."""
        self.runs.set_codes([code_id])
        self.runs.descendants.setChecked(True)
        self.runs.op.setCurrentIndex(0)
        self.runs.set_site(case_id)
        self.runs.run()
        self.show_run_panel()

    def show_run_spec(self, spec, note: str = "") -> None:
        """A compare cell's data run: the run panel set to `spec`'s codes (its first code first:
        with AND, the run is that code's passages) and filters (its sources too: a set, or the
        exact sources a cell counts), run, shown; `note` says under the count what the run adds."""
        runs = self.runs
        runs.set_sources(spec.sources, f"the {len(spec.sources)} sources the cell counts")
        runs.show_spec(spec)
        if spec.op == "and" and len(spec.codes) > 1:
            first, other = (self.session.study.codes.get(c).path for c in spec.codes[:2])
            note = note or f"Passages of {first} that meet {other}."
        runs.run(note)
        self.show_run_panel()

    def show_run_panel(self) -> None:
        self.show_workspace("code")
        self.bottom_dock.show()
        self.bottom_tabs.setCurrentWidget(self.runs)
        self.bottom_dock.raise_()

    def show_cell_run(self, code_id: str, case_id: str, coder: str) -> None:
        """A heat-map cell's data run: its code and case, and the coder it counts ('' for all)."""
        runs = self.runs
        for box in (runs.role, runs.wave, runs.type, runs.attrs, runs.not_code):
            box.set_values([])  # the map counts every source of the site: so does its run
        runs.source_set.setCurrentIndex(0)
        runs.coder.set_values([coder] if coder else [])
        self.show_run_for(code_id, case_id)
