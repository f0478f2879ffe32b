"""Conflicts told in a researcher's words: which code, source or memo, who did what, what stands."""

from __future__ import annotations

import json

from .rows import read_row

DISMISSED = "sync.dismissed"
NOUNS = {
    "codes": "Code", "sources": "Source", "cases": "Case", "memos": "Memo", "codings": "Coding",
    "sections": "Section", "attribute_defs": "Attribute", "speakers": "Speaker", "outline_items": "Outline item",
    "pattern_tables": "Pattern table", "pattern_cells": "Pattern cell", "saved_queries": "Saved query",
    "sets": "Set", "source_texts": "Text of source", "memo_versions": "Memo version",
}
FIELD_NAMES = {"name": "name", "parent_id": "place in the tree", "title": "title", "text": "text",
               "definition": "definition", "color": "colour", "case_id": "case", "position": "position"}


def dismissed(study) -> set[str]:
    value = study.setting(DISMISSED)
    return set(json.loads(value)) if value else set()


def label(study, tbl: str, key: str) -> str:
    """How the window names a row: a code's path, a source's name, a memo's title."""
    ids = json.loads(key)
    if tbl == "codes":
        path = study.codes.paths().get(ids[0])
        if path:
            return f"code '{path}'"
    if tbl == "source_texts":
        tbl = "sources"
    row = read_row(study.conn, tbl, json.dumps(ids[:1])) if tbl != "turns" else None
    noun = NOUNS.get(tbl, tbl.replace("_", " ")).lower()
    for column in ("name", "title"):
        if row and row.get(column):
            return f"{noun} '{row[column]}'"
    if tbl == "codings" and row:
        code = study.codes.paths().get(row["code_id"], "?")
        source = study.sources.names({row["source_id"]}).get(row["source_id"], "?")
        return f"coding of '{code}' in '{source}' ({row['start']}-{row['end']})"
    return f"{noun} {ids[0]}"


def _who(write: dict) -> str:
    """Who made a write, and when (older conflicts were stored without the time)."""
    at = write.get("at")
    return f"{write['author']} at {at[:16].replace('T', ' ')} UTC" if at else write["author"]


def _shown(value: object) -> str:
    text = str(value) if value is not None else "(none)"
    text = " ".join(text.split())
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def describe(study, kind: str, tbl: str, key: str, name: str, detail: dict) -> tuple[str, tuple[str, ...]] | None:
    """(sentence, choices) for a stored conflict; None when it no longer applies."""
    cid = f"{kind}:{tbl}:{key}:{name}"
    if cid in dismissed(study):
        return None
    current = read_row(study.conn, tbl, key)
    if kind == "field":
        if current is None:
            return None
        writes = detail["writes"]
        field_name = FIELD_NAMES.get(name, name.replace("_", " "))
        if name == "parent_id":
            paths = study.codes.paths() if tbl == "codes" else {}
            sides = "; ".join(f"{_who(w)}: under {_shown(paths.get(w['value'], w['value'] or 'the top'))}"
                              for w in writes)
        else:
            sides = "; ".join(f"{_who(w)}: {_shown(w['value'])}" for w in writes)
        text = (f"The {field_name} of {label(study, tbl, key)} was changed on two copies ({sides}); "
                f"{_shown(current.get(name))}, the later change, stands for now.")
        return text, tuple(f"keep {i + 1}" for i in range(len(writes)))
    if kind == "deleted_in_use":
        if current is None:
            return None
        uses = len(detail.get("used_by", []))
        by = detail.get("deleted_by") or "another copy"
        text = (f"{label(study, tbl, key)[0].upper()}{label(study, tbl, key)[1:]} was deleted by {by}, but work on "
                f"another copy still uses it ({uses}{'+' if uses >= 3 else ''} "
                f"{'use' if uses == 1 else 'uses'}); it is kept until you decide.")
        choices = ("keep", "delete") if tbl in ("codes", "sources") else ("keep",)
        return text, choices
    if kind == "same_name":
        kept, renamed = detail.get("kept"), detail.get("renamed")
        ktbl = json.dumps([kept])
        if read_row(study.conn, tbl, ktbl) is None or read_row(study.conn, tbl, json.dumps([renamed])) is None:
            return None
        text = (f"Two copies each created {label(study, tbl, ktbl)}; the second is kept as "
                f"{label(study, tbl, json.dumps([renamed]))}.")
        return text, (("merge", "dismiss") if tbl == "codes" else ("dismiss",))
    if kind == "missing":
        return (f"A change from another copy to {NOUNS.get(tbl, tbl).lower()} {json.loads(key)[0]} refers to "
                "something this study has never received (a package not yet imported?); it is held and "
                "applied when that arrives.", ("dismiss",))
    if kind == "loop":
        return _loop(study, tbl, key, detail, current)
    if kind == "detached":
        if current is None or not current.get("detached"):
            return None
        code = study.codes.paths().get(current["code_id"], "?")
        source = study.sources.names({current["source_id"]}).get(current["source_id"], "?")
        text = (f"{current['coder']} coded {_shown(detail.get('text'))} with '{code}' in '{source}' on the text "
                "as it was before another copy corrected it, and those words are gone; the coding is kept, "
                "detached, for you to place again or remove.")
        return text, ("dismiss",)
    return None


def _loop(study, tbl: str, key: str, detail: dict, current: dict | None) -> tuple[str, tuple[str, ...]] | None:
    """Moves on two copies that would put rows of a tree under one another."""
    from .merge import fold

    folded = fold(study.conn, tbl, key)
    if current is None or folded is None or folded.row is None \
            or folded.row.get("parent_id") == current.get("parent_id"):
        return None  # decided since: the row stands where its operations put it
    def name(row_id: str | None) -> str:
        row = read_row(study.conn, tbl, json.dumps([row_id])) if row_id else None
        return _shown(row.get("name")) if row else "?"

    def place(row_id: str | None) -> str:
        return f"under {name(row_id)}" if row_id else "at the top level"

    told = "; ".join(f"{m['author'] or 'an earlier version'} moved {name(m['id'])} {place(m['parent'])}"
                     for m in detail["moves"])
    aside = next(m for m in detail["moves"] if m["id"] == detail["aside"])
    nouns = {"codes": "codes", "cases": "cases", "sections": "outline sections", "outline_items": "outline items"}
    text = (f"Copies moved {nouns.get(tbl, 'rows')} into one another ({told}); together the moves would make "
            f"a loop, so the later one, by {aside['author'] or 'another copy'}, is set aside for now: "
            f"{name(aside['id'])} stays {place(current.get('parent_id'))}. Choose the move to set aside "
            "('undo N'); the others stand.")
    return text, tuple(f"undo {i + 1}" for i in range(len(detail["moves"])))
