"""REFI-QDA import of hostile archives: a .qdpx is an untrusted zip of XML someone emailed.

Each test builds its archive in tmp_path. A refusal must be a clean ImportFailed that names the
archive (something a user can act on, not a traceback), and must leave no half-written study
behind; an archive may never make the importer read files outside itself and its media folder,
write outside the study file, or expand without bound. The tests themselves touch nothing outside
tmp_path (plus one existence check in pytest's own temporary folder, for zip-slip).
"""

from __future__ import annotations

import os
import re
import struct
import time
import zipfile
from pathlib import Path

import pytest

from coder import Study
from coder.store.errors import ImportFailed

from .refi_fixtures import CODE, CodeDef, Src, bare, build_qdpx, project_qde, run_import, study_leftovers, write_zip

SECRET = "TOP-SECRET-7f3a9c do not import me"


def _refused(archive: Path, study_path: Path, **kwargs) -> ImportFailed:
    """Import, expect ImportFailed naming the archive, and check no study file was left behind."""
    from coder.exchange.refi.project_import import import_project

    with pytest.raises(ImportFailed) as caught:
        import_project(archive, study_path, **kwargs)
    assert archive.name in str(caught.value), f"the error does not name the archive: {caught.value}"
    assert study_leftovers(study_path) == [], "a failed import left a study file behind"
    return caught.value


def _good_source(text: str = "Ordinary interview text.") -> Src:
    return Src("ordinary", text.encode("utf-8"))


def _with_entity_ref(doctype: str, entity: str) -> str:
    """A project.qde with `doctype` whose code definition is "&entity;": element content, where
    XML allows external entities too (in an attribute they would be a plain syntax error)."""
    qde = project_qde([_good_source()], doctype=doctype, codes=[CodeDef("Trust", CODE, description="ENTITY-REF")])
    return qde.replace("ENTITY-REF", f"&{entity};")


def _all_stored_text(study_path: Path) -> str:
    with Study.open(study_path) as study:
        return "\n".join(study.sources.text(s.id) for s in study.sources.all())


def _mentions_limit(message: str, limit: int) -> bool:
    lowered = message.lower()
    return (any(word in lowered for word in ("limit", "too large", "too big", "too many", "exceed", "maximum"))
            or str(limit) in message or f"{limit:,}" in message)


# --------------------------------------------------------------------------- not a project at all
def test_not_a_zip(tmp_path):
    """A text file renamed .qdpx: a clear refusal, not zipfile.BadZipFile escaping to the window."""
    archive = tmp_path / "notes.qdpx"
    archive.write_bytes(b"This is just some text someone renamed.\n" * 10)
    _refused(archive, tmp_path / "out.casecoder")


def test_zip_without_a_qde_at_the_root(tmp_path):
    """A zip whose only .qde is in a subfolder (or absent) is not a REFI project."""
    archive = write_zip(tmp_path / "nested.qdpx", {
        "sub/project.qde": project_qde([_good_source()]),
        "sources/readme.txt": b"hello",
    })
    _refused(archive, tmp_path / "out.casecoder")


def test_malformed_xml(tmp_path):
    """Truncated XML is refused with the archive's name, not an lxml traceback."""
    archive = write_zip(tmp_path / "broken.qdpx", {
        "project.qde": project_qde([_good_source()])[:-40],
    })
    _refused(archive, tmp_path / "out.casecoder")


def test_billion_laughs_is_refused_quickly(tmp_path):
    """Nested entities that expand to gigabytes: refused before expansion, in well under a second
    of real work (a generous bound here), not after exhausting memory."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10))
    doctype = f"<!DOCTYPE Project [{entities}]>"
    qde = _with_entity_ref(doctype, "lol9")
    archive = write_zip(tmp_path / "laughs.qdpx", {"project.qde": qde})
    began = time.monotonic()
    _refused(archive, tmp_path / "out.casecoder")
    assert time.monotonic() - began < 10


@pytest.mark.parametrize("style", ["general entity", "parameter entity"])
def test_external_entities_are_not_resolved(tmp_path, style):
    """XXE: an entity pointing at a local file must not pull that file into the study, the report
    or the error message; a DOCTYPE declaring entities is refused outright."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    if style == "general entity":
        doctype = f'<!DOCTYPE Project [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
    else:
        dtd = tmp_path / "secret.dtd"
        dtd.write_text(f'<!ENTITY x "{SECRET}">', encoding="utf-8")
        doctype = f'<!DOCTYPE Project [<!ENTITY % ext SYSTEM "{dtd.as_uri()}"> %ext;]>'
    qde = _with_entity_ref(doctype, "x")
    archive = write_zip(tmp_path / "xxe.qdpx", {"project.qde": qde})
    from coder.exchange.refi.project_import import import_project

    study_path = tmp_path / "out.casecoder"
    try:
        report = import_project(archive, study_path).as_dict()
    except ImportFailed as exc:
        assert SECRET not in str(exc)
        assert archive.name in str(exc)
        assert study_leftovers(study_path) == []
    else:  # make a leak visible in the failure message, then fail anyway
        leaked = SECRET in repr(report) or SECRET in _all_stored_text(study_path)
        pytest.fail(f"an archive with an external entity was imported (secret leaked: {leaked})")


# --------------------------------------------------------------------------- paths that try to escape
def test_zip_slip_members_are_never_extracted(tmp_path, monkeypatch):
    """Members named "../evil.txt", "/abs.txt" (and the Windows spelling) must never be written
    anywhere: an importer that extracts the archive to read it would plant files outside."""
    box = tmp_path / "box" / "deeper"
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # a naive extract to the working folder lands inside tmp_path too
    src = _good_source()
    archive = build_qdpx(box / "slip.qdpx", [src], extra={
        "../evil.txt": SECRET, "../../evil2.txt": SECRET, "/abs.txt": SECRET,
        "..\\evil3.txt": SECRET, "sources/../../evil4.txt": SECRET,
    })
    study_path = tmp_path / "out.casecoder"
    from coder.exchange.refi.project_import import import_project

    try:
        report = import_project(archive, study_path).as_dict()
    except ImportFailed as exc:
        assert archive.name in str(exc)
        assert study_leftovers(study_path) == []
    else:
        assert report["counts"]["sources"] == 1
        assert SECRET not in _all_stored_text(study_path)
    planted = [p for p in tmp_path.rglob("*") if p.name in {"evil.txt", "evil2.txt", "abs.txt", "evil4.txt"}
               or "evil3" in p.name]
    assert planted == []
    assert not (tmp_path.parent / "evil.txt").exists()
    assert not (tmp_path.parent / "evil2.txt").exists()


def _escape_layout(tmp_path: Path) -> tuple[Path, Path]:
    """tmp_path/secret.txt and tmp_path/proj/secret.txt hold the secret; the archive is
    tmp_path/proj/p.qdpx with its media folder tmp_path/proj/"p Media" beside it."""
    proj = tmp_path / "proj"
    media = proj / "p Media"
    media.mkdir(parents=True)
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (proj / "secret.txt").write_text(SECRET, encoding="utf-8")
    (media / "inside.txt").write_text("Text from the media folder.", encoding="utf-8")
    return proj, media


def test_plain_text_paths_outside_the_archive_and_media_folder_are_not_read(tmp_path):
    """plainTextPath is attacker-chosen: "internal://../../x", an absolute path, "relative:///../x"
    must not read the file. The sources are listed as not imported; the rest of the project is."""
    proj, _ = _escape_layout(tmp_path)
    hostile = [
        Src("internal-dotdot", None, path="internal://../../secret.txt"),
        Src("absolute-outside", None, path=f"absolute://{(tmp_path / 'secret.txt').as_posix()}"),
        Src("relative-dotdot", None, path="relative:///../secret.txt"),
    ]
    good = _good_source()
    archive = build_qdpx(proj / "p.qdpx", [good, *hostile])
    study_path = tmp_path / "out.casecoder"
    report = run_import(archive, study_path)

    listed = {item["name"] for item in report["not_imported"]}
    for src in hostile:
        assert src.name in listed, f"{src.plain_text_path} not listed in not_imported: {report['not_imported']}"
    assert all(item["reason"].strip() for item in report["not_imported"])
    assert SECRET not in repr(report)
    with Study.open(study_path) as study:
        names = {s.name for s in study.sources.all()}
        assert "ordinary" in names
        assert study.sources.text(bare(good.guid)) == "Ordinary interview text."
    assert SECRET not in _all_stored_text(study_path)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_in_the_media_folder_pointing_outside_is_not_followed(tmp_path):
    """A link inside the media folder that resolves outside it is still a file outside it."""
    proj, media = _escape_layout(tmp_path)
    try:
        (media / "link.txt").symlink_to(tmp_path / "secret.txt")
    except OSError:
        pytest.skip("cannot create symlinks here")
    src = Src("linked", None, path="relative:///link.txt")
    archive = build_qdpx(proj / "p.qdpx", [_good_source(), src])
    study_path = tmp_path / "out.casecoder"
    report = run_import(archive, study_path)

    assert "linked" in {item["name"] for item in report["not_imported"]}
    assert SECRET not in _all_stored_text(study_path)


def test_relative_path_inside_the_media_folder_is_imported(tmp_path):
    """The legitimate case: "relative:///inside.txt" resolves in "<archive stem> Media" beside the
    archive, the default media folder."""
    proj, _ = _escape_layout(tmp_path)
    src = Src("external", None, path="relative:///inside.txt")
    archive = build_qdpx(proj / "p.qdpx", [src])
    study_path = tmp_path / "out.casecoder"
    report = run_import(archive, study_path)

    assert "external" not in {item["name"] for item in report["not_imported"]}
    with Study.open(study_path) as study:
        assert study.sources.text(bare(src.guid)) == "Text from the media folder."


def test_explicit_media_dir_replaces_the_default(tmp_path):
    """media_dir given: relative paths resolve there, and the default "<stem> Media" is not used."""
    proj, _ = _escape_layout(tmp_path)
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    (chosen / "other.txt").write_text("Text from the chosen folder.", encoding="utf-8")
    found = Src("found", None, path="relative:///other.txt")
    default_only = Src("default-only", None, path="relative:///inside.txt")
    archive = build_qdpx(proj / "p.qdpx", [found, default_only])
    study_path = tmp_path / "out.casecoder"
    report = run_import(archive, study_path, media_dir=chosen)

    assert "default-only" in {item["name"] for item in report["not_imported"]}
    with Study.open(study_path) as study:
        assert study.sources.text(bare(found.guid)) == "Text from the chosen folder."
        assert "default-only" not in {s.name for s in study.sources.all()}


# --------------------------------------------------------------------------- zip bombs
@pytest.fixture
def limits(monkeypatch):
    """Shrink the archive limits so a bomb can be built in milliseconds."""
    import coder.exchange.refi.archive as archive_module

    def set_limits(**values: int) -> None:
        for name, value in values.items():
            assert hasattr(archive_module, name), f"coder.exchange.refi.archive has no {name}"
            monkeypatch.setattr(archive_module, name, value)
    return set_limits


def test_member_larger_than_the_member_limit(tmp_path, limits):
    """A source text that inflates past MAX_MEMBER_BYTES (100 KB of one letter: ~100 bytes packed)."""
    limits(MAX_MEMBER_BYTES=10_000)
    src = Src("bomb", b"a" * 100_000)
    archive = build_qdpx(tmp_path / "member.qdpx", [src])
    exc = _refused(archive, tmp_path / "out.casecoder")
    assert _mentions_limit(str(exc), 10_000), str(exc)


def test_members_larger_than_the_total_limit(tmp_path, limits):
    """Each member under the member limit, together over MAX_TOTAL_BYTES."""
    limits(MAX_MEMBER_BYTES=1_000_000, MAX_TOTAL_BYTES=50_000)
    sources = [Src(f"part{i}", b"word " * 6_000) for i in range(3)]  # 3 x 30 KB
    archive = build_qdpx(tmp_path / "total.qdpx", sources)
    exc = _refused(archive, tmp_path / "out.casecoder")
    assert _mentions_limit(str(exc), 50_000), str(exc)


def test_more_entries_than_the_entry_limit(tmp_path, limits):
    """Tens of thousands of tiny members cost time and memory even if none is read: the central
    directory is checked first."""
    limits(MAX_ENTRIES=20)
    extra = {f"sources/pad{i:03}.txt": b"x" for i in range(50)}
    archive = build_qdpx(tmp_path / "entries.qdpx", [_good_source()], extra=extra)
    exc = _refused(archive, tmp_path / "out.casecoder")
    assert _mentions_limit(str(exc), 20), str(exc)


def test_compression_ratio_above_the_limit(tmp_path, limits):
    """A source text of 12 MB of one letter packs to ~12 KB (ratio ~1000): a bomb's signature.
    12 MB because the ratio may fairly be checked only on large members (small real texts can
    compress well); an unread member inflates nothing, so the bomb is one the project refers to."""
    limits(MAX_RATIO=10)
    archive = build_qdpx(tmp_path / "ratio.qdpx", [Src("zeros", b"z" * (12 * 1024 * 1024))])
    exc = _refused(archive, tmp_path / "out.casecoder")
    assert _mentions_limit(str(exc), 10), str(exc)


def test_member_whose_header_understates_its_size(tmp_path, limits):
    """The sizes in a zip's headers are the attacker's word: a member that claims 100 bytes but
    inflates to 200 KB must not be read past the limit, and the import fails cleanly (not with a
    BadZipFile or a CRC error escaping)."""
    limits(MAX_MEMBER_BYTES=10_000)
    src = Src("liar", b"b" * 200_000)
    archive = build_qdpx(tmp_path / "liar.qdpx", [src])
    _understate_size(archive, src.member, 100)
    _refused(archive, tmp_path / "out.casecoder")


def _understate_size(archive: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size of `member` in its local header and central directory entry."""
    data = bytearray(archive.read_bytes())
    name = member.encode()
    with zipfile.ZipFile(archive) as zf:
        local = zf.getinfo(member).header_offset
    # local file header: signature(4) version(2) flags(2) method(2) time(2) date(2) crc(4) csize(4) usize(4)
    assert data[local:local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, local + 22, size)
    # central directory entry: ... crc at +16, csize +20, usize +24, name length +28, name at +46
    for match in re.finditer(rb"PK\x01\x02", data):
        at = match.start()
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + name_len]) == name:
            struct.pack_into("<I", data, at + 24, size)
    archive.write_bytes(bytes(data))
    with zipfile.ZipFile(archive) as zf:
        assert zf.getinfo(member).file_size == size


# --------------------------------------------------------------------------- the target
def test_existing_study_file_is_not_overwritten(tmp_path):
    """Importing onto an existing file would destroy someone's study: refuse, change nothing."""
    archive = build_qdpx(tmp_path / "fine.qdpx", [_good_source()])
    study_path = tmp_path / "precious.casecoder"
    study_path.write_bytes(b"precious bytes")
    from coder.exchange.refi.project_import import import_project

    with pytest.raises((ImportFailed, FileExistsError)):
        import_project(archive, study_path)
    assert study_path.read_bytes() == b"precious bytes"
    assert not Path(f"{study_path}-wal").exists() and not Path(f"{study_path}-shm").exists()
