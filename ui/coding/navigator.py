"""The study navigator: districts > sites > sources with type, role, wave and coding counts, a
filter box, and the attributes of the selected case or source (editable)."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHeaderView,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..style import color as theme_color
from ..widgets.eliding import FitNameColumn, column_width, text_width
from .navigator_edits import NavigatorEdits

ID_ROLE = Qt.UserRole + 1
KIND_ROLE = Qt.UserRole + 2
SOURCE_FIELDS = ("name", "type", "role", "wave", "phase", "date", "interviewers")


class Navigator(QWidget):
    """The study's cases and sources; right-click (or F2, Delete) edits them (navigator_edits.py)."""

    source_opened = Signal(str)
    ID_ROLE, KIND_ROLE = ID_ROLE, KIND_ROLE

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(["Study", "Role · wave", "#"])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        # counts change on every coding; names (what the filter reads) do not: refilter only
        # when the filter text changes, not on every dataChanged
        self.proxy.setDynamicSortFilter(False)
        self.proxy.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.proxy.setFilterKeyColumn(0)
        self.filter = QLineEdit(placeholderText="Filter sources, sites, roles")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(1, QHeaderView.Interactive)
        # fixed width: ResizeToContents would re-measure every row on each count change
        self.tree.header().setSectionResizeMode(2, QHeaderView.Fixed)
        self.tree.header().resizeSection(2, column_width(self.tree, "#", "999"))
        self.tree.header().resizeSection(1, text_width(self.tree, "teacher · w2"))  # longer roles: elided
        self.tree.setIndentation(self.tree.fontMetrics().horizontalAdvance("mm"))  # the names get the room
        self.fit = FitNameColumn(self.tree, 1, text_width(self.tree, "teacher · w2"))
        self.model.horizontalHeaderItem(2).setToolTip("codings")
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.activated.connect(self._activated)
        self.tree.setToolTip("Double-click a source to open it; right-click for more (F2 renames, Delete deletes)")
        self.attributes = QTableWidget(0, 2)
        self.attributes.setHorizontalHeaderLabels(["Attribute", "Value"])
        self.attributes.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.attributes.verticalHeader().hide()
        self.attributes.itemChanged.connect(self._attribute_edited)
        self.attributes.setToolTip("Double-click a value to edit it; the last row adds an attribute")
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.tree)
        split.addWidget(self.attributes)
        split.setSizes([500, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.filter)
        layout.addWidget(split, 1)
        self.items: dict[str, QStandardItem] = {}
        self._owner: tuple[str, str] | None = None
        self.blind_coder: str | None = None  # blind coding: only this coder's codings are counted
        self.edits = NavigatorEdits(self)

    def refresh(self) -> None:
        """Rebuild from the study (cases and sources), keeping the current item."""
        current = self.current_id()
        study = self.session.study
        self.model.removeRows(0, self.model.rowCount())
        self.items = {}
        counts: dict[str, int] = {}
        cases = study.cases.all()
        parent_of = {c.id: c.parent_id for c in cases}
        for case in cases:
            item = QStandardItem(case.name)
            item.setData(case.id, ID_ROLE)
            item.setData(case.kind, KIND_ROLE)
            item.setEditable(False)
            font = item.font()
            font.setBold(case.kind == "district")
            item.setFont(font)
            parent = self.items.get(case.parent_id, self.model.invisibleRootItem())
            count = QStandardItem("")
            count.setEditable(False)
            blank = QStandardItem("")
            blank.setEditable(False)
            parent.appendRow([item, blank, count])
            self.items[case.id] = item
            counts[case.id] = 0
        unassigned = None
        for info in study.sources.all():
            label = info.name
            detail = " · ".join(str(b) for b in (info.type, info.role, f"w{info.wave}" if info.wave else None) if b)
            item = QStandardItem(label)
            item.setData(info.id, ID_ROLE)
            item.setData("source", KIND_ROLE)
            item.setEditable(False)
            item.setToolTip(f"{info.name}\n{detail}\n{info.chars:,} characters, {info.turns} speaker turns\n"
                            f"speakers: {', '.join(info.speakers) or '—'}")
            count = QStandardItem(str(info.codings))
            count.setEditable(False)
            kind = QStandardItem(" · ".join(str(b) for b in (info.role or info.type,
                                                              f"w{info.wave}" if info.wave else None) if b))
            kind.setEditable(False)
            kind.setForeground(theme_color("muted"))
            count.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            if info.case_id in self.items:
                parent = self.items[info.case_id]
            else:
                if unassigned is None:
                    unassigned = QStandardItem("(unassigned)")
                    unassigned.setEditable(False)
                    self.model.appendRow([unassigned, QStandardItem(""), QStandardItem("")])
                parent = unassigned
            parent.appendRow([item, kind, count])
            self.items[info.id] = item
            case_id = info.case_id
            while case_id in counts:
                counts[case_id] += info.codings
                case_id = parent_of.get(case_id)
        for case_id, total in counts.items():
            item = self.items[case_id]
            sibling = item.parent().child(item.row(), 2) if item.parent() else self.model.item(item.row(), 2)
            if sibling is not None:
                sibling.setText(str(total))
                sibling.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.tree.expandAll()
        self.fit.measure(self._names_with_depth(cases, parent_of))
        if self.blind_coder:  # the rows counted every coder's codings: count one's own
            self.update_counts()
        if current and current in self.items:
            self.tree.setCurrentIndex(self.proxy.mapFromSource(self.items[current].index()))
        if self._owner is not None and self._owner[1] not in self.items:
            self.clear_attributes()  # its case or source is gone (deleted, undone, another study)

    def _names_with_depth(self, cases, parent_of: dict) -> list[tuple[str, int]]:
        def depth(case_id) -> int:
            d = 0
            while parent_of.get(case_id):
                case_id, d = parent_of[case_id], d + 1
            return d
        depths = {c.id: depth(c.id) for c in cases}
        names = [(c.name, depths[c.id]) for c in cases]
        for item_id, item in self.items.items():
            if item_id not in depths:
                parent = item.parent()
                names.append((item.text(), depths.get(parent.data(ID_ROLE), 0) + 1 if parent else 0))
        return names

    def clear_attributes(self) -> None:
        self._owner = None
        self.attributes.blockSignals(True)
        self.attributes.setRowCount(0)
        self.attributes.blockSignals(False)

    def update_counts(self, touched: tuple[str, ...] = ()) -> None:
        """Refresh coding counts in place after coding: the touched sources are recounted (one
        indexed count each; all of them when nothing says which), district and site totals are
        re-summed from the tree."""
        study = self.session.study
        sources = [i for i in touched if i in self.items and self.items[i].data(KIND_ROLE) == "source"]
        if not sources:
            per_source = study.codings.counts_by_source(self.blind_coder)
            for item_id, item in self.items.items():
                if item.data(KIND_ROLE) == "source":
                    self._count_cell(item).setText(str(per_source.get(item_id, 0)))
            self._sum_cases()
            return
        for source_id in sources:  # recount the touched sources, add the difference upwards
            item = self.items[source_id]
            cell = self._count_cell(item)
            new = study.codings.count_for(source_id=source_id, coder=self.blind_coder)
            delta = new - int(cell.text() or 0)
            if not delta:
                continue
            cell.setText(str(new))
            parent = item.parent()
            while parent is not None and parent.data(ID_ROLE):
                above = self._count_cell(parent)
                above.setText(str(int(above.text() or 0) + delta))
                parent = parent.parent()

    def _sum_cases(self) -> None:
        """District and site totals re-summed from their sources' counts."""
        def total(item: QStandardItem) -> int:
            if item.data(KIND_ROLE) == "source":
                return int(self._count_cell(item).text() or 0)
            n = sum(total(item.child(r, 0)) for r in range(item.rowCount()))
            if item.data(ID_ROLE) and self._count_cell(item).text() != str(n):
                self._count_cell(item).setText(str(n))
            return n

        root = self.model.invisibleRootItem()
        for r in range(root.rowCount()):
            total(root.child(r, 0))

    def _count_cell(self, item: QStandardItem) -> QStandardItem:
        parent = item.parent()
        return parent.child(item.row(), 2) if parent is not None else self.model.item(item.row(), 2)

    def current_id(self) -> str | None:
        index = self.tree.currentIndex()
        return index.siblingAtColumn(0).data(ID_ROLE) if index.isValid() else None

    def select_source(self, source_id: str) -> None:
        item = self.items.get(source_id)
        if item is not None:
            self.tree.setCurrentIndex(self.proxy.mapFromSource(item.index()))

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.tree.expandAll()

    def _activated(self, index) -> None:
        index = index.siblingAtColumn(0)
        if index.data(KIND_ROLE) == "source":
            self.source_opened.emit(index.data(ID_ROLE))

    def _current_changed(self, current, _previous) -> None:
        current = current.siblingAtColumn(0)
        kind, owner = current.data(KIND_ROLE), current.data(ID_ROLE)
        if kind == "source":
            self.source_opened.emit(owner)
        self.show_attributes("source" if kind == "source" else "case", owner) if owner else None

    def show_attributes(self, scope: str, owner_id: str) -> None:
        """List the case's or source's attributes (and a source's metadata) for editing."""
        self._owner = (scope, owner_id)
        study = self.session.study
        rows: list[tuple[str, str, bool]] = []
        if scope == "source":
            info = study.sources.get(owner_id)
            values = {"name": info.name, "type": info.type, "role": info.role or "",
                      "wave": "" if info.wave is None else str(info.wave),
                      "phase": "" if info.phase is None else str(info.phase), "date": info.date or "",
                      "interviewers": "; ".join(info.interviewers)}
            rows += [(f, values[f], True) for f in SOURCE_FIELDS]
        for name, value in study.attributes.values(scope, owner_id).items():
            rows.append((name, value, False))
        self.attributes.blockSignals(True)
        self.attributes.setRowCount(len(rows) + 1)
        for row, (name, value, builtin) in enumerate(rows):
            key = QTableWidgetItem(name)
            key.setFlags(Qt.ItemIsEnabled)
            key.setData(Qt.UserRole, "field" if builtin else "attr")
            if builtin:
                font = key.font()
                font.setItalic(True)
                key.setFont(font)
            self.attributes.setItem(row, 0, key)
            self.attributes.setItem(row, 1, QTableWidgetItem(value))
        new_key = QTableWidgetItem("")
        new_key.setData(Qt.UserRole, "new")
        new_key.setToolTip("Type a new attribute name here")
        self.attributes.setItem(len(rows), 0, new_key)
        self.attributes.setItem(len(rows), 1, QTableWidgetItem(""))
        self.attributes.blockSignals(False)

    def _attribute_edited(self, item: QTableWidgetItem) -> None:
        if self._owner is None:
            return
        scope, owner = self._owner
        row = item.row()
        key_item, value_item = self.attributes.item(row, 0), self.attributes.item(row, 1)
        if key_item is None or value_item is None:
            return
        name, value, kind = key_item.text().strip(), value_item.text(), key_item.data(Qt.UserRole)
        if not name or (kind == "new" and not value.strip()):
            return
        study = self.session.study
        if kind == "field":
            self.session.run_op(study.sources.update_source, source_id=owner, **{name: value})
        else:
            self.session.run_op(study.attributes.set_value, scope=scope, owner_id=owner, name=name, value=value)
        self.show_attributes(scope, owner)
