"""The work package file: operations from one copy of a study, for another copy to apply.

A package is a zip archive holding `manifest.json` (which study, which format and schema
version, which copy sent it, how many operations, and the SHA-256 of the operations) and
`ops.jsonl`, one operation per line with its effects. Everything is checked before anything is
applied: a package from another study, from a newer CaseCoder, or damaged on the way (a zip
that does not open, a checksum that does not match, a line that does not parse) is refused with
a message naming the file and the problem.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import sqlite3
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..store.errors import CaseCoderError
from ..store.files import save_atomically
from ..store.inflate import METHODS, Budget, TooLarge, inflate, read_member
from ..store.schema import SCHEMA_VERSION
from .log import pack
from .rows import SYNC_TABLES, decode, encode, read_codings, read_row

FORMAT = "casecoder-work"
FORMAT_VERSION = 2  # 2: an insert sent as the row is now carries its values as JSON, not packed
PART = 2000  # effects per line at most
MAX_RATIO = 200  # a member that inflates more than this is a zip bomb, not a package
MAX_LINE = 1 << 30  # one line of ops.jsonl: at most 2,000 effects, a 200 MB transcript among them
MAX_VALUES = 1 << 30  # one effect's values, inflated
FLOOR = 16 << 20  # inflating this much is never suspicious, whatever the package's size


class PackageError(CaseCoderError):
    """A work package that cannot be imported; the study was not changed."""


@dataclass
class Manifest:
    study_id: str
    study_name: str
    sender: str
    ops: int
    lines: int
    continues: str | None
    schema_version: int
    created_at: str


def write_package(conn: sqlite3.Connection, path: Path, manifest: dict, min_seq: int) -> int:
    """Write every held operation that arrived after `min_seq`; the number written."""
    path = Path(path)
    digest = hashlib.sha256()
    lines, ops = 0, set()

    def write(tmp: str) -> None:
        nonlocal lines
        # level 1: most of what goes in is compressed rows in base64, which deflate shrinks little more
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1, allowZip64=True) as archive:
            with archive.open("ops.jsonl", "w", force_zip64=True) as out:
                for op_id, line in _op_lines(conn, min_seq):
                    data = line.encode("utf-8") + b"\n"
                    digest.update(data)
                    out.write(data)
                    lines += 1
                    ops.add(op_id)
            archive.writestr("manifest.json", json.dumps(
                {**manifest, "format": FORMAT, "format_version": FORMAT_VERSION, "schema_version": SCHEMA_VERSION,
                 "ops": len(ops), "lines": lines, "sha256": digest.hexdigest()}, indent=2, ensure_ascii=False))

    # a package half written (a full disk, a kill) never takes the real name; a full disk says so
    save_atomically(path, write)
    return len(ops)


def _op_lines(conn: sqlite3.Connection, min_seq: int) -> Iterator[tuple[str, str]]:
    """One line per operation, or per part of a large one (an import of a thousand transcripts),
    so neither side holds a whole large operation in memory."""
    headers = {r[0]: r for r in conn.execute(
        "SELECT id, lamport, op, label, author, at, origin FROM ops WHERE seq > ?", (min_seq,))}
    effects = conn.execute(
        "SELECT o.id, e.tbl, e.key, e.kind, e.fields, e.bases, e.data FROM op_effects e "
        "JOIN ops o ON o.seq = e.op_seq WHERE o.seq > ? ORDER BY o.seq", (min_seq,))
    current, rows = None, []
    for row in effects:
        if row[0] != current or len(rows) >= PART:
            if rows:
                yield current, _line(headers[current], _part(conn, rows))
            current, rows = row[0], []
        rows.append(row)
    if rows:
        yield current, _line(headers[current], _part(conn, rows))


def _part(conn: sqlite3.Connection, rows: list[tuple]) -> list[dict]:
    """The effects of one line. An insert whose values are only in the row is sent as the row is
    now, its values written into the line as they are (the package deflates them with the rest;
    packing each row on its own cost most of an export of a quarter of a million codings): codings
    read together, their fields named from the values read. What the log holds packed is sent
    packed."""
    fresh = read_codings(conn, [r[2] for r in rows if r[6] is None and r[1] == "codings"])
    part = []
    named: dict[tuple[str, ...], list[str]] = {}  # the rows of a table have the same fields
    for _op, tbl, key, kind, fields, bases, data in rows:
        effect = {"tbl": tbl, "key": key, "kind": kind, "bases": json.loads(bases) if bases else {}}
        if data is None:
            values = fresh[key] if key in fresh else read_row(conn, tbl, key)
            shape = tuple(values)
            if shape not in named:  # an insert: every field it has
                named[shape] = [k for k in shape if not k.startswith("$")]
            effect["fields"] = named[shape]
            effect["values"] = values if tbl == "codings" else encode(values)  # a coding holds no bytes
        else:
            effect["fields"] = _field_list(kind, fields, data)
            effect["data"] = base64.b64encode(data).decode("ascii")
        part.append(effect)
    return part


def _field_list(kind: str, fields: str, data: bytes) -> list[str]:
    if kind == "delete":
        return []
    if fields == "*":
        return [k for k in json.loads(inflate(data, MAX_VALUES)) if not k.startswith("$")]
    return json.loads(fields)


def _line(header: tuple, effects: list[dict]) -> str:
    op_id, lamport, op, label, author, at, origin = header
    return json.dumps({"id": op_id, "lamport": lamport, "op": op, "label": label, "author": author, "at": at,
                       "origin": origin, "effects": effects}, ensure_ascii=False)


def read_manifest(path: Path, study_id: str) -> Manifest:
    """Open and check a package without applying anything."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise PackageError(f"{name}: no such file")
    try:
        with zipfile.ZipFile(path) as archive:
            members = {i.filename: i for i in archive.infolist()}
            if "manifest.json" not in members or "ops.jsonl" not in members:
                raise PackageError(f"{name}: not a CaseCoder work package (it has no manifest and operations)")
            for info in members.values():
                if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1 << 20:
                    raise PackageError(f"{name}: {info.filename} inflates {info.file_size // info.compress_size}-fold;"
                                       " refusing a suspected zip bomb")
            if members["manifest.json"].file_size > 1 << 20:
                raise PackageError(f"{name}: the manifest is implausibly large")
            raw = json.loads(read_member(archive, members["manifest.json"], 1 << 20).decode("utf-8"))
    except TooLarge as exc:
        raise PackageError(f"{name}: refusing a suspected zip bomb ({exc})") from exc
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise PackageError(f"{name}: not a CaseCoder work package or damaged ({exc})") from exc
    except (ValueError, RecursionError) as exc:
        raise PackageError(f"{name}: the manifest is damaged ({exc})") from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise PackageError(f"{name}: not a CaseCoder work package")
    version, schema = raw.get("format_version"), raw.get("schema_version")
    if not _whole(version) or not _whole(schema):
        raise PackageError(f"{name}: the manifest is damaged (no format version)")
    if version < 1 or schema < 6:  # the operation log, and with it packages, came with version 6
        raise PackageError(f"{name}: the manifest is damaged (package format {version}, study version {schema}: "
                           "no CaseCoder writes those)")
    if version > FORMAT_VERSION or schema > SCHEMA_VERSION:
        raise PackageError(f"{name}: written by a newer version of CaseCoder (package format {version}, study "
                           f"version {schema}); update CaseCoder to import it")
    if raw.get("study_id") != study_id:
        raise PackageError(f"{name}: this work belongs to a different study ({raw.get('study_name') or '?'}, "
                           f"ID {raw.get('study_id')}); it can only be imported into copies of that study")
    for field, kind in (("ops", int), ("lines", int), ("sha256", str), ("sender", str), ("continues", str),
                        ("study_name", str), ("created_at", str)):
        value = raw.get(field)
        if value is not None and not (_whole(value) and value >= 0 if kind is int else isinstance(value, kind)):
            raise PackageError(f"{name}: the manifest is damaged ({field} is {value!r}, not "
                               f"{'a count' if kind is int else 'text'})")
    if raw.get("sha256") is None:
        raise PackageError(f"{name}: the manifest is damaged (it has no checksum of its operations)")
    return Manifest(study_id=raw["study_id"], study_name=str(raw.get("study_name", "")),
                    sender=str(raw.get("sender", "")), ops=int(raw.get("ops", 0)),
                    lines=int(raw.get("lines", raw.get("ops", 0))),
                    continues=raw.get("continues"), schema_version=schema, created_at=str(raw.get("created_at", "")))


def _whole(value: object) -> bool:
    """A JSON whole number (true and false are not numbers here)."""
    return isinstance(value, int) and not isinstance(value, bool)


def iter_ops(path: Path, held: Callable[[str], bool] | None = None) -> Iterator[dict]:
    """The operations of a checked package, each validated as it is read; the checksum is
    checked after the last, so the caller applies them inside a transaction it rolls back
    when anything here raises. An operation `held` says the study has comes as {id, held}
    without its effects decoded (a full package re-imported is mostly such)."""
    path = Path(path)
    name = path.name
    count = 0
    # everything inflated (the operations and the values inside them) against the file's size
    budget = Budget(MAX_RATIO * path.stat().st_size + FLOOR)
    try:
        with zipfile.ZipFile(path) as archive:
            expected = json.loads(read_member(archive, archive.getinfo("manifest.json"), 1 << 20))
            digest = hashlib.sha256()
            info = archive.getinfo("ops.jsonl")
            if info.compress_type not in METHODS:
                raise TooLarge(f"ops.jsonl is compressed with a method CaseCoder does not write ({info.compress_type})")
            with archive.open(info) as raw_stream:
                stream = io.BufferedReader(raw_stream)
                while line := stream.readline(MAX_LINE + 1):
                    if len(line) > MAX_LINE:
                        raise TooLarge(f"an operation of more than {MAX_LINE >> 20} MB")
                    budget.spend(len(line))
                    digest.update(line)
                    count += 1
                    known = _leading_id(line) if held is not None else None
                    if known is not None and held(known):  # skipped unparsed: nothing of it is applied
                        yield {"id": known, "held": True}
                        continue
                    op = json.loads(line.decode("utf-8"))
                    if held is not None and isinstance(op, dict) and isinstance(op.get("id"), str) \
                            and held(op["id"]):
                        yield {"id": op["id"], "held": True}
                        continue
                    yield _checked_op(op, name, count, budget)
    except TooLarge as exc:
        raise PackageError(f"{name}: refusing a suspected zip bomb ({exc}); nothing was imported") from exc
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise PackageError(f"{name}: the package is damaged ({exc})") from exc
    except (ValueError, RecursionError) as exc:  # not UTF-8, not JSON, nested or numbered past reason
        raise PackageError(f"{name}: the package is damaged (an operation does not parse: {exc})") from exc
    if digest.hexdigest() != expected.get("sha256") or count != expected.get("lines", expected.get("ops")):
        raise PackageError(f"{name}: the package is damaged (its operations do not match its checksum)")


_LEADING_ID = re.compile(rb'\{"id": "([0-9a-f-]{36})", ')


def _leading_id(line: bytes) -> str | None:
    """The id a line written by CaseCoder begins with, read without parsing the line (a full
    package re-imported is mostly operations the study holds, whose effects would be parsed only
    to be skipped); None when the line does not begin the way CaseCoder writes it."""
    found = _LEADING_ID.match(line)
    return found.group(1).decode("ascii") if found else None


def _checked_op(op: object, name: str, number: int, budget: Budget) -> dict:
    def bad(why: str) -> PackageError:
        return PackageError(f"{name}: the package is damaged (operation {number}: {why})")

    if not isinstance(op, dict):
        raise bad("not an object")
    for field, kind in (("id", str), ("lamport", int), ("op", str), ("label", str), ("author", str),
                        ("at", str), ("effects", list)):
        if not isinstance(op.get(field), kind):
            raise bad(f"{field} missing or of the wrong type")
    if not isinstance(op.get("origin"), str | None):  # the copy it was made on; none from before
        raise bad("origin of the wrong type")
    for effect in op["effects"]:
        if not isinstance(effect, dict) or effect.get("tbl") not in SYNC_TABLES:
            raise bad(f"an effect on an unknown table {effect.get('tbl') if isinstance(effect, dict) else ''!r}")
        if effect.get("kind") not in ("insert", "update", "delete") or not isinstance(effect.get("key"), str):
            raise bad("an effect of unknown kind")
        if not isinstance(effect.get("fields"), list) or not isinstance(effect.get("bases"), dict):
            raise bad("an effect without fields")
        try:
            if "data" in effect:  # packed, as the log holds it
                effect["data"] = base64.b64decode(effect["data"], validate=True)
                raw = inflate(effect["data"], min(MAX_VALUES, budget.left))  # never more than may still come
                budget.spend(len(raw))
                values = json.loads(raw)
            else:  # written out (format 2): counted with its line; packed here for the log
                values = effect["values"]
                if not isinstance(values, dict):
                    raise ValueError("values that are not an object")
                effect["data"] = pack(values, raw=True)
            key = json.loads(effect["key"])
        except TooLarge:
            raise
        except (KeyError, TypeError, ValueError, RecursionError, zlib.error) as exc:
            raise bad(f"unreadable values ({exc})") from exc
        if not isinstance(values, dict) or not isinstance(key, list) or not set(effect["fields"]) <= set(values) \
                or not all(isinstance(f, str) for f in effect["fields"]):
            raise bad("values that do not match their fields")
        try:
            effect["values"] = decode(values)
        except (TypeError, ValueError) as exc:
            raise bad(f"unreadable values ({exc})") from exc
        effect["key_values"] = key
    return op
