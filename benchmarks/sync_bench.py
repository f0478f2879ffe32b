"""Exchanging work between copies of the benchmark study, timed in a process of its own:
`python -m benchmarks.sync_bench STUDY WORKDIR` prints JSON.

A teammate's copy imports one new transcript, codes 500 passages one by one and renames ten codes;
the lead imports that package (the everyday exchange), then a package of the whole study, all of
which it already holds (what a repeated or full package costs)."""

from __future__ import annotations

import json
import random
import resource
import shutil
import sys
import time
from pathlib import Path


def main() -> None:
    from coder import Study
    from coder.sources.importing import import_sources, plan_import

    study_path, work = Path(sys.argv[1]), Path(sys.argv[2])
    lead, mate = work / "sync-lead.casecoder", work / "sync-mate.casecoder"
    for copy in (lead, mate):
        for leftover in work.glob(copy.name + "*"):
            leftover.unlink()
        shutil.copy(study_path, copy)
    full = work / "sync-full.ccwork"
    with Study.open(lead, user="lead") as study:
        start = time.perf_counter()
        written = study.sync.export_work(full)
        export_s = time.perf_counter() - start
        ops_held = study.conn.execute("SELECT count(*) FROM ops").fetchone()[0]
    rng = random.Random(8)
    with Study.open(mate, user="mate") as study:
        study.sync.export_work(work / "sync-before.ccwork", since_peer="lead")  # their last exchange
        biggest = max(study.sources.all(), key=lambda s: s.chars)
        new = work / "sync-new-transcript.txt"
        new.write_text(study.sources.text(biggest.id).replace("the", "a"), encoding="utf-8")
        import_sources(study, plan_import([new], {"district": "Sync district", "site": "Sync site"}))
        sources = [s for s in study.sources.all() if s.chars > 2000]
        codes = [c for c in study.codes.all() if c.codable]
        for _ in range(500):
            source = rng.choice(sources)
            start_at = rng.randrange(0, source.chars - 400)
            study.codings.apply_code(source_id=source.id, code_id=rng.choice(codes).id, start=start_at,
                                     end=start_at + rng.randrange(40, 400), coder="mate")
        for code in rng.sample(codes, 10):
            study.codes.rename_code(code_id=code.id, name=code.name + " (revised)")
        day = work / "sync-day.ccwork"
        day_written = study.sync.export_work(day, since_peer="lead")
    with Study.open(lead, user="lead") as study:
        start = time.perf_counter()
        imported = study.sync.import_work(day).result
        import_day_s = time.perf_counter() - start
        start = time.perf_counter()
        again = study.sync.import_work(full).result
        import_full_s = time.perf_counter() - start
    print(json.dumps({"export_full_ms": round(export_s * 1000, 2), "full_ops": written["operations"],
                      "ops_held": ops_held, "full_mb": round(full.stat().st_size / 1e6, 1),
                      "day_ops": day_written["operations"], "day_mb": round(day.stat().st_size / 1e6, 2),
                      "import_day_ms": round(import_day_s * 1000, 2), "day_added": imported["added"],
                      "import_full_held_ms": round(import_full_s * 1000, 2), "full_new": again["operations"],
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


if __name__ == "__main__":
    main()
