"""REFI-QDA codebooks (.qdc): the shared samples import (an invalid one with a warning), a
codebook merges into a study that already has codes as one undoable action, and our export
validates against the codebook schema and reads back the same."""

from __future__ import annotations

import pytest
from lxml import etree

from coder.exchange.refi.codebook import export_codebook, import_codebook
from coder.exchange.refi.qde import load_schema

from .conftest import assert_undoable
from .test_refi_samples import SAMPLES


def test_the_samples_import(study):
    report = import_codebook(study, SAMPLES / "taguette1.4.1_codebook.qdc").as_dict()
    assert report["created"] == ["xsd:element name", "CodeBook", "Variables"] and report["sets"] == 0
    assert any("schema" in w for w in report["warnings"])  # <Sets/> without a Set: invalid, read anyway
    report = import_codebook(study, SAMPLES / "atlasti-win23.4_codebook_from-requal-test.qdc").as_dict()
    code = study.codes.find("code1")
    assert report["created"] == ["code1"] and code.color == "#46aa00" and code.definition == "description"
    assert code.id == "1ff58b12-6f6f-4b0c-8be5-bbdc91f55294"
    [group] = study.sets.all()
    assert group.name == "code group 1" and group.description == "kategorie 1" and group.members == {"code": (code.id,)}


def test_a_codebook_merges_into_existing_codes_in_one_undoable_step(demo_study, tmp_path):
    s = demo_study
    out = export_codebook(s, tmp_path / "book.qdc")
    schema = load_schema("codebook")
    assert schema.validate(etree.parse(str(out))), list(schema.error_log)[:3]
    report = assert_undoable(s, lambda: s.codes.add_code(path="Extra/New one"))  # something to merge over
    report = import_codebook(s, out).as_dict()
    assert report["created"] == [] and len(report["existing"]) == len(s.codes.all()) - 2
    s.undo()


def test_export_then_import_gives_the_same_codebook(demo_study, study, tmp_path):
    s = demo_study
    s.codes.describe_code(code_id=s.codes.find("Challenges").id, exclusion="Complaints about weather.")
    s.sets.add_set(name="Leadership group", kind="code", members=[s.codes.find("Leadership configuration").id])
    out = export_codebook(s, tmp_path / "book.qdc")
    assert_undoable(study, lambda: import_codebook(study, out))
    fields = [(c.path, c.color, c.definition, c.inclusion, c.exclusion, c.example, c.codable, c.id) for c in
              s.codes.all()]
    assert sorted(fields) == sorted((c.path, c.color, c.definition, c.inclusion, c.exclusion, c.example, c.codable,
                                     c.id) for c in study.codes.all())
    assert [x.name for x in study.sets.all()] == ["Leadership group"]


def test_a_folder_code_is_kept_and_never_applied(study, tmp_path):
    from coder.sources.sources import prepare_text
    from coder.store.errors import ConflictError

    book = tmp_path / "folders.qdc"
    book.write_text('<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
                    '<Codes><Code guid="{0F8F2A5E-1A2B-4C3D-8E9F-001122334455}" name="Themes" isCodable="false">'
                    '<Code guid="0f8f2a5e-1a2b-4c3d-8e9f-001122334466" name="Trust" isCodable="true"/></Code></Codes>'
                    '</CodeBook>', encoding="utf-8")
    import_codebook(study, book)
    folder, trust = study.codes.find("Themes"), study.codes.find("Themes/Trust")
    assert not folder.codable and trust.codable and folder.id == "0f8f2a5e-1a2b-4c3d-8e9f-001122334455"
    sid = study.sources.add_source(name="s", prepared=prepare_text("We trust the coach.", None, "interview")).result
    with pytest.raises(ConflictError, match="folder"):
        study.codings.apply_code(source_id=sid, code_id=folder.id, start=3, end=8)
    study.codings.apply_code(source_id=sid, code_id=trust.id, start=3, end=8)
    assert_undoable(study, lambda: study.codes.set_codable(code_id=folder.id, codable=True))
    study.codings.apply_code(source_id=sid, code_id=folder.id, start=3, end=8)
    export_codebook(study, tmp_path / "out.qdc")
    assert 'isCodable="true"' in (tmp_path / "out.qdc").read_text(encoding="utf-8")
