"""Each kind of Word export laid out as pages by LibreOffice and read back as text: what a reader
of the PDF gets. The text is there, a 34-column table takes a few landscape pages (not ten
portrait ones of a letter per line), the contents carry page numbers, and no line holds a lone
fragment of a citation ("wave 2" wrapped onto a line of its own).

Needs `soffice` and `pdftotext` (.ci/run installs libreoffice-writer-nogui and poppler-utils);
skipped with the reason where they are missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from coder.coding.run_spec import RunSpec, describe
from coder.crosssite.pattern_tables import build_table, save_table
from coder.reports.memo import write_memos
from coder.reports.outline import write_outline
from coder.reports.pattern import export_table
from coder.reports.run import write_segments_docx

pytestmark = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdfinfo")),
                                reason="LibreOffice (soffice) and poppler-utils (pdftotext, pdfinfo) are not installed")

LONE = re.compile(r"^(wave\s*\d+|—|\d+,?)$")  # what a citation's wrapped tail would leave on a line


@pytest.fixture(scope="module")
def pages(demo_study_file, tmp_path_factory) -> dict[str, dict]:
    """The four kinds of export of one demo study, as PDF: {kind: {"text", "pages", "landscape"}}."""
    from coder import Study

    folder = tmp_path_factory.mktemp("pages")
    path = folder / "demo.casecoder"
    shutil.copy(demo_study_file[0], path)
    with Study.open(path, user="tester") as s:
        s.codes.add_code(path="Extra")
        while len(s.codes.all()) < 34:
            s.codes.add_code(path=f"Extra/Further theme {len(s.codes.all()):02d}")
        save_table(s, "All codes", {"cols": "codes"})
        table = build_table(s, cols="codes")
        assert len(table.columns) == 34
        spec = RunSpec(codes=[s.codes.find("Leadership configuration").id], descendants=True)
        memo = next(m.id for m in s.memos.all() if m.title.startswith("Alder"))
        docs = {"outline": write_outline(s, folder / "outline.docx"),
                "memo": write_memos(s, [memo], folder / "memo.docx"),
                "table": export_table(s, table, folder / "table.docx", "docx", name="All codes",
                                      spec={"cols": "codes"}),
                "run": write_segments_docx(s, s.runs.run(spec), folder / "run.docx", title="Leadership",
                                           description=describe(s, spec))}
    profile = (folder / "office-profile").as_uri()  # a profile of its own: never a user's, never in use
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, docs.values())], check=True, capture_output=True, timeout=300)
    out = {}
    for kind, docx in docs.items():
        pdf = docx.with_suffix(".pdf")
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        out[kind] = {"text": text, "pages": int(re.search(r"Pages:\s+(\d+)", info).group(1)),
                     "landscape": width > height}
    return out


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_a_34_column_table_fits_a_few_landscape_pages(pages):
    table = pages["table"]
    assert table["landscape"] and table["pages"] <= 4
    assert "Part 1 of 5: columns 1–7 of 34" in table["text"] and "Further theme 33" in table["text"]
    assert "n of N sites" in table["text"]


def test_the_text_is_there_and_the_contents_carry_page_numbers(pages):
    outline, memo, run = pages["outline"]["text"], pages["memo"]["text"], pages["run"]["text"]
    assert "Cross-site analysis" in outline and "Appendix: evidence by theme and site" in outline
    assert re.search(r"Appendix: evidence by theme and site\s*\.+\s*\d+", outline)  # a numbered contents entry
    assert "Right-click" not in outline and "Update Field" not in outline
    assert "Alder Street Elementary case memo" in memo and "3.2 Teacher leaders and coaches" in memo
    assert "Codes: Leadership configuration (with sub-codes)" in run and "coded by lindqvist, okafor" in run
    assert all(re.search(r"Page \d+ of \d+", p["text"]) for p in pages.values())  # the footer on every kind


def test_no_line_holds_a_lone_citation_fragment(pages):
    for kind in ("memo", "run", "outline"):
        assert not [line for line in _lines(pages[kind]["text"]) if re.fullmatch(r"wave\s*\d+", line)], kind
    for kind in ("memo", "run"):  # no tables in these: a dash or a bare number alone on a line is a fragment too
        assert not [line for line in _lines(pages[kind]["text"]) if LONE.match(line)], kind
