"""Typed attributes of cases and sources (school level, enrolment, interview language ...)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from ..store.changes import Changes
from ..store.errors import ConflictError, NotFoundError
from ..store.paths import clean_name

TYPES = ("text", "number", "date", "choice")
SCOPES = ("case", "source")


@dataclass(frozen=True)
class AttributeDef:
    id: str
    scope: str
    name: str
    type: str
    choices: tuple[str, ...]


def check_value(attr: AttributeDef, value: str) -> str:
    """Normalise a value to its type's text form; refuse one that does not fit."""
    value = (value or "").strip()
    if attr.type == "number":
        try:
            number = float(value)
        except ValueError as exc:
            raise ConflictError(f"{attr.name}: {value!r} is not a number") from exc
        return str(int(number)) if number.is_integer() else repr(number)
    if attr.type == "date":
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError as exc:
            raise ConflictError(f"{attr.name}: {value!r} is not a date (use YYYY-MM-DD)") from exc
    if attr.type == "choice" and attr.choices and value not in attr.choices:
        raise ConflictError(f"{attr.name}: {value!r} is not one of {', '.join(attr.choices)}")
    return value


class Attributes:
    """Attribute definitions and the values cases and sources carry."""

    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn

    def definitions(self, scope: str | None = None) -> list[AttributeDef]:
        sql = "SELECT id, scope, name, type, choices FROM attribute_defs"
        args: tuple = ()
        if scope:
            sql += " WHERE scope = ?"
            args = (scope,)
        rows = self.conn.execute(sql + " ORDER BY position, lower(name)", args).fetchall()
        return [AttributeDef(r[0], r[1], r[2], r[3], tuple(json.loads(r[4]))) for r in rows]

    def find(self, scope: str, name: str) -> AttributeDef | None:
        for attr in self.definitions(scope):
            if attr.name.lower() == name.strip().lower():
                return attr
        return None

    def define(self, *, scope: str, name: str, type: str = "text",
               choices: list[str] | None = None) -> Changes:
        """Declare an attribute; its type decides which values it accepts."""
        name = clean_name(name, "attribute")
        if scope not in SCOPES:
            raise ConflictError(f"unknown attribute scope {scope!r}")
        if type not in TYPES:
            raise ConflictError(f"unknown attribute type {type!r} (use {', '.join(TYPES)})")
        if self.find(scope, name):
            raise ConflictError(f"a {scope} attribute named {name!r} already exists")
        with self.study.operation("define_attribute", f"New attribute {name}") as rec:
            aid = self.study.new_id()
            self.study.db["attribute_defs"].insert({
                "id": aid, "scope": scope, "name": name, "type": type,
                "choices": json.dumps(list(choices or [])), "position": len(self.definitions(scope)),
                **self.study.stamps()})
            rec.touch("attributes", aid)
            rec.result = aid
        return self.study.changes_of(rec)

    def _ensure(self, scope: str, name: str) -> AttributeDef:
        attr = self.find(scope, name)
        if attr is None:
            self.define(scope=scope, name=name)
            attr = self.find(scope, name)
        return attr

    def set_value(self, *, scope: str, owner_id: str, name: str, value: str | None) -> Changes:
        """Set (or with None/'' clear) one attribute of a case or source; a new name defines a
        text attribute."""
        table, owner_col = ("case_values", "case_id") if scope == "case" else ("source_values", "source_id")
        with self.study.operation("set_attribute", f"Set {name}") as rec:
            attr = self._ensure(scope, name)
            if value is None or not str(value).strip():
                self.conn.execute(f"DELETE FROM {table} WHERE {owner_col} = ? AND attr_id = ?",
                                  (owner_id, attr.id))
            else:
                self.conn.execute(
                    f"INSERT INTO {table} ({owner_col}, attr_id, value, modified_at, modified_by) "
                    f"VALUES (?, ?, ?, ?, ?) ON CONFLICT ({owner_col}, attr_id) DO UPDATE SET "
                    f"value = excluded.value, modified_at = excluded.modified_at, "
                    f"modified_by = excluded.modified_by",
                    (owner_id, attr.id, check_value(attr, str(value)), *self.study.modified().values()))
            rec.touch("attributes", owner_id)
        return self.study.changes_of(rec)

    def values(self, scope: str, owner_id: str) -> dict[str, str]:
        table, owner_col = ("case_values", "case_id") if scope == "case" else ("source_values", "source_id")
        rows = self.conn.execute(
            f"SELECT d.name, v.value FROM {table} v JOIN attribute_defs d ON d.id = v.attr_id "
            f"WHERE v.{owner_col} = ? ORDER BY d.position, lower(d.name)", (owner_id,)).fetchall()
        return dict(rows)

    def values_in_use(self, most: int = 40) -> list[tuple[str, list[str]]]:
        """Each attribute with the values cases or sources have for it, for a filter to offer: a
        choice attribute's values in the order of its choices, numbers by size, the rest
        alphabetically. An attribute with more than `most` different values (free text, dates) is
        left out: ticking one of hundreds is no way to filter. Where a source and a case attribute
        share a name the source's is meant, as in a data run."""
        out: dict[str, list[str]] = {}
        for attr in self.definitions("case") + self.definitions("source"):
            table = "case_values" if attr.scope == "case" else "source_values"
            values = [r[0] for r in self.conn.execute(f"SELECT DISTINCT value FROM {table} WHERE attr_id = ? "
                                                      "LIMIT ?", (attr.id, most + 1))]
            if not values or len(values) > most:
                if attr.scope == "source":  # a run filters on the source's, which offers nothing to tick
                    out.pop(attr.name.lower(), None)
                continue
            if attr.type == "choice":
                order = {c: i for i, c in enumerate(attr.choices)}
                values.sort(key=lambda v: (order.get(v, len(order)), v.lower()))
            elif attr.type == "number":
                values.sort(key=float)
            else:
                values.sort(key=str.lower)
            out[attr.name.lower()] = [attr.name, *values]
        return [(entry[0], entry[1:]) for entry in out.values()]

    def delete_definition(self, *, attr_id: str) -> Changes:
        """Delete an attribute and every value cases or sources had for it."""
        row = self.conn.execute("SELECT name FROM attribute_defs WHERE id = ?", (attr_id,)).fetchone()
        if not row:
            raise NotFoundError(f"no attribute with id {attr_id}")
        with self.study.operation("delete_attribute", f"Delete attribute {row[0]}") as rec:
            self.conn.execute("DELETE FROM case_values WHERE attr_id = ?", (attr_id,))
            self.conn.execute("DELETE FROM source_values WHERE attr_id = ?", (attr_id,))
            self.conn.execute("DELETE FROM attribute_defs WHERE id = ?", (attr_id,))
            self.study.tombstone("attribute", attr_id)
            rec.touch("attributes", attr_id)
        return self.study.changes_of(rec)
