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

# Version 5: what an analyst writes into a pattern table, and codes made for a theme.
# A cell of a named table (a site and a column key: a code, section or theme id) holds the
# analyst's summary and quotations pinned to it, in order. A theme's codes are the new categories
# made for it; their data runs are the data behind the theme in the report's appendix. Study
# settings the analysts change (the triangulation thresholds) are user data, undone like any other
# change; `meta` keeps only what the file itself needs. Sets (named groups of codes, sources or
# memos, as REFI-QDA and the other tools have them) and a code's codable flag (a REFI code with
# isCodable="false" is a folder) come with the exchange of projects (issue 7).
CELLS_V5 = """
CREATE TABLE pattern_cells (
    id TEXT PRIMARY KEY,
    table_id TEXT NOT NULL REFERENCES pattern_tables(id),
    site_id TEXT NOT NULL REFERENCES cases(id),
    column_key TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',{STAMPS}
);
CREATE UNIQUE INDEX pattern_cells_place ON pattern_cells (table_id, site_id, column_key);

CREATE TABLE pattern_quotes (
    id TEXT PRIMARY KEY,
    cell_id TEXT NOT NULL REFERENCES pattern_cells(id),
    source_id TEXT NOT NULL,
    coding_id TEXT,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    quote TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,{STAMPS}
);
CREATE INDEX pattern_quotes_cell ON pattern_quotes (cell_id, position);

CREATE TABLE theme_codes (
    theme_id TEXT NOT NULL REFERENCES outline_items(id),
    code_id TEXT NOT NULL REFERENCES codes(id),
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL,
    PRIMARY KEY (theme_id, code_id)
);
CREATE INDEX theme_codes_code ON theme_codes (code_id);

CREATE TABLE sets (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',{STAMPS}
);

CREATE TABLE set_members (
    set_id TEXT NOT NULL REFERENCES sets(id),
    member_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('code', 'source', 'memo')),
    PRIMARY KEY (set_id, member_id)
);
CREATE INDEX set_members_member ON set_members (member_id);

ALTER TABLE codes ADD COLUMN codable INTEGER NOT NULL DEFAULT 1;

CREATE TABLE study_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL
);
"""

# Version 7: a site can be *mixed* on a claim (its evidence both supports and contradicts it), as
# the analyst's judgement too. SQLite cannot change a CHECK constraint in place: the table is
# rebuilt with its rows.
STANCES_V7 = """
CREATE TABLE claim_stances_v7 (
    claim_id TEXT NOT NULL REFERENCES outline_items(id),
    site_id TEXT NOT NULL REFERENCES cases(id),
    stance TEXT NOT NULL CHECK (stance IN ('supports', 'contradicts', 'mixed', 'silent')),
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL,
    PRIMARY KEY (claim_id, site_id)
);
INSERT INTO claim_stances_v7 SELECT claim_id, site_id, stance, modified_at, modified_by FROM claim_stances;
DROP TABLE claim_stances;
ALTER TABLE claim_stances_v7 RENAME TO claim_stances;
"""
