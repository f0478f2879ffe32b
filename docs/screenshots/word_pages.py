"""The README's pictures of the Word exports, made again: python docs/screenshots/word_pages.py

Builds the demo study in a temporary folder, adds a code family so a pattern table of every code
has 40 columns, writes the outline, the site memo, that table (heat-shaded) and a data run to
Word, lays them out with LibreOffice and draws the first page of each (word-*.png) and the four
side by side (word-reports.png). Needs soffice, pdftoppm and ImageMagick's montage.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from coder import Study  # noqa: E402
from coder.coding.run_spec import RunSpec, describe  # noqa: E402
from coder.crosssite.pattern_tables import build_table, save_table  # noqa: E402
from coder.demo import build_demo_study  # noqa: E402
from coder.reports.memo import write_memos  # noqa: E402
from coder.reports.options import WordOptions  # noqa: E402
from coder.reports.outline import write_outline  # noqa: E402
from coder.reports.pattern import export_table  # noqa: E402
from coder.reports.run import write_segments_docx  # noqa: E402

FAMILY = ["Home visits", "Translation", "Parent nights", "Family liaisons", "Newcomer orientation", "Conferences",
          "Surveys", "Community partners"]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        build_demo_study(work / "demo.casecoder")
        with Study.open(work / "demo.casecoder", user="okafor") as s:
            s.codes.add_code(path="Family engagement")
            for name in FAMILY:
                s.codes.add_code(path=f"Family engagement/{name}")
            save_table(s, "All codes by site", {"cols": "codes"})
            spec = RunSpec(codes=[s.codes.find("Leadership configuration/Coaching").id], descendants=True,
                           roles=["principal", "instructional coach"])
            docs = {"outline": write_outline(s, work / "outline.docx"),
                    "memo": write_memos(s, [s.memos.all()[0].id], work / "memo.docx"),
                    "table": export_table(s, build_table(s, cols="codes"), work / "table.docx", "docx",
                                          name="All codes by site", spec={"cols": "codes"},
                                          options=WordOptions(heat=True)),
                    "run": write_segments_docx(s, s.runs.run(spec), work / "run.docx", title="Data run: Coaching",
                                               description=describe(s, spec))}
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work),
                        *map(str, docs.values())], check=True, capture_output=True)
        pages = []
        for kind in docs:
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                            str(work / f"{kind}.pdf"), str(work / kind)], check=True)
            shutil.copy(work / f"{kind}.png", HERE / f"word-{kind}.png")
            pages.append(str(work / f"{kind}.png"))
        subprocess.run(["montage", *pages, "-tile", "4x1", "-geometry", "+6+6", "-background", "#8a8a8a",
                        str(HERE / "word-reports.png")], check=True)
    print("wrote", ", ".join(f"word-{k}.png" for k in docs), "and word-reports.png in", HERE)


if __name__ == "__main__":
    main()
