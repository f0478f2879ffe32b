"""Run the large-study benchmark: `python -m benchmarks.run --scale small|medium|large`.

Builds (or reuses) a synthetic study of the chosen scale, times each operation over repeated runs
(median and 95th percentile), prints a table and writes every figure with the scale and the
machine to JSON. Adding an operation is one `bench.time(...)` line in `measure_core` or
`measure_window`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

from coder import Study
from coder.codebook.codebook_file import load_codebook
from coder.coding.runs import RunSpec
from coder.sources.analysis import analyse_pending
from coder.sources.importing import import_sources, plan_import

from .generate import (
    BIG_SOURCE,
    SCALES,
    plan_codings,
    write_codebook,
    write_corpus,
    write_cross_outline,
    write_site_memo,
)


class Bench:
    """Collects timings; `time` runs a callable repeatedly and keeps median and p95."""

    def __init__(self, repeat: int) -> None:
        self.repeat = repeat
        self.results: dict[str, dict] = {}

    def time(self, name: str, fn, repeat: int | None = None, **extra) -> object:
        samples, value = [], None
        for _ in range(repeat or self.repeat):
            start = time.perf_counter()
            value = fn()
            samples.append(time.perf_counter() - start)
        self.record(name, samples, **extra)
        return value

    def record(self, name: str, samples: list[float], **extra) -> None:
        ordered = sorted(samples)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        self.results[name] = {"median_ms": round(statistics.median(ordered) * 1000, 2),
                              "p95_ms": round(p95 * 1000, 2), "runs": len(samples), **extra}


def machine() -> dict:
    mem = 0
    try:
        with open("/proc/meminfo") as handle:
            mem = int(handle.readline().split()[1]) // 1024
    except OSError:
        pass
    return {"cores": os.cpu_count(), "memory_mb": mem, "python": platform.python_version(),
            "platform": platform.platform()}


def build(scale: str, work: Path, bench: Bench) -> tuple[Path, dict]:
    """Create the study for `scale` in `work`, timing the import; return its path and facts."""
    study_path = work / f"{scale}.casecoder"
    for leftover in work.glob(f"{scale}.casecoder*"):
        leftover.unlink()
    if scale == "small":
        from coder.demo import build_demo_study

        start = time.perf_counter()
        build_demo_study(study_path)  # it carries a site memo with quotations
        return study_path, {"build_s": round(time.perf_counter() - start, 2)}
    spec = SCALES[scale]
    files = work / f"{scale}-files"
    if not (files / "metadata.csv").exists():
        shutil.rmtree(files, ignore_errors=True)
        start = time.perf_counter()
        facts = write_corpus(files, spec)
        facts["generate_s"] = round(time.perf_counter() - start, 1)
        (files / "facts.json").write_text(json.dumps(facts))
    facts = json.loads((files / "facts.json").read_text())
    write_codebook(work / "codebook.toml")
    study = Study.create(study_path, user="bench")
    load_codebook(study, work / "codebook.toml")
    items = plan_import([], metadata=files / "metadata.csv")
    codable = 0.0
    words = facts["words_by_format"]
    for fmt in ("txt", "docx"):  # one import a format, timed whole: from the call to a committed study
        batch = [item for item in items if item.path.suffix == f".{fmt}"]
        start = time.perf_counter()
        report = import_sources(study, batch, analyse_now=False)
        seconds = time.perf_counter() - start
        assert not report.failed, report.failed[:3]
        codable += seconds
        bench.results[f"import_{fmt}_codable"] = {
            "words_per_s": round(words[fmt] / seconds), "seconds": round(seconds, 3), "words": words[fmt],
            "files": len(batch), "note": "wall time of one import call: reading, turns, storing, team log, commit"}
    start = time.perf_counter()
    analyse_pending(study_path)
    analysed = time.perf_counter() - start
    bench.results["import_analysis"] = {"words_per_s": round(facts["words"] / analysed),
                                        "seconds": round(analysed, 1),
                                        "note": "sentences, lemmas and lemma index, after the text is codable"}
    bench.results["import_all"] = {"words_per_s": round(facts["words"] / (codable + analysed)),
                                   "seconds": round(codable + analysed, 1), "words": facts["words"],
                                   "codable_s": round(codable, 1)}
    with study.operation("bench_cases", "Describe cases"):
        study.attributes.define(scope="case", name="locale", type="choice", choices=["urban", "rural"])
        for i, case in enumerate(c for c in study.cases.all() if c.kind == "district"):
            study.attributes.set_value(scope="case", owner_id=case.id, name="locale",
                                       value="urban" if i % 2 == 0 else "rural")
    planned = plan_codings(study, spec.codings)
    start = time.perf_counter()
    study.codings.apply_many(items=planned)
    bench.results["bulk_codings"] = {"codings": len(planned), "seconds": round(time.perf_counter() - start, 1)}
    start = time.perf_counter()
    memo_id = write_site_memo(study)
    bench.results["memo_build"] = {"quotations": len(study.memos.evidence(memo_id)),
                                   "seconds": round(time.perf_counter() - start, 1)}
    start = time.perf_counter()
    cited = write_cross_outline(study)
    bench.results["outline_build"] = {"quotations": cited, "seconds": round(time.perf_counter() - start, 1)}
    study.close()
    return study_path, facts


def measure_core(path: Path, bench: Bench) -> None:
    def open_ready():
        s = Study.open(path, user="bench")
        s.sources.all()
        s.codes.all()
        return s

    bench.time("open_study", lambda: open_ready().close())
    study = Study.open(path, user="bench")
    top = next(c for c in study.codes.all() if c.parent_id is None)
    attrs = {"school_level": "elementary"}
    if study.attributes.find("case", "locale"):
        attrs["locale"] = "urban"
    elif study.attributes.find("case", "school level"):
        attrs = {"school level": "elementary"}
    spec = RunSpec(codes=[top.id], descendants=True, attrs=attrs)
    page = bench.time("data_run_first_500_and_count", lambda: study.runs.page(spec, 500))
    bench.results["data_run_first_500_and_count"]["total"] = page[1]
    whole = RunSpec(codes=[top.id], descendants=True)
    segments = bench.time("data_run_whole", lambda: study.runs.run(whole), repeat=3)
    bench.results["data_run_whole"]["segments"] = len(segments)

    def lazy_run(spec):
        """What the window's run panel waits for: every row, its counts, the first chunk shown."""
        rows = study.runs.lazy(spec)
        rows.passage_count(), rows.site_count(), rows[:50]
        return rows

    bench.time("data_run_first_page_in_window", lambda: lazy_run(spec))
    bench.time("data_run_whole_in_window", lambda: lazy_run(whole), repeat=3)
    where, args = study.runs._query(whole)
    bench.time("data_run_whole_sql", lambda: study.conn.execute(
        "SELECT c.id, s.id, k.id, c.start, c.end, c.coder, c.note FROM codings c JOIN sources s ON s.n = c.source_n "
        f"JOIN codes k ON k.n = c.code_n WHERE {where}", args).fetchall(), repeat=3)
    from coder.coding.runs import segments_csv

    bench.time("data_run_whole_to_csv", lambda: segments_csv(study.runs.run(whole)), repeat=3)
    from coder.reports.run import write_segments_docx

    bench.time("data_run_whole_to_word", lambda: write_segments_docx(study, study.runs.run(whole),
                                                                      path.parent / "bench-run.docx"), repeat=1)
    for mode, query in (("exact", "instructional coach"), ("lemma", "coach teacher"), ("regex", r"\bPLCs?\b"),
                        ("fuzzy", "coachng")):
        hits = bench.time(f"search_{mode}", lambda m=mode, q=query: study.search.search(q, m),
                          repeat=3 if mode in ("regex", "fuzzy") else None)
        bench.results[f"search_{mode}"]["hits"] = len(hits)
        bench.time(f"search_{mode}_first_page", lambda m=mode, q=query: study.search.find(q, m)[:50],
                   repeat=3 if mode in ("regex", "fuzzy") else None)  # what the search panel waits for

    def matrix(coder=None):  # what the heat map reads: passages, each once across coders (or one coder's)
        counts = study.runs.code_case_passages(coder)
        codes = study.codes.all()
        return len(codes), len(counts)

    bench.time("code_by_site_matrix", matrix)
    coders = study.codings.coders()
    if coders:
        bench.time("code_by_site_matrix_one_coder", lambda: matrix(coders[0]))
    memo = next((m for m in study.memos.all() if m.kind == "site"), None)
    if memo is not None:
        section = next(s for s in study.sections.all() if any(c.section_id == s.id for c in study.codes.all()))

        def memo_with_evidence():
            text = study.memos.text(memo.id)
            codes = study.codes.linked_to(section.id)
            segments = study.runs.run(RunSpec(codes=codes, descendants=True, sites=[memo.subject_id]))
            return text, segments, study.memos.completeness(memo.id)

        _text, segments, _report = bench.time("memo_open_with_evidence", memo_with_evidence)
        bench.results["memo_open_with_evidence"]["segments"] = len(segments)
        from coder.reports.memo import write_memos

        bench.time("memo_to_word", lambda: write_memos(study, [memo.id], path.parent / "bench-memo.docx"),
                   repeat=3, quotations=len(study.memos.evidence(memo.id)))
    from coder.crosssite.pattern_tables import build_table

    table = bench.time("pattern_table_sites_by_codes",
                       lambda: build_table(study, cols="codes", descendants=True), repeat=3)
    bench.results["pattern_table_sites_by_codes"]["cells"] = len(table.rows) * len(table.columns)
    from coder.compare.crosstabs import crosstab

    cross = bench.time("crosstab_codes_by_role", lambda: crosstab(study, "role", descendants=True), repeat=3)
    bench.results["crosstab_codes_by_role"]["cells"] = len(cross.rows) * len(cross.cols)
    from coder.compare.cooccurrence import cooccurrence

    pairs = bench.time("cooccurrence_all_codes_overlap", lambda: cooccurrence(study), repeat=1)
    bench.results["cooccurrence_all_codes_overlap"]["pairs_meeting"] = len(pairs.meets)
    from coder.compare.words import frequencies

    lemmas = bench.time("word_frequencies_lemmas", lambda: frequencies(study, lemma=True), repeat=3)
    bench.results["word_frequencies_lemmas"]["lemmas"] = len(lemmas)
    forms = bench.time("word_frequencies_forms", lambda: frequencies(study), repeat=3)
    bench.results["word_frequencies_forms"]["words"] = len(forms)
    from coder.compare.cells import cells_run

    busiest = sorted(cross.rows, key=lambda r: -cross.row_total(r[0]))[:2]
    chosen = [(key, col) for key, _l in busiest for col in cross.cols[:2]]
    selection = bench.time("crosstab_selection_run", lambda: study.runs.run(
        cells_run(study, cross, chosen, descendants=True).spec), repeat=3)
    bench.results["crosstab_selection_run"]["segments"] = len(selection)
    from coder.compare.espoused import espoused_enacted, fill_passages

    counted = bench.time("espoused_enacted_counts", lambda: espoused_enacted(study, passages=False), repeat=3)
    bench.results["espoused_enacted_counts"]["pairs"] = len(counted.pairs)
    busiest = max(counted.pairs, key=lambda p: p.leaders.passages + p.teachers.passages)

    def one_pair():
        busiest.filled = False
        return fill_passages(study, counted, busiest)

    bench.time("espoused_enacted_one_pair", one_pair, repeat=3,
               passages=busiest.leaders.passages + busiest.teachers.passages)
    claims = [i for i in study.cross_outline.items() if i.kind == "claim"]
    if claims:
        from coder.reports.outline import write_outline

        bench.time("outline_checks", lambda: ([study.cross_outline.check(c.id) for c in claims],
                                              study.cross_outline.uncited_sites()), repeat=3, claims=len(claims))
        bench.time("outline_to_word", lambda: write_outline(study, path.parent / "bench-outline.docx"), repeat=1,
                   quotations=study.conn.execute("SELECT count(*) FROM claim_evidence").fetchone()[0])
    measure_undo(study, bench)
    measure_autocode(study, path.parent / "bench-autocode.casecoder", bench)
    import subprocess

    # REFI-QDA exchange in a process of its own: its memory peak is reported apart (and the analysis
    # workers' peak is taken before it, since the kernel keeps one maximum over all children)
    bench.worker_peak_mb = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    # every passage of every site to Word, as `casecoder espoused --docx` does it: in a process of
    # its own (its memory is the export's, not the window's everyday peak), timed as a user waits
    bench.time("espoused_enacted_all_sites", lambda: subprocess.run(
        [sys.executable, "-m", "coder.cli", "espoused", str(path), "--docx", str(path.parent / "bench-espoused.docx")],
        capture_output=True, check=True), repeat=1, pairs=len(counted.pairs))
    done = subprocess.run([sys.executable, "-m", "benchmarks.refi_bench", str(path), str(path.parent)],
                          capture_output=True, text=True, check=True)
    refi = json.loads(done.stdout.strip().splitlines()[-1])
    bench.results["refi_export"] = {"median_ms": refi["export_ms"], "p95_ms": refi["export_ms"], "runs": 1,
                                    "codings": refi["codings"], "qdpx_mb": refi["qdpx_mb"],
                                    "peak_mb": refi["export_peak_mb"]}
    bench.results["refi_import_codable"] = {"median_ms": refi["import_ms"], "p95_ms": refi["import_ms"],
                                            "runs": 1, "codings": refi["imported_codings"], "peak_mb": refi["peak_mb"]}
    bench.results["refi_import_analysis"] = {"median_ms": refi["analysis_ms"], "p95_ms": refi["analysis_ms"],
                                             "runs": 1, "note": "after the import, as the window runs it in the "
                                                                "background"}
    done = subprocess.run([sys.executable, "-m", "benchmarks.sync_bench", str(path), str(path.parent)],
                          capture_output=True, text=True, check=True)
    sync = json.loads(done.stdout.strip().splitlines()[-1])
    bench.results["sync_export_full"] = {"median_ms": sync["export_full_ms"], "p95_ms": sync["export_full_ms"],
                                         "runs": 1, "operations": sync["full_ops"], "package_mb": sync["full_mb"]}
    bench.results["sync_import_day"] = {"median_ms": sync["import_day_ms"], "p95_ms": sync["import_day_ms"],
                                        "runs": 1, "operations": sync["day_ops"], "package_mb": sync["day_mb"],
                                        "rows": sync["day_added"]}
    bench.results["sync_import_full_held"] = {"median_ms": sync["import_full_held_ms"],
                                              "p95_ms": sync["import_full_held_ms"], "runs": 1,
                                              "new": sync["full_new"], "peak_mb": sync["peak_mb"]}
    text_bytes = study.conn.execute("SELECT sum(length(CAST(text AS BLOB))) FROM source_texts").fetchone()[0]
    study.close()
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    bench.results["file_size"] = {"study_mb": round(size / 1e6, 1), "text_mb": round(text_bytes / 1e6, 1),
                                  "ratio": round(size / text_bytes, 2)}


def measure_autocode(study, copy: Path, bench: Bench) -> None:
    """Every hit of a common word coded by its sentence as one step, and that step undone: what a
    researcher waits for after Code all… Done on a copy of the study, so the team log and the
    history of forty thousand codings and their undo do not count in the study's file size."""
    import sqlite3

    from coder.coding.autocode import autocode, plan_search

    for old in copy.parent.glob(copy.name + "*"):
        old.unlink()
    with sqlite3.connect(copy) as target:
        study.conn.backup(target)
    target.close()
    with Study.open(copy, user="bench") as other:
        plan = bench.time("autocode_plan_common_word", lambda: plan_search(other, "year", unit="sentence"), repeat=1)
        code = other.codes.add_code(path="Benchmark/Year").result
        bench.time("autocode_apply_common_word", lambda: autocode(other, plan, code, coder="bench"), repeat=1,
                   passages=len(plan.passages))
        bench.time("autocode_undo_common_word", other.undo, repeat=1, passages=len(plan.passages))
    for old in copy.parent.glob(copy.name + "*"):
        old.unlink()


def measure_undo(study: Study, bench: Bench) -> None:
    """A coding, its undo and its redo; then a day's auto-coding (2,000 passages in one step)
    undone and redone. Each of them writes the before-images of its rows into the undo history."""
    code = next(c for c in study.codes.all() if c.codable and c.parent_id)
    sources = sorted(study.sources.all(), key=lambda s: -s.chars)
    sentences = study.sources.sentences(sources[0].id)
    picks = iter(range(0, 13 * 1000, 13))

    def code_one():
        start, end = sentences[next(picks) % len(sentences)]
        return study.codings.apply_code(source_id=sources[0].id, code_id=code.id, start=start, end=end,
                                        coder="bench-undo")

    bench.time("apply_code", code_one)
    bench.time("undo_apply_code", study.undo)
    bench.time("redo_apply_code", study.redo)
    items = []
    for info in sources:
        for start, end in study.sources.sentences(info.id)[::7]:
            items.append((info.id, code.id, start, end, "bench-undo-many"))
            if len(items) == 2000:
                break
        if len(items) == 2000:
            break
    bench.time("apply_many_2000", lambda: study.codings.apply_many(items=items), repeat=1, passages=len(items))
    bench.time("undo_apply_many_2000", study.undo, repeat=1)
    bench.time("redo_apply_many_2000", study.redo, repeat=1)


def measure_window(path: Path, bench: Bench) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow
    from ui.session import StudySession

    app = QApplication.instance() or QApplication([])
    start = time.perf_counter()
    session = StudySession(Study.open(path, user="bench"))
    window = MainWindow(session, QSettings(str(path.parent / "bench.ini"), QSettings.IniFormat), restore=False)
    window.show()
    app.processEvents()
    bench.record("window_open_ready", [time.perf_counter() - start])
    study = session.study
    try:
        big = study.sources.find(BIG_SOURCE)
    except Exception:  # noqa: BLE001 - the small scale has no big transcript: use the most coded one
        big = max(study.sources.all(), key=lambda s: s.codings)
    other = next(s for s in study.sources.all() if s.id != big.id)

    def open_big():
        window.document.load(other.id)
        app.processEvents()
        start = time.perf_counter()
        window.document.load(big.id)
        app.processEvents()
        return time.perf_counter() - start

    bench.record("window_open_largest_transcript", [open_big() for _ in range(bench.repeat)],
                 words=len(window.document.text.split()), codings=len(window.document.codings))
    code = next(c for c in study.codes.all() if c.parent_id)
    sentences = study.sources.sentences(big.id)
    samples = []
    for i in range(bench.repeat):
        s, e = sentences[(i * 37) % len(sentences)]
        window.document.select_range(s, e)
        start = time.perf_counter()
        window.apply_code(code.id)
        app.processEvents()
        samples.append(time.perf_counter() - start)
    bench.record("window_apply_code_and_repaint", samples)
    measure_window_autocode(window, app, bench)
    bench.time("window_refresh_counts", lambda: (window.codebook.update_counts(big.id),
                                                 window.navigator.update_counts(), app.processEvents()))
    turn = iter(range(10**6))
    for key in ("memos", "compare", "outline", "team", "start"):
        def switch(key=key):
            """To a workspace right after a coding: what the switch costs when its view is stale."""
            window.show_workspace("code")
            s, e = sentences[(next(turn) * 53) % len(sentences)]
            window.document.select_range(s, e)
            window.apply_code(code.id)
            app.processEvents()
            start = time.perf_counter()
            window.show_workspace(key)
            app.processEvents()
            return time.perf_counter() - start

        bench.record(f"window_switch_to_{key}_after_coding", [switch() for _ in range(bench.repeat)])
    window.show_workspace("code")
    memo = next((m for m in study.memos.all() if m.kind == "site"), None)
    if memo is not None:
        window.show_view("memo")
        panel = window.memo_panel

        def open_memo():
            panel.load_memo(None)
            app.processEvents()
            start = time.perf_counter()
            panel.load_memo(memo.id)
            text = panel.editor.text()
            at = text.find("# ", 10)
            panel.editor.select(at + 2, at + 2)  # into a section: its evidence panel fills
            app.processEvents()
            return time.perf_counter() - start

        bench.record("window_open_memo_with_evidence", [open_memo() for _ in range(bench.repeat)])

        def type_word():
            """Ten keystrokes at the end of a paragraph, each laid out and spell-checked: per key."""
            from PySide6.QtTest import QTest

            edit = panel.editor.edit
            cursor = edit.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            edit.setTextCursor(cursor)
            start = time.perf_counter()
            for ch in " evidense.":
                QTest.keyClicks(edit, ch)
                app.processEvents()
            return (time.perf_counter() - start) / 10

        bench.record("window_memo_keystroke", [type_word() for _ in range(bench.repeat)],
                     memo_chars=len(panel.editor.text()))
    window.show_workspace("code")
    measure_window_density(window, app, bench)
    window.close()
    session.undo_stack.clear()
    study.close()


DENSITIES = (300, 1300, 4300)


def measure_window_density(window, app, bench: Bench) -> None:
    """Applying a code and repainting as one transcript fills up: the transcript gets overlapping
    codings of one to three sentences (random codes, three coders) until it holds 300, 1,300 and
    4,300, and at each a code is applied to 21 sentences in turn (after three untimed), timed
    from the click to the repainted transcript and margin."""
    import random

    from .generate import CODERS

    study = window.session.study
    counts = dict(study.conn.execute("SELECT source_n, count(*) FROM codings GROUP BY source_n"))
    sparse = [s for s in study.sources.all() if counts.get(study.sources.number(s.id), 0) < DENSITIES[0] - 21]
    source = max(sparse, key=lambda s: s.chars)  # the longest transcript that starts below 300
    rng = random.Random(11)
    sentences = study.sources.sentences(source.id)
    codes = [c.id for c in study.codes.all()]
    code = next(c for c in study.codes.all() if c.parent_id)
    for density in DENSITIES:
        while (have := study.conn.execute("SELECT count(*) FROM codings WHERE source_n = ?",
                                          (study.sources.number(source.id),)).fetchone()[0]) < density:
            items = []  # a passage coded twice alike is skipped: top up until the count is reached
            for n in range(density - have):
                i = rng.randrange(len(sentences))
                j = min(len(sentences) - 1, i + rng.randint(0, 2))
                items.append((source.id, rng.choice(codes), sentences[i][0], sentences[j][1], CODERS[n % 3]))
            study.codings.apply_many(items=items, label="benchmark density")
        window.document.load(None)
        window.document.load(source.id)
        app.processEvents()
        samples = []
        for i in range(24):  # the first three warm the freshly opened transcript's caches, untimed
            s, e = sentences[(i * 41 + 7) % len(sentences)]
            window.document.select_range(s, e)
            start = time.perf_counter()
            window.apply_code(code.id)
            app.processEvents()
            if i >= 3:
                samples.append(time.perf_counter() - start)
        bench.record(f"window_apply_code_at_{density}", samples, codings=len(window.document.codings),
                     words=len(window.document.text.split()))


def measure_window_autocode(window, app, bench: Bench) -> None:
    """Code all… for a common word by sentence with its transcript open, from the click on Code
    to the repainted transcript; then Ctrl+Z to the repainted transcript again. The plan is
    what the dialog's preview computed before the click."""
    from coder.coding.autocode import autocode, plan_search

    session, study = window.session, window.session.study
    plan = plan_search(study, "year", unit="sentence")
    shown = max(plan.per_source().items(), key=lambda kv: kv[1])[0]  # the transcript with most hits, open
    window.document.load(shown)
    app.processEvents()
    code = study.codes.add_code(path="Benchmark/Year in the window").result
    session.undo_stack.clear()
    bench.time("window_autocode_common_word_and_repaint",
               lambda: (session.run_op(autocode, study=study, plan=plan, code_id=code, coder="bench"),
                        app.processEvents()), repeat=1, passages=len(plan.passages),
               in_open_transcript=plan.per_source()[shown])
    bench.time("window_undo_autocode_and_repaint", lambda: (session.undo_stack.undo(), app.processEvents()),
               repeat=1, passages=len(plan.passages))
    session.apply_history(study.undo)  # the code itself
    app.processEvents()


def print_table(report: dict) -> None:
    print(f"\nCaseCoder benchmark — scale {report['scale']} — {report['machine']['cores']} cores, "
          f"{report['machine']['memory_mb']} MB")
    print(f"{'operation':<36} {'median':>12} {'p95':>12}  detail")
    for name, r in report["results"].items():
        if "median_ms" in r:
            detail = ", ".join(f"{k}={v}" for k, v in r.items() if k not in ("median_ms", "p95_ms", "runs"))
            print(f"{name:<36} {r['median_ms']:>9.1f} ms {r['p95_ms']:>9.1f} ms  {detail}")
        else:
            print(f"{name:<36} {'':>12} {'':>12}  " + ", ".join(f"{k}={v}" for k, v in r.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["small", "medium", "large"], default="small")
    parser.add_argument("--work", default="/tmp/casecoder-bench", help="where studies and files go")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", help="write the figures here (default: WORK/results-SCALE.json)")
    parser.add_argument("--no-window", action="store_true", help="skip the window measurements")
    args = parser.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("CASECODER_CONFIG_DIR", str(work / "config"))
    bench = Bench(args.repeat)
    path, facts = build(args.scale, work, bench)
    measure_core(path, bench)
    if not args.no_window:
        measure_window(path, bench)
    bench.results["peak_memory"] = {"mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    # the analysis worker processes (one per core) are separate: the largest of them
    worker_peak = getattr(bench, "worker_peak_mb", None)
    if worker_peak is None:
        worker_peak = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    bench.results["peak_memory_worker"] = {"mb": worker_peak}
    report = {"scale": args.scale, "machine": machine(), "facts": facts, "results": bench.results,
              "when": time.strftime("%Y-%m-%d %H:%M")}
    out = Path(args.json or work / f"results-{args.scale}.json")
    out.write_text(json.dumps(report, indent=2))
    print_table(report)
    print(f"\nfigures written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
