"""Write docs/benchmarks.md from the JSON results in docs/benchmarks/:
`python -m benchmarks.report` (after `python -m benchmarks.run --scale S --json docs/benchmarks/results-S.json`)."""

from __future__ import annotations

import json
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
ROWS = [
    ("import .txt until codable (the whole call), words/s", "import_txt_codable", "words_per_s", "≥ 1.5 M"),
    ("import .docx until codable (the whole call), words/s", "import_docx_codable", "words_per_s", "≥ 1.0 M"),
    ("sentences + lemmas + index, words/s", "import_analysis", "words_per_s", "≥ 300 k, off the GUI thread"),
    ("open study (navigator + codebook data)", "open_study", "median_ms", "≤ 1 s to a ready window"),
    ("window: open to a ready window", "window_open_ready", "median_ms", "≤ 1 s"),
    ("window: open largest transcript", "window_open_largest_transcript", "median_ms", "≤ 200 ms"),
    ("window: apply a code and repaint", "window_apply_code_and_repaint", "median_ms", "≤ 10 ms"),
    *[row for n in ("300", "1,300", "4,300") for row in (
        (f"window: apply a code with {n} codings in the transcript (p50)",
         f"window_apply_code_at_{n.replace(',', '')}", "median_ms", "≤ 10 ms"),
        (f"window: apply a code with {n} codings in the transcript (p95)",
         f"window_apply_code_at_{n.replace(',', '')}", "p95_ms", "≤ 20 ms"))],
    ("window: refresh all counts", "window_refresh_counts", "median_ms", "—"),
    ("window: to Memos right after a coding", "window_switch_to_memos_after_coding", "median_ms", "≤ 200 ms"),
    ("window: to Compare (pattern table) after a coding", "window_switch_to_compare_after_coding", "median_ms",
     "≤ 500 ms"),
    ("window: to Outline after a coding", "window_switch_to_outline_after_coding", "median_ms", "≤ 500 ms"),
    ("window: to Team after a coding", "window_switch_to_team_after_coding", "median_ms", "≤ 200 ms"),
    ("window: to Start after a coding", "window_switch_to_start_after_coding", "median_ms", "≤ 100 ms"),
    ("window: a keystroke in a site memo (spell-checked)", "window_memo_keystroke", "median_ms", "≤ 16 ms"),
    ("apply a code (core)", "apply_code", "median_ms", "—"),
    ("undo a coding (stored history)", "undo_apply_code", "median_ms", "—"),
    ("undo an auto-coding of 2,000 passages", "undo_apply_many_2000", "median_ms", "—"),
    ("redo it", "redo_apply_many_2000", "median_ms", "—"),
    ("data run: first 500 + total (p50)", "data_run_first_500_and_count", "median_ms", "—"),
    ("data run in the window: counts and the first rows (p50)", "data_run_first_page_in_window", "median_ms",
     "p50 ≤ 20 ms"),
    ("data run in the window: the whole top code", "data_run_whole_in_window", "median_ms", "≤ 2 × its SQL"),
    ("data run: the whole top code's SQL alone", "data_run_whole_sql", "median_ms", "—"),
    ("data run: first 500 + total (p95)", "data_run_first_500_and_count", "p95_ms", "p95 ≤ 50 ms"),
    ("data run: whole top code", "data_run_whole", "median_ms", "≤ 2 s (~13 k segments)"),
    ("data run: whole, to CSV", "data_run_whole_to_csv", "median_ms", "≤ 2 s"),
    ("data run: whole, to Word", "data_run_whole_to_word", "median_ms", "≤ 20 s"),
    ("search: exact, every hit decorated", "search_exact", "median_ms", "—"),
    ("search: lemma, every hit decorated", "search_lemma", "median_ms", "—"),
    ("search: regex, every hit decorated", "search_regex", "median_ms", "—"),
    ("search: fuzzy, every hit decorated", "search_fuzzy", "median_ms", "≤ 1 s"),
    ("search panel: exact, the first rows (the count follows)", "search_exact_first_page", "median_ms", "≤ 30 ms"),
    ("search panel: lemma, the first rows (the count follows)", "search_lemma_first_page", "median_ms", "≤ 30 ms"),
    ("search panel: regex, the first rows (the count follows)", "search_regex_first_page", "median_ms", "≤ 1 s"),
    ("search panel: fuzzy, the first rows (the count follows)", "search_fuzzy_first_page", "median_ms", "—"),
    ("code-by-site matrix (passages, all coders)", "code_by_site_matrix", "median_ms", "≤ 200 ms"),
    ("code-by-site matrix (one coder's passages)", "code_by_site_matrix_one_coder", "median_ms", "≤ 200 ms"),
    ("site memo with its evidence and completeness", "memo_open_with_evidence", "median_ms", "—"),
    ("window: open a site memo with its evidence panel", "window_open_memo_with_evidence", "median_ms", "—"),
    ("site memo to Word", "memo_to_word", "median_ms", "—"),
    ("pattern table, sites × 250 codes", "pattern_table_sites_by_codes", "median_ms", "—"),
    ("crosstab, 250 codes × role (with sub-codes)", "crosstab_codes_by_role", "median_ms", "≤ 300 ms"),
    ("co-occurrence, 250 × 250 codes (overlap)", "cooccurrence_all_codes_overlap", "median_ms", "≤ 2 s"),
    ("lemma frequencies of the whole study", "word_frequencies_lemmas", "median_ms", "≤ 2 s"),
    ("word-form frequencies of the whole study (from the text)", "word_frequencies_forms", "median_ms", "—"),
    ("crosstab: data run of 4 selected cells", "crosstab_selection_run", "median_ms", "—"),
    ("espoused vs enacted: the view's counts, top codes × every site", "espoused_enacted_counts", "median_ms",
     "—"),
    ("espoused vs enacted: the busiest code's passages in its site", "espoused_enacted_one_pair", "median_ms",
     "—"),
    ("espoused vs enacted: every site's passages to Word (casecoder espoused --docx)", "espoused_enacted_all_sites",
     "median_ms", "—"),
    ("code all hits of a common word by sentence: passages (\"year\")", "autocode_apply_common_word", "passages",
     "—"),
    ("code all hits of a common word by sentence: find and widen", "autocode_plan_common_word",
     "median_ms", "—"),
    ("code all hits of a common word by sentence: apply as one step", "autocode_apply_common_word", "median_ms",
     "≤ 5 s"),
    ("code all hits of a common word by sentence: undo it", "autocode_undo_common_word", "median_ms", "≤ 5 s"),
    ("window: code all hits by sentence, to the repainted open transcript", "window_autocode_common_word_and_repaint",
     "median_ms", "≤ 5 s"),
    ("window: Ctrl+Z of it, to the repainted open transcript", "window_undo_autocode_and_repaint", "median_ms",
     "≤ 5 s"),
    ("outline checks (100 claims)", "outline_checks", "median_ms", "—"),
    ("outline with 2,000 quotations to Word", "outline_to_word", "median_ms", "≤ 15 s"),
    ("REFI-QDA project export (.qdpx, every coding)", "refi_export", "median_ms", "—"),
    ("REFI-QDA project import as a new study, until codable", "refi_import_codable", "median_ms", "≤ 30 s"),
    ("REFI-QDA import: its texts' analysis afterwards (background)", "refi_import_analysis", "median_ms", "—"),
    ("REFI-QDA export + import: peak memory of their process, MB", "refi_import_codable", "peak_mb", "—"),
    ("team: export all work as a package", "sync_export_full", "median_ms", "—"),
    ("team: package of all work, MB", "sync_export_full", "package_mb", "—"),
    ("team: import a day's work (1 transcript, 500 codings, 10 renames)", "sync_import_day", "median_ms", "≤ 5 s"),
    ("team: import a full package already held", "sync_import_full_held", "median_ms", "—"),
    ("peak memory, MB", "peak_memory", "mb", "≤ 600"),
    ("peak memory of one analysis worker, MB", "peak_memory_worker", "mb", "—"),
    ("study file / text size", "file_size", "ratio", "≤ 4 ×"),
]


def cell(results: dict, key: str, field: str) -> str:
    value = results.get(key, {}).get(field)
    if value is None or (key == "peak_memory_worker" and value == 0):  # no workers started
        return "—"
    if field == "words_per_s":
        return f"{value / 1000:.0f} k"
    if field in ("median_ms", "p95_ms"):
        return f"{value:.1f} ms" if value < 1000 else f"{value / 1000:.2f} s"
    return str(value)


def render(results: dict[str, dict], notes: str) -> str:
    large = results["large"]
    machine = large["machine"]
    lines = ["| operation | small | medium | large | target (large) |", "|---|---|---|---|---|"]
    for label, key, field, target in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(results[s]["results"], key, field)
                                                   for s in ("small", "medium", "large")) + f" | {target} |")
    whole = large["results"].get("data_run_whole", {}).get("segments")
    return (f"# Benchmark results\n\nMade with `.venv/bin/python -m benchmarks.run --scale SCALE --json "
            f"docs/benchmarks/results-SCALE.json` (repeat 5) for each scale, then `python -m benchmarks.report`, "
            f"on {machine['cores']} cores, {machine['memory_mb'] // 1024} GB, Python {machine['python']}, "
            f"{large['when']}. Times are medians of repeated runs unless marked p95; import is one pass.\n\n"
            f"Scales: **small** = the sample study (25 sources, 628 codings); **medium** = 100 synthetic "
            f"transcripts ({results['medium']['facts']['words']:,} words, 25 k codings); **large** = 1,000 "
            f"transcripts in 4 districts and 40 sites ({large['facts']['words']:,} words, half .txt, half "
            f".docx), 250 codes in 4 levels, {large['results']['bulk_codings']['codings']:,} codings by three "
            f"coders, and one 20,000-word transcript with 500 codings. The whole data run at large scale "
            f"returns {whole:,} segments (a top code with all its descendants).\n\n"
            + "\n".join(lines) + "\n\n" + notes)


def main() -> None:
    results = {s: json.loads((DOCS / "benchmarks" / f"results-{s}.json").read_text())
               for s in ("small", "medium", "large")}
    notes = (DOCS / "benchmarks" / "notes.md").read_text(encoding="utf-8")
    (DOCS / "benchmarks.md").write_text(render(results, notes), encoding="utf-8")


if __name__ == "__main__":
    main()
