"""What every command prints: help text, JSON with --json, a word when there is nothing to list,
and the report of a memo file's headings."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coder.cli import build_parser
from tests.conftest import CORPUS, ROOT

from .test_cli import run


def leaf_commands() -> list[tuple[str, argparse.ArgumentParser]]:
    found = []

    def walk(parser, prefix):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                helps = {choice.dest: choice.help for choice in action._choices_actions}
                for name, sub in action.choices.items():
                    assert helps.get(name), f"casecoder {' '.join(prefix + [name])} has no help text"
                    walk(sub, prefix + [name])
                return
        found.append((" ".join(prefix), parser))

    walk(build_parser(), [])
    return found


def test_every_command_has_help_and_json():
    commands = leaf_commands()
    assert len(commands) > 80
    for name, parser in commands:
        assert any("--json" in a.option_strings for a in parser._actions), f"casecoder {name} has no --json"


@pytest.fixture
def demo_path(demo_study_file, tmp_path):
    path = tmp_path / "demo.casecoder"
    shutil.copy(demo_study_file[0], path)
    return path


def test_commands_that_printed_text_print_json(tmp_path, capsys):
    study = tmp_path / "s.casecoder"
    code, data, err = run(capsys, "new", study, "--json")
    assert code == 0 and data["study"] == str(study) and data["created"] and len(data["study_id"]) == 36
    code, data, _ = run(capsys, "codebook", "load", study, ROOT / "resources" / "starter_codebook.toml", "--json")
    assert code == 0 and data["codes_created"] == 31 and data["sections"] == 17 and data["changed"]
    code, data, _ = run(capsys, "import", study, CORPUS / "sources" / "alder_principal_w1.docx", "--site",
                        "Alder", "--json")
    assert code == 0 and [Path(i["file"]).name for i in data["imported"]] == ["alder_principal_w1.docx"]
    code, data, _ = run(capsys, "copy", study, tmp_path / "copy.casecoder", "--json")
    assert code == 0 and data["copy"] == str(tmp_path / "copy.casecoder")
    code, data, _ = run(capsys, "demo", tmp_path / "demo.casecoder", "--json")
    assert code == 0 and data["sources"] == 25
    code, data, _ = run(capsys, "code", "add", study, "Emergent/Late start", "--json")
    assert code == 0 and data["path"] == "Emergent/Late start" and data["action"] and data["warnings"] == []
    code, data, _ = run(capsys, "code", "rename", study, "Emergent/Late start", "Late starts", "--json")
    assert data["path"] == "Emergent/Late starts" and data["was"] == "Emergent/Late start"
    code, data, _ = run(capsys, "whoami", "--json")
    assert set(data) == {"coder"}
    code, data, _ = run(capsys, "backup", study, "--list", "--json")
    assert data == []


LISTINGS = [("sources",), ("cases",), ("codes",), ("sections",), ("codings", "--detached"), ("speakers",),
            ("saved",), ("memo", "list"), ("outline", "show"), ("sets",), ("sync", "conflicts"), ("pseudonyms",),
            ("history",)]


@pytest.mark.parametrize("argv", LISTINGS, ids=" ".join)
def test_an_empty_listing_says_so(tmp_path, capsys, argv):
    study = tmp_path / "empty.casecoder"
    run(capsys, "new", study)
    where = 2 if argv[0] in ("memo", "outline", "sync") else 1
    code, out, err = run(capsys, *argv[:where], study, *argv[where:])
    assert code == 0, err
    assert isinstance(out, str) and out.strip().startswith("no "), out
    code, data, _ = run(capsys, *argv[:where], study, *argv[where:], "--json")
    assert data in ([], {"pseudonyms": []}) or data["items"] == []


def test_backup_list_without_backups_says_so(tmp_path, capsys):
    study = tmp_path / "empty.casecoder"
    run(capsys, "new", study)
    code, out, _ = run(capsys, "backup", study, "--list")
    assert code == 0 and out.startswith("no backups of")


def test_memo_file_headings_are_matched_or_reported(demo_path, tmp_path, capsys):
    memo = tmp_path / "alder.md"
    memo.write_text("## 3.2 Teacher leaders and coaches\n\nThe coach runs cycles.\n\n## Coaching time\n\nShort.\n\n"
                    "# 9 Later\n\nNot yet.\n", encoding="utf-8")
    code, out, err = run(capsys, "memo", "write", demo_path, "--site", "Elm Creek Elementary", "--author", "ana",
                         "--file", memo)
    assert code == 0 and len(out.strip()) == 36
    assert f"{memo} line 5: '## Coaching time': no outline section is named 'Coaching time'" in err
    assert "kept as a sub-heading inside '3.2 Teacher leaders and coaches'" in err
    assert f"{memo} line 9: '# 9 Later': the outline has no section numbered 9" in err
    assert "line 1" not in err  # the matched heading is not reported as a problem
    memo.write_text("# 3.2 Teacher leaders and coaches\n\nThe coach runs cycles twice a term.\n", encoding="utf-8")
    code, data, _ = run(capsys, "memo", "write", demo_path, "--site", "Elm Creek Elementary", "--author", "ana",
                        "--file", memo, "--json")
    assert data["headings"] == [{"heading": "# 3.2 Teacher leaders and coaches", "line": 1,
                                 "section": "3.2 Teacher leaders and coaches", "how": "name", "note": ""}]
    assert "3.2 Teacher leaders and coaches" in data["sections"] and data["changed"]


def test_python_dash_m_runs_the_command_line(tmp_path):
    path = tmp_path / "m.casecoder"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    made = subprocess.run([sys.executable, "-m", "coder.cli", "new", str(path), "--json"], capture_output=True,
                          text=True, env=env, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["study"] == str(path)
    listed = subprocess.run([sys.executable, "-m", "coder.cli", "sources", str(path)], capture_output=True,
                            text=True, env=env, cwd=tmp_path)
    assert listed.returncode == 0 and listed.stdout.startswith("no sources yet")


def test_a_run_written_to_files_says_where_and_how_much(demo_path, tmp_path, capsys):
    """`run --docx/--xlsx` used to print nothing at all: the user could not tell it had worked."""
    from coder.cli import main

    assert main(["run", str(demo_path), "--code", "Learning agenda/Data use", "--docx", str(tmp_path / "r.docx"),
                 "--xlsx", str(tmp_path / "r.xlsx")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"wrote {tmp_path / 'r.docx'}: 39 segments", f"wrote {tmp_path / 'r.xlsx'}: 39 segments"]
