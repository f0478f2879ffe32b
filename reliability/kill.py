"""Killing real operations mid-way, and showing the study is as it was before or after each.

    python -m reliability.kill [--kills 200] [--op NAME ...] [--json docs/reliability/kills.json]

Each operation runs in a child process (reliability/child.py) on a fresh copy of a study; the
parent waits until the child is about to start it, sleeps a random part of the operation's usual
duration and sends SIGKILL. Then the study must open, pass SQLite's integrity check and the
study's own check (coder/check.py), and hold exactly the rows it held before the operation or
exactly those a complete run leaves (identifiers and clock are seeded, CASECODER_REPRODUCIBLE,
so two complete runs write identical rows). A file the operation writes (a new study, a Word
export, the demo study) must be absent or whole; never half-written under its name. An import
killed in its analysis phase (`import_analysis`: the import as one action, then the analysis
source by source) must hold the import whole, each text analysed or waiting.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

OPERATIONS = ("import", "analysis", "import_analysis", "merge", "memo", "sync_import", "refi_import", "word_export",
              "undo", "demo")
NEW_FILES = {"refi_import": "imported.casecoder", "word_export": "outline.docx", "demo": "demo.casecoder"}
ROOT = Path(__file__).resolve().parent.parent


def state(study_path: Path) -> dict:
    """Every row that matters, the operation log, change log and undo history included (the
    history's rows are written in the operation's transaction); and the checks."""
    from coder import Study
    from coder.check import check_study

    with Study.open(study_path, user="harness") as study:
        report = check_study(study.conn)
        rows = study.dump()
        for table in ("ops", "op_effects", "changelog", "undo_steps", "undo_log"):
            rows[table] = sorted(study.conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        rows["source_texts"] = sorted(study.conn.execute(
            "SELECT source_id, text, analysed, lemmas, sentences FROM source_texts").fetchall(), key=repr)
    return {"ok": report["ok"], "problems": report["problems"], "rows": rows}


def _env(work: Path) -> dict:
    env = dict(os.environ, CASECODER_REPRODUCIBLE="7", CASECODER_CONFIG_DIR=str(work / "config"),
               CASECODER_DATA_DIR=str(work / "data"), PYTHONPATH=str(ROOT))  # a killed child's locks stay there
    env.pop("QT_QPA_PLATFORM", None)
    return env


def _child(op: str, study: Path, work: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "reliability.child", op, str(study), str(work)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(work), cwd=ROOT)


def _wait_ready(proc: subprocess.Popen) -> None:
    line = proc.stdout.readline()
    if line.strip() != "ready":
        proc.kill()
        raise RuntimeError(f"the child did not start: {line!r} {proc.stderr.read()[-2000:]}")


def prepare(op: str, work: Path) -> dict:
    """The base study and inputs (once per operation), and the rows before and after a complete
    run, timed."""
    from .child import prepare_inputs

    work.mkdir(parents=True, exist_ok=True)
    base = prepare_inputs(op, work)
    before = state(base)
    trial = work / "complete"
    shutil.rmtree(trial, ignore_errors=True)
    trial.mkdir()
    study = trial / "study.casecoder"
    shutil.copy(base, study)
    proc = _child(op, study, trial)
    _wait_ready(proc)
    start = time.perf_counter()
    out, err = proc.communicate(timeout=600)
    duration = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{op} failed when run whole: {err[-2000:]}")
    after = state(study)
    return {"base": base, "before": before["rows"], "after": after["rows"], "duration": duration,
            "output": _output(op, trial)}


def _output(op: str, trial: Path) -> dict | None:
    """What a complete run wrote beside the study: a new study's rows, an export's presence."""
    if op in ("refi_import", "demo"):
        return state(trial / NEW_FILES[op])["rows"]
    return None


def kill_once(op: str, ref: dict, work: Path, rng: random.Random, index: int) -> dict:
    trial = work / f"trial-{index}"
    shutil.rmtree(trial, ignore_errors=True)
    trial.mkdir()
    study = trial / "study.casecoder"
    shutil.copy(ref["base"], study)
    proc = _child(op, study, trial)
    _wait_ready(proc)
    time.sleep(rng.uniform(0, ref["duration"] * 1.05))
    finished = proc.poll() is not None
    if not finished:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    result = {"finished_before_kill": finished}
    got = state(study)
    result["integrity_ok"] = got["ok"]
    result["problems"] = got["problems"]
    matches = "before" if got["rows"] == ref["before"] else "after" if got["rows"] == ref["after"] else None
    if op == "analysis" and matches is None:
        matches = _analysis_between(got["rows"], ref)
    if op == "import_analysis" and matches is None:
        matches = _imported_analysis_between(got["rows"], ref)
    result["state"] = matches
    result["output_ok"] = _output_ok(op, trial, ref)
    result["output"] = _output_name(op, trial)
    shutil.rmtree(trial, ignore_errors=True)
    return result


def _analysis_between(rows: dict, ref: dict) -> str | None:
    """The analysis pass commits source by source: each text is either as before or as after."""
    if {k: v for k, v in rows.items() if k != "source_texts"} != \
            {k: v for k, v in ref["before"].items() if k != "source_texts"}:
        return None
    before = {r[0]: r for r in ref["before"]["source_texts"]}
    after = {r[0]: r for r in ref["after"]["source_texts"]}
    for row in rows["source_texts"]:
        if row != before.get(row[0]) and row != after.get(row[0]):
            return None
    return "between sources"


def _imported_analysis_between(rows: dict, ref: dict) -> str | None:
    """The import committed whole (every row as after it), its analysis source by source: each
    text analysed as after, or the same text still waiting."""
    if {k: v for k, v in rows.items() if k != "source_texts"} != \
            {k: v for k, v in ref["after"].items() if k != "source_texts"}:
        return None
    after = {r[0]: r for r in ref["after"]["source_texts"]}
    if len(after) != len(rows["source_texts"]):
        return None
    for row in rows["source_texts"]:
        want = after.get(row[0])
        if want is None or (row != want and not (row[1] == want[1] and row[2] == 0)):
            return None
    return "between sources"


def _output_name(op: str, trial: Path) -> str | None:
    """Whether the operation's own file was there after the kill (it is checked whole above)."""
    target = NEW_FILES.get(op)
    if target is None:
        return None
    return "whole" if (trial / target).exists() else "absent"


def _output_ok(op: str, trial: Path, ref: dict) -> bool:
    if op == "refi_import":
        target = trial / "imported.casecoder"
        if not target.exists():  # a '.partial' left by the kill is removed by the next import to this name
            return True
        got = state(target)
        if not got["ok"]:
            return False
        # the project is renamed into place whole; its analysis follows, source by source, and
        # resumes on the next start: each text is analysed as a complete run has it, or waiting
        want = {r[0]: r for r in ref["output"]["source_texts"]}
        texts_ok = all(row == want.get(row[0]) or (row[1] == want[row[0]][1] and row[2] == 0)
                       for row in got["rows"]["source_texts"]) and len(want) == len(got["rows"]["source_texts"])
        rest = {k: v for k, v in got["rows"].items() if k != "source_texts"}
        return texts_ok and rest == {k: v for k, v in ref["output"].items() if k != "source_texts"}
    if op == "demo":
        target = trial / NEW_FILES[op]
        visible = {p.name for p in trial.iterdir() if not p.name.startswith(".")}
        if visible - {"study.casecoder", "config", "data", target.name}:  # no half-built study under another name
            return False
        if not target.exists():  # a hidden '.demo.casecoder.building' is removed by the next build
            return True
        got = state(target)
        return got["ok"] and got["rows"] == ref["output"]
    if op == "word_export":
        target = trial / "outline.docx"
        if not target.exists():
            return True
        import zipfile

        try:
            with zipfile.ZipFile(target) as archive:
                return archive.testzip() is None and "word/document.xml" in archive.namelist()
        except zipfile.BadZipFile:
            return False
    return True


def _on_stack(rows: dict, stack: str) -> int:
    return sum(row[1] == stack for row in rows["undo_steps"])


def run(ops: list[str], kills: int, work: Path, seed: int = 1) -> dict:
    rng = random.Random(seed)
    report = {}
    for op in ops:
        ref = prepare(op, work / op)
        results = [kill_once(op, ref, work / op, rng, i) for i in range(kills)]
        report[op] = {
            "kills": len(results),
            "killed_mid_way": sum(not r["finished_before_kill"] for r in results),
            "before": sum(r["state"] == "before" for r in results),
            "after": sum(r["state"] == "after" for r in results),
            "between_sources": sum(r["state"] == "between sources" for r in results),
            "bad_state": sum(r["state"] is None for r in results),
            "integrity_failures": sum(not r["integrity_ok"] for r in results),
            "bad_output": sum(not r["output_ok"] for r in results),
            "output_whole": sum(r["output"] == "whole" for r in results),
            "output_absent": sum(r["output"] == "absent" for r in results),
            "operation_s": round(ref["duration"], 2),
            # the steps a complete run puts on the undo history (compared with the rest above)
            "undo_steps_added": _on_stack(ref["after"], "undo") - _on_stack(ref["before"], "undo"),
            "redo_steps_added": _on_stack(ref["after"], "redo") - _on_stack(ref["before"], "redo"),
            "problems": [r["problems"] for r in results if r["problems"]][:3],
        }
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reliability.kill", description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200, help="kills per operation")
    parser.add_argument("--op", action="append", choices=OPERATIONS, help="only this operation (repeatable)")
    parser.add_argument("--work", default="/tmp/casecoder-kill")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args(argv)
    report = run(args.op or list(OPERATIONS), args.kills, Path(args.work))
    text = json.dumps({"when": time.strftime("%Y-%m-%d %H:%M"), "results": report}, indent=2)
    if args.json:
        Path(args.json).write_text(text + "\n")
    print(text)
    failed = any(r["bad_state"] or r["integrity_failures"] or r["bad_output"] for r in report.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
