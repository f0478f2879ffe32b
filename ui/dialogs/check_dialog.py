"""File > Check this study…: `casecoder check` in the window. SQLite's checks and the study's own
(coder/check.py) run in a worker behind a progress dialog — three seconds over a thousand
transcripts — and the report is shown in words. When something derived is wrong (counts, lengths,
search indexes) Repair rebuilds it, as `casecoder check --repair` does: in one transaction, then
every check again, and the result shown. What is not derived is reported by name, never changed.

Repair is not an undoable step: it rebuilds data derived from the study, so undoing it could only
bring the disagreement back. The views then refresh the counts it rebuilt."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QTextBrowser, QVBoxLayout

from coder import Changes

from ..workers import run_with_progress

EXAMPLES = 10  # rows named per kind of problem; the count says how many there are


def report_html(report: dict) -> str:
    """The check's findings as a researcher reads them."""
    parts = []
    if report["repaired"]:
        parts.append("<p><b>Repaired:</b></p><ul>" + "".join(f"<li>{escape(done)}</li>"
                                                           for done in report["repaired"]) + "</ul>")
    if report["ok"]:
        parts.append("<p><b>No problems found.</b> The file passes SQLite's integrity check, every coding lies "
                     "inside its source's text and points at a live code, every quotation and piece of evidence "
                     "resolves to a passage, every memo version is readable, and the counts and search indexes "
                     "agree with what they are derived from.</p>")
        return "".join(parts)
    problems = report["problems"]
    parts.append(f"<p><b>{len(problems)} kind{'s' if len(problems) != 1 else ''} of problem found.</b></p>")
    for problem in problems:
        count = problem["count"]
        how = ("It is derived data: <i>Repair</i> rebuilds it." if problem["repairable"] else
               "It is not derived, so it cannot be rebuilt: restore a backup from before it happened "
               "(File &gt; Restore from backup…), or correct it by hand.")
        shown = "".join(f"<li>{escape(example)}</li>" for example in problem["examples"][:EXAMPLES])
        more = count - min(count, EXAMPLES)
        kind = problem["kind"][:1].upper() + problem["kind"][1:]
        parts.append(f"<p><b>{escape(kind)}</b>: {count:,}. {how}</p><ul>{shown}"
                     f"{f'<li><i>and {more:,} more</i></li>' if more > 0 else ''}</ul>")
    return "".join(parts)


class CheckDialog(QDialog):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.report: dict | None = None
        self.setWindowTitle("Check this study")
        self.resize(640, 460)
        self.heading = QLabel("")
        self.heading.setWordWrap(True)
        self.findings = QTextBrowser()
        self.findings.setOpenLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.repair_button = QPushButton("Repair")
        self.repair_button.setToolTip("Rebuild the derived data that disagrees (one transaction), then check again")
        self.again_button = QPushButton("Check again")
        buttons.addButton(self.repair_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.again_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.close)
        self.repair_button.clicked.connect(lambda: self.run(repair=True))
        self.again_button.clicked.connect(lambda: self.run())
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.findings, 1)
        layout.addWidget(buttons)
        self.repair_button.setEnabled(False)
        session.study_replaced.connect(self._forget)

    def _forget(self) -> None:
        """Another study is open now: what was found was about the one before."""
        self.report = None
        self.heading.setText(f"{escape(self.session.study.path.name)}: not checked yet (Check again checks it)")
        self.findings.clear()
        self.repair_button.setEnabled(False)

    def run(self, repair: bool = False) -> None:
        """Check (or repair, then check) in a worker; the window waits behind a progress dialog."""
        from coder.check import check_study

        study = self.session.study
        if repair and study.read_only:
            self.session.report_error(f"{study.path.name} is open read-only (another program writes it): close it "
                                      "there to repair it.")
            return
        if self.session.busy:
            self.session.notify("Please wait until the running import or correction has finished.")
            return
        self.heading.setText(f"{'Repairing' if repair else 'Checking'} {escape(study.path.name)}…")
        for button in (self.repair_button, self.again_button):
            button.setEnabled(False)

        def job(progress, token):
            return check_study(study.conn, repair=repair, progress=progress, cancel=token)

        run_with_progress(self, "Repairing the study…" if repair else "Checking the study…", job,
                          lambda report: self._done(report, repair), lambda message: self._failed(message, repair),
                          self.session)

    def _done(self, report: dict, repaired: bool) -> None:
        self.report = report
        name = escape(self.session.study.path.name)
        self.heading.setText(f"<b>{name}</b>: " + ("whole" if report["ok"] else "problems found")
                             + (" after the repair" if repaired else ""))
        self.findings.setHtml(report_html(report))
        self.again_button.setEnabled(True)
        repairable = any(p["repairable"] for p in report["problems"])
        self.repair_button.setEnabled(repairable and not self.session.study.read_only)
        if report["repaired"]:
            self._show_repair("Repaired: " + "; ".join(report["repaired"]))

    def _show_repair(self, label: str) -> None:
        """What was rebuilt is counted in the navigator, the codebook and the heat map: show it."""
        self.session.record(Changes("repair_study", label, None, frozenset({"sources", "codes", "codings"})))

    def _failed(self, message: str, repairing: bool) -> None:
        self.heading.setText("The check did not finish.")
        self.findings.setPlainText(message)
        self.again_button.setEnabled(True)
        if repairing and "after the repair" in message:  # cancelled while checking what was repaired
            self._show_repair(message)
