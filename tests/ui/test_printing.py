"""Printing from the window (ui/widgets/printing.py): what the window shows is what prints — the
open transcript with its codes in the margin, or the memo in the memo workspace — to a PDF, in
the print preview and through the print dialog."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog

from coder.store.paths import split_path
from ui.widgets.printing import print_document, print_to_pdf, printable_for_window

from .conftest import answer_modal


def test_the_open_transcript_is_what_prints(window):
    study = window.session.study
    source_id = window.document.source_id
    assert source_id, "the demo opens at a transcript"
    title, html = printable_for_window(window)
    assert title == study.sources.get(source_id).name
    assert f"<title>{title}" in html and "every coder" in html
    window.document.coder_filter.setCurrentIndex(window.document.coder_filter.findData(["okafor"]))
    _title, mine = printable_for_window(window)
    assert "only okafor" in mine


def test_the_memo_prints_in_the_memo_workspace(window, monkeypatch):
    study = window.session.study
    memo = study.memos.find("Alder Street Elementary")
    window.memo_panel.load_memo(memo.id)
    monkeypatch.setattr(window, "current_workspace_key", lambda: "memos", raising=False)
    title, html = printable_for_window(window)
    assert title == memo.title and "<blockquote" in html
    window.memo_panel.editor.set_text(study.memos.text(memo.id) + "\nNew words, not yet saved.\n")
    assert window.memo_panel.dirty()
    assert "New words, not yet saved." in printable_for_window(window)[1]  # what the editor shows prints
    window.memo_panel.editor.set_text(window.memo_panel.saved_text)  # nothing left to ask about at closing
    assert not window.memo_panel.dirty()
    monkeypatch.setattr(window, "current_workspace_key", lambda: "code", raising=False)
    assert printable_for_window(window)[0] != memo.title  # elsewhere: the open transcript


def test_a_pdf_holds_the_source_and_its_codes(window, tmp_path):
    title, html = printable_for_window(window)
    out = print_to_pdf(html, tmp_path / "transcript.pdf", title)
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 5000
    assert [p.name for p in tmp_path.glob("transcript.pdf*")] == ["transcript.pdf"]
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed: the PDF's text is not read")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    words = " ".join(unicodedata.normalize("NFKC", text).split())  # the PDF's "ﬃ" ligatures as letters
    assert title in words and "Page 1 of" in words
    leaves = {split_path(c.code_path)[-1] for c in window.session.study.codings.for_source(window.document.source_id)}
    assert any(name in words for name in leaves), leaves


def test_print_preview_opens_and_closes(window, qtbot):
    title, html = printable_for_window(window)
    seen = []

    def close(dialog) -> None:
        seen.append(dialog.windowTitle())
        dialog.reject()

    answer_modal(qtbot, close, QPrintPreviewDialog)
    print_document(window, title, html, preview=True)
    assert seen == [f"Print preview — {title}"]


def test_the_print_dialog_cancelled_prints_nothing(window, qtbot):
    title, html = printable_for_window(window)
    seen = []

    def cancel(dialog) -> None:
        seen.append(dialog.windowTitle())
        dialog.reject()

    answer_modal(qtbot, cancel, QPrintDialog)
    print_document(window, title, html, preview=False)
    assert seen == [f"Print {title}"]
