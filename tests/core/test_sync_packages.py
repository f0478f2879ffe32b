"""Work packages: the command line, peers, and packages that must be refused without a change."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from coder import Study
from coder.cli import main
from coder.team.package import PackageError
from coder.team.rows import logical_dump


def _copy(base, folder, name, user="tester"):
    path = folder / f"{name}.casecoder"
    shutil.copy(base, path)
    return path


def _unchanged(path, action):
    with Study.open(path) as study:
        before = (logical_dump(study.conn), study.conn.execute("SELECT count(*) FROM ops").fetchone())
    with pytest.raises(PackageError) as caught:
        with Study.open(path) as study:
            action(study)
    with Study.open(path) as study:
        assert (logical_dump(study.conn), study.conn.execute("SELECT count(*) FROM ops").fetchone()) == before
    return str(caught.value)


@pytest.fixture
def two_copies(demo_study_file, tmp_path):
    ana = _copy(demo_study_file[0], tmp_path, "ana")
    lead = _copy(demo_study_file[0], tmp_path, "lead")
    with Study.open(ana, user="ana") as study:
        study.codes.add_code(path="Made by Ana")
        study.sync.export_work(tmp_path / "ana.ccwork")
    return ana, lead, tmp_path / "ana.ccwork"


def test_command_line_export_import_and_conflicts(two_copies, tmp_path, capsys):
    ana, lead, _ = two_copies
    out = tmp_path / "from-cli.ccwork"
    assert main(["sync", "export", str(ana), str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["operations"] > 0
    assert main(["sync", "import", str(lead), str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["added"] >= 1 and data["conflicts"] == [] and data["operations"] > 0
    assert main(["sync", "import", str(lead), str(out), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["operations"] == 0 and again["added"] == again["changed"] == 0
    with Study.open(lead) as study:
        assert study.codes.find("Made by Ana")
    assert main(["sync", "conflicts", str(lead)]) == 0
    assert "no conflicts" in capsys.readouterr().out


def test_a_package_from_another_study_is_refused(two_copies, tmp_path):
    _, lead, _ = two_copies
    other = tmp_path / "other.casecoder"
    with Study.create(other, user="zoe") as study:
        study.codes.add_code(path="Elsewhere")
        study.sync.export_work(tmp_path / "other.ccwork")
    message = _unchanged(lead, lambda s: s.sync.import_work(tmp_path / "other.ccwork"))
    assert "other.ccwork" in message and "different study" in message


def _rewrite(package, target, manifest=None, ops=None):
    with zipfile.ZipFile(package) as archive:
        raw_manifest = json.loads(archive.read("manifest.json"))
        raw_ops = archive.read("ops.jsonl")
    if manifest:
        raw_manifest.update(manifest)
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("manifest.json", json.dumps(raw_manifest))
        archive.writestr("ops.jsonl", ops(raw_ops) if ops else raw_ops)
    return target


def test_a_package_from_a_newer_version_is_refused(two_copies, tmp_path):
    _, lead, package = two_copies
    newer = _rewrite(package, tmp_path / "newer.ccwork", manifest={"format_version": 99})
    message = _unchanged(lead, lambda s: s.sync.import_work(newer))
    assert "newer version" in message and "newer.ccwork" in message


@pytest.mark.parametrize("damage", ["truncated", "flipped", "garbage", "not-json", "bad-table"])
def test_a_damaged_package_is_refused(two_copies, tmp_path, damage):
    _, lead, package = two_copies
    bad = tmp_path / f"{damage}.ccwork"
    if damage == "truncated":
        bad.write_bytes(package.read_bytes()[: package.stat().st_size // 2])
    elif damage == "flipped":  # one changed character: the checksum no longer matches
        _rewrite(package, bad, ops=lambda raw: raw.replace(b'"label": "', b'"label": "X', 1))
    elif damage == "garbage":
        bad.write_bytes(b"\x00\x01not a zip at all" * 100)
    elif damage == "not-json":
        _rewrite(package, bad, ops=lambda raw: raw[:-40] + b"{{{{\n")
    else:
        _rewrite(package, bad, ops=lambda raw: raw.replace(b'"tbl": "codes"', b'"tbl": "sqlite_master"', 1),
                 manifest={"sha256": None})
    message = _unchanged(lead, lambda s: s.sync.import_work(bad))
    assert bad.name in message and ("damaged" in message or "not a CaseCoder" in message)


def test_a_zip_bomb_is_refused(two_copies, tmp_path):
    _, lead, package = two_copies
    bomb = _rewrite(package, tmp_path / "bomb.ccwork", ops=lambda raw: raw + b" " * (64 << 20))
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("padding", b"\x00" * (64 << 20))
    message = _unchanged(lead, lambda s: s.sync.import_work(bomb))
    assert "zip bomb" in message


def test_since_peer_sends_only_what_is_new_and_needs_the_earlier_package(two_copies, tmp_path):
    ana, lead, _ = two_copies
    with Study.open(ana, user="ana") as study:
        first = study.sync.export_work(tmp_path / "1.ccwork", since_peer="lead")
        study.codes.add_code(path="Second by Ana")
        second = study.sync.export_work(tmp_path / "2.ccwork", since_peer="lead")
        assert 0 < second["operations"] < first["operations"]
    message = _unchanged(lead, lambda s: s.sync.import_work(tmp_path / "2.ccwork"))
    assert "earlier one" in message
    with Study.open(lead, user="lead") as study:
        study.sync.import_work(tmp_path / "1.ccwork")
        study.sync.import_work(tmp_path / "2.ccwork")
        assert study.codes.find("Second by Ana")


def test_deciding_conflicts(demo_study_file, tmp_path):
    ana = _copy(demo_study_file[0], tmp_path, "ana")
    ben = _copy(demo_study_file[0], tmp_path, "ben")
    with Study.open(ana, user="ana") as a, Study.open(ben, user="ben") as b:
        code = a.codes.all()[2]
        a.codes.rename_code(code_id=code.id, name="Ana's name")
        b.codes.rename_code(code_id=code.id, name="Ben's name")
        doomed = a.codes.all()[6]
        a.codes.delete_code(code_id=doomed.id)
        source = b.sources.all()[0]
        b.codings.apply_code(source_id=source.id, code_id=doomed.id, start=0, end=10, coder="ben")
        a.sync.export_work(tmp_path / "a.ccwork")
        b.sync.export_work(tmp_path / "b.ccwork")
        a.sync.import_work(tmp_path / "b.ccwork")
        kinds = {c.kind: c for c in a.sync.conflicts()}
        assert set(kinds) == {"field", "deleted_in_use"}
        assert a.sync.passage_of(kinds["deleted_in_use"]) == (source.id, 0, 10)  # Ben's coding that uses it
        assert a.sync.passage_of(kinds["field"]) is None
        a.sync.resolve(kinds["field"].id, "keep 1" if kinds["field"].detail["writes"][0]["author"] == "ana"
                       else "keep 2")
        assert a.codes.get(code.id).name == "Ana's name"
        before_keep = a.dump()
        a.sync.resolve(kinds["deleted_in_use"].id, "keep")
        assert a.sync.conflicts() == []
        a.undo()  # a decision is an ordinary undoable action
        assert a.dump() == before_keep
        a.redo()
        # the decisions travel: Ben's copy, given Ana's work, settles the same way
        a.sync.export_work(tmp_path / "a2.ccwork")
        b.sync.import_work(tmp_path / "a2.ccwork")
        assert b.codes.get(code.id).name == "Ana's name" and b.sync.conflicts() == []
        assert logical_dump(a.conn) == logical_dump(b.conn)
        # undoing a decision withdraws it, on this copy and, through the next package, on the other
        a.undo()
        assert [c.kind for c in a.sync.conflicts()] == ["deleted_in_use"]
        a.redo()
        assert a.sync.conflicts() == []
        a.undo()
        a.sync.export_work(tmp_path / "a3.ccwork")
        b.sync.import_work(tmp_path / "a3.ccwork")
        assert [c.kind for c in b.sync.conflicts()] == ["deleted_in_use"]
        assert logical_dump(a.conn) == logical_dump(b.conn)
        a.undo()  # the kept name: both names are listed again
        assert sorted(c.kind for c in a.sync.conflicts()) == ["deleted_in_use", "field"]


def test_work_that_refers_to_what_has_not_arrived_waits_for_it(demo_study_file, tmp_path):
    """Cai codes with Ana's new code and sends only his own new work; the lead, who has not yet
    imported Ana's package, keeps Cai's coding waiting and places it when Ana's work comes."""
    ana = _copy(demo_study_file[0], tmp_path, "ana")
    cai = _copy(demo_study_file[0], tmp_path, "cai")
    lead = _copy(demo_study_file[0], tmp_path, "lead")
    with Study.open(ana, user="ana") as a, Study.open(cai, user="cai") as c:
        new_code = a.codes.add_code(path="Made by Ana").result
        a.sync.export_work(tmp_path / "ana.ccwork")
        c.sync.import_work(tmp_path / "ana.ccwork")
        c.sync.export_work(tmp_path / "cai-before.ccwork", since_peer="lead")
        source = c.sources.all()[0]
        c.codings.apply_code(source_id=source.id, code_id=new_code, start=0, end=15, coder="cai")
    with Study.open(lead, user="lead") as study:
        # a package made only of Cai's coding (its op is the last one Cai holds)
        with Study.open(cai, user="cai") as c:
            last = c.conn.execute("SELECT max(seq) FROM ops").fetchone()[0]
            c.conn.execute("INSERT INTO sync_peers (name, sent_seq) VALUES ('only-last', ?)", (last - 1,))
            c.sync.export_work(tmp_path / "cai.ccwork", since_peer="only-last")
        study.sync.import_work(tmp_path / "cai.ccwork")
        assert [c.kind for c in study.sync.conflicts()] == ["missing"]
        study.sync.import_work(tmp_path / "ana.ccwork")
        assert study.sync.conflicts() == []
        assert any(c.coder == "cai" for c in study.codings.for_source(source.id))


def test_conflicts_decided_on_the_command_line(demo_study_file, tmp_path, capsys):
    ana = _copy(demo_study_file[0], tmp_path, "ana")
    ben = _copy(demo_study_file[0], tmp_path, "ben")
    with Study.open(ana, user="ana") as a, Study.open(ben, user="ben") as b:
        code = a.codes.all()[2]
        a.codes.rename_code(code_id=code.id, name="Ana's name")
        b.codes.rename_code(code_id=code.id, name="Ben's name")
        b.sync.export_work(tmp_path / "b.ccwork")
    assert main(["sync", "import", str(ana), str(tmp_path / "b.ccwork")]) == 0
    assert "conflict field:codes" in capsys.readouterr().out
    assert main(["sync", "conflicts", str(ana), "--json"]) == 0
    (conflict,) = json.loads(capsys.readouterr().out)
    bens = [side["author"] for side in conflict["sides"]].index("ben") + 1
    assert main(["sync", "resolve", str(ana), conflict["id"][:30], f"keep {bens}"]) == 0
    assert main(["sync", "conflicts", str(ana)]) == 0
    assert "no conflicts" in capsys.readouterr().out
    with Study.open(ana) as study:
        assert study.codes.get(code.id).name == "Ben's name"
    assert main(["sync", "resolve", str(ana), "nonexistent", "keep 1"]) == 2
