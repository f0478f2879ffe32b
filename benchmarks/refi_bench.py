"""REFI-QDA export and import of the benchmark study, timed in a process of their own so that
their memory peak is measured apart from the app's everyday operations:
`python -m benchmarks.refi_bench STUDY WORKDIR` prints JSON."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main() -> None:
    from coder import Study
    from coder.exchange.refi.project_export import export_project
    from coder.exchange.refi.project_import import import_project
    from coder.sources.analysis import analyse_pending

    study_path, work = Path(sys.argv[1]), Path(sys.argv[2])
    qdpx = work / "bench.qdpx"
    with Study.open(study_path, user="bench", read_only=True) as study:  # the benchmark holds it
        start = time.perf_counter()
        written = export_project(study, qdpx)
        export_s = time.perf_counter() - start
    export_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    target = work / "bench-refi.casecoder"
    for leftover in work.glob(target.name + "*"):
        leftover.unlink()
    start = time.perf_counter()
    report = import_project(qdpx, target)
    import_s = time.perf_counter() - start
    start = time.perf_counter()
    analyse_pending(target)  # what the window then does in the background
    analysis_s = time.perf_counter() - start
    print(json.dumps({"export_ms": round(export_s * 1000, 2), "import_ms": round(import_s * 1000, 2),
                      "analysis_ms": round(analysis_s * 1000, 2),
                      "codings": written["codings"], "imported_codings": report.counts["codings"],
                      "export_peak_mb": export_peak,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      "qdpx_mb": round(qdpx.stat().st_size / 1e6, 1)}))


if __name__ == "__main__":
    main()
