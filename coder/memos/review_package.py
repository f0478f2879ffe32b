"""Review packages: a memo travelling between the two laptops of a site-visitor pair.

"Send for review" writes one file (a zip holding package.json, format described in
docs/REVIEW_PACKAGE_FORMAT.md): the memo, every version, comments, evidence links, status
history, section marks, the change-log entries about it, and the text of every cited passage
with a hash of its source's text; sent by its drafter, a drafting memo moves to in-review.
"Open review package" merges it into the partner's copy of the study by UUID, in one undoable
step: versions are immutable, so merging only adds; when both sides wrote on the same version
the memo has two heads and shows as diverged until someone reconciles it. Sources are matched by
UUID, or by the hash of their text when the partner imported them separately. A package from
another study, a damaged one, or one citing sources this copy lacks is refused with a message
and changes nothing.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from ..sources.anchoring import PositionMap, relocate
from ..sources.importers.zipped import open_zip, read_member
from ..store.changes import Changes
from ..store.clock import now
from ..store.errors import ConflictError, ImportFailed, NotFoundError, WriteFailed
from ..store.files import save_atomically
from ..store.text import pack_text, text_hash, unpack_text

FORMAT = "casecoder-review-package"
VERSION = 1
MEMBER = "package.json"
KIND = "CaseCoder review package"

MEMO_COLS = ("id", "kind", "subject_id", "title", "status", "drafter", "created_at", "created_by",
             "modified_at", "modified_by")
VERSION_COLS = ("id", "parent_id", "other_parent_id", "author", "at", "text")
EVIDENCE_COLS = ("id", "source_id", "coding_id", "start", "end", "quote", "section", "created_at", "created_by",
                 "modified_at", "modified_by")
COMMENT_COLS = ("id", "parent_id", "author", "kind", "start", "end", "quote", "text", "state", "created_at",
                "created_by", "modified_at", "modified_by")


def _rows(conn, table: str, cols: tuple[str, ...], memo_id: str) -> list[dict]:
    rows = conn.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE memo_id = ? ORDER BY rowid", (memo_id,))
    return [dict(zip(cols, r, strict=True)) for r in rows]


def build_package(study, memo_id: str) -> dict:
    """Everything the partner needs to review the memo, as one JSON-ready object."""
    conn = study.conn
    memo = dict(zip(MEMO_COLS, conn.execute(f"SELECT {', '.join(MEMO_COLS)} FROM memos WHERE id = ?",
                                            (memo_id,)).fetchone() or (), strict=False))
    if not memo:
        raise NotFoundError(f"no memo with id {memo_id}")
    evidence = _rows(conn, "memo_evidence", EVIDENCE_COLS, memo_id)
    sources = []
    for source_id in sorted({e["source_id"] for e in evidence}):
        text = study.sources.text(source_id)
        sources.append({"id": source_id, "name": study.sources.get(source_id).name, "sha256": text_hash(text),
                        "passages": [{"start": e["start"], "end": e["end"], "text": text[e["start"]:e["end"]]}
                                     for e in evidence if e["source_id"] == source_id]})
    ids = {memo_id} | {r["id"] for r in _rows(conn, "memo_versions", ("id",), memo_id)}
    log = [{"op": op, "label": label, "entities": json.loads(entities), "author": author, "at": at}
           for op, label, entities, author, at in conn.execute(
               "SELECT op, label, entities, author, at FROM changelog WHERE entities LIKE ? ORDER BY seq",
               (f'%"{memo_id}"%',))]
    return {"format": FORMAT, "version": VERSION, "study_id": study.study_id, "sent_by": study.user,
            "sent_at": now(), "memo": memo, "subject_name": study.memos.subject_name(study.memos.get(memo_id)),
            "reviewers": [r[0] for r in conn.execute("SELECT person FROM memo_reviewers WHERE memo_id = ?",
                                                     (memo_id,))],
            "versions": [{**v, "text": unpack_text(v["text"])}
                         for v in _rows(conn, "memo_versions", VERSION_COLS, memo_id)],
            "status_log": _rows(conn, "memo_status_log", ("id", "status", "by", "at"), memo_id),
            "section_marks": _rows(conn, "memo_section_marks", ("section", "mark", "by", "at"), memo_id),
            "evidence": evidence, "comments": _rows(conn, "memo_comments", COMMENT_COLS, memo_id),
            "sources": sources, "log": [entry for entry in log if ids & set(entry["entities"])]}


def send_package(study, memo_id: str, out: str | Path) -> Path:
    """Write the review package for a memo; the file is written whole or not at all."""
    data = json.dumps(build_package(study, memo_id), ensure_ascii=False, indent=1).encode("utf-8")

    def write(path: str) -> None:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MEMBER, data)

    return save_atomically(out, write)


def send_for_review(study, *, memo_id: str, out: str | Path, by: str | None = None,
                    keep_status: bool = False) -> Changes:
    """Send a memo to the partner: write its review package and, when the sender is not one of
    its reviewers and it is drafting or revising, move it to in-review first, so the package
    carries the status the partner reviews under. Sending is the request for review, so it is
    not asked each time; a reviewer sending the memo back leaves the status they set, and
    `keep_status` leaves it alone. One step: undo puts the status back (the file stays)."""
    info = study.memos.get(memo_id)
    by = (by or study.user).strip()
    reviewers = {r.lower() for r in info.reviewers}
    move = not keep_status and info.status in ("drafting", "revising") and by.lower() not in reviewers
    with study.operation("send_for_review", f"Send {info.title} for review") as rec:
        if move:
            study.memos.set_status(memo_id=memo_id, status="in-review", by=by)  # joins this step
        try:
            path = send_package(study, memo_id, out)
        except OSError as exc:
            raise WriteFailed(f"{out}: the review package could not be written ({exc.strerror or exc}); "
                              "nothing was changed") from exc
        rec.result = str(path)
        rec.extra["status"] = study.memos.get(memo_id).status
        rec.extra["status_changed"] = move
    return study.changes_of(rec)


def read_package(path: str | Path) -> dict:
    """The package's contents, checked; anything wrong is refused naming the file."""
    path = Path(path)
    archive = open_zip(path, KIND)
    with archive:
        raw = read_member(path, archive, MEMBER, KIND)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(str(path), f"damaged review package ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFailed(str(path), "not a CaseCoder review package")
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise ImportFailed(str(path), f"written by a newer CaseCoder (package version {data.get('version')!r}); "
                                      "update CaseCoder to open it")
    for key, kind in (("memo", dict), ("versions", list), ("comments", list), ("evidence", list),
                      ("sources", list), ("status_log", list), ("section_marks", list), ("reviewers", list)):
        if not isinstance(data.get(key), kind):
            raise ImportFailed(str(path), f"damaged review package (no valid {key!r})")
    missing = [c for c in MEMO_COLS if c not in data["memo"]]
    if missing:
        raise ImportFailed(str(path), f"damaged review package (memo lacks {', '.join(missing)})")
    problem = _shape_problem(data)
    if problem:
        raise ImportFailed(str(path), f"damaged review package ({problem})")
    return data


TEXT, MAYBE, COUNT = (str,), (str, type(None)), (int,)
SHAPES = {  # what each row of a package must hold: the columns CaseCoder writes and their types
    "memo": {**{c: TEXT for c in MEMO_COLS}, "subject_id": MAYBE},
    "versions": {"id": TEXT, "parent_id": MAYBE, "other_parent_id": MAYBE, "author": TEXT, "at": TEXT, "text": TEXT},
    "evidence": {**{c: TEXT for c in EVIDENCE_COLS}, "coding_id": MAYBE, "start": COUNT, "end": COUNT},
    "comments": {**{c: TEXT for c in COMMENT_COLS}, "parent_id": MAYBE, "start": COUNT, "end": COUNT},
    "sources": {"id": TEXT, "sha256": TEXT},
    "status_log": {"id": TEXT, "status": TEXT, "by": TEXT, "at": TEXT},
    "section_marks": {"section": TEXT, "mark": TEXT, "by": TEXT, "at": TEXT},
}
CHOICES = {("memo", "kind"): ("site", "district", "code", "free"),
           ("memo", "status"): ("drafting", "in-review", "revising", "corroborated"),
           ("status_log", "status"): ("drafting", "in-review", "revising", "corroborated"),
           ("comments", "kind"): ("question", "correction", "elaboration", "corroboration", "reply"),
           ("comments", "state"): ("open", "accepted", "resolved"), ("section_marks", "mark"): ("corroborated",)}


def _shape_problem(data: dict) -> str | None:
    """Why the package's rows are not what CaseCoder writes: a field missing or of another type,
    a number out of range, a value outside its choices; None when they are."""
    if not isinstance(data.get("study_id"), str):
        return "it does not say which study it belongs to (no study_id)"
    if not all(isinstance(r, str) for r in data["reviewers"]):
        return "a reviewer that is not a name"
    for part, shape in SHAPES.items():
        for row in [data[part]] if part == "memo" else data[part]:
            if not isinstance(row, dict):
                return f"an entry of {part!r} that is not an object"
            for column, kinds in shape.items():
                value = row.get(column)
                if column not in row or isinstance(value, bool) or not isinstance(value, kinds):
                    return f"{part}: {column} missing or of the wrong type"
                if kinds is COUNT and not 0 <= value < 2 ** 31:
                    return f"{part}: {column} {value} out of range"
                if (part, column) in CHOICES and value not in CHOICES[(part, column)]:
                    return f"{part}: {column} {str(value)[:40]!r} is not one of {', '.join(CHOICES[(part, column)])}"
            if "start" in shape and row["start"] > row["end"]:
                return f"{part}: a range that ends before it starts"
    if not data["versions"]:
        return "the memo has no version"
    return None


def open_package(study, path: str | Path) -> dict:
    """Merge a review package into this study as one step; return what was added, changed and
    whether the memo diverged (with the step's Changes under "changes", for the window's undo)."""
    path = Path(path)
    data = read_package(path)
    if data["study_id"] != study.study_id:
        raise ConflictError(f"{path}: this review package is from another study")
    memo = data["memo"]
    _check_subject(study, memo, data.get("subject_name", ""), path)
    source_map = _match_sources(study, data["sources"], path)
    conn = study.conn
    report = {"memo": memo["id"], "title": memo["title"], "created": False, "versions_added": [],
              "comments_added": 0, "comments_updated": 0, "evidence_added": 0}
    try:
        with study.operation("open_review_package", f"Open review package for {memo['title']}") as rec:
            local = conn.execute("SELECT modified_at FROM memos WHERE id = ?", (memo["id"],)).fetchone()
            if local is None:
                study.db["memos"].insert({c: memo[c] for c in MEMO_COLS})
                report["created"] = True
            elif memo["modified_at"] > local[0]:
                study.db["memos"].update(memo["id"], {c: memo[c] for c in ("title", "drafter", "modified_at",
                                                                          "modified_by")})
            if report["created"] or (local and memo["modified_at"] > local[0]):
                conn.execute("DELETE FROM memo_reviewers WHERE memo_id = ?", (memo["id"],))
                conn.executemany("INSERT INTO memo_reviewers (memo_id, person) VALUES (?, ?)",
                                 [(memo["id"], p) for p in data["reviewers"]])
            report["versions_added"] = _merge_versions(conn, memo["id"], data["versions"])
            _merge_status(conn, memo["id"], data["status_log"])
            _merge_marks(conn, memo["id"], data["section_marks"])
            report["evidence_added"] = _merge_evidence(study, memo["id"], data["evidence"], source_map)
            report["comments_added"], report["comments_updated"] = _merge_comments(
                study, memo["id"], data["comments"], _newest_head(data["versions"]))
            _merge_log(conn, data.get("log", []))
            rec.touch("memos", memo["id"], *report["versions_added"])
            rec.result = memo["id"]
    except (KeyError, TypeError, ValueError) as exc:
        raise ImportFailed(str(path), f"damaged review package ({exc!r})") from exc
    heads = study.memos.heads(memo["id"])
    report.update(status=study.memos.get(memo["id"]).status, heads=[h.id for h in heads], diverged=len(heads) > 1,
                  changes=study.changes_of(rec))
    return report


def _check_subject(study, memo: dict, subject_name: str, path: Path) -> None:
    if memo["kind"] not in ("site", "district", "code") or not memo["subject_id"]:
        return
    table = "codes" if memo["kind"] == "code" else "cases"
    if not study.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (memo["subject_id"],)).fetchone():
        raise ConflictError(f"{path}: the memo is about {subject_name or memo['subject_id']}, which this copy of "
                            "the study does not have")


def _match_sources(study, sources: list[dict], path: Path) -> dict[str, str]:
    """Package source id -> local source id, by UUID when the text agrees, else by text hash."""
    by_hash: dict[str, str] | None = None
    out, missing = {}, []
    for source in sources:
        if study.sources.exists(source["id"]) and text_hash(study.sources.text(source["id"])) == source["sha256"]:
            out[source["id"]] = source["id"]
            continue
        if by_hash is None:
            by_hash = {text_hash(t): sid for sid, t in study.conn.execute("SELECT source_id, text FROM source_texts")}
        if source["sha256"] in by_hash:
            out[source["id"]] = by_hash[source["sha256"]]
        else:
            missing.append(source.get("name") or source["id"])
    if missing:
        raise ConflictError(f"{path}: the memo cites sources this copy of the study lacks or has with other "
                            f"text: {', '.join(sorted(missing))}")
    return out


def _merge_versions(conn, memo_id: str, versions: list[dict]) -> list[str]:
    added = []
    known = {r[0] for r in conn.execute("SELECT id FROM memo_versions WHERE memo_id = ?", (memo_id,))}
    pending = [v for v in versions if v["id"] not in known]
    while pending:  # parents before children, whatever order the package lists them in
        ready = [v for v in pending if all(p is None or p in known for p in (v["parent_id"], v["other_parent_id"]))]
        if not ready:
            raise ValueError("versions whose parents are missing")
        for v in ready:
            conn.execute("INSERT INTO memo_versions (id, memo_id, parent_id, other_parent_id, author, at, text) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", (v["id"], memo_id, v["parent_id"], v["other_parent_id"],
                                                          v["author"], v["at"], pack_text(v["text"])))
            known.add(v["id"])
            added.append(v["id"])
        pending = [v for v in pending if v["id"] not in known]
    return added


def _merge_status(conn, memo_id: str, log: list[dict]) -> None:
    for entry in log:
        conn.execute("INSERT OR IGNORE INTO memo_status_log (id, memo_id, status, by, at) VALUES (?, ?, ?, ?, ?)",
                     (entry["id"], memo_id, entry["status"], entry["by"], entry["at"]))
    last = conn.execute("SELECT status, by, at FROM memo_status_log WHERE memo_id = ? ORDER BY at DESC, rowid DESC "
                        "LIMIT 1", (memo_id,)).fetchone()
    if last:
        conn.execute("UPDATE memos SET status = ? WHERE id = ? AND status != ?", (last[0], memo_id, last[0]))


def _merge_marks(conn, memo_id: str, marks: list[dict]) -> None:
    for mark in marks:
        row = conn.execute("SELECT at FROM memo_section_marks WHERE memo_id = ? AND section = ?",
                           (memo_id, mark["section"])).fetchone()
        if row is None or mark["at"] > row[0]:
            conn.execute("INSERT INTO memo_section_marks (memo_id, section, mark, by, at) VALUES (?, ?, ?, ?, ?) "
                         "ON CONFLICT (memo_id, section) DO UPDATE SET mark = excluded.mark, by = excluded.by, "
                         "at = excluded.at", (memo_id, mark["section"], mark["mark"], mark["by"], mark["at"]))


def _merge_evidence(study, memo_id: str, evidence: list[dict], source_map: dict[str, str]) -> int:
    added = 0
    for e in evidence:
        if study.conn.execute("SELECT 1 FROM memo_evidence WHERE id = ?", (e["id"],)).fetchone():
            continue
        coding = e["coding_id"] if e["coding_id"] and study.conn.execute(
            "SELECT 1 FROM codings WHERE id = ?", (e["coding_id"],)).fetchone() else None
        study.db["memo_evidence"].insert({**{c: e[c] for c in EVIDENCE_COLS}, "memo_id": memo_id,
                                          "source_id": source_map[e["source_id"]], "coding_id": coding})
        added += 1
    return added


def _merge_comments(study, memo_id: str, comments: list[dict], theirs: str) -> tuple[int, int]:
    """New comments are added (parents first); a comment both sides have takes the newer state.
    A comment on words this copy's text lacks (the memo diverged) is kept where those words
    stand in the partner's text (`theirs`), collapsed, so reconciling can put it back on them."""
    conn = study.conn
    added = updated = 0
    text = study.memos.text(memo_id)
    mapping = None
    for c in sorted(comments, key=lambda c: (c["parent_id"] is not None, c["created_at"])):
        row = conn.execute("SELECT modified_at FROM memo_comments WHERE id = ?", (c["id"],)).fetchone()
        if row is None:
            start, end = c["start"], c["end"]
            if text[start:end] != c["quote"]:  # the partner's text differs here: find the words
                spot = relocate(c["quote"], text, min(start, len(text))) if c["quote"] else None
                if spot is None:
                    mapping = mapping or PositionMap(theirs, text)
                    at = mapping.map(start, "start")[0] if theirs[start:end] == c["quote"] else min(start, len(text))
                    spot = (at, at)
                start, end = spot
            study.db["memo_comments"].insert({**{k: c[k] for k in COMMENT_COLS}, "memo_id": memo_id,
                                              "start": start, "end": end})
            added += 1
        elif c["modified_at"] > row[0]:
            conn.execute("UPDATE memo_comments SET state = ?, text = ?, modified_at = ?, modified_by = ? "
                         "WHERE id = ?", (c["state"], c["text"], c["modified_at"], c["modified_by"], c["id"]))
            updated += 1
    return added, updated


def _newest_head(versions: list[dict]) -> str:
    """The text the sender saw: the newest of the package's versions no other builds on."""
    parents = {v[k] for v in versions for k in ("parent_id", "other_parent_id") if v[k]}
    heads = [v for v in versions if v["id"] not in parents]
    return max(heads, key=lambda v: v["at"])["text"] if heads else ""


def _merge_log(conn, log: list[dict]) -> None:
    """The partner's change-log entries about the memo join this copy's log (once)."""
    for entry in log:
        entities = json.dumps(entry["entities"])
        if not conn.execute("SELECT 1 FROM changelog WHERE op = ? AND label = ? AND author = ? AND at = ? "
                            "AND entities = ?", (entry["op"], entry["label"], entry["author"], entry["at"],
                                                 entities)).fetchone():
            conn.execute("INSERT INTO changelog (op, label, entities, author, at) VALUES (?, ?, ?, ?, ?)",
                         (entry["op"], entry["label"], entities, entry["author"], entry["at"]))
