"""Importing many transcripts at once, with a metadata CSV, progress and cancellation.

The whole batch is one undoable step in one transaction. A file that fails is reported with its
reason and leaves nothing behind (a savepoint per file); cancelling leaves the study unchanged.
"""

from __future__ import annotations

import csv
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..store.changes import Changes
from ..store.errors import Cancelled, CaseCoderError, ImportFailed
from ..store.paths import split_path
from ..store.progress import CancelToken, Progress, no_progress
from .importers import FORMATS, read_document
from .sources import check_metadata, prepare_text

# bidirectional controls (the right-to-left override U+202E and its kin): in a file name they make
# "evil\u202etxt.exe" read "evilexe.txt"; a source's name is shown everywhere, so they go
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CSV_COLUMNS = ("file", "district", "site", "type", "role", "wave", "phase", "date", "interviewers")
META_KEYS = ("district", "site", "type", "role", "wave", "phase", "date", "interviewers")


@dataclass
class ImportItem:
    path: Path
    district: str | None = None
    site: str | None = None
    type: str = "interview"
    role: str | None = None
    wave: int | str | None = None
    phase: int | str | None = None
    date: str | None = None
    interviewers: list[str] | str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    name: str | None = None
    refused: str | None = None  # why this file is not imported, known before it is read


@dataclass
class ImportReport:
    imported: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    cancelled: bool = False
    changes: Changes | None = None
    seconds_codable: float = 0.0
    seconds_total: float = 0.0


def read_metadata(csv_path: str | Path) -> list[ImportItem]:
    """Rows of a metadata CSV (paths relative to the CSV); a bad row refuses the whole file."""
    csv_path = Path(csv_path)
    try:
        raw = csv_path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ImportFailed(str(csv_path), f"cannot read the metadata file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise ImportFailed(str(csv_path), "the metadata file is not UTF-8 text") from exc
    reader = csv.DictReader(raw.splitlines())
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "file" not in header:
        raise ImportFailed(str(csv_path), f"the metadata file needs a 'file' column (header: "
                                          f"{','.join(CSV_COLUMNS)})")
    reader.fieldnames = header
    items, lines, seen = [], {}, {}
    for line, row in enumerate(reader, start=2):
        file = (row.get("file") or "").strip()
        if not file:
            continue
        path = (csv_path.parent / file).resolve()
        values_of_row = {k: (v or "").strip() for k, v in row.items() if k}
        if path in lines:  # two rows for one file: which is meant cannot be guessed
            if values_of_row == seen[path]:
                continue  # the same row twice says nothing new
            raise ImportFailed(str(csv_path), f"lines {lines[path]} and {line} both describe {file} (with "
                                              "different values): keep one row per file")
        lines[path], seen[path] = line, values_of_row
        values = {k: (row.get(k) or "").strip() or None for k in META_KEYS}
        try:
            check_metadata({k: values[k] for k in ("type", "wave", "phase", "date") if values[k]})
        except CaseCoderError as exc:
            raise ImportFailed(str(csv_path), f"line {line}: {exc}") from exc
        extra = {k: (v or "").strip() for k, v in row.items()
                 if k and k not in CSV_COLUMNS and (v or "").strip()}
        items.append(ImportItem(path=path, attributes=extra,
                                **{k: v for k, v in values.items() if v is not None}))
    return items


def expand_paths(paths: list[str | Path], outside: dict[Path, str] | None = None) -> list[Path]:
    """Files as given, folders expanded (recursively) to the files CaseCoder reads. A symbolic
    link in a folder that leads out of it is not followed (a `.txt` link to a system file would
    import that file): it is put in `outside`, with the reason, for the report."""
    out = []
    for path in map(Path, paths):
        if path.is_dir():
            root = path.resolve()
            for p in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS):
                target = p.resolve()
                if target != root and root not in target.parents:
                    if outside is not None:
                        outside[p] = (f"a symbolic link to {target}, outside the folder {path}: not followed "
                                      "(copy the file into the folder to import it)")
                    continue
                out.append(p)
        else:
            out.append(path)
    return out


def plan_import(paths: list[str | Path], defaults: dict | None = None,
                metadata: str | Path | None = None) -> list[ImportItem]:
    """One ImportItem per file: CSV values override `defaults` (the command-line flags)."""
    defaults = {k: v for k, v in (defaults or {}).items() if v not in (None, "")}
    rows = {item.path: item for item in read_metadata(metadata)} if metadata else {}
    outside: dict[Path, str] = {}
    files = expand_paths(paths, outside) if paths else list(rows)
    items = [ImportItem(path=path, refused=reason) for path, reason in outside.items()]
    for path in files:
        row = rows.get(Path(path).resolve())
        merged = {**defaults}
        if row:
            merged.update({k: getattr(row, k) for k in META_KEYS if getattr(row, k) not in (None, "")})
        items.append(ImportItem(path=Path(path), attributes=row.attributes if row else {}, **merged))
    return items


def import_sources(study, items: list[ImportItem], progress: Progress = no_progress,
                   cancel: CancelToken | None = None, analyse_now: bool = True) -> ImportReport:
    """Import every item as one step. The sources are codable when that step commits; with
    `analyse_now` (the default) this returns only after sentences, lemmas and the lemma index
    are committed too, else coder.analysis completes them later (the window does that in the
    background)."""
    report = ImportReport()
    started = time.perf_counter()
    total = len(items)
    try:
        with study.operation("import", f"Import {total} source{'s' if total != 1 else ''}") as rec:
            for done, item in enumerate(items):
                if cancel:
                    cancel.check()
                progress(done, total, str(item.path))
                try:
                    _import_one(study, item, report)
                except Cancelled:
                    raise
                except ImportFailed as exc:
                    report.failed.append({"file": str(item.path), "reason": exc.reason})
                except CaseCoderError as exc:
                    report.failed.append({"file": str(item.path), "reason": str(exc)})
                except Exception as exc:  # noqa: BLE001 - one bad file never stops the batch
                    report.failed.append({"file": str(item.path), "reason": f"unexpected error: {exc!r}"})
            progress(total, total, "")
            done_count = len(report.imported)  # the step is named for what came in, not what was asked
            rec.label = f"Import {done_count} source{'s' if done_count != 1 else ''}"
            rec.touch("sources", *[i["id"] for i in report.imported])
            rec.touch("cases")
            rec.touch("speakers")
            rec.result = [i["id"] for i in report.imported]
        report.changes = study.changes_of(rec)
    except Cancelled:
        report.imported, report.failed, report.cancelled = [], [], True
        return report
    report.seconds_codable = time.perf_counter() - started
    if analyse_now and report.imported:
        from .analysis import analyse_pending

        analyse_pending(study.path, progress, cancel)
    report.seconds_total = time.perf_counter() - started
    return report


def _import_one(study, item: ImportItem, report: ImportReport) -> None:
    if item.refused:
        raise ImportFailed(str(item.path), item.refused)
    doc = read_document(item.path)
    prepared = prepare_text(doc.text, doc.turns, (item.type or "interview").strip().lower(), analyse_now=False,
                            structure=doc.structure)
    warnings = list(doc.warnings)
    name = item.name or item.path.stem
    if BIDI_CONTROLS.search(name):
        name = BIDI_CONTROLS.sub("", name)
        warnings.append(f"direction-control characters removed from the source's name: {name!r}")
    if item.site and len(split_path(item.site)) > 1:
        *groups, site = split_path(item.site)
        warnings.append(f"site {item.site!r} read as the site {site!r} inside the group {' / '.join(groups)!r} "
                        "('/' separates groups; write '\\/' for a slash in a name)")
    with study.db.atomic():  # a savepoint: a failure here leaves nothing of this file
        case_id = study.cases.ensure(item.district, item.site)
        changes = study.sources.add_source(
            name=name, prepared=prepared, case_id=case_id, type=item.type or "interview",
            role=item.role, wave=item.wave, phase=item.phase, date=item.date, interviewers=item.interviewers,
            format=doc.format, original_file=BIDI_CONTROLS.sub("", item.path.name), attributes=item.attributes)
    report.imported.append({"file": str(item.path), "id": changes.result, "warnings": warnings})
