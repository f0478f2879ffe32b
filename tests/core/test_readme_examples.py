"""The README's command-line examples run as written: pasted in order into one shell at the top of
a clone, every line exits 0 and the data runs return segments."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

HERE_DOC = re.compile(r"<<-?\s*'?(\w+)'?")


def readme_commands() -> list[str]:
    """The indented block under "## Command line", one entry per command (a here-doc whole)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = text[text.index("## Command line"):].split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("    casecoder"))
    block = []
    for line in lines[start:]:
        if line.strip() and not line.startswith("    "):
            break
        block.append(line[4:])
    commands, i = [], 0
    while i < len(block):
        line = block[i]
        i += 1
        if not line.strip():
            continue
        heredoc = HERE_DOC.search(line)
        if heredoc:
            body = [line]
            while block[i] != heredoc.group(1):
                body.append(block[i])
                i += 1
            body.append(block[i])
            i += 1
            line = "\n".join(body)
        commands.append(line)
    return commands


def casecoder_on_path(folder: Path) -> str:
    """A PATH where `casecoder` is the installed console script, or `python -m coder.cli`."""
    script = Path(sys.executable).with_name("casecoder")
    if not script.exists():
        folder.mkdir()
        script = folder / "casecoder"
        script.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m coder.cli "$@"\n')
        script.chmod(0o755)
    return f"{script.parent}{os.pathsep}{os.environ['PATH']}"


def test_the_readme_examples_run_in_order(tmp_path):
    commands = readme_commands()
    assert len(commands) >= 20 and sum(c.startswith("casecoder run ") for c in commands) == 3
    clone = tmp_path / "clone"
    clone.mkdir()
    for name in ("resources", "sample_corpus", "tests"):  # what a fresh clone holds beside README.md
        (clone / name).symlink_to(ROOT / name, target_is_directory=True)
    script = ["set -o pipefail"]
    for n, command in enumerate(commands):
        script += ["{", command, f"}} > .out.{n} 2> .err.{n}", f'echo $? > .rc.{n}; [ "$(cat .rc.{n})" = 0 ] || exit 1']
    env = dict(os.environ, PATH=casecoder_on_path(tmp_path / "bin"), PYTHONPATH=str(ROOT))
    shutil.which("bash") or __import__("pytest").skip("the examples are for a POSIX shell")
    done = subprocess.run(["bash", "-c", "\n".join(script)], cwd=clone, env=env, capture_output=True, text=True,
                          timeout=600)
    for n, command in enumerate(commands):
        rc = (clone / f".rc.{n}").read_text().strip() if (clone / f".rc.{n}").exists() else "not run"
        assert rc == "0", f"README example {n + 1} failed ({rc}):\n{command}\n{(clone / f'.err.{n}').read_text()}"
        if command.startswith("casecoder run "):
            segments = json.loads((clone / f".out.{n}").read_text())
            assert segments, f"README example {n + 1} returned no segments:\n{command}"
        if command.startswith("casecoder autocode ") and "--json" in command:
            assert json.loads((clone / f".out.{n}").read_text())["passages"], f"README example {n + 1} coded nothing"
        if command.startswith("casecoder crosstab ") and "--json" in command:
            assert any(r["segments"] for r in json.loads((clone / f".out.{n}").read_text())), command
    assert done.returncode == 0, done.stderr
