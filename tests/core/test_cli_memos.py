"""The memo commands of `casecoder`, in the forms the issue's contract names."""

from __future__ import annotations

import shutil

import pytest

from .test_cli import run


@pytest.fixture
def demo_path(demo_study_file, tmp_path):
    path = tmp_path / "demo.casecoder"
    shutil.copy(demo_study_file[0], path)
    return path


def test_memo_cycle_from_the_command_line(demo_path, tmp_path, capsys):
    draft = tmp_path / "alder.md"
    draft.write_text("# 1 Context\n\nA growing neighbourhood.\n\n# Loose ends\n\nAsk about the budget.\n",
                     encoding="utf-8")
    code, out, err = run(capsys, "memo", "write", demo_path, "--site", "Bayview Middle School",
                         "--author", "okafor", "--file", draft)
    assert code == 0, err
    memo_id = out.strip()
    assert len(memo_id) == 36  # prints only the UUID
    assert run(capsys, "memo", "write", demo_path, "--site", "Bayview Middle School", "--author", "okafor",
               "--file", draft)[1].strip() == memo_id  # same memo, identical text: no new version

    code, rows, _ = run(capsys, "memo", "list", demo_path, "--json")
    assert [r for r in rows if r["id"] == memo_id] == [{
        "id": memo_id, "kind": "site", "subject": "Bayview Middle School", "title": "Bayview Middle School case memo",
        "status": "drafting", "drafter": "okafor", "reviewers": ["J. Lindqvist"]}]  # the partner, by default

    code, segs, _ = run(capsys, "run", demo_path, "--code", "Leadership configuration/Coaching", "--site",
                        "Bayview Middle School", "--json")
    segment = segs[0]
    code, evidence_id, err = run(capsys, "memo", "quote", demo_path, memo_id, "--segment", segment["id"],
                                 "--section", "3.2 Teacher leaders and coaches")
    assert code == 0, err
    assert run(capsys, "memo", "reviewers", demo_path, "Bayview Middle School", "--drafter", "okafor",
               "--reviewer", "lindqvist")[0] == 0
    assert run(capsys, "memo", "status", demo_path, memo_id, "--set", "in-review", "--by", "okafor")[0] == 0
    code, _, err = run(capsys, "memo", "status", demo_path, memo_id, "--set", "drafting", "--by", "okafor")
    assert code == 1 and "can move to" in err

    code, memo, _ = run(capsys, "memo", "show", demo_path, memo_id, "--json")
    start = memo["text"].index("A growing neighbourhood")
    code, comment_id, err = run(capsys, "memo", "comment", demo_path, memo_id, "--author", "lindqvist",
                                "--kind", "correction", "--start", start, "--end", start + 9,
                                "--text", "It is shrinking, per the district data.")
    assert code == 0, err
    comment_id = comment_id.strip()
    code, reply_id, _ = run(capsys, "memo", "reply", demo_path, comment_id, "--author", "okafor", "--text", "Fixed.")
    assert run(capsys, "memo", "resolve", demo_path, comment_id, "--by", "okafor")[0] == 0

    code, memo, _ = run(capsys, "memo", "show", demo_path, memo_id, "--json")
    assert set(memo) >= {"id", "kind", "subject", "status", "drafter", "reviewers", "sections", "text", "versions",
                         "heads", "evidence", "comments"}
    assert memo["status"] == "in-review" and memo["reviewers"] == ["lindqvist"]
    assert [s["name"] for s in memo["sections"]][-1] == "Unsorted" and "## Loose ends" in memo["text"]
    assert len(memo["versions"]) == 2 and memo["heads"] == [memo["versions"][-1]["id"]]
    assert memo["versions"][1]["parent"] == memo["versions"][0]["id"]
    assert memo["evidence"][0]["id"] == evidence_id.strip() and memo["evidence"][0]["coding"] == segment["id"]
    assert segment["text"].split("\n")[0][:30] in memo["text"]
    assert [(c["kind"], c["state"]) for c in memo["comments"]] == [("correction", "resolved"), ("reply", "open")]

    first = memo["versions"][0]["id"]
    assert run(capsys, "memo", "restore", demo_path, memo_id, "--version", first, "--by", "okafor")[0] == 0
    code, memo, _ = run(capsys, "memo", "show", demo_path, memo_id, "--json")
    assert memo["text"] == memo["versions"][0]["text"] and len(memo["versions"]) == 3

    code, report, _ = run(capsys, "memo", "completeness", demo_path, memo_id)
    assert "uncited_sources" in report and report["sections"][0]["section"] == "1 Context"


def test_memo_errors_name_the_problem(demo_path, tmp_path, capsys):
    missing = tmp_path / "nope.md"
    code, _, err = run(capsys, "memo", "write", demo_path, "--title", "X", "--author", "a", "--file", missing)
    assert code == 1 and "nope.md" in err
    code, _, err = run(capsys, "memo", "show", demo_path, "no such memo")
    assert code == 2 and "no memo" in err
    latin = tmp_path / "latin1.md"
    latin.write_bytes("Caf\xe9 notes".encode("latin-1"))
    code, _, err = run(capsys, "memo", "write", demo_path, "--title", "X", "--author", "a", "--file", latin)
    assert code == 1 and "latin1.md" in err


def test_review_send_and_open_from_the_command_line(demo_study_file, tmp_path, capsys):
    a, b = tmp_path / "a.casecoder", tmp_path / "b.casecoder"
    shutil.copy(demo_study_file[0], a)
    shutil.copy(demo_study_file[0], b)
    draft = tmp_path / "m.md"
    draft.write_text("Observations across the district.\n", encoding="utf-8")
    memo_id = run(capsys, "memo", "write", a, "--district", "Harbor Valley", "--author", "okafor",
                  "--file", draft)[1].strip()
    package = tmp_path / "hv.ccreview"
    code, out, err = run(capsys, "review", "send", a, memo_id, package)
    assert code == 0 and package.exists(), err
    code, report, err = run(capsys, "review", "open", b, package, "--json")
    assert code == 0, err
    assert report["created"] and report["memo"] == memo_id and not report["diverged"]
    code, _, err = run(capsys, "review", "open", b, tmp_path / "m.md", "--json")
    assert code == 1 and "m.md" in err


def test_cross_site_outline_from_the_command_line(demo_path, capsys):
    code, claim_id, err = run(capsys, "outline", "add", demo_path, "Coaching/Trust",
                              "--claim", "Coaching is kept apart from evaluation")
    assert code == 0, err
    claim_id = claim_id.strip()
    code, segs, _ = run(capsys, "run", demo_path, "--code", "Leadership configuration/Coaching", "--site",
                        "Alder Street Elementary", "--json")
    assert run(capsys, "outline", "cite", demo_path, claim_id, "--segment", segs[0]["id"])[0] == 0
    assert run(capsys, "outline", "stance", demo_path, "Coaching is kept apart from evaluation",
               "--site", "Elm Creek Elementary", "--set", "contradicts")[0] == 0
    assert run(capsys, "outline", "assign", demo_path, "Coaching", "--owner", "okafor",
               "--status", "drafting")[0] == 0
    code, data, _ = run(capsys, "outline", "show", demo_path, "--json")
    claim = next(i for i in data["items"] if i["id"] == claim_id)
    assert claim["stances"]["Elm Creek Elementary"] == "contradicts"
    assert claim["stances"]["Alder Street Elementary"] == "supports"
    assert claim["checks"]["disconfirming"] and not claim["checks"]["triangulated"]
    assert claim["evidence"][0]["citation"].startswith("Alder Street Elementary")
    assert "Bayview Middle School" in data["uncited_sites"]
    assert next(i for i in data["items"] if i["path"] == "Coaching")["owner"] == "okafor"
    code, sections, _ = run(capsys, "sections", demo_path, "--json")  # the case outline's own command
    assert code == 0 and sections[0]["path"] == "1 Context"


def test_outline_stances_from_the_command_line_say_where_each_comes_from(demo_path, tmp_path, capsys):
    from docx import Document

    from coder.store.settings import coder_name

    claim = "Principals keep coaching apart from teacher evaluation"  # the demo cites both sides at two sites
    code, data, err = run(capsys, "outline", "stance", demo_path, claim, "--json")
    assert code == 0, err
    alder = next(s for s in data["stances"] if s["site"] == "Alder Street Elementary")
    assert alder == {"site": "Alder Street Elementary", "stance": "mixed", "source": "evidence", "set_by": None,
                     "from_evidence": "mixed", "evidence": {"supports": 1, "contradicts": 1}}
    assert (data["checks"]["mixed_sites"], data["checks"]["supporting_sites"]) == (2, 0)
    code, data, err = run(capsys, "outline", "stance", demo_path, claim, "--site", "Alder Street Elementary",
                          "--set", "supports", "--json")
    assert code == 0, err
    alder = next(s for s in data["stances"] if s["site"] == "Alder Street Elementary")
    assert (alder["stance"], alder["source"], alder["set_by"], alder["from_evidence"]) == (
        "supports", "analyst", coder_name(), "mixed")
    code, shown, _ = run(capsys, "outline", "show", demo_path, "--json")
    item = next(i for i in shown["items"] if i["name"] == claim)
    assert item["stances"]["Alder Street Elementary"] == "supports"
    assert item["stances"]["Elm Creek Elementary"] == "mixed"
    assert item["site_stances"] == data["stances"] and item["checks"] == data["checks"]
    assert (item["checks"]["supporting_sites"], item["checks"]["mixed_sites"]) == (1, 1)
    out = tmp_path / "outline.docx"
    assert run(capsys, "outline", "export", demo_path, out)[0] == 0
    texts = [p.text for p in Document(str(out)).paragraphs]
    at = texts.index(claim)
    assert texts[at + 1].startswith("1 site(s) support, 1 mixed, 0 contradict (disconfirming evidence)")
    assert texts[at + 2].startswith("Sites — supports: Alder Street Elementary*; mixed: Elm Creek Elementary")
    code, text_out, _ = run(capsys, "outline", "stance", demo_path, claim)
    assert f"Alder Street Elementary: supports (set by {coder_name()}; the evidence says mixed: 1 supporting" \
        in text_out
    assert "Elm Creek Elementary: mixed (from the evidence: 1 supporting, 1 contradicting)" in text_out
    code, data, err = run(capsys, "outline", "stance", demo_path, claim, "--site", "Alder Street Elementary",
                          "--clear", "--json")
    assert code == 0 and next(s for s in data["stances"] if s["site"] == "Alder Street Elementary")["source"] == \
        "evidence"
    code, _, err = run(capsys, "outline", "stance", demo_path, claim, "--set", "mixed")
    assert code == 2 and "--site" in err


def test_matrix_from_the_command_line_equals_the_run(demo_path, tmp_path, capsys):
    import csv

    from coder.coding.runs import count_passages

    out = tmp_path / "m.csv"
    code, _, err = run(capsys, "matrix", demo_path, "--rows", "sites", "--cols", "codes", "--item",
                       "Leadership configuration", "--descendants", "--wave", 1, "--table", "Leadership w1",
                       "--csv", out)
    assert code == 0, err
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == ["district", "site", "Leadership configuration"]
    alder = next(r for r in rows if r[1] == "Alder Street Elementary")
    code, segs, _ = run(capsys, "run", demo_path, "--code", "Leadership configuration", "--descendants",
                        "--site", "Alder Street Elementary", "--wave", 1, "--json")
    both = count_passages(((s["source"], s["code"]), s["start"], s["end"]) for s in segs)
    assert int(alder[2]) == both < len(segs)  # a passage both demo coders coded counts once
    code, saved, _ = run(capsys, "matrix", demo_path, "--table", "Leadership w1", "--json")
    assert code == 0 and saved["rows"][0]["cells"][0]["segments"] == int(rows[1][2])
    code, text, _ = run(capsys, "run", demo_path, "--code", "Leadership configuration", "--descendants",
                        "--site", "Alder Street Elementary", "--wave", 1)
    assert text.rstrip().endswith(f"{len(segs)} segments, {both} passages")
    code, mine, err = run(capsys, "matrix", demo_path, "--cols", "codes", "--item", "Leadership configuration",
                          "--descendants", "--wave", 1, "--coder", "okafor", "--json")
    assert code == 0 and mine["counting"] == "coded passages by okafor only", err
    code, segs, _ = run(capsys, "run", demo_path, "--code", "Leadership configuration", "--descendants",
                        "--site", "Alder Street Elementary", "--wave", 1, "--coder", "okafor", "--json")
    cell = next(r for r in mine["rows"] if r["site"] == "Alder Street Elementary")["cells"][0]
    assert cell["segments"] == count_passages(((s["source"], s["code"]), s["start"], s["end"]) for s in segs)
    assert run(capsys, "matrix", demo_path, "--cols", "sections", "--xlsx", tmp_path / "m.xlsx")[0] == 0
    assert run(capsys, "matrix", demo_path, "--cols", "themes", "--docx", tmp_path / "m.docx")[0] == 0


def test_run_and_search_to_word_and_xlsx(demo_path, tmp_path, capsys):
    docx, xlsx = tmp_path / "run.docx", tmp_path / "run.xlsx"
    code, _, err = run(capsys, "run", demo_path, "--code", "Challenges", "--descendants", "--docx", docx,
                       "--xlsx", xlsx)
    assert code == 0 and docx.exists() and xlsx.exists(), err
    code, _, err = run(capsys, "search", demo_path, "coaching cycle", "--mode", "lemma", "--docx",
                       tmp_path / "search.docx")
    assert code == 0 and (tmp_path / "search.docx").exists(), err


def test_reshaping_the_outline_and_writing_cells_from_the_command_line(demo_path, tmp_path, capsys):
    code, claim_id, err = run(capsys, "outline", "add", demo_path, "Coaching/Trust", "--claim", "Coaching is kind")
    assert code == 0, err
    assert run(capsys, "outline", "rename", demo_path, "Coaching is kind", "Coaching is non-evaluative")[0] == 0
    assert run(capsys, "outline", "add", demo_path, "Time")[0] == 0
    assert run(capsys, "outline", "move", demo_path, "Coaching/Trust", "--under", "Time")[0] == 0
    code, code_id, err = run(capsys, "outline", "code", demo_path, "Time", "Cross-site/Trust")
    assert code == 0, err
    code, segs, _ = run(capsys, "run", demo_path, "--code", "Leadership configuration/Coaching", "--site",
                        "Alder Street Elementary", "--json")
    run(capsys, "outline", "cite", demo_path, "Coaching is non-evaluative", "--segment", segs[0]["id"])
    code, data, _ = run(capsys, "outline", "show", demo_path, "--json")
    claim = next(i for i in data["items"] if i["name"] == "Coaching is non-evaluative")
    assert claim["path"] == "Time/Trust/Coaching is non-evaluative"
    assert next(i for i in data["items"] if i["path"] == "Time")["codes"] == ["Cross-site/Trust"]
    assert run(capsys, "outline", "uncite", demo_path, claim["evidence"][0]["id"])[0] == 0
    assert run(capsys, "outline", "delete", demo_path, "Time")[0] == 0
    code, data, _ = run(capsys, "outline", "show", demo_path, "--json")
    assert not [i for i in data["items"] if i["path"].startswith("Time")]
    # a saved table's cells
    section = "3.2 Teacher leaders and coaches"
    assert run(capsys, "matrix", demo_path, "--cols", "sections", "--item", section, "--table", "Lead",
               "--json")[0] == 0
    code, cell, err = run(capsys, "cell", demo_path, "--table", "Lead", "--site", "Alder Street Elementary",
                          "--col", section, "--from-memo")
    assert code == 0 and cell["summary"], err
    code, cell, err = run(capsys, "cell", demo_path, "--table", "Lead", "--site", "Alder Street Elementary",
                          "--col", section, "--pin", segs[0]["id"])
    assert code == 0 and cell["quotes"][0]["citation"].startswith("Alder Street Elementary"), err
    out = tmp_path / "text.csv"
    assert run(capsys, "matrix", demo_path, "--table", "Lead", "--view", "text", "--csv", out)[0] == 0
    assert cell["quotes"][0]["citation"] in out.read_text(encoding="utf-8")
    code, _, err = run(capsys, "cell", demo_path, "--table", "Nope", "--site", "Alder Street Elementary",
                       "--col", section, "--summary", "x")
    assert code != 0 and "Nope" in err


def test_triangulation_thresholds_from_the_command_line(demo_path, capsys):
    code, data, err = run(capsys, "outline", "thresholds", demo_path, "--roles", 3)
    assert code == 0 and data == {"triangulation_types": 2, "triangulation_roles": 3}, err
    code, data, _ = run(capsys, "outline", "show", demo_path, "--json")
    assert data["thresholds"]["triangulation_roles"] == 3
