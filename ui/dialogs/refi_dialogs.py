"""Exchange with NVivo, ATLAS.ti, MAXQDA and QualCoder from the File menu: import a REFI-QDA
project as a new study (with the one media folder files outside the archive may come from),
export the study as a project (standard or NVivo positions), merge or export a codebook, and the
import report — what came in, what did not and why, and how positions were read."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coder.store.errors import CaseCoderError

from ..folders import ask_folder, ask_open, ask_save
from ..widgets.exports import ask_path, export_in_background
from ..workers import run_with_progress


def _browse_row(edit: QLineEdit, button: QPushButton) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(button)
    return row


class ProjectImportDialog(QDialog):
    """The archive, the new study it becomes, and the media folder."""

    def __init__(self, parent=None, archive: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a REFI-QDA project")
        self.archive, self.study, self.media = QLineEdit(archive), QLineEdit(), QLineEdit()
        self.media.setPlaceholderText("none: only the archive is read")
        self.archive.textChanged.connect(self._defaults)
        form = QFormLayout()
        for label, edit, slot in (("Project (.qdpx)", self.archive, self._pick_archive),
                                  ("New study", self.study, self._pick_study),
                                  ("Media folder", self.media, self._pick_media)):
            button = QPushButton("Choose…")
            button.clicked.connect(slot)
            form.addRow(label, _browse_row(edit, button))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(640, self.sizeHint().height())
        self._defaults(archive)

    def _defaults(self, archive: str) -> None:
        path = Path(archive) if archive else None
        if path is None or not path.name:
            return
        self.study.setText(str(path.with_suffix(".casecoder")))
        media = path.with_name(f"{path.stem} Media")
        self.media.setText(str(media) if media.is_dir() else "")

    def _pick_archive(self) -> None:
        path = ask_open(self, "REFI-QDA project", "REFI-QDA project (*.qdpx);;All files (*)")
        if path:
            self.archive.setText(path)

    def _pick_study(self) -> None:
        path, _ = ask_save(self, "New study", self.study.text(), "CaseCoder study (*.casecoder)")
        if path:
            self.study.setText(path if path.endswith(".casecoder") else path + ".casecoder")

    def _pick_media(self) -> None:
        path = ask_folder(self, "Media folder", self.media.text())
        if path:
            self.media.setText(path)

    def _accept(self) -> None:
        if not self.archive.text().strip() or not self.study.text().strip():
            QMessageBox.warning(self, "CaseCoder", "Choose the project and the new study file.")
            return
        if Path(self.study.text()).exists():
            QMessageBox.warning(self, "CaseCoder", f"{self.study.text()} already exists: a project is imported as "
                                                   "a new study. Choose another name.")
            return
        self.accept()


def report_html(data: dict) -> str:
    counts = ", ".join(f"{v} {k}" for k, v in data["counts"].items())
    parts = [f"<h3>{escape(data['project'] or Path(data['archive']).name)}</h3>",
             f"<p>From <b>{escape(data['origin'] or 'an unknown tool')}</b> into {escape(data['study'])}:<br>"
             f"{escape(counts)}.</p>"]
    if data.get("positions"):
        p = data["positions"]
        units = "UTF-16 code units" if p["units"] == "utf-16" else "Unicode code points"
        parts.append(f"<p><b>Positions</b> read as {units} with CRLF as {p['crlf']}: "
                     f"{escape(p['reason'])}.</p>")
    for title, rows in (("Not imported", [f"{i['kind']} {i['name']}: {i['reason']}" for i in data["not_imported"]]),
                        ("Selections rejected", [f"{i['source']} [{i['start']}, {i['end']}): {i['reason']}"
                                                 for i in data["rejected_selections"]]),
                        ("Warnings", data["warnings"])):
        if rows:
            items = "".join(f"<li>{escape(str(r))}</li>" for r in rows[:200])
            more = f"<li>… and {len(rows) - 200} more</li>" if len(rows) > 200 else ""
            parts.append(f"<p><b>{title}</b> ({len(rows)})</p><ul>{items}{more}</ul>")
    if not (data["not_imported"] or data["rejected_selections"] or data["warnings"]):
        parts.append("<p>Everything in the project was imported.</p>")
    return "".join(parts)


class ReportDialog(QDialog):
    def __init__(self, title: str, html: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.view = QTextBrowser()
        self.view.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(720, 480)


def import_project(window, archive: str = "") -> None:
    """Ask, import in a worker, show the report, and offer to open the new study."""
    from coder.exchange.refi.project_import import import_project as run_import

    dialog = ProjectImportDialog(window, archive)
    if not dialog.exec():
        return
    source, target = dialog.archive.text().strip(), dialog.study.text().strip()
    media = dialog.media.text().strip() or None

    def done(report) -> None:
        data = report.as_dict()
        window.last_refi_report = data
        ReportDialog("Import report", report_html(data), window).open()
        if QMessageBox.question(window, "CaseCoder", f"Open the imported study {Path(target).name} now?") \
                == QMessageBox.Yes:
            window.open_study_path(target)

    def failed(message: str) -> None:
        QMessageBox.warning(window, "CaseCoder", f"The project was not imported: {message}")

    run_with_progress(window, f"Importing {Path(source).name}…",
                      lambda progress, token: run_import(source, target, media_dir=media, progress=progress,
                                                         token=token), done, failed, modal=False)


def export_project(window, nvivo: bool = False):
    from coder.exchange.refi.project_export import export_project as run_export

    name = window.session.study.path.stem + (" (NVivo)" if nvivo else "")
    chosen = ask_path(window, "Export a REFI-QDA project", name, ("qdpx",))
    if chosen is None:
        return None
    return export_in_background(window, window.session, "Writing the REFI-QDA project…",
                                lambda study, progress, token: _exported(run_export(study, chosen[0], nvivo, progress,
                                                                                    token), chosen[0]))


def _exported(result: dict, path: str) -> str:
    skipped = result.get("not exported") or []
    return path + (f" (not in REFI-QDA: {'; '.join(skipped)})" if skipped else "")


def import_codebook(window, path: str = "") -> dict | None:
    """Merge a .qdc as one undoable action and show what it brought."""
    from coder.exchange.refi.codebook import import_codebook as run_import

    if not path:
        path = ask_open(window, "REFI-QDA codebook", "REFI-QDA codebook (*.qdc);;All files (*)")
    if not path:
        return None
    held: dict = {}

    def merge():
        report = run_import(window.session.study, path)
        held.update(report.as_dict())
        return report.changes

    if window.session.run_op(merge) is None:
        return None
    html = (f"<p>{len(held['created'])} new codes, {len(held['existing'])} already in the codebook, "
            f"{held['sets']} sets, from {escape(held['origin'] or 'an unknown tool')}.</p>"
            + ("<ul>" + "".join(f"<li>{escape(w)}</li>" for w in held["warnings"]) + "</ul>"
               if held["warnings"] else ""))
    ReportDialog("Codebook import", html, window).open()
    return held


def export_codebook(window):
    from coder.exchange.refi.codebook import export_codebook as run_export

    chosen = ask_path(window, "Export the codebook", window.session.study.path.stem + " codebook", ("qdc",))
    if chosen is None:
        return None
    try:
        run_export(window.session.study, chosen[0])
    except (CaseCoderError, OSError) as exc:
        QMessageBox.warning(window, "CaseCoder", f"{chosen[0]}: {exc}")
        return None
    window.session.notify(f"Exported to {chosen[0]}")
    return chosen[0]
