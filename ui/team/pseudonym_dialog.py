"""File > Share under pseudonyms…: the names a shared copy must not show and what replaces them
(started from the study's sites, districts and people), their other spellings in the texts, and
the shareable copy — a new study from which every export carries the pseudonyms only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from coder.store.errors import CaseCoderError

from ..widgets.exports import ask_path


class PseudonymDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.study = window.session.study
        self.setWindowTitle("Share under pseudonyms")
        intro = QLabel("Each name below is replaced by its pseudonym everywhere in a copy of the study made for "
                       "sharing — transcripts, memos, outline, tables — and so in everything exported from it. "
                       "Leave a pseudonym empty to keep that name.")
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Name", "Pseudonym", "Other spellings found in the texts"])
        for column in range(3):
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.Stretch)
        self.table.verticalHeader().setVisible(False)
        in_texts = QPushButton("Find names in the transcripts")
        in_texts.setToolTip("Capitalised words the transcripts never write in lower case: candidates to judge")
        in_texts.clicked.connect(self.add_names_in_texts)
        add = QPushButton("Add a name…")
        add.clicked.connect(lambda: self.add_name())
        variants = QPushButton("Find other spellings")
        variants.clicked.connect(self.find_variants)
        save = QPushButton("Save the list")
        save.clicked.connect(self.save)
        share = QPushButton("Write a copy for sharing…")
        share.clicked.connect(lambda: self.write_copy())  # not the click's "checked" as a path
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        for button in (in_texts, add, variants, save):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(share)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.resize(860, 520)
        self.fill()

    def fill(self) -> None:
        rows = [(p.real, p.alias) for p in self.study.pseudonyms.all()]
        rows += [(name, "") for name in self.study.pseudonyms.suggest()]
        self.table.setRowCount(len(rows))
        for i, (real, alias) in enumerate(rows):
            name = QTableWidgetItem(real)
            name.setFlags(name.flags() & ~Qt.ItemIsEditable)
            self.table.setItem(i, 0, name)
            self.table.setItem(i, 1, QTableWidgetItem(alias))
            spelled = QTableWidgetItem("")
            spelled.setFlags(spelled.flags() & ~Qt.ItemIsEditable)
            self.table.setItem(i, 2, spelled)

    def add_name(self, name: str | None = None) -> None:
        """A name the study's lists do not hold (a person only the transcripts mention)."""
        if name is None:
            name, ok = QInputDialog.getText(self, "Add a name", "A name to replace in the shared copy:")
            if not ok:
                return
        name = " ".join(name.split())
        if not name:
            return
        row = self._append(name)
        self.table.scrollToItem(self.table.item(row, 1))
        self.table.editItem(self.table.item(row, 1))

    def _append(self, name: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate((name, "", "")):
            item = QTableWidgetItem(text)
            if column != 1:
                item.setFlags(item.flags() & ~Qt.ItemIsEditable)
            self.table.setItem(row, column, item)
        return row

    def add_names_in_texts(self) -> int:
        listed = {self.table.item(i, 0).text().casefold() for i in range(self.table.rowCount())}
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            found = [n for n in self.study.pseudonyms.names_in_texts() if n.casefold() not in listed]
        finally:
            QApplication.restoreOverrideCursor()
        for name in found:
            self._append(name)
        self.window.session.notify(f"{len(found)} names found in the transcripts: give a pseudonym to those to "
                                   "hide, leave the others empty")
        return len(found)

    def pairs(self) -> list[tuple[str, str]]:
        found = []
        for i in range(self.table.rowCount()):
            alias = (self.table.item(i, 1).text() or "").strip()
            if alias:
                found.append((self.table.item(i, 0).text(), alias))
        return found

    def find_variants(self) -> None:
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            names = [self.table.item(i, 0).text() for i in range(self.table.rowCount())]
            variants = self.study.pseudonyms.find_variants(names)
        finally:
            QApplication.restoreOverrideCursor()
        for i, name in enumerate(names):
            self.table.item(i, 2).setText(", ".join(variants.get(name, [])))

    def save(self) -> bool:
        return self.window.session.run_op(self.study.pseudonyms.set_all, pairs=self.pairs()) is not None

    def ask_to_share_anyway(self, remaining: dict[str, dict[str, int]]) -> bool:
        """The names the copy would still show, and where; the copy is written only when told."""
        from coder.privacy.share_scan import describe_remaining

        answer = QMessageBox.warning(
            self, "Names remain in the shared copy",
            f"The copy would still name {len(remaining)} people or places CaseCoder knows:\n\n"
            f"{describe_remaining(remaining)}\n\nGive each a pseudonym (or a name that is no name itself as its "
            "pseudonym, to keep it), or write the copy anyway?",
            QMessageBox.Cancel | QMessageBox.Save, QMessageBox.Cancel)
        return answer == QMessageBox.Save

    def write_copy(self, path: str | None = None) -> str | None:
        if not self.save():
            return None
        if path is None:
            chosen = ask_path(self, "Write a copy for sharing", f"{self.study.path.stem} (shared)", ("casecoder",))
            if chosen is None:
                return None
            path = chosen[0]
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            from coder.privacy.pseudonyms import write_shareable_copy
            from coder.privacy.share_scan import NamesRemain

            try:
                report = write_shareable_copy(self.study, path)
            except NamesRemain as remain:
                QApplication.restoreOverrideCursor()
                if not self.ask_to_share_anyway(remain.remaining):
                    return None
                QApplication.setOverrideCursor(Qt.WaitCursor)
                report = write_shareable_copy(self.study, path, allow_remaining=True)
        except (CaseCoderError, OSError) as exc:
            self.window.session.report_error(str(exc))
            return None
        finally:
            QApplication.restoreOverrideCursor()
        if report["not_found"]:
            self.window.session.notify("Listed but written nowhere in the study (spelled otherwise?): "
                                       + ", ".join(report["not_found"]))
        self.window.session.notify(f"Wrote {report['copy']}: names replaced in {report['sources']} transcripts and "
                                   f"{report['fields']} other places. Open it to export what you share.")
        return report["copy"]
