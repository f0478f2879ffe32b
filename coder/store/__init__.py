"""The study file and what every other package stands on.

Opening, creating and upgrading the SQLite file (`database`, `schema*`), undo capture and the
stored history (`undo`, `history`), the `Changes` record, clock and identifiers, settings, the
lock, backups and copies, the schema check, errors, paths, progress, atomic files and the error
log, and small text helpers (`text`, `words`, `trees`, `bulk`, `inflate`). Nothing here imports a
package above it (pyproject.toml, [tool.importlinter]).
"""
