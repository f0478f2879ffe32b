"""REFI-QDA export: the project validates against the official schema (a hard test), the
NVivo-compatible variant counts UTF-16 units over CRLF text, and export then import into a new
study gives the same sources, codes, codings (the same words under each), cases, attributes and
memos."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from coder import Study
from coder.exchange.refi.project_export import export_project
from coder.exchange.refi.project_import import import_project
from coder.exchange.refi.qde import load_schema


def validate(path) -> None:
    schema = load_schema("project")
    doc = etree.fromstring(zipfile.ZipFile(path).read("project.qde"))
    assert schema.validate(doc), [str(e) for e in schema.error_log][:5]


def snapshot(study) -> dict:
    """Everything the round trip must keep, by names (not ids) where a new study could differ."""
    cases = {c.id: c for c in study.cases.all()}

    def case_path(case_id):
        names = [a.name for a in study.cases.ancestors(case_id)] if case_id else []
        return "/".join(names + [cases[case_id].name]) if case_id else None

    sources = {s.id: s for s in study.sources.all()}
    paths = study.codes.paths()
    return {
        "sources": sorted((s.name, study.sources.text(s.id), s.type, s.role, s.wave, s.phase, s.date,
                           tuple(s.interviewers), case_path(s.case_id)) for s in sources.values()),
        "codes": sorted((c.path, c.color, c.definition, c.inclusion, c.exclusion, c.example, c.codable)
                        for c in study.codes.all()),
        "codings": sorted((sources[c.source_id].name, paths[c.code_id], c.coder, c.note,
                           study.sources.text(c.source_id)[c.start:c.end])
                          for s in sources for c in study.codings.for_source(s) if not c.detached),
        "cases": sorted((case_path(c.id), c.kind) for c in cases.values()),
        "attributes": sorted((scope, owner, name, value)
                             for scope, owners in (("case", {c: case_path(c) for c in cases}),
                                                   ("source", {s: sources[s].name for s in sources}))
                             for owner_id, owner in owners.items()
                             for name, value in study.attributes.values(scope, owner_id).items()),
        "memos": sorted((m.kind, study.memos.subject_name(m), m.title, study.memos.text(m.id))
                        for m in study.memos.all()),
    }


@pytest.mark.parametrize("nvivo", [False, True])
def test_the_demo_study_survives_export_and_import(demo_study, tmp_path, nvivo):
    s = demo_study
    s.codes.describe_code(code_id=s.codes.find("Challenges/Resistance").id, inclusion="Refusals, open or quiet.",
                          example="“We close our doors.”")
    alder = s.sources.find("alder_principal_w1")
    coding = s.codings.for_source(alder.id)[0]
    s.codings.set_note(coding_id=coding.id, note="Check against the coach's account.")
    out = tmp_path / "demo.qdpx"
    result = export_project(s, out, nvivo=nvivo)
    validate(out)
    assert result["codings"] == sum(1 for src in s.sources.all() for c in s.codings.for_source(src.id)
                                    if not c.detached)
    assert any("case-outline" in item for item in result["not exported"])
    report = import_project(out, tmp_path / "back.casecoder").as_dict()
    assert report["rejected_selections"] == [] and report["not_imported"] == []
    assert report["positions"]["units"] == ("utf-16" if nvivo else "code points")
    with Study.open(tmp_path / "back.casecoder") as back:
        before, after = snapshot(s), snapshot(back)
        for key in before:
            assert after[key] == before[key], key
        assert back.codings.get(coding.id).note == "Check against the coach's account."  # ids are kept


def test_nvivo_positions_are_utf16_units_over_crlf_text(study, tmp_path):
    """Checked with Python's own UTF-16 codec on the exported file, not with our counting."""
    from coder.sources.sources import prepare_text

    text = "Intro 😀 line\nSecond 𝒳 line with Trust here\nthird"
    sid = study.sources.add_source(name="s", prepared=prepare_text(text, None, "observation")).result
    code = study.codes.add_code(path="Trust").result
    start = text.index("Trust")
    study.codings.apply_code(source_id=sid, code_id=code, start=start, end=start + 5)
    out = tmp_path / "n.qdpx"
    export_project(study, out, nvivo=True)
    validate(out)
    archive = zipfile.ZipFile(out)
    raw = archive.read(f"sources/{sid}.txt").decode("utf-8")
    assert raw == text.replace("\n", "\r\n") and not raw.startswith("\ufeff")
    selection = etree.fromstring(archive.read("project.qde")).find(".//{*}PlainTextSelection")
    a, b = int(selection.get("startPosition")), int(selection.get("endPosition"))
    assert raw.encode("utf-16-le")[2 * a:2 * b].decode("utf-16-le") == "Trust"
    export_project(study, tmp_path / "s.qdpx")
    plain = etree.fromstring(zipfile.ZipFile(tmp_path / "s.qdpx").read("project.qde")).find(".//{*}PlainTextSelection")
    assert text[int(plain.get("startPosition")):int(plain.get("endPosition"))] == "Trust"
