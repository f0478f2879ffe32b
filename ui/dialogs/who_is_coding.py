"""Who is coding? The name recorded on every coding and memo the user makes.

Asked on the first start (with the demo's two researchers offered, to try the demo as one of
them) and from File > Who is coding?…; the study's coders are offered, or a new name typed.
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
            text = ("<b>Welcome to CaseCoder.</b><br><br>" + text + "<br><br>This is the demo study: to try it "
                    "as one of its two researchers, pick <i>okafor</i> or <i>lindqvist</i>; or type your own name.")
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
