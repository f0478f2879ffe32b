"""Undoing and redoing a step of many rows writes them as multi-row statements: the study after
is exactly the study before, its derived counts and team log included."""

from __future__ import annotations

from coder.check import check_study


def _state(study):
    conn = study.conn
    return (sorted(conn.execute("SELECT id, source_n, code_n, start, end, coder, note FROM codings").fetchall()),
            sorted(conn.execute("SELECT * FROM code_case_counts WHERE n > 0").fetchall()))  # a count gone to 0 stays


def test_a_step_of_more_rows_than_a_statement_takes_undoes_and_redoes_whole(demo_study):
    from coder.store.undo import PER_STATEMENT

    study = demo_study
    code = study.codes.add_code(path="Batch/Every sentence").result
    before = _state(study)
    items = []
    for source in study.sources.all():
        for start, end in study.sources.sentences(source.id):
            items.append((source.id, code, start, end, "tester"))
    assert len(items) > 2 * PER_STATEMENT + 7  # several full statements and a short one
    study.codings.apply_many(items=items)
    applied = _state(study)
    assert len(applied[0]) == len(before[0]) + len(items)
    study.undo()
    assert _state(study) == before
    assert check_study(study.conn)["ok"]
    study.redo()
    assert _state(study) == applied
    report = check_study(study.conn)
    assert report["ok"], report["problems"]
    study.undo()
    assert _state(study) == before
    assert study.conn.execute("SELECT count(*) FROM op_effects e JOIN ops o ON o.seq = e.op_seq "
                              "WHERE e.tbl = 'codings' AND e.kind = 'insert' AND e.data IS NULL AND NOT EXISTS "
                              "(SELECT 1 FROM codings c WHERE json_array(c.id) = e.key)").fetchone()[0] == 0
