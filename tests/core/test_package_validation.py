"""Work packages crafted to make sense to the checksum and not to the study: every row is checked
before the package stands, so such a package is refused whole (the study row for row as before)
or applied whole, and `check` finds nothing wrong after either. Also packages whose manifest or
clock a study cannot hold, and values that inflate past any reason (a zip bomb inside a member
stored without compression)."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import shutil
import sqlite3
import zipfile
import zlib

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from coder import Study
from coder.check import check_study
from coder.sources.importing import import_sources, plan_import
from coder.store.errors import CaseCoderError, NotAStudyError

TEXT = ("Interviewer: How do teachers plan together?\n\n"
        "Teacher: We meet on Thursdays with the coach and look at student work.\n")


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    """A base study, and a teammate's package of ordinary work on a copy of it."""
    folder = tmp_path_factory.mktemp("valid")
    base = folder / "base.casecoder"
    with Study.create(base, user="lead") as s:
        s.codes.add_code(path="Planning")
        transcript = folder / "oak_teacher.txt"
        transcript.write_text(TEXT, encoding="utf-8")
        assert not import_sources(s, plan_import([transcript], {"district": "North", "site": "Oak"})).failed
    mate = folder / "mate.casecoder"
    shutil.copy(base, mate)
    with Study.open(mate, user="mate") as s:
        source = s.sources.all()[0]
        parent = s.codes.add_code(path="Coaching").result
        code = s.codes.add_code(path="Coaching/Feedback").result
        s.codings.apply_code(source_id=source.id, code_id=code, start=60, end=75, coder="mate")
        s.cases.add_case(name="Pine", kind="site", parent_id=s.cases.find("North").id)
        s.pseudonyms.set_all(pairs=[("Oak", "Site A")])
        s.cross_outline.set_thresholds(types=2, roles=3)
        s.codes.move_code(code_id=parent, parent_id=s.codes.find("Planning").id)
        s.sync.export_work(folder / "mate.ccwork")
    return base, folder / "mate.ccwork"


def read_ops(path):
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        lines = archive.read("ops.jsonl").decode("utf-8").splitlines()
    ops = [json.loads(line) for line in lines]
    for op in ops:
        for effect in op["effects"]:
            if "data" in effect:  # packed (what the log held packed); an insert's row comes written out
                effect["values"] = json.loads(zlib.decompress(base64.b64decode(effect.pop("data"))))
    return manifest, ops


def write_ops(path, manifest, ops, *, stored=False, written_out=False):
    """A package as CaseCoder would write it, checksum and all, holding whatever `ops` say: every
    effect's values packed (as format 1 sent them), or, `written_out`, as they are (format 2)."""
    lines = []
    for op in ops:
        op = copy.deepcopy(op)
        for effect in op["effects"]:
            if "values" in effect and not written_out:
                raw = json.dumps(effect.pop("values")).encode("utf-8")
                effect["data"] = base64.b64encode(zlib.compress(raw)).decode("ascii")
        lines.append(json.dumps(op).encode("utf-8") + b"\n")
    data = b"".join(lines)
    manifest = {**manifest, "lines": len(lines), "ops": len({op["id"] for op in ops}),
                "sha256": hashlib.sha256(data).hexdigest()}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("ops.jsonl", data)
    return path


def _snapshot(path):
    conn = sqlite3.connect(path)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                         "'%fts%' AND name != 'sqlite_sequence'")}
    finally:
        conn.close()


def _import(base, folder, package_path, name="lead"):
    """Import into a fresh copy: (refusal message or None, snapshot before, snapshot after, problems)."""
    study = folder / f"{name}.casecoder"
    shutil.copy(base, study)
    before = _snapshot(study)
    try:
        with Study.open(study, user="lead") as s:
            s.sync.import_work(package_path)
        message = None
    except CaseCoderError as exc:
        message = str(exc)
    after = _snapshot(study)
    with Study.open(study, user="lead") as s:
        problems = check_study(s.conn)["problems"]
        s.pseudonyms.all()
        s.cross_outline.thresholds()
        s.codes.all()
        s.cases.all()
    return message, before, after, problems


def _effect(ops, tbl, where=lambda values: True):
    return next(e for op in ops for e in op["effects"] if e["tbl"] == tbl and e["kind"] == "insert"
                and where(e["values"]))


def _refused(package, tmp_path, mutate):
    base, valid = package
    manifest, ops = read_ops(valid)
    mutate(ops)
    crafted = write_ops(tmp_path / "crafted.ccwork", manifest, ops)
    message, before, after, problems = _import(base, tmp_path, crafted)
    assert message is not None, "the crafted package was applied"
    assert after == before and problems == []
    assert "crafted.ccwork" in message and "nothing was imported" in message
    return message


def test_the_valid_package_applies_and_checks(package, tmp_path):
    base, valid = package
    message, before, after, problems = _import(base, tmp_path, valid)
    assert message is None and after != before and problems == []


def test_rows_are_sent_written_out_and_packages_of_either_format_apply(package, tmp_path):
    """An export writes an insert's values into its line (format 2); a package of format 1, every
    effect's values packed, applies the same."""
    base, valid = package
    with zipfile.ZipFile(valid) as archive:
        effects = [e for line in archive.read("ops.jsonl").decode("utf-8").splitlines()
                   for e in json.loads(line)["effects"]]
        assert json.loads(archive.read("manifest.json"))["format_version"] == 2
    assert any("values" in e and "data" not in e for e in effects if e["kind"] == "insert")
    (tmp_path / "two").mkdir()
    message, _before, whole, _problems = _import(base, tmp_path / "two", valid)
    assert message is None
    manifest, ops = read_ops(valid)
    old = write_ops(tmp_path / "format1.ccwork", {**manifest, "format_version": 1}, ops)
    message, _before, after, problems = _import(base, tmp_path, old)
    assert message is None and problems == []
    for table in ("codings", "codes", "cases", "sources", "source_texts", "study_settings"):
        assert after[table] == whole[table], table


@pytest.mark.parametrize("values", [[1, 2], "text", None])
def test_values_written_out_that_are_not_a_row_are_refused(package, tmp_path, values):
    base, valid = package
    manifest, ops = read_ops(valid)
    _effect(ops, "codings")["values"] = values
    crafted = write_ops(tmp_path / "crafted.ccwork", manifest, ops, written_out=True)
    message, before, after, problems = _import(base, tmp_path, crafted)
    assert message is not None and "crafted.ccwork" in message and "damaged" in message
    assert after == before and problems == []


def test_a_coding_far_outside_its_text_is_refused(package, tmp_path):
    def mutate(ops):
        _effect(ops, "codings")["values"].update(start=-50, end=10 ** 9)
    assert "out of range" in _refused(package, tmp_path, mutate)

    def inside_the_numbers(ops):  # a plausible number, but past the end of the transcript
        _effect(ops, "codings")["values"].update(start=60, end=5000)
    assert "outside its text" in _refused(package, tmp_path, inside_the_numbers)


def test_a_site_made_its_own_parent_is_refused(package, tmp_path):
    def mutate(ops):
        site = _effect(ops, "cases", lambda v: v["name"] == "Pine")["values"]
        site["parent_id"] = site["id"]
    assert "made its own parent" in _refused(package, tmp_path, mutate)


@pytest.mark.parametrize("value", ['{"real": "Oak"}', "[1, 2]", "not json", '[{"real": "Oak", "alias": 3}]'])
def test_garbage_in_study_settings_is_refused(package, tmp_path, value):
    def mutate(ops):
        _effect(ops, "study_settings", lambda v: v["key"] == "pseudonyms")["values"]["value"] = value
    assert "pseudonyms" in _refused(package, tmp_path, mutate)


def test_a_threshold_that_is_not_a_number_is_refused(package, tmp_path):
    def mutate(ops):
        _effect(ops, "study_settings", lambda v: v["key"] == "triangulation_roles")["values"]["value"] = "many"
    assert "triangulation_roles" in _refused(package, tmp_path, mutate)


def test_a_logical_clock_past_64_bits_is_refused(package, tmp_path):
    def mutate(ops):
        ops[-1]["lamport"] = 2 ** 70
    assert "logical clock" in _refused(package, tmp_path, mutate)


@pytest.mark.parametrize("change", [{"schema_version": -1}, {"schema_version": 0}, {"ops": "many"},
                                    {"lines": "many"}, {"sha256": None}, {"format_version": True}])
def test_a_manifest_a_study_cannot_read_is_refused_by_name(package, tmp_path, change):
    base, valid = package
    manifest, ops = read_ops(valid)
    crafted = write_ops(tmp_path / "manifest.ccwork", manifest, ops)
    with zipfile.ZipFile(crafted) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["manifest.json"] = json.dumps({**json.loads(members["manifest.json"]), **change}).encode()
    with zipfile.ZipFile(crafted, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    message, before, after, _ = _import(base, tmp_path, crafted)
    assert message and "manifest.ccwork" in message and "manifest is damaged" in message
    assert after == before


def test_a_study_file_of_schema_version_zero_or_less_is_not_a_study(tmp_path):
    for version in ("-1", "0"):
        path = tmp_path / f"v{version}.casecoder"
        Study.create(path, user="t").close()
        conn = sqlite3.connect(path)
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
        conn.commit()
        conn.close()
        with pytest.raises(NotAStudyError, match=f"schema version {version}"):
            Study.open(path)


def test_values_inflating_past_reason_are_refused_as_a_bomb(package, tmp_path):
    """A member stored without compression (so its own ratio is 1) whose values are zlib data of
    100 MB of zeros: refused once what it produced passes the package's budget."""
    base, valid = package
    manifest, ops = read_ops(valid)
    bomb = zlib.compress(b"0" * (100 << 20), 9)
    effect = _effect(ops, "codings")
    effect.pop("values")
    effect["data"] = base64.b64encode(bomb).decode("ascii")
    crafted = write_ops(tmp_path / "bomb.ccwork", manifest, ops, stored=True)
    message, before, after, _ = _import(base, tmp_path, crafted)
    assert message and "bomb.ccwork" in message and "zip bomb" in message and after == before


def test_a_memo_text_inflating_past_reason_is_refused(package, tmp_path):
    """Nested: a memo version's packed text inside a package's values inside the zip."""
    base, valid = package
    manifest, ops = read_ops(valid)
    bomb = zlib.compress(b"a" * (64 << 20), 9)
    memo = {"id": "m1", "kind": "free", "subject_id": None, "title": "T", "status": "drafting", "drafter": "mate",
            "created_at": "2026-01-01T00:00:00", "created_by": "mate", "modified_at": "2026-01-01T00:00:00",
            "modified_by": "mate"}
    version = {"id": "v1", "memo_id": "m1", "parent_id": None, "other_parent_id": None, "author": "mate",
               "at": "2026-01-01T00:00:00", "text": {"$b": base64.b64encode(bomb).decode()}}
    ops.append({**ops[-1], "id": "ffffffff-0000-4000-8000-000000000001", "lamport": ops[-1]["lamport"] + 1,
                "effects": [{"tbl": "memos", "key": '["m1"]', "kind": "insert", "fields": list(memo), "bases": {},
                             "values": memo},
                            {"tbl": "memo_versions", "key": '["v1"]', "kind": "insert", "fields": list(version),
                             "bases": {}, "values": version}]})
    crafted = write_ops(tmp_path / "memo.ccwork", manifest, ops)
    message, before, after, problems = _import(base, tmp_path, crafted)
    assert message and "memo text" in message and after == before and problems == []


# ------------------------------------------------------------------ any mutation: whole or nothing
def _mutations():
    values = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2 ** 80, max_value=2 ** 80),
                       st.text(max_size=8), st.just("[1, 2]"), st.just("{}"), st.lists(st.integers(), max_size=2),
                       st.just(10 ** 9), st.just(-1))
    return st.tuples(st.sampled_from(["value", "drop", "self_parent", "loop", "range", "extra", "reference"]),
                     st.integers(min_value=0, max_value=10 ** 6), st.sampled_from(["", "id", "parent_id", "start",
                                                                                  "end", "name", "value"]), values)


def _mutate(ops, how, held):
    """Change the teammate's own work (operations the study already holds are skipped by id)."""
    kind, pick, column, value = how
    effects = [e for op in ops if op["id"] not in held for e in op["effects"] if e["kind"] != "delete"]
    effect = effects[pick % len(effects)]
    fields = sorted(effect["values"])
    name = column if column in effect["values"] else fields[pick % len(fields)]
    tree = [e for e in effects if e["tbl"] in ("codes", "cases") and e["kind"] == "insert"]
    if kind == "value":
        effect["values"][name] = value
        if name not in effect["fields"]:
            effect["fields"].append(name)
    elif kind == "drop":
        del effect["values"][name]
        effect["fields"] = [f for f in effect["fields"] if f != name]
    elif kind == "self_parent":
        row = tree[pick % len(tree)]["values"]
        row["parent_id"] = row["id"]
    elif kind == "loop":  # two rows of one tree each under the other
        first = tree[pick % len(tree)]
        second = next((e for e in tree if e["tbl"] == first["tbl"] and e is not first), first)
        first["values"]["parent_id"], second["values"]["parent_id"] = second["values"]["id"], first["values"]["id"]
    elif kind == "range":
        coding = next(e for e in effects if e["tbl"] == "codings")
        coding["values"]["start"], coding["values"]["end"] = sorted((pick % 400 - 100, pick % 300))
    elif kind == "extra":
        effect["values"]["unheard_of"] = value
        effect["fields"].append("unheard_of")
    elif kind == "reference":
        ref = next((f for f in fields if f.endswith("_id") and f != "id"), name)
        effect["values"][ref] = "00000000-dead-4000-8000-000000000000"
        if ref not in effect["fields"]:
            effect["fields"].append(ref)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(how=_mutations())
def test_any_mutation_of_a_package_is_applied_whole_or_refused_whole(package, tmp_path_factory, how):
    base, valid = package
    folder = tmp_path_factory.mktemp("mutated")
    manifest, ops = read_ops(valid)
    conn = sqlite3.connect(base)
    held = {r[0] for r in conn.execute("SELECT id FROM ops")}
    conn.close()
    _mutate(ops, how, held)
    crafted = write_ops(folder / "mutated.ccwork", manifest, ops)
    message, before, after, problems = _import(base, folder, crafted)
    event(f"{how[0]}: {'refused' if message else 'applied'}")
    assert problems == [], (how, message, problems)
    if message is not None:
        assert after == before, (how, message)
        assert "mutated.ccwork" in message
    else:
        with Study.open(folder / "lead.casecoder") as s:  # applied whole: every operation held
            held = {r[0] for r in s.conn.execute("SELECT id FROM ops")}
        assert {op["id"] for op in ops} <= held
        # the import itself is one step: undo takes all of it back
        with Study.open(folder / "lead.casecoder", user="lead") as s:
            s.undo()
        assert _snapshot(folder / "lead.casecoder")["codes"] == before["codes"]
