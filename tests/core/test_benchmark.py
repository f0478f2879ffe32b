"""The benchmark keeps working: run it at the small scale (its figures are not asserted)."""

from __future__ import annotations

import json

from benchmarks.run import main


def test_benchmark_runs_at_small_scale(tmp_path, capsys):
    out = tmp_path / "results.json"
    assert main(["--scale", "small", "--repeat", "1", "--work", str(tmp_path), "--json", str(out),
                 "--no-window"]) == 0
    report = json.loads(out.read_text())
    assert report["scale"] == "small" and report["machine"]["cores"] >= 1
    for name in ("open_study", "data_run_first_500_and_count", "search_exact", "search_lemma", "search_regex",
                 "search_fuzzy", "code_by_site_matrix", "file_size", "peak_memory"):
        assert name in report["results"], name
    assert "CaseCoder benchmark" in capsys.readouterr().out


def test_generated_codebook_has_250_codes_in_4_levels(tmp_path):
    from benchmarks.generate import write_codebook
    from coder.codebook.codebook_file import read_codebook

    assert write_codebook(tmp_path / "cb.toml") == 250
    paths = [c["path"] for c in read_codebook(tmp_path / "cb.toml")["codes"]]
    assert len(paths) == 250 and max(p.count("/") for p in paths) == 3
