"""The Compare workspace's espoused-vs-enacted view: inside each site, what its leaders say on a
code beside what its teachers say. Left, the sites and their codes with each side's passages
(a side silent where the other speaks is marked); right, the chosen row's passages in two
columns, leaders' and teachers', each opening its place in the transcript. The leaders' and
teachers' roles start as the design reads the study's roles and can be changed. The comparison
is `coder.compare.espoused`'s (`casecoder espoused`); Export… writes it to Word side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.compare.espoused import default_sides, espoused_enacted, fill_passages
from coder.store.words import plural

from ..style import color as theme_color
from ..widgets.multi_choice import MultiChoice
from .compare_tools import export_table, labelled, lay_out, split
from .scope_box import ScopeBar


class EspousedPanel(QWidget):
    passage_opened = Signal(str, int, int)

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.comparison = None
        self.scope = ScopeBar()
        self.leaders = MultiChoice("The roles whose passages are the espoused side (leaders)", nothing="(none)")
        self.teachers = MultiChoice("The roles whose passages are the enacted side (teachers)", nothing="(none)")
        self.codes = MultiChoice("The codes to compare (none ticked: the top-level codes)", nothing="top-level codes",
                                 everything="all {n} codes")
        self.descendants = QCheckBox("with sub-codes")
        self.descendants.setChecked(True)
        export = QPushButton("E&xport…")
        export.setToolTip("Write every site's passages side by side to Word")
        export.clicked.connect(self.export)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.rows = QTreeWidget()
        self.rows.setColumnCount(3)
        self.rows.setHeaderLabels(["Site and code", "Leaders", "Teachers"])
        self.rows.setAccessibleName("Sites and codes")
        self.rows.setAccessibleDescription("Each site's codes with the leaders' and the teachers' passages")
        self.rows.setUniformRowHeights(True)
        header = self.rows.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)  # the site's and code's names get the room
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        self.rows.setTextElideMode(Qt.ElideRight)
        self.rows.currentItemChanged.connect(lambda item, _before: self.show_pair(item))
        self.sides: dict[str, QListWidget] = {}
        columns = QSplitter(Qt.Horizontal)
        for name in ("leaders", "teachers"):
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            heading = QLabel()
            heading.setObjectName(f"{name}Heading")
            heading.setWordWrap(True)  # a long list of roles wraps, never widens its column
            passages = QListWidget()
            passages.setWordWrap(True)
            passages.setAlternatingRowColors(True)
            passages.setAccessibleName(f"The {name}' passages")
            passages.setAccessibleDescription("Double-click or press Return to open a passage in its transcript")
            passages.itemActivated.connect(self._open)
            passages.heading = heading
            inner.addWidget(heading)
            inner.addWidget(passages, 1)
            columns.addWidget(box)
            self.sides[name] = passages
        columns.setSizes([500, 500])  # the two sides alike
        head, second = QHBoxLayout(), QHBoxLayout()
        head.addWidget(self.scope)
        for row, text, widget in ((head, "&Leaders", self.leaders), (head, "&Teachers", self.teachers),
                                  (second, "Co&des", self.codes)):
            labelled(row, text, widget)
        head.addStretch(1)
        second.addWidget(self.descendants)
        second.addStretch(1)
        second.addWidget(export)
        lay_out(self, [head, second], self.summary,
                split(Qt.Horizontal, "espousedSplit", [self.rows, columns], [380, 900]))
        for box in (self.leaders, self.teachers, self.codes):
            box.changed.connect(self.recount)
        self.scope.changed.connect(self.recount)
        self.descendants.toggled.connect(lambda _on: self.recount())
        self._clear_sides()

    def refresh(self) -> None:
        """Offer the study's roles (the design's split ticked the first time) and codes, then compare."""
        study = self.session.study
        self.scope.fill(study)
        roles = study.sources.roles()
        first = not self.leaders.choice_values()
        leaders, teachers = default_sides(roles)
        for box, default in ((self.leaders, leaders), (self.teachers, teachers)):
            box.blockSignals(True)
            box.set_choices([(r, r) for r in roles])
            if first:
                box.set_values(default)
            box.blockSignals(False)
        self.codes.blockSignals(True)
        self.codes.set_choices([(("   " * c.path.count("/")) + c.name, c.id, c.name) for c in study.codes.all()])
        self.codes.blockSignals(False)
        self.recount()

    def recount(self) -> None:
        from coder.store.errors import CaseCoderError

        items = self.codes.values() or None
        try:
            self.comparison = espoused_enacted(self.session.study, items=items,
                                               descendants=self.descendants.isChecked(), scope=self.scope.spec(),
                                               leaders=self.leaders.values(), teachers=self.teachers.values(),
                                               passages=False)  # counts now; a row's passages when chosen
        except CaseCoderError as exc:
            self.comparison = None
            self.rows.clear()
            self._clear_sides()
            self.summary.setText(str(exc))
            return
        self._fill()

    def _fill(self) -> None:
        comparison = self.comparison
        current = self.rows.currentItem()
        wanted = current.data(0, Qt.UserRole) if current is not None else None
        self.rows.clear()
        faint = QBrush(theme_color("muted"))
        site_item, chosen = None, None
        for index, pair in enumerate(comparison.pairs):
            if site_item is None or site_item.text(0) != pair.site:
                site_item = QTreeWidgetItem(self.rows, [pair.site, "", ""])
                site_item.setFlags(Qt.ItemIsEnabled)
                site_item.setExpanded(True)
                font = site_item.font(0)
                font.setBold(True)
                site_item.setFont(0, font)
            item = QTreeWidgetItem(site_item, [pair.code, str(pair.leaders.passages), str(pair.teachers.passages)])
            item.setData(0, Qt.UserRole, index)
            item.setToolTip(0, f"{pair.site} · {pair.code}")
            for column, side in ((1, pair.leaders), (2, pair.teachers)):
                item.setTextAlignment(column, Qt.AlignRight | Qt.AlignVCenter)
                item.setToolTip(column, f"{plural(side.passages, 'passage')} from "
                                        f"{plural(len(side.sources), 'source')}")
                if not side.passages:
                    item.setText(column, "—")
                    item.setForeground(column, faint)
            if pair.silent_side:
                item.setToolTip(0, f"{pair.site} · {pair.code}: the {pair.silent_side} say nothing coded here")
            if wanted == index:
                chosen = item
        silent = sum(1 for p in comparison.pairs if p.silent_side)
        self.summary.setText(
            f"<b>Leaders</b> ({', '.join(comparison.leaders)}) beside <b>teachers</b> "
            f"({', '.join(comparison.teachers)}) in {len({p.site for p in comparison.pairs})} sites of "
            f"{self.scope.summary()}: passages once however many coders coded them; {silent} of "
            f"{len(comparison.pairs)} codes heard from one side only. Choose a code for its passages.")
        if chosen is not None:
            self.rows.setCurrentItem(chosen)
        else:
            self._clear_sides()

    def _clear_sides(self) -> None:
        for name, passages in self.sides.items():
            passages.clear()
            passages.heading.setText(f"<b>{name.capitalize()}</b>: choose a site's code on the left")

    def show_pair(self, item) -> None:
        index = item.data(0, Qt.UserRole) if item is not None else None
        if self.comparison is None or index is None:
            self._clear_sides()
            return
        pair = fill_passages(self.session.study, self.comparison, self.comparison.pairs[index])
        for name, side, roles in (("leaders", pair.leaders, self.comparison.leaders),
                                  ("teachers", pair.teachers, self.comparison.teachers)):
            passages = self.sides[name]
            passages.clear()
            passages.heading.setText(f"<b>{name.capitalize()}</b> ({', '.join(roles)}): "
                                     f"{plural(side.passages, 'passage')} from {plural(len(side.sources), 'source')}")
            if not side.segments:
                empty = QListWidgetItem(f"The {name} say nothing coded {pair.code} at {pair.site}.")
                empty.setFlags(Qt.ItemIsEnabled)
                passages.addItem(empty)
            for segment in side.segments:
                code = (segment.code or "").rsplit("/", 1)[-1]
                line = QListWidgetItem(f"“{' '.join(segment.text.split())}”\n— {segment.citation} · {code}")
                line.setData(Qt.UserRole, (segment.source, segment.start, segment.end))
                line.setToolTip("Double-click or press Return to open it in its transcript")
                passages.addItem(line)

    def _open(self, item) -> None:
        place = item.data(Qt.UserRole)
        if place:
            self.passage_opened.emit(*place)

    def export(self) -> str | None:
        from coder.reports.espoused import write_espoused_docx

        if self.comparison is None:
            return None
        shown = self.comparison
        items = self.codes.values() or None

        def write(study, path, options):  # every pair's passages, read on the export's own snapshot
            comparison = espoused_enacted(study, items=items, descendants=shown.descendants, scope=shown.scope,
                                          leaders=shown.leaders, teachers=shown.teachers)
            return write_espoused_docx(study, comparison, path, scope=shown.scope, descendants=shown.descendants,
                                       options=options)

        return export_table(self, self.session, "Export espoused and enacted", "espoused-enacted", {"docx": write})
