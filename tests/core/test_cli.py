"""The `casecoder` command line, in the forms scripts depend on."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from coder.cli import main
from tests.conftest import CORPUS, ROOT


def run(capsys, *argv) -> tuple[int, object, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    try:
        data = json.loads(out) if out.strip() else None
    except json.JSONDecodeError:
        data = out
    return code, data, err


@pytest.fixture
def cli_study(tmp_path, capsys):
    path = tmp_path / "cli.casecoder"
    assert run(capsys, "new", path)[0] == 0
    assert run(capsys, "codebook", "load", path, ROOT / "resources" / "starter_codebook.toml")[0] == 0
    code, data, err = run(capsys, "import", path, "--metadata", CORPUS / "metadata.csv", "--json")
    assert code == 0, err
    assert len(data["imported"]) == 25
    return path


def test_sources_and_show(cli_study, capsys):
    code, rows, _ = run(capsys, "sources", cli_study, "--json")
    assert code == 0 and len(rows) == 25
    assert set(rows[0]) >= {"id", "name", "district", "site", "type", "role", "wave", "chars", "turns", "speakers"}
    assert [r["name"] for r in rows] == [r["name"] for r in sorted(
        rows, key=lambda r: (r["district"] or "\uffff", r["site"] or "", r["name"].lower()))]
    vtt = next(r for r in rows if r["name"] == "alder_teacher_w2")
    code, shown, _ = run(capsys, "show", cli_study, vtt["id"], "--json")
    assert code == 0 and shown["id"] == vtt["id"]
    assert len(shown["text"]) == vtt["chars"]
    assert shown["turns"][0]["time"] is not None and shown["turns"][0]["speaker"]
    assert shown["sentences"] and set(shown["sentences"][0]) == {"start", "end"}
    code, by_name, _ = run(capsys, "show", cli_study, "alder_teacher_w2", "--json")
    assert by_name["id"] == vtt["id"]


def test_unknown_arguments_exit_2(cli_study, capsys):
    assert run(capsys, "show", cli_study, "no such source", "--json")[0] == 2
    assert run(capsys, "run", cli_study, "--code", "Nope", "--json")[0] == 2
    code, _, err = run(capsys, "run", cli_study, "--code", "Coaching", "--site", "Atlantis", "--json")
    assert code == 2 and "Atlantis" in err
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2


def test_code_commands_apply_run_and_search(cli_study, capsys):
    s = cli_study
    assert run(capsys, "code", "add", s, "Emergent/Late start Wednesdays")[0] == 0
    code, data, err = run(capsys, "code", "add", s, "Emergent/Late-start wednesday")
    assert code == 0 and "close to" in err
    assert run(capsys, "code", "rename", s, "Emergent/Late-start wednesday", "Wednesday time")[0] == 0
    assert run(capsys, "code", "move", s, "Emergent/Wednesday time", "Supports")[0] == 0
    assert run(capsys, "code", "merge", s, "Supports/Wednesday time", "Supports/Time and scheduling")[0] == 0
    _, shown, _ = run(capsys, "show", s, "alder_coach_w1", "--json")
    start = shown["text"].index("coaching")
    code, applied, _ = run(capsys, "apply", s, "--source", "alder_coach_w1", "--code",
                           "Leadership configuration/Coaching", "--start", start, "--end", start + 8,
                           "--coder", "zoe", "--json")
    assert code == 0 and applied["created"]
    code, again, err = run(capsys, "apply", s, "--source", "alder_coach_w1", "--code",
                           "Leadership configuration/Coaching", "--start", start, "--end", start + 8,
                           "--coder", "zoe", "--json")
    assert again["id"] == applied["id"] and not again["created"] and "already" in err
    code, segs, _ = run(capsys, "run", s, "--code", "Leadership configuration", "--descendants", "--coder", "zoe",
                        "--json")
    assert [seg["text"] for seg in segs] == ["coaching"]
    seg = segs[0]
    assert set(seg) >= {"id", "source", "source_name", "district", "site", "speaker", "role", "wave", "start",
                        "end", "text", "code", "coder", "context"}
    assert seg["id"] == applied["id"] and seg["wave"] == 1 and seg["code"] == "Leadership configuration/Coaching"
    assert seg["context"]["start"] <= seg["start"] and "coaching" in seg["context"]["text"]
    code, codes, _ = run(capsys, "codes", s, "--json")
    lead = next(c for c in codes if c["path"] == "Leadership configuration")
    assert lead["count"] == 0 and lead["count_all"] == 1
    assert any(c["path"] == "Leadership configuration/Coaching" and c["count"] == 1 for c in lead["children"])
    assert lead["section"] == "3 Leadership configuration"
    code, hits, _ = run(capsys, "search", s, "Reading Ridge", "--mode", "exact", "--json")
    assert hits and all(h["text"] == "Reading Ridge" and h["code"] is None for h in hits)
    for mode, query in (("lemma", "coaching cycles"), ("fuzzy", "Readng Ridge"), ("regex", r"\bPLCs?\b")):
        code, found, _ = run(capsys, "search", s, query, "--mode", mode, "--json")
        assert code == 0 and found, mode
    assert run(capsys, "uncode", s, applied["id"])[0] == 0
    assert run(capsys, "code", "delete", s, "Emergent")[0] == 0


def test_run_and_filters_csv_and_saved(cli_study, capsys):
    s = cli_study
    _, shown, _ = run(capsys, "show", s, "bayview_teacher_w1", "--json")
    text = shown["text"]
    for code_path, phrase in (("Supports/Professional learning communities", "PLC"),
                              ("Challenges/Resistance", "PLC")):
        start = text.index(phrase)
        run(capsys, "apply", s, "--source", "bayview_teacher_w1", "--code", code_path, "--start", start,
            "--end", start + len(phrase), "--coder", "ana")
    code, segs, _ = run(capsys, "run", s, "--code", "Supports/Professional learning communities", "--code",
                        "Challenges/Resistance", "--op", "and", "--site", "Bayview Middle School", "--role",
                        "teacher", "--wave", "1", "--type", "interview", "--save", "PLC resistance", "--json")
    assert code == 0 and len(segs) == 1
    code, segs, _ = run(capsys, "run", s, "--code", "Supports/Professional learning communities",
                        "--not", "Challenges/Resistance", "--json")
    assert segs == []
    code, out, _ = run(capsys, "run", s, "--code", "Challenges", "--descendants", "--csv")
    assert out.splitlines()[0].startswith("source,district,site")
    code, saved, _ = run(capsys, "saved", s, "--json")
    assert [q["name"] for q in saved] == ["PLC resistance"]
    code, again, _ = run(capsys, "rerun", s, "PLC resistance", "--json")
    assert len(again) == 1


def test_source_edit_reports_reanchoring(cli_study, capsys, tmp_path):
    s = cli_study
    _, shown, _ = run(capsys, "show", s, "bayview_teacher_w1", "--json")
    text = shown["text"]
    start = text.index("Interviewer:", 10) + len("Interviewer: ")
    sentence_end = text.index(".", start) + 1
    run(capsys, "apply", s, "--source", "bayview_teacher_w1", "--code", "Context", "--start", start,
        "--end", sentence_end, "--coder", "ana")
    quote = text[start:sentence_end]
    new = tmp_path / "corrected.txt"
    new.write_text("Transcriber's note: corrected 2026-01-05.\n\n" + text, encoding="utf-8")
    code, report, _ = run(capsys, "source", "edit", s, "bayview_teacher_w1", "--file", new, "--json")
    assert code == 0 and len(report["moved"]) == 1 and not report["detached"]
    new.write_text(text.replace(quote, ""), encoding="utf-8")
    code, report, _ = run(capsys, "source", "edit", s, "bayview_teacher_w1", "--file", new, "--json")
    assert [d["text"] for d in report["detached"]] == [quote]


def test_import_failures_exit_nonzero_after_importing_the_rest(tmp_path, capsys):
    path = tmp_path / "s.casecoder"
    run(capsys, "new", path)
    good = tmp_path / "good.txt"
    good.write_text("Interviewer: a\n\nR: b")
    bad = tmp_path / "bad.docx"
    bad.write_text("not really word")
    code, data, err = run(capsys, "import", path, good, bad, "--district", "D", "--site", "S", "--role",
                          "teacher", "--wave", "2", "--json")
    assert code == 1 and "bad.docx" in err and "not a Word" in err
    assert len(data["imported"]) == 1
    _, rows, _ = run(capsys, "sources", path, "--json")
    assert [(r["name"], r["district"], r["site"], r["role"], r["wave"]) for r in rows] == [
        ("good", "D", "S", "teacher", 2)]


def test_not_a_study(tmp_path, capsys):
    junk = tmp_path / "junk.casecoder"
    junk.write_text("hello")
    code, _, err = run(capsys, "sources", junk, "--json")
    assert code == 1 and "not a CaseCoder study" in err and "junk.casecoder" in err


def test_attributes_speakers_history_cases(cli_study, capsys):
    s = cli_study
    assert run(capsys, "attr", s, "--case", "Alder Street Elementary", "enrolment", "540", "--type", "number")[0] == 0
    code, _, err = run(capsys, "attr", s, "--case", "Alder Street Elementary", "enrolment", "many")
    assert code == 1 and "not a number" in err
    code, cases, _ = run(capsys, "cases", s, "--json")
    alder = next(c for c in cases if c["name"] == "Alder Street Elementary")
    assert alder["attributes"] == {"enrolment": "540"}
    code, _, _ = run(capsys, "run", s, "--code", "Context", "--attr", "enrolment=540", "--json")
    assert code == 0
    code, speakers, _ = run(capsys, "speakers", s, "--rename", "Teacher", "Classroom teacher", "--json")
    assert any(sp["name"] == "Classroom teacher" for sp in speakers)
    code, log, _ = run(capsys, "history", s, "--json")
    assert log[0]["op"] == "rename_speaker"


def test_console_script_runs_as_a_program(tmp_path):
    exe = shutil.which("casecoder") or str(ROOT / ".venv" / "bin" / "casecoder")
    cmd = [exe] if shutil.which("casecoder") or (ROOT / ".venv" / "bin" / "casecoder").exists() else [
        sys.executable, "-m", "coder.cli"]
    path = tmp_path / "p.casecoder"
    assert subprocess.run(cmd + ["new", str(path)], capture_output=True).returncode == 0
    result = subprocess.run(cmd + ["sources", str(path), "--json"], capture_output=True, text=True)
    assert result.returncode == 0 and json.loads(result.stdout) == []
