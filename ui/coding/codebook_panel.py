"""The codebook dock: the code tree with counts, a filter, the quick-code box, and the context
menu for new sub-code, rename, colour, definition, merge, delete and outline link."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt, Signal
from PySide6.QtGui import QDrag, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from rapidfuzz import fuzz, process

from ..models.code_tree import ID_ROLE, CodeTreeModel
from ..widgets.eliding import FitNameColumn, column_width


class QuickCodeBox(QLineEdit):
    """Type part of a code name; rapidfuzz ranks the codebook as you type; Enter codes."""

    code_chosen = Signal(str)

    def __init__(self, panel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.setPlaceholderText("Quick code: type a code name, Enter to apply (Ctrl+K)")
        self.setClearButtonEnabled(True)
        self.model = QStringListModel(self)
        self.completer_ = QCompleter(self.model, self)
        self.completer_.setCompletionMode(QCompleter.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseInsensitive)
        self.setCompleter(self.completer_)
        self.textEdited.connect(self._rank)
        self.returnPressed.connect(self._choose)
        self.completer_.activated.connect(lambda text: self._choose(text))

    def ranked(self, text: str) -> list[str]:
        paths = self.panel.paths_by_id()
        names = {cid: path for cid, path in paths.items()}
        hits = process.extract(text, names, scorer=fuzz.WRatio, limit=12, score_cutoff=45)
        return [path for path, _score, _cid in hits]

    def _rank(self, text: str) -> None:
        self.model.setStringList(self.ranked(text) if text.strip() else [])
        if text.strip():
            self.completer_.complete()

    def _choose(self, text: str | None = None) -> None:
        chosen = text if isinstance(text, str) and text else None
        if chosen is None:
            ranked = self.ranked(self.text()) if self.text().strip() else []
            chosen = ranked[0] if ranked else None
        if chosen:
            code_id = next((cid for cid, p in self.panel.paths_by_id().items() if p == chosen), None)
            if code_id:
                self.code_chosen.emit(code_id)
                self.clear()


class CodeTree(QTreeView):
    """The code tree. A drag out of it is a copy: the code is applied to text, quoted or linked,
    and stays where it is; only a drop on the tree itself moves it (the model asks the study),
    so the view itself never removes a dragged row."""

    def startDrag(self, supported_actions) -> None:
        chosen = [i for i in self.selectedIndexes() if i.column() == 0]
        index = chosen[0] if chosen else self.currentIndex().siblingAtColumn(0)
        if not index.isValid() or not index.data(ID_ROLE):
            return
        mime = self.model().mimeData([index])
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(self._label_pixmap(index))
        drag.exec(Qt.CopyAction | Qt.MoveAction, Qt.CopyAction)
        # whatever the target answered, the rows stay: the study decides what the tree shows

    def _label_pixmap(self, index) -> QPixmap:
        rect = self.visualRect(index)
        return self.viewport().grab(rect) if rect.isValid() else QPixmap()

    def dragEnterEvent(self, event) -> None:
        super().dragEnterEvent(event)
        if event.isAccepted():
            event.setDropAction(Qt.MoveAction)  # within the tree a drop moves the code

    def dragMoveEvent(self, event) -> None:
        super().dragMoveEvent(event)
        if event.isAccepted():
            event.setDropAction(Qt.MoveAction)
            event.accept()


class CodebookPanel(QWidget):
    code_activated = Signal(str)  # double-click: apply to the selection

    def __init__(self, session, window, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.window_ = window
        self._paths: dict[str, str] = {}
        self._own: dict[str, int] = {}
        self._doc: dict[str, int] = {}
        self._parent: dict[str, str | None] = {}
        self._totals: dict[str, int] = {}
        self.blind_coder: str | None = None  # blind coding: only this coder's codings are counted
        self.model = CodeTreeModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        # counts change on every coding; names (what the filter reads) do not: refilter only
        # when the filter text changes, not on every dataChanged
        self.proxy.setDynamicSortFilter(False)
        self.proxy.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.filter = QLineEdit(placeholderText="Filter codes")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.quick = QuickCodeBox(self)
        self.tree = CodeTree()
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(False)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDrop)
        self.tree.setDefaultDropAction(Qt.MoveAction)
        self.tree.setContextMenuPolicy(Qt.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.doubleClicked.connect(self._activated)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.Stretch)
        # fixed widths: ResizeToContents would re-measure every row on each count change
        self.tree.header().setSectionResizeMode(1, QHeaderView.Fixed)
        self.tree.header().setSectionResizeMode(2, QHeaderView.Fixed)
        self.tree.header().resizeSection(1, column_width(self.tree, "Doc", "99"))
        self.tree.header().resizeSection(2, column_width(self.tree, "Study", "9 (999)"))
        self.tree.setIndentation(self.tree.fontMetrics().horizontalAdvance("mm"))
        # a narrow codebook gives up the Doc column (the margin shows this document's codings)
        # before it cuts a code's name
        self.fit = FitNameColumn(self.tree, 1, column_width(self.tree, "Doc", "99"), share=1.0)
        self.tree.setToolTip("Double-click or drag a code onto selected text to code it; drag onto another "
                             "code to move it; right-click for more")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.quick)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        self.model.move_requested.connect(self._move)

    def paths_by_id(self) -> dict[str, str]:
        return self._paths

    def refresh(self, source_id: str | None) -> None:
        """Rebuild the tree from the study, keeping what was expanded and selected."""
        expanded = {cid for cid, item in self.model.items.items()
                    if self.tree.isExpanded(self.proxy.mapFromSource(item.index()))}
        first_time = not self.model.items
        study = self.session.study
        me = self.blind_coder
        codes = study.codes.all(coder=me)
        doc_counts = {c.id: c.count for c in study.codes.all(source_id, coder=me)} if source_id else {}
        sections = {s.id: s.path for s in study.sections.all()}
        self._paths = {c.id: c.path for c in codes}
        self._parent = {c.id: c.parent_id for c in codes}
        self._own = {c.id: c.count for c in codes}
        self._doc = dict(doc_counts)
        self._totals = self._sum_totals()
        self.model.rebuild(codes, doc_counts, sections)
        self.fit.measure([(c.name, c.path.count("/")) for c in codes])
        for cid, item in self.model.items.items():
            if first_time or cid in expanded:
                self.tree.setExpanded(self.proxy.mapFromSource(item.index()), True)

    def update_counts(self, source_id: str | None, touched: tuple[str, ...] = ()) -> None:
        """Refresh the Doc and Study counts in place after coding. Only the codes the change
        touched are recounted (one indexed count each); the difference is added to their
        ancestors' totals, and only those rows' cells are set."""
        study = self.session.study
        codes = [i for i in touched if i in self.model.items]
        me = self.blind_coder
        if not codes or not self._own:
            self._own = {c.id: c.count for c in study.codes.all(coder=me)}
            self._doc = {c.id: c.count for c in study.codes.all(source_id, coder=me)} if source_id else {}
            self._totals = self._sum_totals()
            affected = set(self.model.items)
        else:
            affected = set()
            for code_id in codes:
                own = study.codings.count_for(code_id=code_id, coder=me)
                delta, self._own[code_id] = own - self._own.get(code_id, 0), own
                self._doc[code_id] = study.codings.count_for(code_id=code_id, source_id=source_id, coder=me) \
                    if source_id else 0
                node = code_id
                while node is not None:
                    self._totals[node] = self._totals.get(node, 0) + delta
                    affected.add(node)
                    node = self._parent.get(node)
        root = self.model.invisibleRootItem()
        for code_id in affected:
            item = self.model.items.get(code_id)
            if item is None:
                continue
            parent = item.parent() or root
            own, below = self._own.get(code_id, 0), self._totals.get(code_id, 0)
            for column, text in ((1, str(self._doc.get(code_id, 0) or "")),
                                 (2, f"{own}" if own == below else f"{own} ({below})")):
                cell = parent.child(item.row(), column)
                if cell.text() != text:  # unchanged cells are left alone: no repaint for them
                    cell.setText(text)

    def _sum_totals(self) -> dict[str, int]:
        """Each code's own count plus all its descendants', from the parent links alone."""
        totals = dict(self._own)
        depth: dict[str, int] = {}

        def level(code_id: str) -> int:
            if code_id not in depth:
                parent = self._parent.get(code_id)
                depth[code_id] = 0 if parent is None else level(parent) + 1
            return depth[code_id]

        for code_id in sorted(self._parent, key=level, reverse=True):
            parent = self._parent[code_id]
            if parent is not None:
                totals[parent] = totals.get(parent, 0) + totals.get(code_id, 0)
        return totals

    def selected_code(self) -> str | None:
        index = self.tree.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def index_of(self, code_id: str):
        item = self.model.items.get(code_id)
        return self.proxy.mapFromSource(item.index()) if item else None

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        if text:
            self.tree.expandAll()

    def _activated(self, index) -> None:
        code_id = index.data(ID_ROLE)
        if code_id:
            self.code_activated.emit(code_id)

    def _move(self, code_id: str, parent_id) -> None:
        self.session.run_op(self.session.study.codes.move_code, code_id=code_id, parent_id=parent_id)

    def _menu(self, pos) -> None:
        index = self.tree.indexAt(pos)
        code_id = index.data(ID_ROLE) if index.isValid() else None
        w = self.window_
        menu = QMenu(self)
        menu.addAction("New code…", lambda: w.new_code(None))
        if code_id:
            menu.addAction("New sub-code…", lambda: w.new_code(code_id))
            menu.addSeparator()
            menu.addAction("Apply to selection", lambda: self.code_activated.emit(code_id))
            menu.addAction("Data run for this code", lambda: w.show_run_for(code_id))
            menu.addSeparator()
            menu.addAction("Rename…", lambda: w.rename_code(code_id))
            menu.addAction("Colour…", lambda: w.recolor_code(code_id))
            menu.addAction("Definition…", lambda: w.describe_code(code_id))
            menu.addAction("Link to outline section…", lambda: w.link_section(code_id))
            if index.parent().isValid():
                menu.addAction("Move to top level", lambda: self._move(code_id, None))
            menu.addAction("Merge into…", lambda: w.merge_code(code_id))
            menu.addSeparator()
            menu.addAction("Delete…", lambda: w.delete_code(code_id))
        menu.exec(self.tree.viewport().mapToGlobal(pos))
