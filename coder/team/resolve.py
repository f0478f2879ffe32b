"""The user's decisions on conflicts, each an ordinary undoable action that travels to the other
copies like any edit: keeping a value writes it again having seen every side, keeping a row
deleted elsewhere re-creates it, merging near-duplicate codes is the codebook's merge."""

from __future__ import annotations

import json

from ..store.changes import Changes
from ..store.errors import ConflictError
from .rows import area_of, read_row, write_row


def resolve(study, conflict, choice: str) -> Changes:
    if choice not in conflict.choices:
        raise ConflictError(f"choose one of {', '.join(conflict.choices)} for this conflict")
    if choice == "dismiss":
        return _dismiss(study, conflict)
    if choice == "open":
        raise ConflictError("a diverged memo is reconciled in the memo editor: open it in the window "
                            "(its two versions are shown side by side)")
    if conflict.kind == "loop":
        return _set_aside(study, conflict, int(choice.split()[1]) - 1)
    if conflict.kind == "field":
        value = conflict.detail["writes"][int(choice.split()[1]) - 1]["value"]
        return _keep_value(study, conflict, value)
    if conflict.kind == "deleted_in_use":
        (row_id,) = json.loads(conflict.key)
        if choice == "delete":
            if conflict.table == "codes":
                return study.codes.delete_code(code_id=row_id)
            return study.sources.delete_source(source_id=row_id)
        with study.operation("resolve_conflict", "Keep what another copy deleted") as rec:
            row = read_row(study.conn, conflict.table, conflict.key)
            write_row(study.conn, conflict.table, conflict.key, {**row, **study.modified()})
            rec.extra["sync_assert"] = [(conflict.table, conflict.key)]
            rec.touch(area_of(conflict.table), row_id)
        return study.changes_of(rec)
    if choice == "merge":
        if conflict.kind == "near_duplicate":
            first, second = json.loads(conflict.key)
        else:
            first, second = conflict.detail["kept"], conflict.detail["renamed"]
        made = dict(study.conn.execute("SELECT id, created_at FROM codes WHERE id IN (?, ?)", (first, second)))
        missing = [c for c in (first, second) if c not in made]
        if missing:
            raise ConflictError("one of the two codes is gone; there is nothing to merge")
        older, newer = sorted((first, second), key=lambda c: (made[c], c))  # the newer code goes into the older
        return study.codes.merge_codes(source_id=newer, target_id=older)
    raise ConflictError(f"cannot {choice} this conflict")


def _keep_value(study, conflict, value) -> Changes:
    with study.operation("resolve_conflict", f"Keep one {conflict.field}") as rec:
        row = read_row(study.conn, conflict.table, conflict.key)
        row[conflict.field] = value
        write_row(study.conn, conflict.table, conflict.key, row)
        # written even when the value is the one that already stood: the write names every side
        # it replaces, which is what settles the conflict on every copy
        rec.extra.setdefault("sync_fields", []).append((conflict.table, conflict.key, conflict.field))
        rec.touch(area_of(conflict.table), json.loads(conflict.key)[0])
    return study.changes_of(rec)


def _dismiss(study, conflict) -> Changes:
    from .describe import DISMISSED, dismissed

    with study.operation("dismiss_conflict", "Dismiss a conflict") as rec:
        study.write_setting(DISMISSED, json.dumps(sorted(dismissed(study) | {conflict.id})))
        rec.touch("codes")
    return study.changes_of(rec)


def _set_aside(study, conflict, index: int) -> Changes:
    """Decide a loop: move `index` goes back to where it came from, every other move stands;
    each member's place is written having seen every move, so each copy settles the same."""
    from .loops import intended_parents, place_back

    moves = conflict.detail["moves"]
    parents = intended_parents(study.conn, conflict.table)
    for move in moves:
        parents[move["id"]] = move["parent"]
    aside = moves[index]
    parents[aside["id"]] = place_back(parents, aside["id"], aside["from"])
    with study.operation("resolve_conflict", "Decide which move stands") as rec:
        for move in moves:
            key = json.dumps([move["id"]])
            row = read_row(study.conn, conflict.table, key)
            if row is None:
                continue
            clash = study.conn.execute(
                f"SELECT 1 FROM {conflict.table} WHERE ifnull(parent_id, '') = ifnull(?, '') AND "
                "lower(name) = lower(?) AND id != ?", (parents[move["id"]], row["name"], move["id"])).fetchone()
            if clash:
                raise ConflictError(f"{row['name']!r} cannot go back there: a sibling has its name (rename one first)")
            write_row(study.conn, conflict.table, key, {**row, "parent_id": parents[move["id"]],
                                                        **study.modified()})
            rec.extra.setdefault("sync_fields", []).append((conflict.table, key, "parent_id"))
            rec.touch(area_of(conflict.table), move["id"])
    return study.changes_of(rec)
