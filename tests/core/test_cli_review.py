"""A review round trip on the command line where both partners edit the memo: send (the memo
moves to in review), open, edit on both sides, open the reply (diverged), list the changes,
reconcile by choice; corroborate a section; quote where one points."""

from __future__ import annotations

import shutil

import pytest

from .test_cli import run


@pytest.fixture
def copies(demo_study_file, tmp_path):
    paths = []
    for name in ("drafter", "reviewer"):
        path = tmp_path / f"{name}.casecoder"
        shutil.copy(demo_study_file[0], path)
        paths.append(path)
    return paths


def write(capsys, study, tmp_path, text: str, author: str) -> str:
    draft = tmp_path / f"{author}.md"
    draft.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "memo", "write", study, "--site", "Bayview Middle School", "--author", author,
                         "--file", draft)
    assert code == 0, err
    return out.strip()


def text_of(capsys, study, memo) -> str:
    return run(capsys, "memo", "show", study, memo, "--json")[1]["text"]


def test_round_trip_where_both_edit_then_reconcile_change_by_change(copies, tmp_path, capsys):
    mine, theirs = copies
    memo = write(capsys, mine, tmp_path, "# 1 Context\n\nThe coach runs calibration cycles with six teachers.\n\n"
                                         "# 2 Learning agenda\n\nStudent talk.\n", "okafor")
    run(capsys, "memo", "reviewers", mine, memo, "--drafter", "okafor", "--reviewer", "lindqvist")
    code, sent, err = run(capsys, "review", "send", mine, memo, tmp_path / "out.ccreview", "--by", "okafor",
                          "--json")
    assert code == 0, err
    assert sent["status"] == "in-review" and sent["status_changed"] and sent["package"].endswith("out.ccreview")
    assert run(capsys, "review", "open", theirs, tmp_path / "out.ccreview", "--json")[1]["status"] == "in-review"

    text = text_of(capsys, theirs, memo)
    write(capsys, theirs, tmp_path, text.replace("calibration cycles with six", "calibrated cycles with eight"),
          "lindqvist")
    code, _, err = run(capsys, "review", "send", theirs, memo, tmp_path / "back.ccreview", "--by", "lindqvist")
    assert code == 0 and "now in review" not in err  # a reviewer sending back leaves the status
    write(capsys, mine, tmp_path, text.replace("Student talk.", "Student talk, and writing."), "okafor")
    code, opened, err = run(capsys, "review", "open", mine, tmp_path / "back.ccreview", "--json")
    assert opened["diverged"], err

    code, listing, err = run(capsys, "memo", "reconcile", mine, memo, "--list", "--json", "--by", "okafor")
    assert code == 0, err
    assert listing["diverged"] and (listing["original"]["author"], listing["revised"]["author"]) == \
        ("okafor", "lindqvist")
    assert [(c["number"], c["kind"], c["original"], c["revised"], c["author"], c["section"])
            for c in listing["changes"]] == [
        (1, "replacement", "calibration", "calibrated", "lindqvist", "1 Context"),
        (2, "replacement", "six", "eight", "lindqvist", "1 Context"),
        (3, "deletion", ", and writing", "", "okafor", "2 Learning agenda")]
    code, out, err = run(capsys, "memo", "reconcile", mine, memo, "--by", "okafor")  # no choice: a listing
    assert code == 0 and "«six» → «eight»" in out and "nothing reconciled" in err
    assert len(run(capsys, "memo", "show", mine, memo, "--json")[1]["heads"]) == 2

    code, _, err = run(capsys, "memo", "reconcile", mine, memo, "--accept", "2,7", "--by", "okafor")
    assert code == 1 and "no change 7" in err
    code, _, err = run(capsys, "memo", "reconcile", mine, memo, "--accept", "2", "--reject", "2")
    assert code == 1 and "both accepted and rejected" in err

    code, done, err = run(capsys, "memo", "reconcile", mine, memo, "--combine", "--reject", "1", "--by", "okafor",
                          "--json")
    assert code == 0, err
    assert (done["accepted"], done["rejected"]) == ([2], [1, 3])
    shown = run(capsys, "memo", "show", mine, memo, "--json")[1]
    assert shown["heads"] == [done["version"]]
    assert "The coach runs calibration cycles with eight teachers." in shown["text"]
    assert "Student talk, and writing." in shown["text"]
    code, listing, err = run(capsys, "memo", "reconcile", mine, memo, "--list", "--json")
    assert code == 0 and listing["diverged"] is False and listing["changes"] == [] and "not diverged" in err
    code, _, err = run(capsys, "memo", "reconcile", mine, memo, "--accept-all")
    assert code == 1 and "has not diverged" in err


def test_accept_all_takes_the_partner_s_version_and_reject_all_one_s_own(copies, tmp_path, capsys):
    mine, theirs = copies
    memo = write(capsys, mine, tmp_path, "# 1 Context\n\nOne.\n", "okafor")
    run(capsys, "review", "send", mine, memo, tmp_path / "p.ccreview")
    run(capsys, "review", "open", theirs, tmp_path / "p.ccreview")
    base = text_of(capsys, theirs, memo)
    write(capsys, theirs, tmp_path, base.replace("One.", "One, two."), "lindqvist")
    write(capsys, mine, tmp_path, base.replace("One.", "One!"), "okafor")
    run(capsys, "review", "send", theirs, memo, tmp_path / "b.ccreview")
    run(capsys, "review", "open", mine, tmp_path / "b.ccreview")
    shutil.copy(mine, tmp_path / "again.casecoder")
    assert run(capsys, "memo", "reconcile", mine, memo, "--accept-all", "--by", "okafor")[0] == 0
    assert "One, two." in text_of(capsys, mine, memo)
    assert run(capsys, "memo", "reconcile", tmp_path / "again.casecoder", memo, "--reject-all", "--by", "okafor",
               "--json")[0] == 0
    assert "One!" in text_of(capsys, tmp_path / "again.casecoder", memo)


def test_corroborate_a_section_and_take_the_mark_away(copies, capsys):
    study = copies[0]
    code, out, err = run(capsys, "memo", "corroborate", study, "Alder Street Elementary", "--section", "1 context",
                         "--by", "lindqvist", "--json")
    assert code == 0, err
    assert [(m["section"], m["mark"], m["by"]) for m in out["marks"]] == [("1 Context", "corroborated", "lindqvist")]
    sections = run(capsys, "memo", "show", study, "Alder Street Elementary", "--json")[1]["sections"]
    assert next(s for s in sections if s["name"] == "1 Context")["corroborated"]
    code, _, err = run(capsys, "memo", "corroborate", study, "Alder Street Elementary", "--section", "Findings")
    assert code == 2 and "no section 'Findings'" in err  # an unknown name, as elsewhere
    code, out, _ = run(capsys, "memo", "corroborate", study, "Alder Street Elementary", "--section", "1 Context",
                       "--remove", "--json")
    assert out["marks"] == []


def test_quote_at_a_position_from_the_command_line(copies, capsys):
    study = copies[0]
    memo = run(capsys, "memo", "show", study, "Alder Street Elementary", "--json")[1]
    at = memo["text"].index("The principal describes the coach") + 5
    segment = run(capsys, "run", study, "--code", "Leadership configuration/Coaching", "--site",
                  "Alder Street Elementary", "--json")[1][0]
    code, out, err = run(capsys, "memo", "quote", study, memo["id"], "--segment", segment["id"], "--at", at, "--json")
    assert code == 0, err
    text = run(capsys, "memo", "show", study, memo["id"], "--json")[1]["text"]
    assert out["section"] == "3.2 Teacher leaders and coaches"
    assert text[out["start"]:out["end"]].startswith("> ") and out["start"] < text.index("> Nadia does not tell me")
