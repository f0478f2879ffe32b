"""Text at its extremes: one 5 MB line, mixed scripts and right-to-left text, emoji, combining
characters are imported, coded and searched like any transcript (stray NUL bytes: see
test_importers). The 50 MB transcript runs on demand (CASECODER_LONG=1)."""

from __future__ import annotations

import os
import random

import pytest

from coder.sources.importing import import_sources, plan_import

WORDS = ["coaching", "teachers", "plan", "ربما", "المدرسة", "学校", "école", "e\u0301quipe", "👩🏽‍🏫", "שלום", "data"]


def _import(study, path):
    report = import_sources(study, plan_import([path], {"district": "Extremes", "site": "Edge"}))
    assert not report.failed, report.failed
    return study.sources.find(path.stem)


def test_one_five_megabyte_line_of_mixed_scripts(study, tmp_path):
    rng = random.Random(3)
    path = tmp_path / "one_line.txt"
    path.write_text(" ".join(rng.choice(WORDS) for _ in range(600_000)) + " lastword\n", encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    source = _import(study, path)
    text = study.sources.text(source.id)
    assert "e\u0301" not in text and "équipe" in text  # stored composed (NFC)
    end = text.index("lastword")
    code = study.codes.add_code(path="Edge").result
    study.codings.apply_code(source_id=source.id, code_id=code, start=end, end=end + 8)
    assert [h.source for h in study.search.search("lastword")] == [source.id]
    assert study.search.search("المدرسة", mode="exact")
    assert study.search.search("👩🏽‍🏫", mode="regex")


@pytest.mark.skipif(not os.environ.get("CASECODER_LONG"), reason="the 50 MB transcript runs on demand")
def test_a_fifty_megabyte_transcript(study, tmp_path):
    rng = random.Random(5)
    path = tmp_path / "huge.txt"
    turns = [f"Speaker {i % 4}: " + " ".join(rng.choice(WORDS) for _ in range(300)) for i in range(30_000)]
    path.write_text("\n\n".join(turns) + "\n", encoding="utf-8")
    assert path.stat().st_size > 50_000_000
    source = _import(study, path)
    assert study.sources.get(source.id).chars > 40_000_000
