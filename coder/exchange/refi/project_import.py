"""A REFI-QDA project (.qdpx) imported as a new study.

The project is read whole first (coder.refi.project_read); then a new study is written beside the
chosen name in one transaction and renamed into place only when complete, so a failure or a kill
leaves no study at all, never half of one. GUIDs stay the identities of codes, cases, sources and
codings. As after any import, the texts are codable at once and their sentences and lemmas are
analysed afterwards: in the background once the window opens the study, or by the first command
that needs them (coder.sources.analysis), so nobody waits for it here. The report says what came
in, what did not and why, and which position convention the archive was read with.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ...store.errors import ImportFailed
from ...store.progress import CancelToken, Progress, no_progress
from . import qde
from .archive import RefiArchive
from .project_read import stream_project

VALIDATE_BYTES = 32 * 1024 * 1024  # projects up to this size are validated against the schema (as a tree)


@dataclass
class RefiReport:
    archive: str
    origin: str = ""
    project: str = ""
    positions: dict = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)
    not_imported: list[dict] = field(default_factory=list)
    rejected_selections: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    study: str = ""

    def as_dict(self) -> dict:
        counts = {k: self.counts.get(k, 0) for k in ("users", "codes", "sources", "codings", "cases", "variables",
                                                      "memos", "sets")}
        return {"archive": self.archive, "study": self.study, "project": self.project, "origin": self.origin,
                "positions": self.positions, "counts": counts, "not_imported": self.not_imported,
                "rejected_selections": self.rejected_selections, "warnings": self.warnings}


def import_project(archive: str | Path, study_path: str | Path, media_dir: str | Path | None = None,
                   user: str | None = None, progress: Progress = no_progress,
                   token: CancelToken | None = None) -> RefiReport:
    """Create the study at `study_path` (it must not exist) from the archive; the report."""
    from ...study import Study
    from .project_write import write_project

    archive, study_path = Path(archive), Path(study_path)
    if study_path.exists():
        raise ImportFailed(str(study_path), "a file of that name already exists; a project is imported as a new study")
    report = RefiReport(archive=str(archive), study=str(study_path))
    progress(0, 2, "reading the archive")
    arc = RefiArchive(archive, Path(media_dir) if media_dir else None)
    try:
        name = arc.project_name()
        data = arc.member(name)
        if len(data) <= VALIDATE_BYTES:  # the tree of a big project would weigh gigabytes: stream it
            root = qde.parse(data, name, arc.path)
            if qde.local(root) != "Project":
                raise ImportFailed(str(archive), f"{name} is not a REFI-QDA project (its root is "
                                                 f"<{qde.local(root)}>)")
            report.warnings += qde.schema_warnings(root, "project")
            root = None
        else:
            report.warnings.append(f"{name} is {len(data) / 1e6:.0f} MB: read as a stream, without schema "
                                   "validation")
        project = stream_project(data, arc, name)
        data = None
        if arc.unsafe:
            report.warnings.append(f"{len(arc.unsafe)} archive entries with unsafe names were ignored "
                                   f"({', '.join(arc.unsafe[:3])})")
    finally:
        arc.close()
    if token is not None:
        token.check()
    report.origin, report.project = project.origin, project.name
    report.not_imported += project.not_imported
    report.warnings += project.warnings
    partial = study_path.with_name(study_path.name + ".partial")
    _remove(partial)
    progress(1, 2, "writing the study")
    try:
        with Study.create(partial, user=user) as study:
            write_project(study, project, report, token)
            study.history.clear()
        os.replace(partial, study_path)
    except BaseException:
        _remove(partial)
        raise
    _remove(partial)  # the lock file the partial study had
    progress(2, 2, "")
    return report


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)
