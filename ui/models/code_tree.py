"""The code tree as a Qt model: names with colour swatches, counts for this document and the
study; codes drag onto text (to code it) and onto other codes (to move them)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap, QStandardItem, QStandardItemModel

from ..coding.document_view import CODE_MIME

ID_ROLE = Qt.UserRole + 1


def swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class CodeTreeModel(QStandardItemModel):
    move_requested = Signal(str, object)  # code id, new parent id or None

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["Code", "Doc", "Study"])
        self.items: dict[str, QStandardItem] = {}

    def rebuild(self, codes, doc_counts: dict[str, int], sections: dict[str, str]) -> None:
        """Fill from coder reads: Code records (parents first) and per-document counts."""
        self.removeRows(0, self.rowCount())
        self.items = {}
        for code in codes:
            item = QStandardItem(swatch(code.color), code.name)
            item.setData(code.id, ID_ROLE)
            item.setEditable(False)
            item.setFlags(item.flags() | Qt.ItemIsDragEnabled | Qt.ItemIsDropEnabled)
            tip = [f"<b>{code.path}</b>"]
            if code.definition:
                tip.append(code.definition)
            if code.section_id and code.section_id in sections:
                tip.append(f"<i>Outline: {sections[code.section_id]}</i>")
            if not code.codable:  # a folder from another tool (REFI isCodable="false")
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
                tip.append("<i>A folder of codes: apply one of its sub-codes</i>")
            item.setToolTip("<br>".join(tip))
            doc = QStandardItem(str(doc_counts.get(code.id, 0) or ""))
            study = QStandardItem(f"{code.count}" if code.count == code.count_all else
                                  f"{code.count} ({code.count_all})")
            for cell in (doc, study):
                cell.setEditable(False)
                cell.setData(code.id, ID_ROLE)
                cell.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                cell.setFlags(cell.flags() & ~Qt.ItemIsDropEnabled)
            study.setToolTip("codings of this code (with its sub-codes)")
            parent = self.items[code.parent_id] if code.parent_id in self.items else self.invisibleRootItem()
            parent.appendRow([item, doc, study])
            self.items[code.id] = item

    def mimeTypes(self) -> list[str]:
        return [CODE_MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        ids = [i.data(ID_ROLE) for i in indexes if i.column() == 0]
        if ids:
            data.setData(CODE_MIME, ids[0].encode())
            data.setText(self.items[ids[0]].text())
        return data

    def supportedDragActions(self):
        return Qt.CopyAction | Qt.MoveAction

    def supportedDropActions(self):
        return Qt.MoveAction | Qt.CopyAction

    def canDropMimeData(self, data, action, row, column, parent: QModelIndex) -> bool:
        return data.hasFormat(CODE_MIME)

    def dropMimeData(self, data, action, row, column, parent: QModelIndex) -> bool:
        if not data.hasFormat(CODE_MIME):
            return False
        code_id = bytes(data.data(CODE_MIME)).decode()
        target = parent.siblingAtColumn(0).data(ID_ROLE) if parent.isValid() else None
        if target != code_id:
            self.move_requested.emit(code_id, target)
        return False  # the tree is rebuilt from the study after the move
