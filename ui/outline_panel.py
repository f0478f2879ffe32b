"""The cross-site outline in the window: themes and claims with their checks beside them, each
claim's evidence (double-click opens the passage) and each site's stance, the sites never cited,
and the export to Word.

Evidence comes from the data-run and search results: choose a segment there, then "Cite the
chosen segment" here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.cross_outline import STANCES
from coder.errors import CaseCoderError

COLUMNS = ("Theme / claim", "✓ sites", "✗ sites", "Triang.", "Evid.")


class OutlinePanel(QWidget):
    passage_opened = Signal(str, int, int)

    def __init__(self, session, chosen_segment, parent=None) -> None:
        """`chosen_segment()` returns the segment chosen in the data-run or search results."""
        super().__init__(parent)
        self.session = session
        self.chosen_segment = chosen_segment
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(COLUMNS))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)  # the claim gets the room; counts stay narrow
        for column, tip in enumerate(("", "sites that support the claim", "sites that contradict it "
                                      "(disconfirming evidence)", "two source types and two roles at least",
                                      "evidence links"), start=0):
            if column:
                header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
                self.tree.headerItem().setToolTip(column, tip)
        self.tree.currentItemChanged.connect(lambda *_: self.show_claim())
        buttons = QHBoxLayout()
        for text, tip, slot in (("Add theme…", "A theme (or 'Theme/Sub-theme')", self.add_theme),
                                ("Add claim…", "A claim under the chosen theme", self.add_claim),
                                ("Export to Word…", "The outline as the report's skeleton", self.export_word)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.uncited = QLabel()
        self.uncited.setWordWrap(True)
        left = QVBoxLayout()
        left.addLayout(buttons)
        left.addWidget(self.tree, 1)
        left.addWidget(self.uncited)
        self.claim_label = QLabel("Choose a claim to see its evidence and the sites' stances.")
        self.claim_label.setWordWrap(True)
        self.evidence = QListWidget()
        self.evidence.setWordWrap(True)
        self.evidence.itemDoubleClicked.connect(self._open_evidence)
        self.cite_button = cite = QPushButton("Cite the chosen segment")
        cite.setToolTip("Cite the segment chosen in the data-run or search results as evidence for this claim")
        cite.clicked.connect(self.cite)
        self.contradicts = QCheckBox("as contradicting")
        self.stances = QTableWidget(0, 2)
        self.stances.setHorizontalHeaderLabels(["Site", "Stance"])
        self.stances.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.stances.verticalHeader().hide()
        evidence_side = QVBoxLayout()
        evidence_side.addWidget(self.claim_label)
        evidence_side.addWidget(QLabel("Evidence (double-click to open the passage)"))
        evidence_side.addWidget(self.evidence, 1)
        row = QHBoxLayout()
        row.addWidget(cite)
        row.addWidget(self.contradicts)
        row.addStretch(1)
        evidence_side.addLayout(row)
        stance_side = QVBoxLayout()
        stance_side.addWidget(QLabel("Stance of each site"))
        stance_side.addWidget(self.stances, 1)
        # the outline across the whole width (claims are long), the chosen claim's detail below
        detail = QSplitter(Qt.Horizontal)
        for layout in (evidence_side, stance_side):
            holder = QWidget()
            holder.setLayout(layout)
            detail.addWidget(holder)
        detail.setSizes([600, 300])
        top = QWidget()
        top.setLayout(left)
        split = QSplitter(Qt.Vertical)
        split.addWidget(top)
        split.addWidget(detail)
        split.setSizes([380, 420])
        outer = QVBoxLayout(self)
        outer.addWidget(split)

    @property
    def study(self):
        return self.session.study

    # ------------------------------------------------------------------ showing
    def refresh(self) -> None:
        o = self.study.cross_outline
        current = self._current_id()
        self.tree.clear()
        nodes: dict[str, QTreeWidgetItem] = {}
        bold = QFont()
        bold.setBold(True)
        for item in o.items():
            if item.kind == "claim":
                check = o.check(item.id)
                cells = [item.name, str(check["supporting_sites"]), str(check["contradicting_sites"]),
                         "yes" if check["triangulated"] else "no", str(len(o.evidence(item.id)))]
            else:
                owner = f"  ({item.owner}{', ' + item.status if item.status else ''})" if item.owner else ""
                cells = [item.name + owner, "", "", "", ""]
            node = QTreeWidgetItem(cells)
            node.setData(0, Qt.UserRole, item.id)
            node.setToolTip(0, item.name)
            if item.kind == "theme":
                node.setFont(0, bold)
            elif cells[2] != "0":
                node.setToolTip(2, "Disconfirming evidence: at least one site contradicts this claim")
            (nodes[item.parent_id].addChild(node) if item.parent_id in nodes else self.tree.addTopLevelItem(node))
            nodes[item.id] = node
        self.tree.expandAll()
        if current in nodes:
            self.tree.setCurrentItem(nodes[current])
        uncited = o.uncited_sites()
        self.uncited.setText("Never cited: " + (", ".join(uncited) if uncited else "none — every site is cited."))
        self.show_claim()

    def _current_id(self) -> str | None:
        node = self.tree.currentItem()
        return node.data(0, Qt.UserRole) if node else None

    def _current_claim(self):
        item_id = self._current_id()
        if not item_id:
            return None
        item = self.study.cross_outline.get(item_id)
        return item if item.kind == "claim" else None

    def show_claim(self) -> None:
        self.evidence.clear()
        self.stances.setRowCount(0)
        claim = self._current_claim()
        if claim is None:
            self.claim_label.setText("Choose a claim to see its evidence and the sites' stances.")
            return
        self.claim_label.setText(f"<b>{claim.name}</b>")
        o = self.study.cross_outline
        for e in o.evidence(claim.id):
            marker = "✗ contradicts" if e.stance == "contradicts" else "✓ supports"
            item = QListWidgetItem(f"{marker}: “{' '.join(e.quote.split())[:200]}”\n"
                                   f"— {self.study.memos.citation(e.source_id)}")
            item.setData(Qt.UserRole, (e.source_id, e.start, e.end))
            self.evidence.addItem(item)
        sites = {c.id: c.name for c in self.study.cases.all() if c.kind == "site"}
        for site_id, stance in o.stances(claim.id).items():
            row = self.stances.rowCount()
            self.stances.insertRow(row)
            name = QTableWidgetItem(sites[site_id])
            name.setFlags(name.flags() & ~Qt.ItemIsEditable)
            self.stances.setItem(row, 0, name)
            box = QComboBox()
            box.addItems(list(STANCES))
            box.setCurrentText(stance)
            box.setProperty("site_id", site_id)
            box.activated.connect(lambda _i, box=box: self.set_stance(box.property("site_id"), box.currentText()))
            self.stances.setCellWidget(row, 1, box)

    # ------------------------------------------------------------------ actions
    def add_theme(self) -> None:
        path, ok = QInputDialog.getText(self, "Add theme", "Theme (use / for a sub-theme):")
        if ok and path.strip():
            self.session.run_op(self.study.cross_outline.add, path=path.strip())

    def add_claim(self) -> None:
        item_id = self._current_id()
        if not item_id:
            self.session.notify("Choose the theme the claim belongs to first.")
            return
        item = self.study.cross_outline.get(item_id)
        theme = item if item.kind == "theme" else self.study.cross_outline.get(item.parent_id)
        text, ok = QInputDialog.getMultiLineText(self, "Add claim", f"Claim under “{theme.name}”:")
        if ok and text.strip():
            self.session.run_op(self.study.cross_outline.add, path=theme.path, claim=" ".join(text.split()))

    def cite(self) -> None:
        claim = self._current_claim()
        segment = self.chosen_segment()
        if claim is None or segment is None:
            self.session.notify("Choose a claim here and a segment in the data-run or search results.")
            return
        stance = "contradicts" if self.contradicts.isChecked() else "supports"
        if segment.code:
            self.session.run_op(self.study.cross_outline.cite, claim_id=claim.id, coding_id=segment.id, stance=stance)
        else:  # a search hit: cite the passage itself
            self.session.run_op(self.study.cross_outline.cite_passage, claim_id=claim.id, source_id=segment.source,
                                start=segment.start, end=segment.end, stance=stance)

    def set_stance(self, site_id: str, stance: str) -> None:
        claim = self._current_claim()
        if claim is not None:
            self.session.run_op(self.study.cross_outline.set_stance, claim_id=claim.id, site_id=site_id,
                                stance=stance)

    def _open_evidence(self, item) -> None:
        self.passage_opened.emit(*item.data(Qt.UserRole))

    def export_word(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from coder.outline_export import write_outline

        path, _ = QFileDialog.getSaveFileName(self, "Export the outline to Word", "Cross-site analysis.docx",
                                              "Word document (*.docx)")
        if not path:
            return
        try:
            write_outline(self.study, path)
        except (OSError, CaseCoderError) as exc:
            QMessageBox.warning(self, "CaseCoder", f"{path}: {exc}")
            return
        self.session.notify(f"Exported to {path}")
