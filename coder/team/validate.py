"""What a work package may bring into a study, checked before any of it stands.

A package's checksum shows it arrived as it was written, not that what it says makes sense: a
hand-made or damaged-then-rehashed package could place a coding at [-50, 10⁹), make a site its
own parent, or put garbage in a study setting that every later reader trips over. So each row
an operation brings is checked against what CaseCoder itself can write — the table's columns,
their types and the values SQLite can hold, the fields that must be there, ranges that are
ranges, trees without self-parents, settings each of its own shape — and, once the package is
settled, the rows it placed are checked again where only the whole study can say (a coding
inside its source's text, references that resolve). Any finding refuses the whole package; the
import's transaction is rolled back, so the study stays exactly as it was.
"""

from __future__ import annotations

import json
import sqlite3
import zlib

from ..store.text import unpack_text
from ..store.trees import TREE_TABLES
from .rows import TURN_FIELDS, key_columns, logical_columns

MAX_RATIO = 200  # as for the package's members
BIG = 2 ** 63  # SQLite integers are 64-bit: a larger number cannot be stored at all
MAX_POSITION = 2 ** 31  # offsets and positions of a 200 MB transcript stay far below
RANGES = ("codings", "memo_evidence", "claim_evidence", "pattern_quotes", "memo_comments")
JSON_COLUMNS = {("sources", "interviewers"): list, ("attribute_defs", "choices"): list,
                ("saved_queries", "spec"): dict, ("pattern_tables", "spec"): dict}
TYPES = {"INTEGER": (int,), "REAL": (int, float), "TEXT": (str,), "BLOB": (bytes,)}
_INFO: dict[str, dict[str, tuple[str, bool, bool]]] = {}


def _info(conn: sqlite3.Connection, tbl: str) -> dict[str, tuple[str, bool, bool]]:
    """column -> (declared type, NOT NULL, has a default)."""
    if tbl not in _INFO:
        _INFO[tbl] = {r[1]: (r[2].upper(), bool(r[3]) or bool(r[5]), r[4] is not None)
                      for r in conn.execute(f"PRAGMA main.table_info({tbl})")}
    return _INFO[tbl]


def effect_problem(conn: sqlite3.Connection, tbl: str, key: list, kind: str, fields: list[str],
                   values: dict) -> str | None:
    """Why one effect cannot be what CaseCoder wrote; None when it can."""
    if kind == "delete":
        return None
    if not key or len(key) != len(key_columns(tbl)) or not all(isinstance(k, str | int) for k in key):
        return f"a {tbl} row with a malformed key {key!r}"
    known = set(logical_columns(conn, tbl))
    unknown = sorted(set(fields) - known)
    if unknown:
        return f"a {tbl} row with unknown fields ({', '.join(unknown)})"
    if kind == "insert":
        if dict(zip(key_columns(tbl), key, strict=True)) != {k: values.get(k) for k in key_columns(tbl)}:
            return f"a {tbl} row whose key {key!r} is not its own"
        info = _info(conn, tbl)
        # required: a NOT NULL column without a default, and the logical ones (a coding's source
        # and code, a text's words, a source's turns) that the file keeps in another form
        missing = [c for c in known if values.get(c) is None and (c not in info or info[c][1] and not info[c][2])]
        if missing:
            return f"a {tbl} row without {', '.join(sorted(missing))}"
    for name in fields:
        problem = _value_problem(conn, tbl, name, values[name])
        if problem:
            return f"{tbl}.{name}: {problem}"
    return _row_problem(tbl, key, values)


def _value_problem(conn: sqlite3.Connection, tbl: str, name: str, value: object) -> str | None:
    if tbl == "turns" and name == "rows":
        return _turns_problem(value)
    if isinstance(value, bool) or isinstance(value, int) and not -BIG <= value < BIG:
        return f"{value!r} is not a value a study can hold"
    declared, not_null, _ = _info(conn, tbl).get(name, ("TEXT", True, False))
    if value is None:
        return "missing (it may not be empty)" if not_null else None
    if tbl == "codings" and name in ("source_id", "code_id"):
        declared = "TEXT"
    if not isinstance(value, TYPES.get(declared, (str, int, float, bytes))):
        return f"{type(value).__name__} where {declared.lower() or 'a value'} belongs"
    if declared == "INTEGER" and name in ("start", "end", "body_start", "position", "chars") \
            and not 0 <= value < MAX_POSITION:
        return f"{value} is out of range"
    if (tbl, name) in JSON_COLUMNS:
        try:
            parsed = json.loads(value)
        except ValueError:
            return "not the JSON it must be"
        if not isinstance(parsed, JSON_COLUMNS[(tbl, name)]):
            return f"JSON of the wrong shape ({type(parsed).__name__})"
    if tbl == "memo_versions" and name == "text":
        try:  # packed by CaseCoder: text compresses a few times, never hundreds
            unpack_text(value, limit=min(MAX_POSITION, MAX_RATIO * len(value) + (1 << 20)))
        except (ValueError, zlib.error) as exc:
            return f"a memo text that cannot be read ({exc})"
    return None


def _turns_problem(rows: object) -> str | None:
    if not isinstance(rows, list):
        return "turns that are not a list"
    for row in rows:
        if not isinstance(row, list) or len(row) != len(TURN_FIELDS):
            return "a turn of the wrong shape"
        start, end, body, label, speaker, time_ms = row
        if not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v < MAX_POSITION
                   for v in (start, end, body)) or not start <= body <= end:
            return f"a turn at {row[:3]!r}, not a range in a text"
        if not isinstance(label, str | None) or not isinstance(speaker, str | None) \
                or not (time_ms is None or isinstance(time_ms, int) and 0 <= time_ms < BIG):
            return "a turn with values of the wrong type"
    return None


def _row_problem(tbl: str, key: list, values: dict) -> str | None:
    if tbl in TREE_TABLES and "parent_id" in values and values["parent_id"] is not None \
            and values["parent_id"] == key[0]:
        return f"a {tbl[:-1].replace('_', ' ')} {values.get('name', key[0])!r} made its own parent"
    if tbl in RANGES and isinstance(values.get("start"), int) and isinstance(values.get("end"), int) \
            and values["start"] > values["end"]:
        return f"a {tbl[:-1].replace('_', ' ')} that ends ({values['end']}) before it starts ({values['start']})"
    if tbl == "study_settings" and "value" in values:
        from ..store.setting_values import setting_problem

        return setting_problem(key[0], values["value"])
    return None


def header_problem(op: dict) -> str | None:
    """An operation's own fields: its logical clock must be a number a study can hold."""
    if isinstance(op["lamport"], bool) or not 0 <= op["lamport"] < BIG:
        return f"a logical clock of {op['lamport']} (at most {BIG - 1})"
    return None


def settled_problem(conn: sqlite3.Connection, written: set[tuple[str, str]]) -> str | None:
    """After settling: the rows the package placed, checked against the study around them."""
    by_table: dict[str, list[str]] = {}
    for tbl, key in written:
        by_table.setdefault(tbl, []).append(json.loads(key)[0])
    for tbl, ids in by_table.items():
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            problem = _placed_problem(conn, tbl, part)
            if problem:
                return problem
    return None


def _placed_problem(conn: sqlite3.Connection, tbl: str, ids: list[str]) -> str | None:
    marks = ", ".join("?" * len(ids))
    if tbl == "codings":
        row = conn.execute(
            "SELECT c.id, s.name, c.start, c.end, length(t.text) FROM codings c JOIN sources s ON s.n = c.source_n "
            f"JOIN source_texts t ON t.source_id = s.id WHERE c.id IN ({marks}) AND c.detached = 0 "
            "AND (c.start < 0 OR c.end > length(t.text) OR c.start > c.end) LIMIT 1", ids).fetchone()
        if row:
            return (f"a coding in {row[1]!r} at [{row[2]}, {row[3]}), outside its text of {row[4]} characters")
    if tbl == "turns":
        row = conn.execute(
            "SELECT s.name, u.start, u.end FROM turns u JOIN sources s ON s.id = u.source_id JOIN source_texts t "
            f"ON t.source_id = s.id WHERE u.source_id IN ({marks}) AND u.end > length(t.text) LIMIT 1", ids).fetchone()
        if row:
            return f"a speaker turn of {row[0]!r} at [{row[1]}, {row[2]}), outside its text"
    if tbl in ("memo_evidence", "claim_evidence", "pattern_quotes"):
        row = conn.execute(
            f"SELECT e.id, s.name, e.start, e.end, length(t.text) FROM {tbl} e JOIN sources s ON s.id = e.source_id "
            f"JOIN source_texts t ON t.source_id = s.id WHERE e.id IN ({marks}) AND e.end > length(t.text) "
            "AND NOT EXISTS (SELECT 1 FROM op_effects x WHERE x.tbl = 'source_texts' AND x.kind = 'update' "
            "AND x.key = json_array(s.id)) LIMIT 1", ids).fetchone()
        if row:  # (a quotation of a text corrected on another copy is not re-anchored: it is left)
            return f"a quotation of {row[1]!r} at [{row[2]}, {row[3]}), outside its text of {row[4]} characters"
    if len(key_columns(tbl)) == 1 and key_columns(tbl)[0] == "id" and tbl not in ("codings",):
        rowids = {r[0] for r in conn.execute(f"SELECT rowid FROM {tbl} WHERE id IN ({marks})", ids)}
        for bad in conn.execute(f"PRAGMA main.foreign_key_check({tbl})").fetchall():
            if bad[1] in rowids:
                return f"a {tbl[:-1].replace('_', ' ')} that refers to a {bad[2][:-1].replace('_', ' ')} " \
                       "the study does not hold"
    return None


def settle_lengths(conn: sqlite3.Connection, written: set[tuple[str, str]]) -> None:
    """A source's recorded length is derived from its text: set it from the text it now has."""
    ids = sorted({json.loads(key)[0] for tbl, key in written if tbl in ("sources", "source_texts")})
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        conn.execute(f"UPDATE sources SET chars = (SELECT length(text) FROM source_texts t WHERE t.source_id = "
                     f"sources.id) WHERE id IN ({', '.join('?' * len(part))}) AND chars != ifnull((SELECT "
                     "length(text) FROM source_texts t WHERE t.source_id = sources.id), chars)", part)

