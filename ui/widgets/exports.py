"""Exports from the window, off the GUI thread.

A big export (the outline with two thousand quotations, a data run of sixteen thousand segments)
takes seconds. It runs in a worker on a connection of its own, inside one read snapshot of the
study, behind a progress dialog with Cancel; the window stays usable and whatever the user does
meanwhile does not leak half-way into the file. The file appears under its name only when it is
complete (coder.store.files.save_atomically).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from coder import Study
from coder.coding.hit_stream import HitStream

from ..dialogs.word_settings import word_options
from ..folders import ask_save
from ..workers import Worker, run_with_progress

FORMATS = {"docx": "Word document (*.docx)", "xlsx": "Excel workbook (*.xlsx)", "csv": "CSV (*.csv)",
           "qdpx": "REFI-QDA project (*.qdpx)", "qdc": "REFI-QDA codebook (*.qdc)",
           "ccwork": "CaseCoder work package (*.ccwork)", "casecoder": "CaseCoder study (*.casecoder)"}


def ask_path(parent: QWidget, title: str, name: str, kinds: tuple[str, ...]) -> tuple[str, str] | None:
    """A save dialog offering `kinds`; the chosen path and its kind (by the filter or the suffix)."""
    filters = ";;".join(FORMATS[k] for k in kinds)
    safe = re.sub(r'[\\/:*?"<>|]+', " ", name).strip() or "Export"
    path, chosen = ask_save(parent, title, f"{safe}.{kinds[0]}", filters)
    if not path:
        return None
    suffix = Path(path).suffix.lower().lstrip(".")
    kind = suffix if suffix in kinds else next((k for k in kinds if FORMATS[k] == chosen), kinds[0])
    if suffix != kind:
        path += f".{kind}"
    return path, kind


def export_in_background(parent: QWidget, session, title: str,
                         job: Callable[[Study, Callable, object], Path], snapshot: bool = True) -> Worker:
    """Run `job(study, progress, token)` on its own snapshot of the open study in a worker; tell
    the user where the file went, or why it could not be written. A job that takes its own
    snapshot (and writes bookkeeping after it) asks for none."""
    path, user = session.study.path, session.study.user

    def work(progress, token):
        with Study.open(path, user=user) as study:
            if not snapshot:
                return job(study, progress, token)
            with study.snapshot():
                return job(study, progress, token)

    def failed(message: str) -> None:
        if "cancelled" in message:
            session.notify("Export cancelled; no file was written.")
        else:
            QMessageBox.warning(parent, "CaseCoder", f"The export failed: {message}")

    return run_with_progress(parent, title, work, lambda out: session.notify(f"Exported to {out}"), failed,
                             modal=False)


def export_segments(parent: QWidget, session, segments: list, name: str,
                    description: list[tuple[str, str]] | None = None) -> Worker | None:
    """A data run or search result to Word, Excel or CSV, headed by what it asked for
    (`description`, from coder.coding.run_spec.describe)."""
    if not segments:
        session.notify("Run something first: there are no segments to export.")
        return None
    chosen = ask_path(parent, "Export the segments", name, ("docx", "xlsx", "csv"))
    if chosen is None:
        return None
    out, kind = chosen
    options = word_options()

    def job(study, progress, token):
        from coder.coding.lazy_segments import LazySegments
        from coder.coding.runs import segments_csv
        from coder.reports.run import write_segments_docx, write_segments_xlsx
        from coder.store.files import save_atomically

        rows = segments.on(study.runs) if isinstance(segments, LazySegments) else segments  # decorated here
        if kind == "docx":
            return write_segments_docx(study, rows, out, title=name, progress=progress, token=token,
                                       description=description, options=options)
        if kind == "xlsx":
            return write_segments_xlsx(study, rows, out, progress=progress, token=token, description=description)
        text = segments_csv(rows, description)
        return save_atomically(out, lambda p: Path(p).write_text(text, encoding="utf-8-sig"))

    still_finding = isinstance(segments, HitStream) and not segments.complete  # its count is not known yet
    if isinstance(segments, HitStream):
        segments = segments.copy()  # taken here: the panel's own goes on finding between events meanwhile
    label = "Exporting every hit…" if still_finding else f"Exporting {len(segments)} segments…"
    return export_in_background(parent, session, label, job)
