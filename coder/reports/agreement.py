"""A comparison of coders to Word (the figures, a table per code, the disagreements side by side
with their source and place) and to Excel (the same on three sheets), for the methods appendix and
for the pair's reconciliation meeting."""

from __future__ import annotations

from pathlib import Path

from ..coding.agreement import Agreement, over_text
from ..store.files import save_atomically
from .document import Document
from .options import PLAIN, WordOptions, about, running


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.3f}"


def _rows(result: Agreement) -> list[list[str]]:
    rows = []
    for path, patterns in sorted(result.per_code.items()):
        f = result.figures(patterns)
        rows.append([path, str(f["units"]), _fmt(f["percent_agreement"]), _fmt(f["cohen_kappa"]),
                     _fmt(f["krippendorff_alpha"])])
    return rows


HEADER = ["Code", "Units", "Agreement", "Cohen's kappa", "Krippendorff's alpha"]  # alpha: nominal


def write_docx(result: Agreement, out: str | Path, study=None, options: WordOptions = PLAIN) -> Path:
    """The comparison for the methods appendix; `study` names the study in the title block."""
    doc = Document(template=options.template)
    title = "Agreement between coders"
    lines = [("Coders", ", ".join(result.coders)), ("Counted over", over_text(result.over, result.unit))]
    doc.title_block(title, "Intercoder agreement", about(study, *lines) if study is not None else lines,
                    running=running(study, title) if study is not None else title)
    overall = result.figures(result.patterns)
    unit = "characters" if result.unit == "char" else "sentences"
    counted = "coded by any of them" if result.over == "coded" else "in all, coded or not"
    doc.paragraph(f"Coders: {', '.join(result.coders)}. Units: {result.units} {unit} {counted}, in "
                  f"{result.sources} source(s); the overall figures pool every (unit, code) pair.")
    doc.paragraph(f"Counted over {over_text(result.over, result.unit)}."
                  + (" Compare with NVivo's figures per code and source in the Excel report."
                     if result.over == "whole" else
                     " NVivo counts the whole text instead; choose the whole text to compare with it."), "note")
    doc.paragraph(f"Percent agreement {_fmt(overall['percent_agreement'])}; Cohen's kappa "
                  f"{_fmt(overall['cohen_kappa'])}; Krippendorff's alpha (nominal) "
                  f"{_fmt(overall['krippendorff_alpha'])}.")
    grid = doc.table(HEADER)
    for row in _rows(result):
        grid.row(row, counts=(1, 2, 3, 4))
    grid.widths([2.5, 0.7, 1.0, 0.9, 1.4])
    doc.heading("Where they disagree", 1)
    if not result.disagreements:
        doc.paragraph("Nowhere: every unit was coded alike.")
    else:
        table = doc.table(["Source", "Code", "Coded by", "Passage"])
        for d in result.disagreements:
            table.row([f"{d.source} [{d.start}–{d.end}]", d.code,
                       f"{', '.join(d.coded_by)} (not {', '.join(d.not_by)})", " ".join(d.text.split())])
        table.widths([1.4, 1.3, 1.3, 2.5])
    return doc.save(out)


def write_xlsx(result: Agreement, out: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ..store.characters import append_row

    book = Workbook()
    summary = book.active
    summary.title = "Agreement"
    overall = result.figures(result.patterns)
    append_row(summary, ["coders", ", ".join(result.coders)])
    append_row(summary, ["unit", result.unit])
    append_row(summary, ["over", result.over])
    append_row(summary, ["counted over", over_text(result.over, result.unit)])
    append_row(summary, ["sources", result.sources])
    append_row(summary, ["units", result.units])
    for key in ("percent_agreement", "cohen_kappa", "krippendorff_alpha"):
        append_row(summary, [key, overall[key]])
    codes = book.create_sheet("Per code")
    append_row(codes, HEADER)
    for path, patterns in sorted(result.per_code.items()):
        f = result.figures(patterns)
        append_row(codes, [path, f["units"], f["percent_agreement"], f["cohen_kappa"], f["krippendorff_alpha"]])
    cells = book.create_sheet("Per code and source")  # the rows NVivo's coding comparison shows
    append_row(cells, ["Code", "Source", "Units", "Agreement", "Cohen's kappa", "Krippendorff's alpha",
                  "Coded by all", "Coded by none", "Disagreed"])
    for path, source, patterns in result.by_source:
        f = result.cell_figures(patterns)
        append_row(cells, [path, source, f["units"], f["percent_agreement"], f["cohen_kappa"], f["krippendorff_alpha"],
                      f["all_coded"], f["none_coded"], f["disagreed"]])
    spots = book.create_sheet("Disagreements")
    append_row(spots, ["source", "code", "start", "end", "coded by", "not by", "text"])
    for d in result.disagreements:
        append_row(spots, [d.source, d.code, d.start, d.end, ", ".join(d.coded_by), ", ".join(d.not_by), d.text])
    for sheet in (codes, cells, spots):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    return save_atomically(out, book.save)
