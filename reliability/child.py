"""One operation of the kill harness, run in a child process: `python -m reliability.child OP STUDY
TRIAL`. It prints "ready" just before the operation starts, so the parent's kill lands inside it.

`prepare_inputs` (run once per operation, in the parent) builds the study the operation starts
from and the files it reads: new transcripts, a teammate's work package, a REFI-QDA project, or
(for undo) a study whose last action, kept in its undo history, imported transcripts and coded them.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

TRANSCRIPTS = ("alder_coach_w1.txt", "alder_plc_observation_w1.txt")


def prepare_inputs(op: str, work: Path) -> Path:
    from coder import Study
    from coder.demo import CORPUS, build_demo_study
    from coder.sources.importing import import_sources, plan_import

    inputs = work / "inputs"
    base = work / "base.casecoder"
    if base.exists():
        return base
    shutil.rmtree(inputs, ignore_errors=True)
    inputs.mkdir(parents=True)
    demo = work.parent / "demo.casecoder"  # built once for all the operations
    if not demo.exists():
        build_demo_study(demo)
    shutil.copy(demo, base)
    sources = sorted((CORPUS / "sources").glob("*.txt"))[:6]
    for i, path in enumerate(sources):  # new transcripts: the corpus's words, renamed and varied
        text = path.read_text(encoding="utf-8")
        (inputs / f"new_{i}_{path.stem}.txt").write_text(text.replace("the", "that") + f"\n\nKill {i}.\n",
                                                         encoding="utf-8")
    if op == "undo":  # undone in a later session: the texts and codings go, kept for redo
        with Study.open(base, user="harness") as study, study.operation("import", "Import and code"):
            import_sources(study, plan_import(sorted(inputs.glob("*.txt")), {"district": "Harness",
                                                                           "site": "Harness site"}),
                           analyse_now=False)
            code = next(c for c in study.codes.all() if c.codable)
            items = [(s.id, code.id, 0, 40 + i % 30, "harness") for i, s in enumerate(study.sources.all())]
            study.codings.apply_many(items=items)
    elif op == "analysis":
        with Study.open(base, user="harness") as study:
            import_sources(study, plan_import(sorted(inputs.glob("*.txt")), {"district": "Harness",
                                                                           "site": "Harness site"}),
                           analyse_now=False)
    elif op == "sync_import":
        mate = work / "mate.casecoder"
        shutil.copy(base, mate)
        with Study.open(mate, user="mate") as study:
            import_sources(study, plan_import(sorted(inputs.glob("*.txt"))[:2], {"district": "Harness",
                                                                               "site": "Harness site"}))
            codes = [c for c in study.codes.all() if c.codable]
            for i, source in enumerate(study.sources.all()[:20]):
                study.codings.apply_code(source_id=source.id, code_id=codes[i % len(codes)].id, start=10,
                                         end=90, coder="mate")
            study.codes.rename_code(code_id=codes[0].id, name=codes[0].name + " (mate)")
            study.codes.merge_codes(source_id=codes[1].id, target_id=codes[2].id)
            study.sync.export_work(inputs / "mate.ccwork")
    elif op == "refi_import":
        from coder.exchange.refi.project_export import export_project

        with Study.open(base, user="harness") as study:
            export_project(study, inputs / "demo.qdpx")
    return base


def run(op: str, study_path: Path, trial: Path) -> None:
    from coder import Study
    from coder.sources.importing import import_sources, plan_import

    inputs = trial.parent / "inputs"
    if op == "demo":
        from coder.demo import build_demo_study

        print("ready", flush=True)
        build_demo_study(trial / "demo.casecoder")
        return
    if op == "refi_import":
        from coder.exchange.refi.project_import import import_project

        print("ready", flush=True)
        import_project(inputs / "demo.qdpx", trial / "imported.casecoder")
        return
    if op == "analysis":
        from coder.sources.analysis import analyse_pending

        print("ready", flush=True)
        analyse_pending(study_path, workers=1)
        return
    with Study.open(study_path, user="harness") as study:
        if op in ("import", "import_analysis"):
            items = plan_import(sorted(inputs.glob("*.txt")), {"district": "Harness", "site": "Harness site"})
            print("ready", flush=True)
            import_sources(study, items, analyse_now=op == "import_analysis")  # then the analysis, as the CLI does
        elif op == "merge":
            counts = study.conn.execute("SELECT k.id FROM codes k JOIN codings c ON c.code_n = k.n "
                                        "GROUP BY k.id ORDER BY count(*) DESC LIMIT 2").fetchall()
            print("ready", flush=True)
            study.codes.merge_codes(source_id=counts[0][0], target_id=counts[1][0])
        elif op == "memo":
            memo = study.memos.all()[0]
            text = study.memos.text(memo.id)
            print("ready", flush=True)
            study.memos.write(kind=memo.kind, subject_id=memo.subject_id, title=memo.title,
                              text=text + "\n\nA paragraph the harness adds.\n" * 50, author="harness")
        elif op == "sync_import":
            print("ready", flush=True)
            study.sync.import_work(inputs / "mate.ccwork")
        elif op == "undo":
            print("ready", flush=True)
            study.undo()
        elif op == "word_export":
            from coder.reports.outline import write_outline

            print("ready", flush=True)
            write_outline(study, trial / "outline.docx")
        else:
            raise SystemExit(f"unknown operation {op}")


if __name__ == "__main__":
    run(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
