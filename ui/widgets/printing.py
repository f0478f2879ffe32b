"""Printing what the window shows: a transcript with its codes in the margin, or a memo.

The documents are coder/reports/printable.py's HTML; here they are laid out on the printer's
pages by a QTextDocument and painted page by page, each with a footer ("title · Page n of m"),
for File > Print… (the system's print dialog), File > Print preview… (Qt's preview, which prints
from there too) and a PDF file (`print_to_pdf`: the tests, and a "save as PDF").

Which document the window shows is `printable_for_window`: the memo open in the memo workspace,
else the transcript open in the document view, with the codings its coder filter (or blind
coding) shows. The menu items that call these are the window's (ui/menus.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPainter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog

from coder.reports.printable import memo_html, source_html
from coder.store.files import save_atomically

MARGINS_MM = QMarginsF(18, 16, 18, 14)  # left, top, right, bottom of the page, around text and footer
LAYOUT_DPM = round(96 / 0.0254)  # the text is laid out at 96 dots an inch (in dots a metre)


def printable_for_window(window) -> tuple[str, str] | None:
    """(title, HTML) of what the window shows — the open memo in the memo workspace, else the
    open transcript with the codings its filter shows — or None when nothing is open."""
    study = window.session.study
    key = getattr(window, "current_workspace_key", lambda: "code")()
    panel = getattr(window, "memo_panel", None)
    if key == "memos" and panel is not None and panel.memo_id:
        info = study.memos.get(panel.memo_id)
        shown = panel.editor.text() if panel.dirty() else None  # what is on screen, unsaved edits too
        return info.title, memo_html(study, panel.memo_id, text=shown)
    document = getattr(window, "document", None)
    if document is not None and document.source_id:
        blind = getattr(document, "blind_coder", None)
        coders = [blind] if blind else document.coder_filter.currentData()
        return study.sources.get(document.source_id).name, source_html(study, document.source_id, coder=coders)
    return None


def new_printer(title: str = "", mode: QPrinter.PrinterMode = QPrinter.HighResolution) -> QPrinter:
    printer = QPrinter(mode)
    printer.setDocName(title or "CaseCoder")
    printer.setPageMargins(MARGINS_MM, QPageLayout.Millimeter)
    return printer


def paint_pages(printer: QPrinter, html: str, title: str = "") -> int:
    """Lay `html` out on the printer's pages and paint each, with "title · Page n of m" at its
    foot; the number of pages.

    The text is laid out at 96 dots an inch and painted scaled to the printer's resolution, as
    QTextDocument.print_ does: laid out in the printer's own pixels, Qt would scale a table's
    padding but leave a paragraph's margins in device pixels, a hair's breadth at 1200 dpi."""
    layout_device = QImage(1, 1, QImage.Format_ARGB32)
    layout_device.setDotsPerMeterX(LAYOUT_DPM)
    layout_device.setDotsPerMeterY(LAYOUT_DPM)
    doc = QTextDocument()
    doc.setUseDesignMetrics(True)  # glyph advances as designed, so the scaled-up lines keep their spacing
    doc.documentLayout().setPaintDevice(layout_device)
    doc.setHtml(html)
    title = title or doc.metaInformation(QTextDocument.DocumentTitle)
    area = printer.pageLayout().paintRectPixels(printer.resolution())
    scale = printer.resolution() / layout_device.logicalDpiY()
    footer_font = QFont(doc.defaultFont())
    footer_font.setPointSizeF(7.5)
    metrics = QFontMetricsF(footer_font, printer)
    footer = metrics.height() * 2.2
    page = QSizeF(area.width() / scale, (area.height() - footer) / scale)
    doc.setPageSize(page)
    pages = max(1, doc.pageCount())
    painter = QPainter()
    if not painter.begin(printer):  # a printer that cannot be opened (a file that cannot be written)
        return 0
    try:
        for number in range(pages):
            if number:
                printer.newPage()
            painter.save()
            painter.scale(scale, scale)
            top = number * page.height()
            painter.translate(0, -top)
            clip = QRectF(0, top, page.width(), page.height())
            painter.setClipRect(clip)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = clip
            doc.documentLayout().draw(painter, context)
            painter.restore()
            painter.setFont(footer_font)
            painter.setPen(Qt.darkGray)
            line = QRectF(0, area.height() - metrics.height(), area.width(), metrics.height())
            painter.drawText(line, Qt.AlignLeft | Qt.AlignVCenter,
                             metrics.elidedText(title, Qt.ElideRight, area.width() * 0.7))
            painter.drawText(line, Qt.AlignRight | Qt.AlignVCenter, f"Page {number + 1} of {pages}")
    finally:
        painter.end()
    return pages


def print_document(parent, title: str, html: str, preview: bool) -> None:
    """Print `html`: in Qt's print preview (which prints from there), or through the print
    dialog."""
    printer = new_printer(title)
    if preview:
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(f"Print preview — {title}")
        if parent is not None:  # pages large enough to read, on a laptop too
            room = parent.window().size()
            dialog.resize(int(room.width() * 0.8), int(room.height() * 0.9))
        dialog.paintRequested.connect(lambda device: paint_pages(device, html, title))
        dialog.exec()
        dialog.deleteLater()
        return
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print {title}")
    if dialog.exec() == QPrintDialog.Accepted:
        paint_pages(printer, html, title)
    dialog.deleteLater()


def print_to_pdf(html: str, path: str | Path, title: str = "") -> Path:
    """`html` as a PDF file at `path`, written beside it and renamed into place when complete."""

    def write(partial: str) -> None:
        printer = new_printer(title)
        printer.setOutputFormat(QPrinter.PdfFormat)
        printer.setOutputFileName(partial)
        if not paint_pages(printer, html, title):
            raise OSError(f"{partial}: the PDF could not be written")

    return save_atomically(path, write)
