"""The study file's tables, and the forward migrations that bring older studies up to date.

Every entity table carries a UUID primary key and who/when it was created and last modified.
Deleting an entity removes its row and leaves a tombstone, so that merging laptops' work can
tell "deleted here" from "never existed here". The change log is append-only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from .schema_counts import OVERLAPS_V7
from .schema_memos import MEMOS_V3
from .schema_outline import CELLS_V5, OUTLINE_V4, STANCES_V7
from .schema_sync import ORIGIN_V7, SYNC_V6
from .schema_undo import FILE_TABLES as UNDO_V7

APP_ID = "casecoder"
SCHEMA_VERSION = 9

STAMPS = """
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL"""

SCHEMA_V1 = f"""
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    parent_id TEXT REFERENCES cases(id),
    kind TEXT NOT NULL CHECK (kind IN ('district', 'site', 'group')),
    name TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,{STAMPS}
);
CREATE UNIQUE INDEX cases_sibling_name ON cases (ifnull(parent_id, ''), lower(name));
CREATE INDEX cases_parent ON cases (parent_id);

CREATE TABLE attribute_defs (
    id TEXT PRIMARY KEY,
    scope TEXT NOT NULL CHECK (scope IN ('case', 'source')),
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('text', 'number', 'date', 'choice')),
    choices TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL DEFAULT 0,{STAMPS}
);
CREATE UNIQUE INDEX attribute_defs_name ON attribute_defs (scope, lower(name));

CREATE TABLE case_values (
    case_id TEXT NOT NULL REFERENCES cases(id),
    attr_id TEXT NOT NULL REFERENCES attribute_defs(id),
    value TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL,
    PRIMARY KEY (case_id, attr_id)
);
CREATE INDEX case_values_attr ON case_values (attr_id, value);

CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    case_id TEXT REFERENCES cases(id),
    type TEXT NOT NULL DEFAULT 'interview' CHECK (type IN ('interview', 'observation', 'artifact')),
    role TEXT,
    wave INTEGER,
    phase INTEGER,
    date TEXT,
    interviewers TEXT NOT NULL DEFAULT '[]',
    format TEXT NOT NULL DEFAULT '',
    original_file TEXT NOT NULL DEFAULT '',
    chars INTEGER NOT NULL DEFAULT 0,{STAMPS}
);
CREATE UNIQUE INDEX sources_name ON sources (name);
CREATE INDEX sources_case ON sources (case_id);
CREATE INDEX sources_role ON sources (role);
CREATE INDEX sources_wave ON sources (wave);
CREATE INDEX sources_type ON sources (type);

CREATE TABLE source_texts (
    source_id TEXT NOT NULL UNIQUE REFERENCES sources(id),
    text TEXT NOT NULL,
    lemmas TEXT NOT NULL DEFAULT '',
    lemma_spans BLOB NOT NULL DEFAULT x'',
    sentences BLOB NOT NULL DEFAULT x'',
    analysed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX source_texts_pending ON source_texts (source_id) WHERE analysed = 0;

CREATE VIRTUAL TABLE text_fts USING fts5 (
    text, content='source_texts', tokenize="unicode61 remove_diacritics 0"
);
CREATE VIRTUAL TABLE lemma_fts USING fts5 (
    lemmas, content='source_texts', tokenize="unicode61 remove_diacritics 0"
);
CREATE TRIGGER source_texts_ai AFTER INSERT ON source_texts BEGIN
    INSERT INTO text_fts (rowid, text) VALUES (new.rowid, new.text);
    INSERT INTO lemma_fts (rowid, lemmas) VALUES (new.rowid, new.lemmas);
END;
CREATE TRIGGER source_texts_ad AFTER DELETE ON source_texts BEGIN
    INSERT INTO text_fts (text_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO lemma_fts (lemma_fts, rowid, lemmas) VALUES ('delete', old.rowid, old.lemmas);
END;
CREATE TRIGGER source_texts_au_text AFTER UPDATE OF text ON source_texts BEGIN
    INSERT INTO text_fts (text_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO text_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER source_texts_au_lemmas AFTER UPDATE OF lemmas ON source_texts BEGIN
    INSERT INTO lemma_fts (lemma_fts, rowid, lemmas) VALUES ('delete', old.rowid, old.lemmas);
    INSERT INTO lemma_fts (rowid, lemmas) VALUES (new.rowid, new.lemmas);
END;

CREATE TABLE source_values (
    source_id TEXT NOT NULL REFERENCES sources(id),
    attr_id TEXT NOT NULL REFERENCES attribute_defs(id),
    value TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL,
    PRIMARY KEY (source_id, attr_id)
);
CREATE INDEX source_values_attr ON source_values (attr_id, value);

CREATE TABLE speakers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,{STAMPS}
);
CREATE UNIQUE INDEX speakers_name ON speakers (lower(name));

CREATE TABLE speaker_labels (
    label TEXT PRIMARY KEY,
    speaker_id TEXT NOT NULL REFERENCES speakers(id)
);
CREATE INDEX speaker_labels_speaker ON speaker_labels (speaker_id);

CREATE TABLE turns (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    body_start INTEGER NOT NULL,
    label TEXT,
    speaker_id TEXT REFERENCES speakers(id),
    time_ms INTEGER
);
CREATE INDEX turns_source ON turns (source_id, start);
CREATE INDEX turns_speaker ON turns (speaker_id);

CREATE TABLE sections (
    id TEXT PRIMARY KEY,
    parent_id TEXT REFERENCES sections(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,{STAMPS}
);
CREATE UNIQUE INDEX sections_sibling_name ON sections (ifnull(parent_id, ''), lower(name));

CREATE TABLE codes (
    id TEXT PRIMARY KEY,
    parent_id TEXT REFERENCES codes(id),
    name TEXT NOT NULL,
    color TEXT NOT NULL DEFAULT '#888888',
    definition TEXT NOT NULL DEFAULT '',
    inclusion TEXT NOT NULL DEFAULT '',
    exclusion TEXT NOT NULL DEFAULT '',
    example TEXT NOT NULL DEFAULT '',
    section_id TEXT REFERENCES sections(id),
    position INTEGER NOT NULL DEFAULT 0,{STAMPS}
);
CREATE UNIQUE INDEX codes_sibling_name ON codes (ifnull(parent_id, ''), lower(name));
CREATE INDEX codes_parent ON codes (parent_id);
CREATE INDEX codes_section ON codes (section_id);

CREATE TABLE codings (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id),
    code_id TEXT NOT NULL REFERENCES codes(id),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    coder TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    detached INTEGER NOT NULL DEFAULT 0,
    detached_text TEXT NOT NULL DEFAULT '',{STAMPS},
    CHECK (start <= end)
);
CREATE UNIQUE INDEX codings_unique ON codings (source_id, code_id, coder, start, end);
CREATE INDEX codings_code ON codings (code_id, source_id);
CREATE INDEX codings_source ON codings (source_id, start);
CREATE INDEX codings_detached ON codings (source_id) WHERE detached = 1;

CREATE TABLE saved_queries (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('run', 'search')),
    spec TEXT NOT NULL,{STAMPS}
);
CREATE UNIQUE INDEX saved_queries_name ON saved_queries (lower(name));

CREATE TABLE tombstones (
    id TEXT PRIMARY KEY,
    entity TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    deleted_by TEXT NOT NULL
);

CREATE TABLE changelog (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    op TEXT NOT NULL,
    label TEXT NOT NULL,
    entities TEXT NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL
);
"""

# Tables whose rows undo restores. The change log and meta are deliberately absent: undo is
# itself an operation that the log records, and the schema version is not user data; so is the
# undo history itself (undo_log, undo_steps: schema 7).
UNDOABLE_TABLES = (
    "cases", "attribute_defs", "case_values", "sources", "source_texts", "source_values",
    "speakers", "speaker_labels", "turns", "sections", "codes", "codings", "saved_queries",
    "tombstones", "memos", "memo_reviewers", "memo_versions", "memo_evidence", "memo_status_log",
    "memo_section_marks", "memo_comments", "outline_items", "claim_evidence", "claim_stances",
    "pattern_tables", "pattern_cells", "pattern_quotes", "theme_codes", "study_settings", "sets", "set_members",
    "ops", "op_effects", "sync_peers", "sync_conflicts", "source_aliases",
)

Migration = Callable[[sqlite3.Connection], None]

# MIGRATIONS[n] upgrades a study at version n to version n + 1. Each runs inside the
# transaction that also bumps the stored version, so a failed upgrade leaves the file as it was.
MIGRATIONS: dict[int, Migration] = {}

# Version 2: codings refer to sources and codes by a row number `n` instead of their UUIDs, and a
# turn (derived from its source's text, referred to by nothing) is keyed by its row number
# (which stay their identity; the numbers are local to the file) - the codings and their indexes
# shrink by more than half; the lemma sequence is stored compressed (the lemma index reads it through the SQL
# functions store.connect registers); the search indexes hold only analysed texts; and codings
# are counted per code, case and coder as they change (code_case_counts: derived, never undone
# itself, since the triggers fire on undo's writes too), so the code-by-site matrix reads a few
# thousand rows instead of counting every coding.
# Indexing is the costly part of storing a text, so import leaves it to the analysis pass and a
# source is codable sooner; search scans the few texts still waiting. The indexes read their
# content through a view of the analysed rows, so FTS5's own 'rebuild' and 'integrity-check'
# agree with what the triggers maintain.
SCHEMA_V2 = f"""
DROP TRIGGER source_texts_ai;
DROP TRIGGER source_texts_ad;
DROP TRIGGER source_texts_au_text;
DROP TRIGGER source_texts_au_lemmas;
DROP TABLE text_fts;
DROP TABLE lemma_fts;
ALTER TABLE source_texts ADD COLUMN lemmas_packed BLOB NOT NULL DEFAULT x'';
UPDATE source_texts SET lemmas_packed = pack_text(lemmas) WHERE lemmas != '';
ALTER TABLE source_texts DROP COLUMN lemmas;
ALTER TABLE source_texts RENAME COLUMN lemmas_packed TO lemmas;
CREATE VIEW indexed_texts AS
    SELECT rowid AS rid, text, unpack_text(lemmas) AS lemmas FROM source_texts WHERE analysed = 1;
CREATE VIRTUAL TABLE text_fts USING fts5 (
    text, content='indexed_texts', content_rowid='rid', tokenize="unicode61 remove_diacritics 0"
);
CREATE VIRTUAL TABLE lemma_fts USING fts5 (
    lemmas, content='indexed_texts', content_rowid='rid', tokenize="unicode61 remove_diacritics 0"
);
CREATE TRIGGER source_texts_ai AFTER INSERT ON source_texts WHEN new.analysed = 1 BEGIN
    INSERT INTO text_fts (rowid, text) VALUES (new.rowid, new.text);
    INSERT INTO lemma_fts (rowid, lemmas) VALUES (new.rowid, unpack_text(new.lemmas));
END;
CREATE TRIGGER source_texts_ad AFTER DELETE ON source_texts WHEN old.analysed = 1 BEGIN
    INSERT INTO text_fts (text_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO lemma_fts (lemma_fts, rowid, lemmas) VALUES ('delete', old.rowid, unpack_text(old.lemmas));
END;
CREATE TRIGGER source_texts_au AFTER UPDATE OF text, lemmas, analysed ON source_texts BEGIN
    INSERT INTO text_fts (text_fts, rowid, text) SELECT 'delete', old.rowid, old.text WHERE old.analysed = 1;
    INSERT INTO lemma_fts (lemma_fts, rowid, lemmas)
        SELECT 'delete', old.rowid, unpack_text(old.lemmas) WHERE old.analysed = 1;
    INSERT INTO text_fts (rowid, text) SELECT new.rowid, new.text WHERE new.analysed = 1;
    INSERT INTO lemma_fts (rowid, lemmas) SELECT new.rowid, unpack_text(new.lemmas) WHERE new.analysed = 1;
END;
INSERT INTO text_fts (text_fts) VALUES ('rebuild');
INSERT INTO lemma_fts (lemma_fts) VALUES ('rebuild');
ALTER TABLE sources ADD COLUMN n INTEGER;
UPDATE sources SET n = rowid;
CREATE UNIQUE INDEX sources_n ON sources (n);
CREATE TRIGGER sources_number AFTER INSERT ON sources WHEN new.n IS NULL BEGIN
    UPDATE sources SET n = (SELECT ifnull(max(n), 0) + 1 FROM sources) WHERE rowid = new.rowid;
END;
ALTER TABLE codes ADD COLUMN n INTEGER;
UPDATE codes SET n = rowid;
CREATE UNIQUE INDEX codes_n ON codes (n);
CREATE TRIGGER codes_number AFTER INSERT ON codes WHEN new.n IS NULL BEGIN
    UPDATE codes SET n = (SELECT ifnull(max(n), 0) + 1 FROM codes) WHERE rowid = new.rowid;
END;
CREATE TABLE codings_v2 (
    id TEXT PRIMARY KEY,
    source_n INTEGER NOT NULL REFERENCES sources(n),
    code_n INTEGER NOT NULL REFERENCES codes(n),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    coder TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    detached INTEGER NOT NULL DEFAULT 0,
    detached_text TEXT NOT NULL DEFAULT '',{STAMPS},
    CHECK (start <= end)
);
INSERT INTO codings_v2 SELECT c.id, s.n, k.n, c.start, c.end, c.coder, c.note, c.detached, c.detached_text,
    c.created_at, c.created_by, c.modified_at, c.modified_by
    FROM codings c JOIN sources s ON s.id = c.source_id JOIN codes k ON k.id = c.code_id;
DROP TABLE codings;
ALTER TABLE codings_v2 RENAME TO codings;
CREATE UNIQUE INDEX codings_unique ON codings (source_n, code_n, coder, start, end);
CREATE INDEX codings_code ON codings (code_n, source_n);
CREATE INDEX codings_detached ON codings (source_n) WHERE detached = 1;
CREATE TABLE turns_v2 (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    body_start INTEGER NOT NULL,
    label TEXT,
    speaker_id TEXT REFERENCES speakers(id),
    time_ms INTEGER
);
INSERT INTO turns_v2 (source_id, start, end, body_start, label, speaker_id, time_ms)
    SELECT source_id, start, end, body_start, label, speaker_id, time_ms FROM turns ORDER BY source_id, start;
DROP TABLE turns;
ALTER TABLE turns_v2 RENAME TO turns;
CREATE INDEX turns_source ON turns (source_id, start);
CREATE TABLE code_case_counts (
    code_n INTEGER NOT NULL,
    case_key TEXT NOT NULL,
    coder TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (code_n, case_key, coder)
) WITHOUT ROWID;
CREATE TRIGGER codings_count_ai AFTER INSERT ON codings WHEN new.detached = 0 BEGIN
    INSERT INTO code_case_counts (code_n, case_key, coder, n)
    VALUES (new.code_n, (SELECT ifnull(case_id, '') FROM sources WHERE n = new.source_n), new.coder, 1)
    ON CONFLICT (code_n, case_key, coder) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER codings_count_ad AFTER DELETE ON codings WHEN old.detached = 0 BEGIN
    UPDATE code_case_counts SET n = n - 1 WHERE code_n = old.code_n AND coder = old.coder
        AND case_key = (SELECT ifnull(case_id, '') FROM sources WHERE n = old.source_n);
END;
CREATE TRIGGER codings_count_au AFTER UPDATE OF code_n, source_n, coder, detached ON codings BEGIN
    UPDATE code_case_counts SET n = n - 1 WHERE old.detached = 0 AND code_n = old.code_n
        AND coder = old.coder AND case_key = (SELECT ifnull(case_id, '') FROM sources WHERE n = old.source_n);
    INSERT INTO code_case_counts (code_n, case_key, coder, n)
    SELECT new.code_n, (SELECT ifnull(case_id, '') FROM sources WHERE n = new.source_n), new.coder, 1
    WHERE new.detached = 0
    ON CONFLICT (code_n, case_key, coder) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER sources_count_au AFTER UPDATE OF case_id ON sources WHEN old.case_id IS NOT new.case_id BEGIN
    INSERT INTO code_case_counts (code_n, case_key, coder, n)
    SELECT code_n, ifnull(old.case_id, ''), coder, -count(*) FROM codings
    WHERE source_n = new.n AND detached = 0 GROUP BY code_n, coder
    ON CONFLICT (code_n, case_key, coder) DO UPDATE SET n = n + excluded.n;
    INSERT INTO code_case_counts (code_n, case_key, coder, n)
    SELECT code_n, ifnull(new.case_id, ''), coder, count(*) FROM codings
    WHERE source_n = new.n AND detached = 0 GROUP BY code_n, coder
    ON CONFLICT (code_n, case_key, coder) DO UPDATE SET n = n + excluded.n;
END;
INSERT INTO code_case_counts (code_n, case_key, coder, n)
SELECT c.code_n, ifnull(s.case_id, ''), c.coder, count(*) FROM codings c JOIN sources s ON s.n = c.source_n
WHERE c.detached = 0 GROUP BY c.code_n, ifnull(s.case_id, ''), c.coder;
"""


def run_ddl(conn: sqlite3.Connection, script: str) -> None:
    """Run a DDL script statement by statement (trigger bodies kept whole)."""
    for statement in _split_statements(script):
        conn.execute(statement)


def _run_script(script: str) -> Migration:
    """A migration that runs a DDL script."""
    def migrate(conn: sqlite3.Connection) -> None:
        run_ddl(conn, script)

    return migrate


MIGRATIONS[1] = _run_script(SCHEMA_V2)
MIGRATIONS[2] = _run_script(MEMOS_V3.format(STAMPS=STAMPS))
MIGRATIONS[3] = _run_script(OUTLINE_V4.format(STAMPS=STAMPS))
MIGRATIONS[4] = _run_script(CELLS_V5.format(STAMPS=STAMPS))
MIGRATIONS[5] = _run_script(SYNC_V6)
# version 7: the undo history kept in the file; mixed and derived stances; overlaps for passage
# counts; the copy an operation was made on
MIGRATIONS[6] = _run_script(UNDO_V7 + STANCES_V7 + OVERLAPS_V7 + ORIGIN_V7)
# version 8: the attached codings by code and source in an index of their own, so counting a
# pattern table (every code × every site) reads the index alone, never the rows
ATTACHED_V8 = "CREATE INDEX codings_attached ON codings (code_n, source_n, coder) WHERE detached = 0;\n"
MIGRATIONS[7] = _run_script(ATTACHED_V8)
# version 9: what a file said of its shape (Word and OpenDocument headings, caption cues) kept
# beside its text, for coding by structure (coder/sources/structure.py); Markdown's headings are
# in the text itself and read from there
STRUCTURE_V9 = "ALTER TABLE source_texts ADD COLUMN structure TEXT NOT NULL DEFAULT '';\n"
MIGRATIONS[8] = _run_script(STRUCTURE_V9)


def create_schema(conn: sqlite3.Connection, version: int | None = None) -> None:
    """Create every table of `version` (default: the current one) in an empty database: the
    first schema, then each migration, so a new study and an upgraded one are built alike."""
    for statement in _split_statements(SCHEMA_V1):
        conn.execute(statement)
    for step in range(1, version or SCHEMA_VERSION):
        MIGRATIONS[step](conn)


def _split_statements(script: str) -> list[str]:
    """Split a DDL script on ';' while keeping trigger bodies (BEGIN ... END;) whole."""
    statements, current, depth = [], [], 0
    for line in script.splitlines():
        stripped = line.strip()
        current.append(line)
        upper = stripped.upper()
        if upper.startswith("CREATE TRIGGER"):
            depth = 1
        if depth and upper == "END;":
            depth = 0
            statements.append("\n".join(current))
            current = []
        elif not depth and stripped.endswith(";"):
            statements.append("\n".join(current))
            current = []
    tail = "\n".join(current).strip()
    if tail:
        statements.append(tail)
    return [s.strip().rstrip(";") for s in statements if s.strip()]
