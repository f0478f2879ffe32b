"""Schema version 7: what it takes to count coded *passages* rather than codings, kept by triggers
as codings change (undo's and an imported package's writes fire them too).

A passage of a code in a source is a stretch of text that code covers: codings of the code that
overlap (share a character) or are identical are one passage, whoever made them; codings that only
touch ([0, 10) and [10, 20)) are two. Two coders coding one answer alike is one passage, not two.

`coding_overlaps` holds, for each (source, code) whose codings overlap, how many codings there are
beyond the passages they make: `coder` '' for every coder's codings together, a coder's name for
that coder's own. It is sparse — a row only where codings overlap — so the code-by-site matrix
reads the per-coder counts (`code_case_counts`) and subtracts a few rows instead of reading a
quarter of a million codings.

The passages of a group are its distinct start points that no coding of the group strictly
contains (start < point < end): each such point begins a stretch no earlier coding reaches into
(in start order: a start at or past the furthest end so far).
The triggers recount a group only when a coding that overlaps another comes, goes or moves, so a
coding that touches nothing costs one index probe.
"""

from __future__ import annotations


def _excess(source: str, code: str, per_coder: bool) -> str:
    """SELECT (source_n, code_n, coder, n) for one group, or every group when `source` and `code`
    are the columns of `g` themselves; only rows where codings overlap.

    In start order, a coding begins a new passage when it starts at or after the furthest end of
    the codings before it (so one that only touches the last starts a new one): one sorted pass
    per group, where testing each start against every other coding cost the square of its size
    (an undo of a 2,000-passage auto-coding took seconds)."""
    group = "g.source_n, g.code_n" + (", g.coder" if per_coder else "")
    return (
        f"SELECT source_n, code_n, coder, n FROM (SELECT source_n, code_n, "
        f"{'coder' if per_coder else repr('')} AS coder, "
        "count(*) - count(DISTINCT CASE WHEN reach IS NULL OR start >= reach THEN start END) AS n "
        f"FROM (SELECT g.source_n, g.code_n, g.coder, g.start, max(g.end) OVER (PARTITION BY {group} "
        "ORDER BY g.start, g.end ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach "
        f"FROM codings g WHERE g.source_n = {source} AND g.code_n = {code} AND g.detached = 0) "
        f"GROUP BY source_n, code_n{', coder' if per_coder else ''}) WHERE n > 0")


def _recount(row: str) -> str:
    """Trigger statements that recount the group of `row` (new or old)."""
    source, code = f"{row}.source_n", f"{row}.code_n"
    return (f"    DELETE FROM coding_overlaps WHERE source_n = {source} AND code_n = {code};\n"
            f"    INSERT INTO coding_overlaps (source_n, code_n, coder, n) {_excess(source, code, False)};\n"
            f"    INSERT INTO coding_overlaps (source_n, code_n, coder, n) {_excess(source, code, True)};\n")


def _overlaps_another(row: str) -> str:
    return (f"{row}.detached = 0 AND EXISTS (SELECT 1 FROM codings o WHERE o.source_n = {row}.source_n "
            f"AND o.code_n = {row}.code_n AND o.detached = 0 AND o.rowid != {row}.rowid "
            f"AND o.start < {row}.end AND {row}.start < o.end)")


def _recorded(row: str) -> str:
    return f"EXISTS (SELECT 1 FROM coding_overlaps WHERE source_n = {row}.source_n AND code_n = {row}.code_n)"


# every group's rows, as the codings make them: for the upgrade, `casecoder check` and its repair
OVERLAP_ROWS = [_excess("g.source_n", "g.code_n", per_coder) for per_coder in (False, True)]
FILL_OVERLAPS = [f"INSERT INTO coding_overlaps (source_n, code_n, coder, n) {rows}" for rows in OVERLAP_ROWS]

COLUMNS = "source_n, code_n, start, end, coder, detached"
OVERLAPS_V7 = f"""
CREATE TABLE coding_overlaps (
    source_n INTEGER NOT NULL,
    code_n INTEGER NOT NULL,
    coder TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (source_n, code_n, coder)
) WITHOUT ROWID;
CREATE TRIGGER codings_overlap_ai AFTER INSERT ON codings WHEN {_overlaps_another('new')} BEGIN
{_recount('new')}END;
CREATE TRIGGER codings_overlap_ad AFTER DELETE ON codings WHEN {_recorded('old')} BEGIN
{_recount('old')}END;
CREATE TRIGGER codings_overlap_au_old AFTER UPDATE OF {COLUMNS} ON codings WHEN {_recorded('old')} BEGIN
{_recount('old')}END;
CREATE TRIGGER codings_overlap_au_new AFTER UPDATE OF {COLUMNS} ON codings WHEN {_overlaps_another('new')} BEGIN
{_recount('new')}END;
""" + "".join(statement + ";\n" for statement in FILL_OVERLAPS)
