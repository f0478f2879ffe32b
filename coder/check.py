"""Is this study whole? SQLite's own checks, then the study's: every coding inside its source's
text and pointing at a live code, every evidence link resolvable, every memo version readable,
and the derived data (per-site counts, the search indexes, text lengths) agreeing with what
they are derived from. What is derived can be rebuilt (`repair`); what is not is reported, by
name, for the user to decide — never silently changed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass

from .store.errors import Cancelled
from .store.progress import CancelToken, Progress, no_progress
from .store.text import unpack_text

LIMIT = 50  # problems listed per kind; the count says how many there are


@dataclass(frozen=True)
class Problem:
    kind: str
    count: int
    examples: tuple[str, ...]
    repairable: bool


def check_study(conn: sqlite3.Connection, repair: bool = False, *, progress: Progress = no_progress,
                cancel: CancelToken | None = None) -> dict:
    """{ok, problems: [...], repaired: [...], awaiting_analysis: [source names]}; with `repair`,
    the analysis an interrupted import left is completed and derived data rebuilt first (one
    transaction). `progress(done, total, what)` is told before each check; `cancel` stops between
    checks (a repair already made stays made: it is whole)."""
    repaired = (_finish_analysis(conn) + _backup_before_schema_repair(conn) + _repair(conn)) if repair else []
    problems = []
    for done, check in enumerate(CHECKS):
        if cancel is not None and cancel.cancelled:
            raise Cancelled("the check was cancelled" + (f" after the repair ({'; '.join(repaired)})" if repaired
                                                         else "; nothing was changed"))
        progress(done, len(CHECKS), NAMES.get(check.__name__, ""))
        problem = check(conn)
        if problem is not None:
            problems.append(problem)
    progress(len(CHECKS), len(CHECKS), "")
    from .sources.analysis import waiting_sources

    # not damage, but results that leave these sources out until it is done (an import killed in
    # its analysis phase; the window, any reading that needs it, and --repair complete it)
    return {"ok": not problems, "problems": [asdict(p) for p in problems], "repaired": repaired,
            "awaiting_analysis": waiting_sources(conn)}


def _found(kind: str, rows: list, describe, repairable: bool = False) -> Problem | None:
    if not rows:
        return None
    return Problem(kind, len(rows), tuple(describe(r) for r in rows[:LIMIT]), repairable)


def _name(conn, table: str, column: str, key) -> str:
    """What a problem's row is called, for the report (its key where the row is gone)."""
    if not key:
        return "(no site)"
    row = conn.execute(f"SELECT name FROM {table} WHERE {column} = ?", (key,)).fetchone()
    return repr(row[0]) if row else f"{table[:-1]} {key}"


def _integrity(conn):
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return None if rows == ["ok"] else Problem("file damaged (SQLite integrity check)", len(rows),
                                                tuple(rows[:LIMIT]), False)


def _schema(conn):
    from .store.check_schema import compare_schema, describe

    found = compare_schema(conn)
    if found is None:
        return None
    said, repairable = describe(found)
    return Problem("the schema differs from CaseCoder's (tables, indexes, triggers, views)", len(said),
                   tuple(said[:LIMIT]), repairable)


def _foreign_keys(conn):
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    return _found("rows referring to rows that do not exist", rows, lambda r: f"{r[0]} row {r[1]} -> {r[2]}")


def _trees(conn):
    """Parent links that loop (a code its own parent, two sites each under the other): such rows
    are shown at the top of their tree until someone moves them."""
    from .store.trees import TREE_TABLES, loops

    rows = []
    for table in TREE_TABLES:
        parents = dict(conn.execute(f"SELECT id, parent_id FROM {table}").fetchall())
        rows += [(table, ring) for ring in loops(parents)]
    return _found("trees whose parents loop (move one of the rows elsewhere)", rows,
                  lambda r: f"{r[0]}: " + " -> ".join(_name(conn, r[0], "id", i) for i in (*r[1], r[1][0])))


def _codings_in_text(conn):
    # against the recorded length (checked against the text itself once per source, below)
    rows = conn.execute(
        "SELECT c.id, s.name, c.start, c.end, s.chars FROM codings c JOIN sources s ON s.n = c.source_n "
        "WHERE c.detached = 0 AND (c.start < 0 OR c.end > s.chars OR c.start > c.end)").fetchall()
    return _found("codings outside their source's text", rows,
                  lambda r: f"coding {r[0]} in {r[1]}: [{r[2]}, {r[3]}) of {r[4]} characters")


def _codings_live(conn):
    rows = conn.execute(
        "SELECT c.id FROM codings c LEFT JOIN sources s ON s.n = c.source_n LEFT JOIN codes k ON k.n = c.code_n "
        "WHERE s.id IS NULL OR k.id IS NULL").fetchall()
    return _found("codings whose source or code is gone", rows, lambda r: f"coding {r[0]}")


def _texts(conn):
    rows = conn.execute("SELECT s.name FROM sources s LEFT JOIN source_texts t ON t.source_id = s.id "
                        "WHERE t.source_id IS NULL").fetchall()
    return _found("sources without their text", rows, lambda r: r[0])


def _lengths(conn):
    rows = conn.execute("SELECT s.name, s.chars, length(t.text) FROM sources s JOIN source_texts t "
                        "ON t.source_id = s.id WHERE s.chars != length(t.text)").fetchall()
    return _found("sources whose recorded length is not their text's", rows,
                  lambda r: f"{r[0]}: {r[1]} recorded, {r[2]} in the text", repairable=True)


def _turns(conn):
    rows = conn.execute("SELECT s.name, u.start, u.end FROM turns u JOIN sources s ON s.id = u.source_id "
                        "WHERE u.start < 0 OR u.end > s.chars OR u.start > u.end").fetchall()
    return _found("speaker turns outside their text", rows, lambda r: f"{r[0]}: [{r[1]}, {r[2]})")


def _evidence(conn):
    rows = []
    for table, what in (("memo_evidence", "memo quotation"), ("claim_evidence", "claim evidence"),
                        ("pattern_quotes", "pinned quotation")):
        rows += [(what, *r) for r in conn.execute(
            f"SELECT e.id, e.source_id, e.start, e.end FROM {table} e LEFT JOIN sources s "
            "ON s.id = e.source_id WHERE s.id IS NULL OR e.start < 0 OR e.end > s.chars "
            "OR e.start > e.end").fetchall()]
    return _found("evidence links that do not resolve to a passage", rows,
                  lambda r: f"{r[0]} {r[1]}: source {r[2]} [{r[3]}, {r[4]})")


def _memo_versions(conn):
    bad = []
    for version_id, text in conn.execute("SELECT id, text FROM memo_versions"):
        try:
            unpack_text(text)
        except Exception:  # noqa: BLE001 - any decoding failure is the finding
            bad.append((version_id,))
    bad += conn.execute("SELECT m.title FROM memos m WHERE NOT EXISTS "
                        "(SELECT 1 FROM memo_versions v WHERE v.memo_id = m.id)").fetchall()
    return _found("memo versions that cannot be read, or memos without one", bad, lambda r: str(r[0]))


def _counts(conn):
    """The per-site counts against the codings, counted once in one grouped pass (a subquery per
    count row took 18 s over a thousand transcripts' quarter of a million codings; this, under one)."""
    want = ("SELECT c.code_n, ifnull(s.case_id, '') AS case_key, c.coder, count(*) AS n FROM codings c "
            "JOIN sources s ON s.n = c.source_n WHERE c.detached = 0 GROUP BY c.code_n, case_key, c.coder")
    rows = conn.execute(
        f"WITH want AS ({want}) "
        "SELECT k.code_n, k.case_key, k.coder, k.n, ifnull(w.n, 0) FROM code_case_counts k LEFT JOIN want w "
        "ON w.code_n = k.code_n AND w.case_key = k.case_key AND w.coder = k.coder WHERE k.n != ifnull(w.n, 0) "
        "UNION ALL SELECT w.code_n, w.case_key, w.coder, 0, w.n FROM want w WHERE NOT EXISTS (SELECT 1 FROM "
        "code_case_counts k WHERE k.code_n = w.code_n AND k.case_key = w.case_key AND k.coder = w.coder)"
    ).fetchall()
    return _found("per-site coding counts that disagree with the codings", rows,
                  lambda r: f"{_name(conn, 'codes', 'n', r[0])} at {_name(conn, 'cases', 'id', r[1])}, coder {r[2]}: "
                            f"{r[3]} counted, {r[4]} coded", repairable=True)


def _overlaps(conn):
    """The overlap counts the passage counts subtract, as the codings make them."""
    from .store.schema_counts import OVERLAP_ROWS

    want = {row for query in OVERLAP_ROWS for row in conn.execute(query).fetchall()}
    held = set(conn.execute("SELECT source_n, code_n, coder, n FROM coding_overlaps").fetchall())
    return _found("passage counts that disagree with the codings", sorted(want ^ held, key=repr)[:50],
                  lambda r: f"{_name(conn, 'codes', 'n', r[1])} in {_name(conn, 'sources', 'n', r[0])}, "
                            f"coder {r[2] or '(all together)'}", repairable=True)


def _search_index(conn):
    try:
        conn.execute("INSERT INTO text_fts (text_fts) VALUES ('integrity-check')")
        conn.execute("INSERT INTO lemma_fts (lemma_fts) VALUES ('integrity-check')")
    except sqlite3.OperationalError as exc:
        if "readonly" in str(exc) or "read-only" in str(exc):
            return None  # FTS5 checks itself through a write: a study that cannot be written keeps it unchecked
        raise
    except sqlite3.DatabaseError as exc:
        return Problem("search index out of step with the texts", 1, (str(exc),), True)
    return None


def _operation_log(conn):
    rows = conn.execute(
        "SELECT e.tbl, e.key FROM op_effects e WHERE e.data IS NULL AND e.tbl = 'codings' "
        "AND NOT EXISTS (SELECT 1 FROM codings c WHERE c.id = json_extract(e.key, '$[0]'))").fetchall()
    return _found("operation log entries whose row is gone without its values", rows, lambda r: f"{r[0]} {r[1]}")


CHECKS = (_integrity, _schema, _foreign_keys, _trees, _texts, _codings_live, _codings_in_text, _lengths, _turns,
          _evidence, _memo_versions, _counts, _overlaps, _search_index, _operation_log)
NAMES = {"_integrity": "the file (SQLite's integrity check)", "_schema": "the schema",
         "_foreign_keys": "references between rows", "_trees": "the trees of cases, codes and sections",
         "_texts": "the sources' texts", "_codings_live": "codings' sources and codes",
         "_codings_in_text": "codings inside their texts", "_lengths": "text lengths", "_turns": "speaker turns",
         "_evidence": "evidence links", "_memo_versions": "memo versions", "_counts": "per-site coding counts",
         "_overlaps": "passage counts", "_search_index": "the search indexes", "_operation_log": "the operation log"}


def _finish_analysis(conn: sqlite3.Connection) -> list[str]:
    """The analysis an interrupted import left, completed (on its own connection, source by source)."""
    from .sources.analysis import analyse_pending, pending_count

    if pending_count(conn) == 0:
        return []
    done = analyse_pending(_study_path(conn))
    return [f"language analysis finished for {done} source{'s' if done != 1 else ''}"] if done else []


def _study_path(conn: sqlite3.Connection) -> str:
    return next(row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main")


def _backup_before_schema_repair(conn: sqlite3.Connection) -> list[str]:
    """What the schema repair removes may be someone's: the study as it was is backed up first."""
    from .store.backup import make_backup
    from .store.check_schema import compare_schema

    if compare_schema(conn) is None:
        return []
    kept = make_backup(_study_path(conn), reason="before repair")
    return [f"the study as it was is backed up in {kept}"]


def _repair(conn: sqlite3.Connection) -> list[str]:
    """Rebuild what is derived; one transaction. What another program added to the schema goes
    first (a trigger of its own would fire on the rebuilding itself)."""
    from .store.check_schema import repair_schema

    done = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        done += repair_schema(conn)
        if _counts(conn):
            conn.execute("DELETE FROM code_case_counts")
            conn.execute(
                "INSERT INTO code_case_counts (code_n, case_key, coder, n) SELECT c.code_n, ifnull(s.case_id, ''), "
                "c.coder, count(*) FROM codings c JOIN sources s ON s.n = c.source_n WHERE c.detached = 0 "
                "GROUP BY c.code_n, ifnull(s.case_id, ''), c.coder")
            done.append("per-site coding counts rebuilt")
        if _overlaps(conn):
            from .store.schema_counts import FILL_OVERLAPS

            conn.execute("DELETE FROM coding_overlaps")
            for statement in FILL_OVERLAPS:
                conn.execute(statement)
            done.append("passage counts rebuilt")
        if _lengths(conn):
            conn.execute("UPDATE sources SET chars = (SELECT length(text) FROM source_texts "
                         "WHERE source_id = sources.id) WHERE id IN (SELECT source_id FROM source_texts)")
            done.append("source lengths corrected")
        if _search_index(conn):
            conn.execute("INSERT INTO text_fts (text_fts) VALUES ('rebuild')")
            conn.execute("INSERT INTO lemma_fts (lemma_fts) VALUES ('rebuild')")
            done.append("search indexes rebuilt")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return done
