"""REFI-QDA codebooks (.qdc): the shared samples import (an invalid one with a warning), a
codebook merges into a study that already has codes as one undoable action, and our export
validates against the codebook schema and reads back the same."""

from __future__ import annotations

from lxml import etree

from coder.refi.codebook import export_codebook, import_codebook
from coder.refi.qde import load_schema

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
