"""Schema version 4: the cross-site analytic outline and named pattern tables (issue 6). Kept
apart from coder/schema.py, which formats `{STAMPS}` into it.

The outline is one tree of items: themes (and sub-themes) and, under them, claims. A claim carries
evidence links (a passage of a source, usually a coded segment, cited as supporting or
contradicting it) and, per site, a stance the analyst sets: supports, contradicts or silent.
"""

OUTLINE_V4 = """
CREATE TABLE outline_items (
    id TEXT PRIMARY KEY,
    parent_id TEXT REFERENCES outline_items(id),
    kind TEXT NOT NULL CHECK (kind IN ('theme', 'claim')),
    name TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    owner TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '',{STAMPS}
);
CREATE INDEX outline_items_parent ON outline_items (parent_id, position);

CREATE TABLE claim_evidence (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES outline_items(id),
    source_id TEXT NOT NULL,
    coding_id TEXT,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    quote TEXT NOT NULL,
    stance TEXT NOT NULL DEFAULT 'supports' CHECK (stance IN ('supports', 'contradicts')),{STAMPS}
);
CREATE INDEX claim_evidence_claim ON claim_evidence (claim_id);

CREATE TABLE pattern_tables (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    spec TEXT NOT NULL,{STAMPS}
);
CREATE UNIQUE INDEX pattern_tables_name ON pattern_tables (lower(name));

CREATE TABLE claim_stances (
    claim_id TEXT NOT NULL REFERENCES outline_items(id),
    site_id TEXT NOT NULL REFERENCES cases(id),
    stance TEXT NOT NULL CHECK (stance IN ('supports', 'contradicts', 'silent')),
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL,
    PRIMARY KEY (claim_id, site_id)
);
"""
