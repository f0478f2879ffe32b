"""The study's schema against the one CaseCoder makes: every table, index, trigger and view.

A program other than CaseCoder can add to a study file what CaseCoder would never notice by
itself — a trigger that deletes other coders' codings as they are made, a view, an index, a table
— or change or drop one of CaseCoder's. The expected schema is built afresh in memory for the
study's version (the first schema, then each migration: how every study of that version was
built), and the file's is compared with it, object by object, by its SQL. `repair_schema`
(after a backup of the study as it was) drops what does not belong and puts back the indexes,
triggers and views that are missing or changed; a table of CaseCoder's that was changed or
dropped is reported, never rebuilt (its rows are the researcher's).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import lru_cache

KINDS = ("table", "index", "trigger", "view")


@dataclass(frozen=True)
class SchemaDifference:
    foreign: tuple[tuple[str, str], ...]  # (kind, name) of what CaseCoder does not make
    changed: tuple[tuple[str, str], ...]  # CaseCoder's, with other SQL than CaseCoder's
    missing: tuple[tuple[str, str], ...]  # CaseCoder's, not in the file


def _objects(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    rows = conn.execute("SELECT type, name, sql FROM main.sqlite_master WHERE type IN ('table', 'index', 'trigger', "
                        "'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").fetchall()
    return {(kind, name): " ".join((sql or "").split()) for kind, name, sql in rows}


@lru_cache(maxsize=8)
def _reference(version: int) -> tuple[tuple[tuple[str, str], str, str], ...]:
    """((kind, name), its SQL as CaseCoder writes it, normalised) of a study of `version`."""
    from pathlib import Path

    from .database import connect
    from .schema import create_schema

    conn = connect(Path(":memory:"))  # the functions the migrations' statements call
    try:
        create_schema(conn, version)
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall()
        normal = _objects(conn)
    finally:
        conn.close()
    return tuple(((kind, name), sql, normal[(kind, name)]) for kind, name, sql in rows if (kind, name) in normal)


def expected_objects(version: int) -> dict[tuple[str, str], str]:
    """The schema objects of a study of `version`, as CaseCoder builds one."""
    return {key: normal for key, _sql, normal in _reference(version)}


def _version(conn: sqlite3.Connection) -> int | None:
    from .schema import SCHEMA_VERSION

    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row else None
    except (sqlite3.DatabaseError, ValueError, TypeError):
        return None
    return version if version is not None and 1 <= version <= SCHEMA_VERSION else None


def compare_schema(conn: sqlite3.Connection) -> SchemaDifference | None:
    """What differs from CaseCoder's schema (None when nothing does, or the version is unknown)."""
    version = _version(conn)
    if version is None:
        return None
    want, have = expected_objects(version), _objects(conn)
    foreign = tuple(sorted(key for key in have if key not in want))
    changed = tuple(sorted(key for key in have if key in want and have[key] != want[key]))
    missing = tuple(sorted(key for key in want if key not in have))
    if not (foreign or changed or missing):
        return None
    return SchemaDifference(foreign, changed, missing)


def repair_schema(conn: sqlite3.Connection) -> list[str]:
    """Inside the caller's transaction: drop what does not belong, put back CaseCoder's indexes,
    triggers and views; what was done, said."""
    found = compare_schema(conn)
    if found is None:
        return []
    sql = {key: text for key, text, _normal in _reference(_version(conn))}
    done = []
    # views and triggers first: they name the tables and indexes dropped after them
    order = {"trigger": 0, "view": 1, "index": 2, "table": 3}
    for kind, name in sorted(found.foreign, key=lambda key: order[key[0]]):
        if kind == "index" and _is_constraint_index(conn, name):
            continue
        conn.execute(f"DROP {kind.upper()} IF EXISTS {_quote(name)}")
        done.append(f"removed the {kind} {name!r}, which CaseCoder does not make")
    for kind, name in found.changed + found.missing:
        if kind == "table":
            continue  # the researcher's rows: reported by check, never rebuilt here
        if (kind, name) in found.changed:
            conn.execute(f"DROP {kind.upper()} IF EXISTS {_quote(name)}")
        conn.execute(sql[(kind, name)])
        done.append(f"put back CaseCoder's {kind} {name!r}")
    return done


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _is_constraint_index(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)).fetchone()
    return row is not None and row[0] is None


def describe(found: SchemaDifference) -> tuple[list[str], bool]:
    """Each difference in words, and whether --repair can mend them all (a table of CaseCoder's
    changed or missing it cannot: it is reported for the user to restore a backup)."""
    said = [f"not CaseCoder's (added by another program): {kind} {name}" for kind, name in found.foreign]
    said += [f"changed by another program: {kind} {name}" for kind, name in found.changed]
    said += [f"missing: {kind} {name}" for kind, name in found.missing]
    return said, all(kind != "table" for kind, _ in found.changed + found.missing)
