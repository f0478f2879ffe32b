"""The transcript in the centre: speaker turns set apart, codings highlighted in their code colours
(overlaps shaded deeper and underlined), the coding margin, find-in-document and coding gestures."""

from __future__ import annotations

import html
from bisect import insort

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from coder.coding.codings import Coding
from coder.store.text import snap_to_words

from ..style import color as theme_color
from ..style import legible, readable_on, shade
from ..widgets.eliding import ElidedLabel
from ..widgets.find_box import FindBox
from ..widgets.text_offsets import QtOffsets
from .coding_margin import CodingMargin
from .highlights import coding_order, coverage_runs, merge_spans

CODE_MIME = "application/x-casecoder-code"
SPEAKER_COLORS = ("#1f4e79", "#8a3b12", "#2e6b28", "#6b2e6b", "#5b5b00", "#00606b")


class CodingTextEdit(QPlainTextEdit):
    """Read-only transcript that accepts a code dropped on the selection."""

    code_dropped = Signal(str, int, int)  # code id, start, end (Python indices)
    context_requested = Signal(object, int)  # global pos, Python index under the cursor

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self.setReadOnly(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self._drag_selection: tuple[int, int] | None = None

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(CODE_MIME):
            self._drag_selection = self.view.selection()
            self._accept_copy(event)
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasFormat(CODE_MIME):
            self._accept_copy(event)
        else:
            super().dragMoveEvent(event)

    @staticmethod
    def _accept_copy(event) -> None:
        """Coding text with a dragged code copies it: the code stays in the codebook."""
        event.setDropAction(Qt.CopyAction)
        event.accept()

    def dropEvent(self, event) -> None:
        if not event.mimeData().hasFormat(CODE_MIME):
            return super().dropEvent(event)
        code_id = bytes(event.mimeData().data(CODE_MIME)).decode()
        selection = self._drag_selection or self.view.selection()
        self._accept_copy(event)
        if selection:
            self.code_dropped.emit(code_id, *selection)

    def viewportEvent(self, event) -> bool:
        """Hovering coded text shows its codes, coders and notes; hovering a speaker label, whose
        turn it is (the label as written may name someone else since a split)."""
        if event.type() == QEvent.ToolTip:
            cursor = self.cursorForPosition(event.pos())
            position = self.view.offsets.from_qt(cursor.position())
            here = self.view.codings_at(position)
            turn = self.view.speaker_at(position)
            if here or turn:
                lines = [f"<b>{c.code_path}</b> — {c.coder}" + (f"<br><i>{c.note}</i>" if c.note else "")
                         for c in here]
                if turn is not None:
                    name = html.escape(turn.speaker or "—")
                    lines.insert(0, f"Speaker: <b>{name}</b> (Code &gt; Speakers… corrects it)")
                QToolTip.showText(event.globalPos(), "<br>".join(lines), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event) -> None:
        cursor = self.cursorForPosition(event.pos())
        self.context_requested.emit(event.globalPos(), self.view.offsets.from_qt(cursor.position()))


class DocumentView(QWidget):
    """Shows one source; emits what the user asks so the window can run the operation."""

    apply_requested = Signal(str, int, int)  # code id, start, end
    selection_changed = Signal()

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.source_id: str | None = None
        self.text = ""
        self.turns = []
        self.codings: list[Coding] = []
        self.offsets = QtOffsets("")
        self.selected_coding: str | None = None
        self.context_actions: list[QAction] = []
        self._anchor: tuple[int, str] | None = None  # a place kept in view until the reader scrolls

        self.title = ElidedLabel("No source open")
        self.title.setObjectName("documentTitle")
        self.title.setStyleSheet("font-weight: 600; font-size: 13pt; padding: 2px 4px;")
        self.meta = ElidedLabel("")
        self.meta.setStyleSheet("color: palette(placeholder-text); padding: 0 4px;")
        self.coder_filter = QComboBox()
        self.coder_filter.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.coder_filter.setMinimumContentsLength(14)
        self.coder_filter.setToolTip("Show every coder's codings, only yours, or only one other coder's")
        self.coder_filter.currentIndexChanged.connect(self._refilter)
        self.editor = CodingTextEdit(self)
        self.editor.setFont(QFont("DejaVu Serif", 11))
        self.editor.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.editor.selectionChanged.connect(self.selection_changed)
        self.margin = CodingMargin(self)
        self.editor.verticalScrollBar().valueChanged.connect(self.margin.update)
        self.editor.verticalScrollBar().actionTriggered.connect(self._reader_scrolled)
        self.editor.updateRequest.connect(lambda *_: self.margin.update())
        self.find_box = FindBox(self.editor, "this source")
        find_prev = QToolButton(text="▲", toolTip="Previous match (Shift+Enter)")
        find_prev.clicked.connect(lambda: self.find_box.find_next(backward=True))

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title, 1)
        self.find_box.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)  # the title has the room first
        top.addWidget(self.find_box)
        top.addWidget(find_prev)
        show = QLabel("&Show:")
        show.setBuddy(self.coder_filter)
        top.addWidget(show)
        top.addWidget(self.coder_filter)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.margin)
        body.addWidget(self.editor, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.meta)  # the source's place, kind and date across the whole width
        layout.addLayout(body, 1)
        self.editor.code_dropped.connect(self.apply_requested)
        self.editor.context_requested.connect(self._context_menu)
        self.margin.coding_clicked.connect(self.select_coding)
        self.margin.coding_menu_requested.connect(self.coding_menu)
        self.fill_coder_filter()

    # ------------------------------------------------------------------ loading
    def fill_coder_filter(self) -> None:
        current = self.coder_filter.currentData()
        self.coder_filter.blockSignals(True)
        self.coder_filter.clear()
        self.coder_filter.addItem("All coders", None)
        me = self.session.coder
        self.coder_filter.addItem(f"Only mine ({me})", [me])
        for coder in self.session.study.codings.coders():
            if coder != me:
                self.coder_filter.addItem(f"Only {coder}", [coder])
        index = max(0, self.coder_filter.findData(current))
        self.coder_filter.setCurrentIndex(index)
        self.coder_filter.blockSignals(False)

    def load(self, source_id: str | None) -> None:
        """Show a source (None clears the view)."""
        self.source_id = source_id
        self._anchor = None
        self.selected_coding = None
        if source_id is None:
            self.text, self.turns, self.codings = "", [], []
            self._set_text("")
            self.title.setText("No source open")
            self.meta.setText("")
            self.margin.recompute()
            return
        study = self.session.study
        self.text = study.sources.text(source_id)
        self.turns = study.sources.turns(source_id)
        self.offsets = QtOffsets(self.text)
        self._show_heading()
        self._set_text(self.text)
        self.editor.document().setUndoRedoEnabled(False)
        self._format_speakers()
        self.codings = []  # a new text: painted whole, not compared with the last source's codings
        self.refresh_codings()
        self.editor.moveCursor(QTextCursor.Start)

    def _show_heading(self) -> None:
        info = self.session.study.sources.get(self.source_id)
        self.title.setText(info.name)
        place = " / ".join(p for p in (info.district, info.site) if p) or "unassigned"
        bits = [place, info.type, info.role or "", f"wave {info.wave}" if info.wave is not None else "",
                info.date or "", f"{len(self.text.split()):,} words"]
        self.meta.setText(" · ".join(b for b in bits if b))

    def refresh_source(self) -> None:
        """After a change to the open source's name, place or speakers (not its text): the heading
        and the speaker labels' colours are redrawn; the text, selection and scroll stay."""
        if self.source_id is None:
            return
        self._show_heading()
        turns = self.session.study.sources.turns(self.source_id)
        if turns != self.turns:
            self.turns = turns
            self._format_speakers()
            self._paint_highlights()  # a coding over a label keeps its shade

    def speaker_at(self, position: int):
        """The turn whose speaker label holds `position` (Python index), if any."""
        for turn in self.turns:
            if turn.start <= position < turn.body_start:
                return turn
            if turn.start > position:
                break
        return None

    def _set_text(self, text: str) -> None:
        """Replace the text, drawn in the plain format only.

        setPlainText gives the whole new text the format under the caret — after a click on a
        speaker label or into coded text, that is bold colour or a coding's shade, and the next
        transcript opened would be drawn in it. The caret's format is reset first, so what a
        transcript shows depends only on its own text and codings."""
        self.editor.setCurrentCharFormat(QTextCharFormat())
        self.editor.setPlainText(text)
        self.editor.setCurrentCharFormat(QTextCharFormat())

    def _format_speakers(self) -> None:
        colors: dict[str, str] = {}
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        for turn in self.turns:
            if turn.body_start <= turn.start:
                continue
            key = turn.speaker or turn.label or ""
            color = colors.setdefault(key, SPEAKER_COLORS[len(colors) % len(SPEAKER_COLORS)])
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Bold)
            fmt.setForeground(legible(QColor(color), theme_color("paper")))
            cursor.setPosition(self.offsets.to_qt(turn.start))
            cursor.setPosition(self.offsets.to_qt(turn.body_start), QTextCursor.KeepAnchor)
            cursor.setCharFormat(fmt)
        cursor.endEditBlock()

    def visible_codings(self) -> list[Coding]:
        wanted = [self.blind_coder] if getattr(self, "blind_coder", None) else self.coder_filter.currentData()
        return [c for c in self.codings if not c.detached and (wanted is None or c.coder in wanted)]

    def refresh_codings(self, ids: list[str] | None = None) -> None:
        """Re-read this source's codings and repaint what changed (the text stays). With `ids`
        (a change that names every coding it touched) only those are re-read."""
        if self.source_id is None:
            return
        had = bool(self.codings)
        if ids is None:
            old = {c.id: c for c in self.codings}
            self.codings = self.session.study.codings.for_source(self.source_id)
            new = {c.id: c for c in self.codings}
            changed = [c for cid, c in old.items() if new.get(cid) != c] + \
                      [c for cid, c in new.items() if old.get(cid) != c]
        else:
            wanted = set(ids)
            fresh = [c for c in self.session.study.codings.by_ids(ids) if c.source_id == self.source_id]
            changed = [c for c in self.codings if c.id in wanted] + fresh
            self.codings = [c for c in self.codings if c.id not in wanted]
            for c in fresh:  # into the sorted list: re-sorting thousands for one coding shows
                insort(self.codings, c, key=coding_order)
        if had and changed and len(changed) < 50:
            self._paint_highlights(regions=[(c.start, c.end) for c in changed])
        else:
            self._paint_highlights()
        self.margin.recompute()

    def _refilter(self) -> None:
        self._paint_highlights()
        self.margin.recompute()

    def _paint_highlights(self, regions: list[tuple[int, int]] | None = None) -> None:
        """Shade coded text in its code's colour (deeper and underlined where codings overlap).

        Formats are merged into the read-only document rather than drawn as ExtraSelections,
        which the editor would re-walk for every block on every paint. With `regions` (Python
        indices: the spans of the codings that changed) only those characters are cleared and
        repainted: a character's shade depends only on the codings over it, all of which overlap
        the region, so the runs are cut at its edges however densely the text around is coded.
        """
        codings = self.visible_codings()
        size = len(self.text)
        spans = merge_spans([(max(0, a), min(b, size)) for a, b in regions]) if regions is not None else [(0, size)]
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        plain = QTextCharFormat()
        plain.setBackground(QBrush(Qt.NoBrush))
        plain.clearForeground()
        plain.setUnderlineStyle(QTextCharFormat.NoUnderline)
        for lo, hi in spans:
            cursor.setPosition(self.offsets.to_qt(lo))
            cursor.setPosition(self.offsets.to_qt(hi), QTextCursor.KeepAnchor)
            cursor.mergeCharFormat(plain)
        for lo, hi in spans:
            over = codings if regions is None else [c for c in codings if c.start < hi and lo < c.end]
            for run in coverage_runs(over):
                start, end = max(run.start, lo), min(run.end, hi)
                if start >= end:
                    continue
                cursor.setPosition(self.offsets.to_qt(start))
                cursor.setPosition(self.offsets.to_qt(end), QTextCursor.KeepAnchor)
                cursor.mergeCharFormat(self._run_format(run))
        cursor.endEditBlock()

    def _run_format(self, run) -> QTextCharFormat:
        top = run.codings[-1]
        chosen = self.selected_coding is not None and any(c.id == self.selected_coding for c in run.codings)
        background = shade(top.color, 0.78 if chosen else (0.27 if len(run.codings) == 1 else 0.49))
        fmt = QTextCharFormat()
        fmt.setBackground(background)  # opaque, so its text colour can be checked against it
        fmt.setForeground(readable_on(background))
        if len(run.codings) > 1:
            fmt.setUnderlineStyle(QTextCharFormat.SingleUnderline)
            fmt.setUnderlineColor(QColor(run.codings[0].color))
        return fmt

    # ------------------------------------------------------------------ selection
    def selection(self) -> tuple[int, int] | None:
        """The selected passage as Python indices: whole words, trimmed of surrounding white space."""
        cursor = self.editor.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = snap_to_words(self.text, self.offsets.from_qt(cursor.selectionStart()),
                                   self.offsets.from_qt(cursor.selectionEnd()))
        return (start, end) if end > start else None

    def select_range(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end), QTextCursor.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.centerCursor()

    def _reader_scrolled(self, _action) -> None:
        self._anchor = None

    def select_coding(self, coding_id: str) -> None:
        coding = next((c for c in self.codings if c.id == coding_id), None)
        if coding is None:
            return
        was = next((c for c in self.codings if c.id == self.selected_coding), None)
        self.selected_coding = coding_id
        self.select_range(coding.start, coding.end)
        self._paint_highlights(regions=[(c.start, c.end) for c in (was, coding) if c is not None])
        self.margin.update()

    def snap_selection(self, unit: str) -> None:
        """Widen the selection to whole sentences or whole turns."""
        picked = self.selection()
        if picked is None or self.source_id is None:
            return
        start, end = picked
        if unit == "sentence":
            spans = self.session.study.sources.sentences(self.source_id)
        else:
            spans = [(t.body_start, t.end) for t in self.turns]
        touching = [(s, e) for s, e in spans if s < end and start < e]
        if touching:
            self.select_range(min(start, touching[0][0]), max(end, touching[-1][1]))

    def scroll_to(self, position: int, where: str = "top") -> None:
        """Show the line holding `position` (Python index) at the top (or the centre) of the screen,
        and keep it there while the window is laid out or resized, until the reader scrolls."""
        self._anchor = (position, where)
        self._show_anchor()

    def _show_anchor(self) -> None:
        if self._anchor is None:
            return
        position, where = self._anchor
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(self.offsets.to_qt(min(max(position, 0), len(self.text))))
        bar = self.editor.verticalScrollBar()  # setValue is not a reader's action: the anchor stays
        if where == "top":
            bar.setValue(min(bar.maximum(), cursor.block().firstLineNumber()))
        else:
            keep = self.editor.textCursor()
            self.editor.setTextCursor(cursor)
            self.editor.centerCursor()
            self.editor.setTextCursor(keep)
        self.margin.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._anchor is not None:  # re-wrapped lines moved the place: find it again
            QTimer.singleShot(0, self, self._show_anchor)  # owned: never after the view is gone

    def codings_at(self, position: int) -> list[Coding]:
        return [c for c in self.visible_codings() if c.start <= position < c.end]

    def visible_range(self) -> tuple[int, int]:
        first = self.editor.cursorForPosition(self.editor.viewport().rect().topLeft()).position()
        last = self.editor.cursorForPosition(self.editor.viewport().rect().bottomRight()).position()
        return self.offsets.from_qt(first), self.offsets.from_qt(last) + 1

    # ------------------------------------------------------------------ find
    def start_find(self) -> None:
        self.find_box.start()

    def find_next(self, backward: bool = False) -> bool:
        return self.find_box.find_next(backward)

    # ------------------------------------------------------------------ context menu
    def _context_menu(self, global_pos, position: int) -> None:
        self.context_position = position
        menu = QMenu(self)
        for action in self.context_actions:
            menu.addAction(action)
        here = self.codings_at(position)
        if here:
            menu.addSeparator()
        for coding in here:
            self.fill_coding_menu(menu.addMenu(f"{coding.code_path}  ({coding.coder})"), coding)
        menu.exec(global_pos)

    def fill_coding_menu(self, sub: QMenu, coding: Coding) -> None:
        """What can be done to one coding: from the text's context menu and the margin's."""
        window = self.window()
        sub.addAction("Remove coding", lambda c=coding: window.remove_coding(c.id))
        sub.addAction("Re-code as…", lambda c=coding: window.recode(c.id))
        sub.addAction("Note…", lambda c=coding: window.edit_note(c.id))
        fit = sub.addAction("Fit to selection", lambda c=coding: window.fit_coding(c.id))
        picked = self.selection()
        fit.setEnabled(picked is not None and picked[0] < coding.end and coding.start < picked[1]
                       and picked != (coding.start, coding.end))
        fit.setStatusTip("Make this coding cover exactly the selected words (select words that overlap it first)")
        sub.addAction("Select passage", lambda c=coding: self.select_coding(c.id))

    def coding_menu(self, coding_id: str, global_pos) -> None:
        """A coding's own menu, from a right-click on its stripe in the margin."""
        coding = next((c for c in self.codings if c.id == coding_id), None)
        if coding is not None:
            menu = QMenu(f"{coding.code_path}  ({coding.coder})", self)
            self.fill_coding_menu(menu, coding)
            menu.exec(global_pos)
