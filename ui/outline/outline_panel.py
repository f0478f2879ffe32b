"""The cross-site outline in the window: themes and claims with their checks beside them, each
claim's evidence (double-click opens the passage; right-click withdraws or re-reads it) and each
site's stance, saying whose it is (an analyst's judgement, "supports (okafor)", or — in italics,
"mixed (evidence)" — what the site's evidence says: supports, contradicts, mixed or silent), the
codes made for the chosen theme (double-click runs them), the sites never cited, and the export
to Word in a worker. Right-click a theme or claim to rename, move, assign or delete it (coder
operations, in ui/outline_actions.py).

Evidence comes from the data-run and search results: choose a segment there, then "Cite the
chosen segment" here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

from coder.crosssite.cross_outline import STANCES

from ..widgets.eliding import ElidedLabel
from ..widgets.text_prompt import ask_text
from ..widgets.tool_row import tool_row
from .outline_actions import OutlineActions

COLUMNS = ("Theme / claim", "✓ sites", "± sites", "✗ sites", "Triang.", "Evid.")
EVIDENCE_CHOICE = "{} (evidence)"  # the stance box's first choice: no judgement of the analyst's


class OutlinePanel(OutlineActions, QWidget):
    passage_opened = Signal(str, int, int)
    code_run_requested = Signal(str)

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
        for column, tip in enumerate(("", "sites that support the claim", "sites that are mixed on it: "
                                      "evidence both ways, or judged so (disconfirming evidence)",
                                      "sites that contradict it (disconfirming evidence)",
                                      "enough source types and roles (Checks…)", "evidence links"), start=0):
            if column:
                header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
                self.tree.headerItem().setToolTip(column, tip)
        self.tree.currentItemChanged.connect(lambda *_: self.show_claim())
        self.tree.setContextMenuPolicy(Qt.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self.tree_menu)
        buttons = []
        for text, tip, slot in (("Add theme…", "A theme (or 'Theme/Sub-theme')", self.add_theme),
                                ("Add claim…", "A claim under the chosen theme", self.add_claim),
                                ("Rename…", "Rename the theme or rewrite the claim", self.rename_item),
                                ("↑", "Move it up among its siblings", lambda: self.shift_item(-1)),
                                ("↓", "Move it down among its siblings", lambda: self.shift_item(1)),
                                ("Move under…", "Put it under another theme", self.move_item),
                                ("Assign…", "Give the theme to a chapter owner, with a status", self.assign_item),
                                ("Delete…", "Delete it (a theme with everything under it)", self.delete_item)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            if len(text) == 1:
                button.setFixedWidth(32)
            buttons.append(button)
        self.uncited = QLabel()
        self.uncited.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(tool_row(*buttons))
        left.addWidget(self.tree, 1)
        below = []
        for text, tip, slot in (("Checks…", "What a triangulated claim needs: source types and roles",
                                 self.set_thresholds),
                                ("Export to Word…", "The outline as the report's skeleton", self.export_word)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            below.append(button)
        row = QHBoxLayout()
        row.addWidget(self.uncited, 1)
        row.addWidget(tool_row(*below))
        left.addLayout(row)
        self.claim_label = QLabel("Choose a claim to see its evidence and the sites' stances.")
        self.claim_label.setWordWrap(True)
        self.evidence = QListWidget()
        self.evidence.setWordWrap(True)
        self.evidence.itemDoubleClicked.connect(self._open_evidence)
        self.evidence.setContextMenuPolicy(Qt.CustomContextMenu)
        self.evidence.customContextMenuRequested.connect(self.evidence_menu)
        self.cite_button = cite = QPushButton("Cite the chosen segment")
        cite.setToolTip("Cite the segment chosen in the data-run or search results as evidence for this claim")
        cite.clicked.connect(self.cite)
        self.contradicts = QCheckBox("as contradicting")
        withdraw = QPushButton("Withdraw")
        withdraw.setToolTip("Take the chosen evidence off the claim (right-click it to read it the other way)")
        withdraw.clicked.connect(self.withdraw_evidence)
        self.theme_codes = QListWidget()
        self.theme_codes.setToolTip("Codes made for the theme: apply them in the documents; double-click one to "
                                    "run it. Their data runs go into the appendix of the Word export.")
        self.theme_codes.itemDoubleClicked.connect(lambda item: self.code_run_requested.emit(item.data(Qt.UserRole)))
        self.theme_label = QLabel("Codes made for the theme")
        self.theme_label.setWordWrap(True)
        self.stances = QTableWidget(0, 2)
        self.stances.setHorizontalHeaderLabels(["Site", "Stance (whose)"])
        self.stances.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.stances.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.stances.horizontalHeaderItem(1).setToolTip(
            "The site's stance and where it comes from: “(evidence)”, read from the site's cited evidence, or "
            "the name of the analyst who judged it")
        self.stances.setToolTip("A site's stance is your judgement when you set one, else what its evidence says: "
                                "only supporting evidence, supports; only contradicting, contradicts; both, "
                                "mixed; none, silent. Choose the first choice, “… (evidence)”, to withdraw your "
                                "judgement.")
        self.stances.verticalHeader().hide()
        evidence_side = QVBoxLayout()
        evidence_side.addWidget(self.claim_label)
        evidence_side.addWidget(QLabel("Evidence (double-click to open the passage)"))
        evidence_side.addWidget(self.evidence, 1)
        evidence_side.addWidget(tool_row(cite, self.contradicts, None, withdraw))
        self.to_cite = ElidedLabel("", mode=Qt.ElideRight)  # what Cite takes: chosen in another workspace
        self.to_cite.setStyleSheet("color: palette(placeholder-text);")
        evidence_side.addWidget(self.to_cite)
        stance_side = QVBoxLayout()
        stance_side.addWidget(QLabel("Stance of each site"))
        stance_side.addWidget(self.stances, 3)
        stance_side.addWidget(self.theme_label)
        stance_side.addWidget(self.theme_codes, 1)
        code_buttons = []
        for text, slot in (("New code…", self.new_theme_code), ("Link…", self.link_theme_code),
                           ("Unlink", self.unlink_theme_code)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            code_buttons.append(button)
        stance_side.addWidget(tool_row(*code_buttons, None))
        # the outline across the whole width (claims are long), the chosen claim's detail below
        detail = QSplitter(Qt.Horizontal)
        for layout in (evidence_side, stance_side):
            holder = QWidget()
            holder.setLayout(layout)
            detail.addWidget(holder)
        detail.setSizes([540, 360])  # room for the sites beside their stance boxes
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
    def show_segment_to_cite(self) -> None:
        """Say which segment Cite would take (it is chosen in the Code workspace's data run or
        search results), or how to choose one."""
        segment = self.chosen_segment()
        self.cite_button.setEnabled(segment is not None)
        if segment is None:
            self.to_cite.setText("To cite a segment, choose it in a data run or search results (Code workspace).")
        else:
            words = " ".join(segment.text.split())
            self.to_cite.setText(f"Cite takes: {segment.source_name} — “{words}”")

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.show_segment_to_cite()

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
                cells = [item.name, str(check["supporting_sites"]), str(check["mixed_sites"]),
                         str(check["contradicting_sites"]), "yes" if check["triangulated"] else "no",
                         str(len(o.evidence(item.id)))]
            else:
                owner = f"  ({item.owner}{', ' + item.status if item.status else ''})" if item.owner else ""
                cells = [item.name + owner, "", "", "", "", ""]
            node = QTreeWidgetItem(cells)
            node.setData(0, Qt.UserRole, item.id)
            node.setToolTip(0, item.name)
            if item.kind == "theme":
                node.setFont(0, bold)
            else:
                for column, what in ((2, "is mixed on"), (3, "contradicts")):
                    if cells[column] != "0":
                        node.setToolTip(column, f"Disconfirming evidence: at least one site {what} this claim")
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
        self._show_theme_codes()
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
            item.setData(Qt.UserRole + 1, e.id)
            item.setData(Qt.UserRole + 2, e.stance)
            self.evidence.addItem(item)
        for stance in o.site_stances(claim.id):
            self._stance_row(stance)

    def _stance_row(self, stance) -> None:
        """One site: its name and the stance box, which says whose the stance is — "mixed
        (evidence)" in italics when the site's evidence decides, "supports (okafor)" when an
        analyst judged it — and offers the other choices."""
        row = self.stances.rowCount()
        self.stances.insertRow(row)
        derived = not stance.set_by_analyst
        tally = f"{stance.supporting} supporting and {stance.contradicting} contradicting evidence"
        name = QTableWidgetItem(stance.site)
        name.setFlags(name.flags() & ~Qt.ItemIsEditable)
        name.setToolTip(f"{stance.site}: {tally}")
        self.stances.setItem(row, 0, name)
        box = QComboBox()
        box.addItem(EVIDENCE_CHOICE.format(stance.derived), None)
        box.setItemData(0, f"No judgement of yours: the site's evidence says {stance.derived}", Qt.ToolTipRole)
        for choice in STANCES:
            box.addItem(f"{choice} ({stance.set_by})" if not derived and choice == stance.stance else choice, choice)
        box.setCurrentIndex(0 if derived else STANCES.index(stance.stance) + 1)
        if derived:
            font = box.font()
            font.setItalic(True)
            box.setFont(font)
        box.setToolTip(f"From the site's evidence: {tally}" if derived else
                       f"Set by {stance.set_by}; the site's evidence alone says {stance.derived} ({tally})")
        box.setProperty("site_id", stance.site_id)
        box.activated.connect(lambda index, box=box: self.set_stance(box.property("site_id"), box.itemData(index)))
        self.stances.setCellWidget(row, 1, box)

    def _show_theme_codes(self) -> None:
        self.theme_codes.clear()
        item_id = self._current_id()
        if not item_id:
            self.theme_label.setText("Codes made for the theme")
            return
        o = self.study.cross_outline
        item = o.get(item_id)
        theme = item if item.kind == "theme" else o.get(item.parent_id)
        self.theme_label.setText(f"Codes for “{theme.name}” (their data runs feed it)")
        for code_id in o.theme_codes(theme.id):
            entry = QListWidgetItem(f"{self.study.codes.path_of(code_id)}  ({self.study.codes.coding_count(code_id)})")
            entry.setData(Qt.UserRole, code_id)
            self.theme_codes.addItem(entry)

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
        text, ok = ask_text(self, "Add claim", f"Claim under “{theme.name}”:")
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

    def set_stance(self, site_id: str, stance: str | None) -> None:
        """The analyst's stance for a site (None: withdraw it; the evidence decides)."""
        claim = self._current_claim()
        if claim is None:
            return
        now = next((s for s in self.study.cross_outline.site_stances(claim.id) if s.site_id == site_id), None)
        if now is not None and (now.stance if now.set_by_analyst else None) == stance:
            return  # the choice it already has: no action to record
        self.session.run_op(self.study.cross_outline.set_stance, claim_id=claim.id, site_id=site_id, stance=stance)

    def _open_evidence(self, item) -> None:
        self.passage_opened.emit(*item.data(Qt.UserRole))

    def export_word(self):
        from coder.reports.outline import write_outline

        from ..dialogs.word_settings import word_options
        from ..widgets.exports import ask_path, export_in_background

        chosen = ask_path(self, "Export the outline to Word", "Cross-site analysis", ("docx",))
        if chosen is None:
            return None
        options = word_options()
        return export_in_background(self, self.session, "Writing the cross-site outline to Word…",
                                    lambda study, progress, token: write_outline(study, chosen[0], progress=progress,
                                                                                 token=token, options=options))
