"""Schema version 3: memos, their immutable versions, reviewers, evidence links and review
comments (issue 5). Kept apart from coder/schema.py, which formats `{STAMPS}` into it.

A version's Markdown is stored zlib-compressed (coder.text.pack_text): a long memo quoted into
two hundred times keeps two hundred full texts. A memo's text is never updated in place: every
save that changes it adds a version whose parent is the version it was written over. A version
no other version names as a parent is a head; a memo with two heads has diverged (both laptops
changed it) until a reconciling version names both as parents. Evidence links and comments are
rows of their own, so they survive any edit of the text and travel in review packages by UUID.
"""

MEMOS_V3 = """
CREATE TABLE memos (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('site', 'district', 'code', 'free')),
    subject_id TEXT,
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'drafting'
        CHECK (status IN ('drafting', 'in-review', 'revising', 'corroborated')),
    drafter TEXT NOT NULL DEFAULT '',{STAMPS}
);
CREATE UNIQUE INDEX memos_subject ON memos (kind, subject_id) WHERE subject_id IS NOT NULL;
CREATE UNIQUE INDEX memos_free_title ON memos (lower(title)) WHERE kind = 'free';

CREATE TABLE memo_reviewers (
    memo_id TEXT NOT NULL REFERENCES memos(id),
    person TEXT NOT NULL,
    PRIMARY KEY (memo_id, person)
);

CREATE TABLE memo_versions (
    id TEXT PRIMARY KEY,
    memo_id TEXT NOT NULL REFERENCES memos(id),
    parent_id TEXT REFERENCES memo_versions(id),
    other_parent_id TEXT REFERENCES memo_versions(id),
    author TEXT NOT NULL,
    at TEXT NOT NULL,
    text BLOB NOT NULL
);
CREATE INDEX memo_versions_memo ON memo_versions (memo_id, at);
CREATE INDEX memo_versions_parent ON memo_versions (parent_id);
CREATE INDEX memo_versions_other_parent ON memo_versions (other_parent_id);

CREATE TABLE memo_evidence (
    id TEXT PRIMARY KEY,
    memo_id TEXT NOT NULL REFERENCES memos(id),
    source_id TEXT NOT NULL,
    coding_id TEXT,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    quote TEXT NOT NULL,
    section TEXT NOT NULL DEFAULT '',{STAMPS}
);
CREATE INDEX memo_evidence_memo ON memo_evidence (memo_id);
CREATE INDEX memo_evidence_source ON memo_evidence (source_id);

CREATE TABLE memo_status_log (
    id TEXT PRIMARY KEY,
    memo_id TEXT NOT NULL REFERENCES memos(id),
    status TEXT NOT NULL,
    by TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX memo_status_log_memo ON memo_status_log (memo_id, at);

CREATE TABLE memo_section_marks (
    memo_id TEXT NOT NULL REFERENCES memos(id),
    section TEXT NOT NULL,
    mark TEXT NOT NULL CHECK (mark IN ('corroborated')),
    by TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (memo_id, section)
);

CREATE TABLE memo_comments (
    id TEXT PRIMARY KEY,
    memo_id TEXT NOT NULL REFERENCES memos(id),
    parent_id TEXT REFERENCES memo_comments(id),
    author TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('question', 'correction', 'elaboration', 'corroboration', 'reply')),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    quote TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'resolved')),{STAMPS},
    CHECK (start <= end)
);
CREATE INDEX memo_comments_memo ON memo_comments (memo_id);
"""
