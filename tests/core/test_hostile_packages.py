"""Review packages, REFI-QDA projects and zipped documents a study cannot hold, refused with a
message naming the file: a review package that says no study or holds rows of the wrong shape, a
REFI integer of 40 digits, an OpenDocument space count of billions, a member compressed with a
method inflated without a ceiling, and a Word source inside a project that inflates past the
project's budget."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from coder import Study
from coder.memos.review_package import open_package, send_package
from coder.sources.importers import odt
from coder.sources.importers.odt import read_odt
from coder.store.errors import ImportFailed

from .refi_fixtures import run_import, write_zip
from .test_refi_mapping import PROJECT


@pytest.fixture
def review(study, tmp_path):
    memo = study.memos.write(kind="free", subject_id=None, title="Notes", author="tester",
                             text="# Notes\n\nA first thought.\n").result
    package = send_package(study, memo, tmp_path / "p.ccreview")
    other = tmp_path / "other.casecoder"
    shutil.copy(study.path, other)
    return package, other


def _rewritten(package, target, change):
    data = json.loads(zipfile.ZipFile(package).read("package.json"))
    change(data)
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("package.json", json.dumps(data))
    return target


@pytest.mark.parametrize("change, words", [
    (lambda d: d.pop("study_id"), "no study_id"),
    (lambda d: d["versions"][0].update(text=None), "versions: text"),
    (lambda d: d["versions"].clear(), "no version"),
    (lambda d: d["memo"].update(kind="poem"), "kind 'poem'"),
    (lambda d: d["comments"].append({"id": 1}), "comments: id"),
])
def test_a_review_package_of_the_wrong_shape_is_refused_by_name(review, tmp_path, change, words):
    package, other = review
    bad = _rewritten(package, tmp_path / "bad.ccreview", change)
    with Study.open(other, user="partner") as s:
        before = s.dump()
        with pytest.raises(ImportFailed) as caught:
            open_package(s, bad)
        assert s.dump() == before
    assert "bad.ccreview" in str(caught.value) and words in str(caught.value)


def test_a_forty_digit_refi_integer_is_a_warning_not_a_crash(tmp_path):
    big = "9" * 40
    project = PROJECT.replace("<IntegerValue>2</IntegerValue>", f"<IntegerValue>{big}</IntegerValue>")
    archive = write_zip(tmp_path / "m.qdpx", {"project.qde": project, "Sources/oak.txt": "Oak trust trust here\n"})
    report = run_import(archive, tmp_path / "m.casecoder")
    assert any("wave must be a whole number" in w for w in report["warnings"])
    with Study.open(tmp_path / "m.casecoder") as s:
        assert s.sources.find("oak_principal").wave is None


ODT = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
       'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
       '<text:p>Teacher:{}We plan.</text:p></office:text></office:body></office:document-content>')


def test_an_opendocument_space_count_of_billions_makes_no_gigabytes(tmp_path):
    path = write_zip(tmp_path / "spaces.odt", {"mimetype": "application/vnd.oasis.opendocument.text",
                                              "content.xml": ODT.format('<text:s text:c="99999999999"/>' * 50)})
    text = read_odt(path)
    assert text.startswith("Teacher:") and len(text) <= 50 * odt.MAX_SPACES + 100
    odd = write_zip(tmp_path / "odd.odt", {"content.xml": ODT.format('<text:s text:c="many"/>')})
    assert read_odt(odd) == "Teacher: We plan."


def test_a_member_compressed_with_bzip2_is_refused_by_name(tmp_path):
    path = write_zip(tmp_path / "b.odt", {"content.xml": ODT.format(" ")}, compression=zipfile.ZIP_BZIP2)
    with pytest.raises(ImportFailed, match="b.odt.*method"):
        read_odt(path)


def test_a_word_source_inside_a_project_counts_against_its_budget(tmp_path, monkeypatch):
    """Nested: the .docx a project carries is inflated under the project's shared budget."""
    import docx

    from coder.exchange.refi import archive as refi_archive

    from .refi_fixtures import Src, build_qdpx

    word = tmp_path / "rich.docx"
    document = docx.Document()
    document.add_paragraph("Teacher: " + "We plan together every week. " * 4000)
    document.save(word)
    src = Src("rich", None)
    project = build_qdpx(tmp_path / "p.qdpx", [src], extra={"sources/rich.docx": word.read_bytes()})
    qde = zipfile.ZipFile(project).read("project.qde").decode().replace(
        f'plainTextPath="{src.plain_text_path}"', 'richTextPath="internal://rich.docx"')
    members = {n: zipfile.ZipFile(project).read(n) for n in zipfile.ZipFile(project).namelist()}
    members["project.qde"] = qde
    project = write_zip(tmp_path / "p.qdpx", members)
    monkeypatch.setattr(refi_archive, "MAX_TOTAL_BYTES", len(word.read_bytes()) + 20_000)
    with pytest.raises(ImportFailed, match="p.qdpx.*over the limit"):
        run_import(project, tmp_path / "p.casecoder")
    assert not (tmp_path / "p.casecoder").exists()
