"""A memo's review comments and its completeness report: the Comments and Completeness panels
of the Memos workspace (a mixin of the memo panel, which holds the memo and the editor)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .memo_dialogs import CommentDialog


class MemoComments:
    def _comments_tab(self) -> QWidget:
        tab = QWidget()
        self.comments = QTreeWidget()
        self.comments.setHeaderLabels(["Comment", "By", "State"])
        self.comments.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.comments.setWordWrap(True)  # a comment is read whole, over as many lines as it takes
        self.comments.setUniformRowHeights(False)
        self.comments.setTextElideMode(Qt.ElideNone)
        self.comments.setProperty("keepsItsText", True)  # not elided by ui/widgets/eliding.py
        self.comments.itemClicked.connect(self._comment_clicked)
        buttons = QGridLayout()  # two by two: the panel stays narrow enough to sit beside the memo
        for i, (text, tip, slot) in enumerate((("Comment…", "Comment on the selected memo text", self.add_comment),
                                ("Reply…", "Reply to the chosen comment", self.reply),
                                ("Accept", "Accept the chosen comment", lambda: self.set_comment_state("accepted")),
                                ("Resolve", "Resolve the chosen comment", lambda: self.set_comment_state("resolved")))):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button, i // 2, i % 2)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.comments, 1)
        layout.addLayout(buttons)
        return tab

    def refresh_comments(self) -> None:
        self.comments.clear()
        if not self.memo_id:
            return
        threads: dict[str, QTreeWidgetItem] = {}
        ranges = []
        for c in self.study.memo_comments.for_memo(self.memo_id):
            label = f"{c.kind.capitalize()}: {c.text}" if c.kind != "reply" else c.text
            item = QTreeWidgetItem([label, c.author, c.state if not c.parent_id else ""])
            item.setData(0, Qt.UserRole, c.id)
            item.setToolTip(0, f"on “{c.quote[:200]}”\n\n{c.text}")
            if c.parent_id and c.parent_id in threads:
                threads[c.parent_id].addChild(item)
            else:
                threads[c.id] = item
                self.comments.addTopLevelItem(item)
                if c.state == "open":
                    ranges.append((c.start, c.end))
        self.comments.expandAll()
        self.editor.show_comments(ranges)

    def _chosen_comment(self) -> str | None:
        item = self.comments.currentItem()
        return item.data(0, Qt.UserRole) if item else None

    def _comment_clicked(self, item) -> None:
        comment = self.study.memo_comments.get(item.data(0, Qt.UserRole))
        if comment.end <= len(self.editor.text()):
            self.editor.select(comment.start, comment.end)

    def add_comment(self) -> None:
        if not self.memo_id:
            return
        start, end = self.editor.selection()
        if start == end:
            self.session.notify("Select the memo text to comment on first.")
            return
        quote = self.editor.text()[start:end]
        self.save()
        text = self.study.memos.text(self.memo_id)
        if text[start:end] != quote:  # saving re-arranged the text: find the words again
            found = text.find(quote)
            if found < 0:
                return
            start, end = found, found + len(quote)
        dialog = CommentDialog(quote, parent=self)
        if dialog.exec() == QDialog.Accepted and dialog.text.toPlainText().strip():
            self.session.run_op(self.study.memo_comments.comment, memo_id=self.memo_id, author=self.session.coder,
                                kind=dialog.kind.currentData(), start=start, end=end,
                                text=dialog.text.toPlainText())

    def reply(self) -> None:
        comment_id = self._chosen_comment()
        if not comment_id:
            return
        dialog = CommentDialog(self.study.memo_comments.get(comment_id).quote, reply=True, parent=self)
        if dialog.exec() == QDialog.Accepted and dialog.text.toPlainText().strip():
            self.session.run_op(self.study.memo_comments.reply, comment_id=comment_id, author=self.session.coder,
                                text=dialog.text.toPlainText())

    def set_comment_state(self, state: str) -> None:
        comment_id = self._chosen_comment()
        if comment_id:
            self.session.run_op(self.study.memo_comments.set_state, comment_id=comment_id, state=state,
                                by=self.session.coder)

    def refresh_completeness(self) -> None:
        if not self.memo_id:
            self.completeness.setHtml("")
            return
        report = self.study.memos.completeness(self.memo_id)
        rows = "".join(
            f"<tr><td>{r['section']}</td><td align='center'>{'empty' if r['empty'] else '✓'}</td>"
            f"<td align='right'>{r['quotations']}</td><td>{'corroborated' if r['corroborated'] else ''}</td></tr>"
            for r in report["sections"])
        empty = sum(1 for r in report["sections"] if r["empty"])
        html = (f"<p><b>{empty}</b> of {len(report['sections'])} sections empty.</p>"
                "<table cellspacing='0' cellpadding='3' border='1'><tr><th>Section</th><th>Text</th>"
                f"<th>Quotes</th><th>Review</th></tr>{rows}</table>"
                f"<p><b>Cites</b> {len(report['cited_sources'])} sources: {', '.join(report['cited_sources']) or '—'}"
                f"<br><b>Roles cited:</b> {', '.join(report['cited_roles']) or '—'}</p>")
        if "uncited_sources" in report:
            html += f"<p><b>Never cited</b> from this site: {', '.join(report['uncited_sources']) or '—'}</p>"
        self.completeness.setHtml(html)
