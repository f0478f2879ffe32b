"""The bundled sample study: big enough, mixed formats, coded by two coders who disagree."""

from __future__ import annotations

import csv
import json
from collections import Counter

from coder.sources.importers import read_document
from tests.conftest import CORPUS


def test_corpus_shape():
    rows = list(csv.DictReader((CORPUS / "metadata.csv").open(encoding="utf-8")))
    assert len(rows) >= 24
    kinds = Counter(r["type"] for r in rows)
    assert kinds["observation"] >= 3 and kinds["artifact"] >= 2
    assert {r["file"].rsplit(".", 1)[1] for r in rows} >= {"docx", "txt", "vtt", "srt"}
    assert {r["district"] for r in rows} == {"Harbor Valley", "Prairie Ridge"}
    assert len({r["site"] for r in rows if r["site"]}) == 6
    roles = {r["role"] for r in rows}
    assert {"principal", "assistant principal", "teacher", "instructional coach", "central office"} <= roles
    assert {r["wave"] for r in rows} == {"1", "2"}
    for row in rows:
        words = len(read_document(CORPUS / row["file"]).text.split())
        assert 1500 <= words <= 3300, (row["file"], words)


def test_every_coding_names_a_real_code_and_quote():
    from coder.codebook.codebook_file import read_codebook
    from coder.demo import CODEBOOK

    paths = {c["path"] for c in read_codebook(CODEBOOK)["codes"]}
    total = 0
    for path in (CORPUS / "codings").glob("*.json"):
        for entry in json.loads(path.read_text(encoding="utf-8")):
            assert entry["code"] in paths, (path.name, entry["code"])
            assert entry["coder"] in {"okafor", "lindqvist"}
            assert len(entry["quote"].split()) >= 8
            total += 1
    assert total >= 300


def test_demo_study_is_built_completely(demo_study, demo_summary):
    assert demo_summary["sources"] == 25
    assert demo_summary["missing_quotes"] == []
    assert demo_summary["codings"] >= 300
    agreement = demo_summary["agreement"]
    assert agreement["codings"]["okafor"] >= 150 and agreement["codings"]["lindqvist"] >= 150
    assert 50 <= agreement["percent_agreement"] <= 85
    assert agreement["okafor"]["other_code_only"] > 0 and agreement["lindqvist"]["alone"] > 0
    assert set(demo_study.codings.coders()) == {"okafor", "lindqvist"}
    level = demo_study.attributes.find("case", "school level")
    assert level and level.type == "choice"
    assert not demo_study.history.can_undo()
    for coding in demo_study.codings.for_source(demo_study.sources.find("granite_improvement_plan_w1").id):
        assert coding.end - coding.start >= 20


def test_demo_study_has_a_site_memo_in_review(demo_study):
    [memo] = demo_study.memos.all()
    assert (memo.title, memo.status, memo.drafter, memo.reviewers) == \
        ("Alder Street Elementary case memo", "in-review", "okafor", ("lindqvist",))
    assert len(demo_study.memos.evidence(memo.id)) == 2
    thread = demo_study.memo_comments.for_memo(memo.id)
    assert [c.kind for c in thread] == ["correction", "reply"]
    text = demo_study.memos.text(memo.id)
    assert text[thread[0].start:thread[0].end] == "coaching is kept apart from evaluation"


def test_demo_study_has_a_cross_site_outline_with_a_contradiction(demo_study):
    o = demo_study.cross_outline
    claim = o.find("Principals keep coaching apart from teacher evaluation")
    check = o.check(claim.id)
    # each of the two sites is cited on both sides: mixed, not "0 sites support"
    assert check["disconfirming"] and check["mixed_sites"] == 2 and len(o.evidence(claim.id)) == 4
    assert check["supporting_sites"] == check["contradicting_sites"] == 0
    assert o.find("Collaboration time is protected in plans but lost in practice")
