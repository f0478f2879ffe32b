"""Schema version 7: the undo history kept in the study file, so it outlasts the session.

`undo_log` holds the row images the capture triggers (coder/undo.py, temporary: they live on
the connection that opened the study, never in the file) write for every step: a before-image
for each row updated or deleted, only the key of each row inserted (an import of a thousand
transcripts logs a thousand keys, not their text). `undo_steps` holds the two stacks: one row
per step still undoable (`stack` 'undo') or redoable ('redo'), with what rebuilding its Changes
record needs. A stack's top is its highest step, since every undo, redo and new action takes a
new step number. Both are written in the transaction of the action itself, so a crash leaves the
history exactly as the last whole action left it. Neither is captured by undo (they are not in
UNDOABLE_TABLES) nor exchanged with other copies; copies for a teammate and shareable copies
start without them (coder/backup.py, coder/pseudonyms.py).

`{temp}` and `{schema}` are empty for the file; "TEMP " and "temp." give the same tables for a
session on a file older than version 7 (opened without upgrading: only the tests do that).
"""

UNDO_V7 = """
CREATE {temp}TABLE undo_log (
    seq INTEGER PRIMARY KEY,
    step INTEGER NOT NULL,
    tbl TEXT NOT NULL,
    kind TEXT NOT NULL,
    old TEXT,
    new TEXT
);
CREATE INDEX {schema}undo_log_step ON undo_log (step, seq);

CREATE {temp}TABLE undo_steps (
    step INTEGER PRIMARY KEY,
    stack TEXT NOT NULL CHECK (stack IN ('undo', 'redo')),
    op TEXT NOT NULL,
    label TEXT NOT NULL,
    areas TEXT NOT NULL,
    ids TEXT NOT NULL,
    result TEXT,
    extra TEXT NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX {schema}undo_steps_stack ON undo_steps (stack, step);
"""

FILE_TABLES = UNDO_V7.format(temp="", schema="")
SESSION_TABLES = UNDO_V7.format(temp="TEMP ", schema="temp.")
