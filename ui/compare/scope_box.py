"""The "In" choice of the compare views: the whole study, a district or a site, kept across
refreshes, as a data run's scope."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from coder.coding.run_spec import RunSpec


class ScopeBox(QComboBox):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setToolTip("Count in the whole study, one district or one site")
        self.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)

    def fill(self, study) -> None:
        current = self.currentData()
        self.blockSignals(True)
        try:
            self.clear()
            self.addItem("the whole study", None)
            for case in study.cases.all():
                self.addItem(("    " if case.kind == "site" else "") + case.name, case.id)
            self.setCurrentIndex(max(0, self.findData(current)))
        finally:
            self.blockSignals(False)

    def spec(self, **more) -> RunSpec:
        case_id = self.currentData()
        return RunSpec(codes=[], sites=[case_id] if case_id else [], **more)
