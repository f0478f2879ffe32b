"""The third-party REFI-QDA files in ../shared/refi-samples/ import with the counts their README
gives (users, codes at any depth, sources, codings, sets), and their codes keep hierarchy, colour
and description."""

from __future__ import annotations

import pytest

from coder import Study
from coder.exchange.refi.project_import import import_project
from tests.conftest import REFI_SAMPLES

SAMPLES = REFI_SAMPLES

EXPECTED = {  # file: (users, codes, sources, codings, sets), from the samples' README
    "atlasti23_blank-atlas-project.qdpx": (2, 0, 0, 0, 0),
    "atlasti23_target-atlas-project.qdpx": (2, 3, 0, 0, 0),
    "nvivo-mac15_qc-project.qdpx": (2, 262, 2, 0, 0),
    "maxqda24_ICLS_Conf_Themes_just10.qdpx": (1, 307, 10, 0, 2),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_imports_with_the_readme_counts(name, tmp_path):
    users, codes, sources, codings, sets = EXPECTED[name]
    report = import_project(SAMPLES / name, tmp_path / "s.casecoder").as_dict()
    counts = report["counts"]
    assert (counts["users"], counts["codes"], counts["sources"], counts["codings"], counts["sets"]) == \
        (users, codes, sources, codings, sets), report
    assert report["not_imported"] == [] and report["rejected_selections"] == []
    with Study.open(tmp_path / "s.casecoder") as study:
        assert len(study.codes.all()) == codes and len(study.sources.all()) == sources
        assert sum(len(m) for s in study.sets.all() for m in s.members.values()) == (10 if sets else 0)


def test_maxqda_codes_keep_colour_description_and_depth(tmp_path):
    import_project(SAMPLES / "maxqda24_ICLS_Conf_Themes_just10.qdpx", tmp_path / "m.casecoder")
    with Study.open(tmp_path / "m.casecoder") as study:
        code = study.codes.get("c6c1be73-b4f4-4c2d-91f1-90b73bfc5c25")  # GUIDs stay the identity
        assert code.name == "THEME - Affinity Spaces (Gee)" and code.color == "#ef8256"
        assert code.parent_id == "c9e3d7e0-4dbf-46e2-96ef-14574ecd3b90" and code.definition
        assert max(c.path.count("/") for c in study.codes.all()) == 1  # depth 2
        texts = [study.sources.text(s.id) for s in study.sources.all()]
        assert all(t for t in texts) and all("\r" not in t for t in texts)
        assert {s.name for s in study.sets.all()} == {"ICLS 2024", "ICLS 2025"}


def test_nvivo_empty_texts_are_kept_and_codes_nest_seven_deep(tmp_path):
    report = import_project(SAMPLES / "nvivo-mac15_qc-project.qdpx", tmp_path / "n.casecoder").as_dict()
    assert report["origin"] == "NVivo for Mac 15.0.0"
    assert any("rich-text" in w for w in report["warnings"])
    with Study.open(tmp_path / "n.casecoder") as study:
        assert [study.sources.text(s.id) for s in study.sources.all()] == ["", ""]
        assert max(c.path.count("/") for c in study.codes.all()) == 6  # 7 levels
        assert study.codes.find("rq1_definition/competencies/programming").codable


def test_a_big_project_is_read_as_a_stream_with_the_same_result(tmp_path, monkeypatch):
    """Over the validation size the project is streamed (never a whole tree in memory): the same
    study comes out, and the report says the schema was not checked."""
    monkeypatch.setattr("coder.exchange.refi.project_import.VALIDATE_BYTES", 0)
    report = import_project(SAMPLES / "maxqda24_ICLS_Conf_Themes_just10.qdpx", tmp_path / "s.casecoder").as_dict()
    assert report["counts"]["codes"] == 307 and report["counts"]["sets"] == 2
    assert any("read as a stream" in w for w in report["warnings"])
