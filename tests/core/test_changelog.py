"""The change log (`casecoder history`, Edit > History… in the window): newest first, filtered
by words of what was done and by who did it."""

from __future__ import annotations

import json

from coder.cli import main


def test_the_change_log_filters_by_text_and_author(demo_study, capsys):
    study = demo_study
    study.user = "maria"
    code = study.codes.find("Challenges/Resistance")
    study.codes.rename_code(code_id=code.id, name="Pushback")
    study.user = "tester"
    study.sets.add_set(name="Principals", kind="source", members=[])
    newest = study.changelog(2)
    assert [e["label"] for e in newest] == ["New set Principals", "Rename code Resistance to Pushback"]
    assert [e["author"] for e in study.changelog(5, author="maria")] == ["maria"]
    assert [e["label"] for e in study.changelog(50, text="PUSHBACK")] == ["Rename code Resistance to Pushback"]
    assert study.changelog(50, text="rename_code", author="tester") == []  # the kind of action is searched too
    assert study.changelog_authors() == ["maria", "okafor", "tester"]
    path = str(study.path)
    study.close()
    assert main(["history", path, "--author", "maria", "--text", "push", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["label"] for r in rows] == ["Rename code Resistance to Pushback"]


def test_what_changed_since_a_reader_was_last_here(demo_study, capsys):
    """The Start page's "since you were last here": the entries after a time, on the command
    line as `history --since`."""
    study = demo_study
    seen = study.changelog(1)[0]["at"]
    assert study.changelog(50, since=seen) == []
    study.sets.add_set(name="Coaches", kind="source", members=[])
    assert [e["label"] for e in study.changelog(50, since=seen)] == ["New set Coaches"]
    assert len(study.changelog(500, since="2000-01-01")) == len(study.changelog(500))
    path = str(study.path)
    study.close()
    assert main(["history", path, "--since", seen, "--json"]) == 0
    assert [r["label"] for r in json.loads(capsys.readouterr().out)] == ["New set Coaches"]


def test_since_reads_the_times_people_type_and_refuses_what_is_not_one(demo_study, capsys):
    from coder.store.clock import moment
    from coder.store.errors import CaseCoderError

    assert moment("2026-12-01T14:30+01:00") == "2026-12-01T13:30:00.000Z"
    assert moment("2026-12-01T13:30:00.000Z") == "2026-12-01T13:30:00.000Z"
    assert moment("2026-12-01 14:30") == moment("2026-12-01T14:30")  # a space for the T
    for bad in ("yesterday", "2026-13-01", "3 Dec 2026"):
        try:
            moment(bad)
        except CaseCoderError as exc:
            assert repr(bad) in str(exc)
        else:
            raise AssertionError(bad)
    path = str(demo_study.path)
    demo_study.close()
    assert main(["history", path, "--since", "yesterday"]) != 0
    assert "'yesterday' is not a date or a time" in capsys.readouterr().err
    assert main(["history", path, "--since", "2999-01-01"]) == 0
    said = capsys.readouterr()
    assert "no changes since 2999-01-01" in said.out + said.err
