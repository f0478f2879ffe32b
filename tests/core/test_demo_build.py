"""A killed `casecoder demo FILE` never leaves half a study under FILE, and building again works."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from coder import Study
from coder.check import check_study
from coder.cli import main

ROOT = Path(__file__).resolve().parents[2]
KILLED_BUILD = """
import sys, time
import coder.demo as demo
from coder.cli import main

def stop_here(study, corpus=demo.CORPUS):
    print("ready", flush=True)
    time.sleep(60)

demo.apply_corpus_codings = stop_here
main(["demo", sys.argv[1]])
"""


def test_a_killed_demo_build_leaves_nothing_under_its_name(tmp_path, capsys):
    out = tmp_path / "demo.casecoder"
    child = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(out)], stdout=subprocess.PIPE, text=True,
                             env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        assert child.stdout.readline().strip() == "ready"  # imported, not yet coded
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == []  # nothing in sight either
    assert main(["demo", str(out), "--json"]) == 0, capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["demo.casecoder"]  # what the killed build left is gone
    with Study.open(out, read_only=True) as study:
        assert len(study.sources.all()) == 25 and study.conn.execute("SELECT count(*) FROM codings").fetchone()[0]
        assert check_study(study.conn)["ok"]


def test_a_demo_is_not_built_over_a_file(tmp_path, capsys):
    out = tmp_path / "demo.casecoder"
    out.write_text("mine", encoding="utf-8")
    assert main(["demo", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine"
