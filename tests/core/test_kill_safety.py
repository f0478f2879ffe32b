"""Killed mid-way, every kind of operation leaves the study as it was before or after it, whole.

A bounded run of the harness (reliability/kill.py): two kills per operation here; the on-demand
run (`python -m reliability.kill`) does two hundred and docs/reliability.md has its figures."""

from __future__ import annotations

from reliability.kill import OPERATIONS, run


def test_kills_leave_every_study_before_or_after(tmp_path):
    report = run(list(OPERATIONS), kills=2, work=tmp_path, seed=11)
    for op, figures in report.items():
        assert figures["kills"] == 2, op
        assert figures["integrity_failures"] == 0, (op, figures["problems"])
        assert figures["bad_state"] == 0, op
        assert figures["bad_output"] == 0, op
        # an action in the study is one undo step, compared with the rest; the analysis pass and
        # what writes another file are no step of this study, and an undo moves its step to redo
        steps = {"import": 1, "import_analysis": 1, "merge": 1, "memo": 1, "sync_import": 1, "undo": -1}.get(op, 0)
        assert (figures["undo_steps_added"], figures["redo_steps_added"]) == (steps, int(op == "undo")), op
