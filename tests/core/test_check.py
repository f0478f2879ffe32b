"""`casecoder check`: a whole study passes; damage is found by name; derived data is rebuilt."""

from __future__ import annotations

import json

from coder.check import check_study
from coder.cli import main


def test_the_demo_study_is_whole(demo_study):
    report = check_study(demo_study.conn)
    assert report == {"ok": True, "problems": [], "repaired": [], "awaiting_analysis": []}


def test_damage_is_found_and_derived_data_repaired(demo_study, capsys):
    conn = demo_study.conn
    conn.execute("UPDATE codings SET end = end + 1000000 WHERE id = (SELECT min(id) FROM codings)")
    conn.execute("UPDATE code_case_counts SET n = n + 5 WHERE code_n = (SELECT min(code_n) FROM code_case_counts)")
    conn.execute("UPDATE sources SET chars = chars + 1 WHERE n = 1")
    conn.execute("DELETE FROM coding_overlaps WHERE source_n = (SELECT min(source_n) FROM coding_overlaps)")
    kinds = {p["kind"]: p for p in check_study(conn)["problems"]}
    assert "codings outside their source's text" in kinds
    assert kinds["per-site coding counts that disagree with the codings"]["repairable"]
    assert kinds["passage counts that disagree with the codings"]["repairable"]
    assert "sources whose recorded length is not their text's" in kinds
    path = str(demo_study.path)
    demo_study.close()
    assert main(["check", path, "--repair", "--json"]) == 1  # the coding cannot be repaired, only reported
    report = json.loads(capsys.readouterr().out)
    assert "per-site coding counts rebuilt" in report["repaired"] and "passage counts rebuilt" in report["repaired"]
    assert [p["kind"] for p in report["problems"]] == ["codings outside their source's text"]


def test_a_count_row_gone_is_found_and_each_check_is_reported(demo_study):
    """A count row lost (not just wrong) is found; the window's progress hears of every check,
    in order, and a cancel stops between checks."""
    import pytest

    from coder.check import CHECKS
    from coder.store.errors import Cancelled
    from coder.store.progress import CancelToken

    conn = demo_study.conn
    conn.execute("DELETE FROM code_case_counts WHERE code_n = (SELECT min(code_n) FROM code_case_counts)")
    heard = []
    report = check_study(conn, progress=lambda done, total, what: heard.append((done, total, what)))
    counts = next(p for p in report["problems"] if p["kind"].startswith("per-site coding counts"))
    assert counts["repairable"] and "0 counted" in counts["examples"][0]
    assert "'" in counts["examples"][0]  # named by the code's and the site's names, not row numbers
    assert [d for d, _, _ in heard] == list(range(len(CHECKS) + 1)) and heard[0][2].startswith("the file")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        check_study(conn, cancel=token)
    assert check_study(conn, repair=True)["ok"]
