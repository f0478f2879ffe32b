"""Who is coding? The name recorded on every coding and memo the user makes.

Asked on the first start (with the study's coders offered: on the demo, its two researchers, to
try it as one of them) and from File > Who is coding?…; the study's coders are offered, or a new name typed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout


class WhoIsCodingDialog(QDialog):
    def __init__(self, current: str, offered: list[str], first_start: bool, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is coding?")
        self.setMinimumWidth(420)
        text = ("Your name is recorded on every coding and memo you make, and tells your work from your "
                "teammates' when copies of a study come together.")
        if first_start:
            text = "<b>Welcome to CaseCoder.</b><br><br>" + text + "<br><br>" + _first_choice(offered)
        label = QLabel(text)
        label.setWordWrap(True)
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(list(dict.fromkeys([current] + offered)))
        self.name.setCurrentText(current)
        self.name.lineEdit().selectAll()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.name)
        layout.addWidget(buttons)

    def chosen(self) -> str:
        return " ".join(self.name.currentText().split())


DEMO_CODERS = ("okafor", "lindqvist")


def _first_choice(offered: list[str]) -> str:
    """What to pick, said of the study the window opened with: the demo's two researchers only
    when it is the demo (a first start may open any study named on the command line)."""
    if all(name in offered for name in DEMO_CODERS):
        return ("This is the demo study: to try it as one of its two researchers, pick <i>okafor</i> or "
                "<i>lindqvist</i>; or type your own name.")
    if offered:
        return "To go on as one of this study's coders, pick their name; or type your own."
    return "Type your name."
