"""Word frequencies, keywords in context and keyness, checked against counts made by hand on the
two known interviews of the `coded_study` fixture and on the demo study."""

from __future__ import annotations

import json

from coder.cli import main
from coder.coding.run_spec import RunSpec
from coder.compare.words import frequencies, keyness, kwic


def counts_of(table) -> dict[str, tuple[int, int]]:
    return {c.word: (c.count, c.sources) for c in table}


def test_word_forms_and_lemmas_counted_by_hand(coded_study):
    words = counts_of(frequencies(coded_study))
    # a: "Teachers meet", "six teachers"; b: its speaker's label "Teacher:"
    assert words["teachers"] == (2, 1) and words["teacher"] == (1, 1)
    # a's interviewer asks "And coaching?": the interviewers' turns are left out unless asked for
    assert words["coaching"] == (1, 1) and words["plcs"] == (2, 2) and words["plc"] == (1, 1)
    assert counts_of(frequencies(coded_study, respondents=False))["coaching"] == (2, 2)
    # speaker labels are nobody's words: a's four (detected as turns) are left out; b's two turns
    # were not read as labelled turns at import, so its "Interviewer:" and "Teacher:" stay text
    assert words["interviewer"] == (1, 1) and "principal" not in words
    assert "our" not in words and "the" not in words  # stop words
    assert "six" not in words or words["six"] == (1, 1)
    assert "school" not in words and "working" not in words  # "What is the school working on?"
    lemmas = counts_of(frequencies(coded_study, lemma=True))
    assert lemmas["teacher"] == (3, 2)  # teachers and teacher are one lemma
    shorter = counts_of(frequencies(coded_study, min_length=6, leave_out={"Coaching"}, respondents=False))
    assert "coaching" not in shorter and "talk" not in shorter and "teachers" in shorter


def test_a_data_run_counts_only_its_segments(demo_study):
    study = demo_study
    coaching = study.codes.find("Leadership configuration/Coaching").id
    inside = counts_of(frequencies(study, scope=RunSpec(codes=[coaching])))
    everywhere = counts_of(frequencies(study))
    assert inside and all(n <= everywhere[w][0] for w, (n, _s) in inside.items())
    principals = counts_of(frequencies(study, scope=RunSpec(codes=[], roles=["principal"])))
    assert principals["principal"][1] <= len([s for s in study.sources.all() if s.role == "principal"])


def test_concordance_lines_and_keyness(demo_study, coded_study):
    lines = kwic(coded_study, "coaching", respondents=False)
    assert [x.word for x in lines] == ["coaching", "Coaching"]
    assert [x.word for x in kwic(coded_study, "coaching")] == ["Coaching"]  # the interviewer's left out
    assert lines[1].right.startswith("feels evaluative") and "b_teacher" in lines[1].citation
    assert len(kwic(coded_study, "teacher", lemma=True)) == 3
    ranked = keyness(demo_study, RunSpec(codes=[], roles=["teacher"]), RunSpec(codes=[], roles=["principal"]))
    assert ranked and abs(ranked[0].log_likelihood) >= abs(ranked[-1].log_likelihood)
    assert any(k.more_here for k in ranked) and any(not k.more_here for k in ranked)


def test_the_command_line(coded_study, capsys, tmp_path):
    path = str(coded_study.path)
    coded_study.close()
    assert main(["words", path, "--json", "--top", "3"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3 and set(rows[0]) == {"word", "count", "sources"}
    assert rows[0]["count"] >= rows[1]["count"] >= rows[2]["count"]
    assert main(["words", path, "--lemma", "--csv", str(tmp_path / "w.csv")]) == 0
    assert "teacher,3,2" in (tmp_path / "w.csv").read_text(encoding="utf-8-sig")
    assert "wrote" in capsys.readouterr().out
    assert main(["kwic", path, "coaching", "--json", "--with-interviewers"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["word"] for h in hits] == ["coaching", "Coaching"] and hits[1]["right"].startswith("feels")


def test_keyness_on_the_command_line(demo_study, capsys):
    path = str(demo_study.path)
    demo_study.close()
    assert main(["keyness", path, "--here", "role=teacher", "--there", "role=principal", "--json", "--top", "5"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 5 and set(rows[0]) == {"word", "here", "there", "g2", "more_in"}
    assert rows[0]["g2"] >= rows[-1]["g2"]
    assert main(["keyness", path, "--here", "role", "--there", "role=principal"]) != 0
    assert "write KEY=VALUE" in capsys.readouterr().err


def test_notes_in_brackets_and_named_interviewers_are_nobodys_words(study, tmp_path):
    from coder.sources.importing import import_sources, plan_import

    path = tmp_path / "c_teacher.txt"
    path.write_text("Maya Okafor: Tell me about the rounds.\n\nLauren Pettigrew: The rounds were fine. "
                    "[laughs] Honestly the rounds helped. [crosstalk]\n\nMaya Okafor: And the rounds now?\n\n"
                    "Lauren Pettigrew: Rounds every week.\n", encoding="utf-8")
    report = import_sources(study, plan_import([path], {"role": "teacher", "interviewers": "M. Okafor"}))
    assert not report.failed
    for lemma in (False, True):
        words = counts_of(frequencies(study, lemma=lemma))
        rounds = "round" if lemma else "rounds"
        assert words[rounds][0] == 3, lemma  # the respondent's three; the interviewer's two left out
        assert not {"laughs", "laugh", "crosstalk", "tell", "maya", "okafor", "lauren"} & set(words), lemma
        lines = kwic(study, "rounds", lemma=lemma)
        assert len(lines) == 3 and all("Okafor" not in x.left[-12:] for x in lines)
    assert counts_of(frequencies(study, respondents=False))["rounds"][0] == 5
