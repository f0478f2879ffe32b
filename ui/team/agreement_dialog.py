"""Comparing coders in the window (Code > Compare coders…): pick two or more coders, optionally
codes and a site, characters or sentences as units, and what to count over — only the text
someone coded, or the whole text as NVivo does (uncoded-by-both text then counts as agreement);
see percent agreement, Cohen's kappa and Krippendorff's alpha overall and per code, what they were
counted over, and the passages where they disagree, each a double-click from the document. Export
to Word or Excel for the reconciliation meeting."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.coding.agreement import compare, over_text
from coder.store.errors import CaseCoderError

from ..widgets.eliding import text_width


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.3f}"


class AgreementDialog(QDialog):
    passage_opened = Signal(str, int, int)

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare coders")
        self.session = session
        self.result = None
        study = session.study
        self.coders = QListWidget()
        for i, name in enumerate(study.codings.coders()):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if i < 2 else Qt.Unchecked)
            self.coders.addItem(item)
        self.codes = QListWidget()
        self.codes.setToolTip("Tick codes to compare on them only; none ticked: every code the coders used")
        for code in study.codes.all():
            item = QListWidgetItem(("   " * code.path.count("/")) + code.name)
            item.setData(Qt.UserRole, code.id)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked)
            self.codes.addItem(item)
        self.site = QComboBox()
        self.site.addItem("all sources", None)
        for case in study.cases.all():
            if case.kind == "site":
                self.site.addItem(case.name, case.id)
        self.unit = QComboBox()
        self.unit.addItem("characters", "char")
        self.unit.addItem("sentences", "sentence")
        self.over = QComboBox()
        self.over.addItem("only the text someone coded", "coded")
        self.over.addItem("the whole text (as NVivo)", "whole")
        self.over.setToolTip("Only the text someone coded: text nobody coded is left out.\n"
                             "The whole text: every unit of the sources compared, so text neither coder coded "
                             "counts as agreement — NVivo's coding comparison counts this way.")
        self.compare_button = run = QPushButton("Compare")
        run.setDefault(True)
        run.clicked.connect(self.run)
        choose = QVBoxLayout()
        for label, widget in (("Coders", self.coders), ("Codes (none: all)", self.codes)):
            choose.addWidget(QLabel(f"<b>{label}</b>"))
            choose.addWidget(widget, 1)
        for label, widget in (("Sources", self.site), ("Units", self.unit), ("Count over", self.over)):
            row = QHBoxLayout()
            row.addWidget(QLabel(label))
            row.addWidget(widget, 1)
            choose.addLayout(row)
        choose.addWidget(run)
        self.overall = QLabel("Choose two coders or more and compare.")
        self.overall.setWordWrap(True)
        self.per_code = QTableWidget(0, 5)
        self.per_code.setHorizontalHeaderLabels(["Code", "Units", "Agreement", "Kappa", "Alpha"])
        self.per_code.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.per_code.setEditTriggers(QTableWidget.NoEditTriggers)
        self.spots = QTableWidget(0, 4)
        self.spots.setHorizontalHeaderLabels(["Source", "Code", "Coded by", "Passage"])
        self.spots.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)
        self.spots.setEditTriggers(QTableWidget.NoEditTriggers)
        self.spots.cellDoubleClicked.connect(self._open)
        exports = QHBoxLayout()
        for text, kind in (("Word…", "docx"), ("Excel…", "xlsx")):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, k=kind: self.export(k))
            exports.addWidget(button)
        exports.addStretch(1)
        results = QVBoxLayout()
        results.addWidget(self.overall)
        results.addWidget(self.per_code, 2)
        results.addWidget(QLabel("<b>Where they disagree</b> (double-click opens the passage)"))
        results.addWidget(self.spots, 3)
        results.addLayout(exports)
        split = QSplitter(Qt.Horizontal)
        for layout in (choose, results):
            holder = QWidget()
            holder.setLayout(layout)
            split.addWidget(holder)
        split.setSizes([230, 770])
        split.setChildrenCollapsible(False)  # the choices and the Compare button never vanish
        outer = QVBoxLayout(self)
        outer.addWidget(split)
        self.resize(1100, 700)

    def chosen_coders(self) -> list[str]:
        return [self.coders.item(i).text() for i in range(self.coders.count())
                if self.coders.item(i).checkState() == Qt.Checked]

    def run(self) -> None:
        study = self.session.study
        codes = [self.codes.item(i).data(Qt.UserRole) for i in range(self.codes.count())
                 if self.codes.item(i).checkState() == Qt.Checked] or None
        site = self.site.currentData()
        sources = [s.id for s in study.sources.all() if study.cases.site_of().get(s.case_id) == site] if site else None
        try:
            self.result = compare(study, self.chosen_coders(), codes, sources, self.unit.currentData(),
                                  self.over.currentData())
        except CaseCoderError as exc:
            self.overall.setText(str(exc))
            return
        self.show_result()

    def show_result(self) -> None:
        data = self.result.as_dict()
        unit = "characters" if data["unit"] == "char" else "sentences"
        self.overall.setText(
            f"<b>{', '.join(data['coders'])}</b> on {data['units']:,} {unit}, {len(data['per_code'])} codes: "
            "agreement "
            f"<b>{_fmt(data['percent_agreement'])}</b>, Cohen's kappa <b>{_fmt(data['cohen_kappa'])}</b>, "
            f"Krippendorff's alpha <b>{_fmt(data['krippendorff_alpha'])}</b> (pooled over every unit and code).<br>"
            f"Counted over {over_text(data['over'], data['unit'])}.")
        self.per_code.setRowCount(0)
        for path, f in data["per_code"].items():
            row = self.per_code.rowCount()
            self.per_code.insertRow(row)
            for column, value in enumerate((path, str(f["units"]), _fmt(f["percent_agreement"]),
                                            _fmt(f["cohen_kappa"]), _fmt(f["krippendorff_alpha"]))):
                self.per_code.setItem(row, column, QTableWidgetItem(value))
        self.spots.setRowCount(0)
        for d in self.result.disagreements[:2000]:
            row = self.spots.rowCount()
            self.spots.insertRow(row)
            cells = (d.source, d.code.rsplit("/", 1)[-1], f"{', '.join(d.coded_by)} (not {', '.join(d.not_by)})",
                     " ".join(d.text.split()))
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.UserRole, (d.source_id, d.start, d.end))
                item.setToolTip(d.code if column == 1 else value)
                self.spots.setItem(row, column, item)
        self.per_code.resizeColumnsToContents()
        for column, sample in enumerate(("alder_coach_w1", "Competing priorities", "lindqvist (not okafor)")):
            self.spots.setColumnWidth(column, text_width(self.spots, sample))  # the passage takes the rest

    def _open(self, row: int, _column: int) -> None:
        self.passage_opened.emit(*self.spots.item(row, 0).data(Qt.UserRole))

    def export(self, kind: str) -> str | None:
        from coder.reports.agreement import write_docx, write_xlsx

        from ..dialogs.word_settings import word_options
        from ..widgets.exports import ask_path

        if self.result is None:
            self.run()
        if self.result is None:
            return None
        chosen = ask_path(self, "Export the comparison", "Agreement", (kind,))
        if chosen is None:
            return None
        try:
            if kind == "docx":
                write_docx(self.result, chosen[0], self.session.study, word_options())
            else:
                write_xlsx(self.result, chosen[0])
        except CaseCoderError as exc:  # the target could not be written: the message names it
            QMessageBox.warning(self, "CaseCoder", str(exc))
            return None
        except OSError as exc:
            QMessageBox.warning(self, "CaseCoder", f"{chosen[0]}: {exc}")
            return None
        self.session.notify(f"Exported to {chosen[0]}")
        return chosen[0]
