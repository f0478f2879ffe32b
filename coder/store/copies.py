"""Which copy of a study a file is, and whose name its work goes under.

Copies of one study share its UUID and history (coder/sync.py brings their work together). Each
copy also has an identity of its own, a UUID kept in `meta` with where the file was when it got
it (computer, path, file number); every operation records the copy it was made on (`ops.origin`).
A file copied in any way — `casecoder copy`, a file manager, an e-mail attachment — finds itself
elsewhere the first time it is changed and takes a new identity, so two copies are told apart
even when their coders share one name. Moving or renaming the file on one computer keeps it.

A copy made for a teammate can carry the name its work should go under (`copy_for`): on a
computer where nobody chose a "Coding as" name, that name is used instead of the login name,
which two laptops easily share ("root", "user").
"""

from __future__ import annotations

import os
import socket
import sqlite3
from pathlib import Path

from .clock import new_id
from .settings import login_name, saved_coder_name

COPY_FOR = "copy_for"


def _here(path: Path) -> tuple[str, str, str]:
    """(computer, path, file number) of a study file."""
    try:
        number = str(os.stat(path).st_ino)
    except OSError:
        number = ""
    return socket.gethostname(), str(Path(path).resolve()), number


def _read(conn: sqlite3.Connection, *keys: str) -> dict[str, str]:
    marks = ",".join("?" * len(keys))
    return dict(conn.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", keys).fetchall())


def identity_here(conn: sqlite3.Connection, path: Path) -> str | None:
    """The copy identity stored in the file, when the file is where it got it (else None: a copy
    made by any means that has not yet taken one of its own)."""
    stored = _read(conn, "copy_id", "copy_host", "copy_path", "copy_file")
    host, where, number = _here(path)
    same = stored.get("copy_host") == host and (stored.get("copy_path") == where or
                                                (number and stored.get("copy_file") == number))
    return stored["copy_id"] if stored.get("copy_id") and same else None


def copy_id(conn: sqlite3.Connection, path: Path, write: bool) -> str:
    """This file's copy identity. A file that is not where its identity was made (another
    computer; or another path and another file number) gets a new one, written when `write`
    (inside a transaction of the caller's)."""
    here = identity_here(conn, path)
    if here:
        return here
    host, where, number = _here(path)
    fresh = new_id()  # seeded under CASECODER_REPRODUCIBLE, so two runs of an action write the same rows
    if write:
        conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                         [("copy_id", fresh), ("copy_host", host), ("copy_path", where), ("copy_file", number)])
    return fresh


def file_identity(path: Path, conn: sqlite3.Connection) -> str:
    """This study file's copy identity, taken now (in a short transaction of its own) when it has
    none valid where it is, so that its backups are told from any other copy's from the first.
    `conn` reads the file. Where the file cannot be written (a read-only folder) the identity is
    derived from where the file is, and stays the same as long as it cannot change."""
    from .database import connect

    here = identity_here(conn, path)
    if here:
        return here
    try:
        writer = connect(path)
        try:
            writer.execute("BEGIN IMMEDIATE")
            found = copy_id(writer, path, write=True)
            writer.execute("COMMIT")
            return found
        finally:
            writer.close()  # uncommitted: rolled back
    except sqlite3.DatabaseError:  # read-only, or another program writing it right now
        return placed_identity(path, conn)


def placed_identity(path: Path, conn: sqlite3.Connection) -> str:
    """The identity of a file that cannot take one of its own: derived from where it is."""
    from uuid import NAMESPACE_URL, uuid5

    study = _read(conn, "study_id").get("study_id", "")
    return str(uuid5(NAMESPACE_URL, "casecoder-file:" + "|".join((study, *_here(path)))))


def forget_identity(conn: sqlite3.Connection, coder: str | None) -> None:
    """In a fresh copy: drop the original's identity (the copy takes its own when first changed)
    and record whose work the copy is for (or that it is for nobody in particular)."""
    conn.execute("DELETE FROM meta WHERE key IN ('copy_id', 'copy_host', 'copy_path', 'copy_file', ?)", (COPY_FOR,))
    if coder:
        conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (COPY_FOR, coder))


def copy_for(conn: sqlite3.Connection) -> str | None:
    """The name a copy made for a teammate says their work goes under, if any."""
    return _read(conn, COPY_FOR).get(COPY_FOR) or None


def default_coder(conn: sqlite3.Connection) -> str:
    """Whose name a study's work goes under when nobody says: the "Coding as" name chosen on this
    computer, else the name the copy was made for, else the login name."""
    return saved_coder_name() or copy_for(conn) or login_name()


def name_problem(study, name: str | None = None) -> str | None:
    """Why `name` (default: the study's user) would not tell this copy's work from a teammate's,
    in a sentence; None when it does. Two cases: the login name, never chosen (two laptops easily
    share it), and a name work from another copy of this study already goes under."""
    name = name or study.user
    if name == login_name() and name != saved_coder_name() and name != copy_for(study.conn):
        return (f"your work goes under '{name}', this computer's login name, not a name you chose: a teammate "
                "whose computer logs in with the same name would be taken for you (their codings, agreement "
                "between you, and the codes you each add)")
    mine = study.copy_id()
    other = study.conn.execute("SELECT 1 FROM ops WHERE author = ? AND origin IS NOT NULL AND origin != ? LIMIT 1",
                               (name, mine)).fetchone()
    if other:
        return (f"work from another copy of this study already goes under '{name}': unless that was you, your "
                "work and theirs could not be told apart")
    return None


def teammate_name_problem(name: str | None, mine: str) -> str | None:
    """Why `name` will not do for the teammate a copy is made for; None when it will."""
    name = " ".join((name or "").split())
    if not name:
        return "give the name your teammate's work goes under in the copy"
    if name == mine:
        return (f"'{name}' is your own name: the copy is for a teammate, whose work must go under a name of "
                "their own")
    return None


NO_TEAMMATE = ("the copy names nobody to code in it: your teammate's work there goes under the coder name "
               "chosen on their computer, or its login name when they never chose one — which another laptop "
               "may share")
