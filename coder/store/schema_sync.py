"""Schema version 6: the operation log that lets copies of a study exchange their work.

Every committed user action is kept as an operation with its own UUID and a Lamport stamp, and
with the net effect it had on each row it touched (`op_effects`, one row per operation and row,
the values compressed). A study is then a function of the set of operations it holds: for every
row, the write of a field no other write replaced decides it, and of two made on two copies without
seeing each other, the later by the clock (see coder/sync_merge.py). Each
written field also records the writers it replaced (`bases`), so two copies that changed the
same field without seeing each other's change can be told apart from an ordinary later edit.

A row this copy inserted keeps its values only in the row itself (`data` NULL) until anything
changes or deletes it, when its values as inserted are written into the effect first: a
thousand imported transcripts and a quarter of a million codings are not stored twice.

`seq` numbers operations in the order this copy came to hold them, so a package for a peer can
hold only what arrived since the last exchange. The conflicts are derived from the operations
and kept for the window and the command line to list. A source keeps the hash of the text it
was imported with, so the same transcript imported on two laptops is recognised as one source.
"""

SYNC_V6 = """
CREATE TABLE ops (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    lamport INTEGER NOT NULL,
    op TEXT NOT NULL,
    label TEXT NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX ops_stamp ON ops (lamport, id);

CREATE TABLE op_effects (
    tbl TEXT NOT NULL,
    key TEXT NOT NULL,
    op_seq INTEGER NOT NULL REFERENCES ops(seq),
    kind TEXT NOT NULL CHECK (kind IN ('insert', 'update', 'delete')),
    fields TEXT NOT NULL,
    bases TEXT NOT NULL,
    data BLOB,
    PRIMARY KEY (tbl, key, op_seq)
) WITHOUT ROWID;

CREATE TABLE sync_peers (
    name TEXT PRIMARY KEY,
    sent_seq INTEGER NOT NULL DEFAULT 0,
    last_sent_op TEXT,
    sent_at TEXT,
    received_at TEXT,
    received_ops INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sync_conflicts (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    tbl TEXT NOT NULL,
    key TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL
);
CREATE INDEX sync_conflicts_row ON sync_conflicts (tbl, key);

CREATE TABLE source_aliases (
    alias TEXT PRIMARY KEY,
    canonical TEXT NOT NULL
);
CREATE INDEX source_aliases_canonical ON source_aliases (canonical);

ALTER TABLE sources ADD COLUMN origin_hash TEXT;
CREATE INDEX sources_origin_hash ON sources (origin_hash);
UPDATE sources SET origin_hash = (SELECT text_hash(text) FROM source_texts WHERE source_id = sources.id);
"""

# Version 7: each operation names the copy of the study it was made on (`origin`, a UUID the copy
# keeps in `meta`), so work from two copies is told apart even when both coders use one name (two
# laptops that both log in as "root"). Operations from before have none.
ORIGIN_V7 = """
ALTER TABLE ops ADD COLUMN origin TEXT;
"""
