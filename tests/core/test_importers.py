"""Reading every supported format from real files, and refusing bad ones with a clear message."""

from __future__ import annotations

import zipfile

import docx
import pytest

from coder.sources.importers import read_document
from coder.sources.sources import prepare_text
from coder.store.errors import ImportFailed
from tests.conftest import CORPUS

from .docx_fixtures import make_odt, make_tracked_changes_docx


def test_docx_keeps_insertions_and_content_controls_drops_deletions(tmp_path):
    doc = read_document(make_tracked_changes_docx(tmp_path / "tracked.docx"))
    text = doc.text
    assert "Principal: We really meet every week at Harbor Valley." in text
    assert "never" not in text
    assert "Interviewer: Inside a block content control." in text
    assert "Principal: See the plan for details." in text
    assert "Goal | Target" in text and "Reading | 70% proficient" in text
    assert text.index("Reading | 70%") < text.index("After the table.")
    for absent in ("CONFIDENTIAL HEADER", "footer", "REVIEWER COMMENT"):
        assert absent not in text
    assert "Commented words." in text


def test_python_docx_alone_would_lose_that_text(tmp_path):
    """Why we read the XML ourselves: python-docx's Paragraph.text drops these runs."""
    path = make_tracked_changes_docx(tmp_path / "tracked.docx")
    naive = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert "really" not in naive or "Harbor Valley" not in naive


def test_docx_bold_labels_become_turns(tmp_path):
    doc = read_document(make_tracked_changes_docx(tmp_path / "tracked.docx"))
    prepared = prepare_text(doc.text, doc.turns, "interview")
    labels = [t.label for t in prepared.turns if t.label]
    assert labels.count("Interviewer") == 2 and labels.count("Principal") == 2


def test_sample_corpus_docx_tables_in_reading_order():
    doc = read_document(CORPUS / "sources" / "granite_improvement_plan_w1.docx")
    assert " | " in doc.text
    assert len(doc.text) > 5000


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPUS / "sources").iterdir()))
def test_every_sample_file_imports(name):
    doc = read_document(CORPUS / "sources" / name)
    assert len(doc.text.split()) >= 1400
    assert "\r" not in doc.text


def test_vtt_cues_merge_into_turns_with_times():
    doc = read_document(CORPUS / "sources" / "alder_teacher_w2.vtt")
    assert "-->" not in doc.text and "WEBVTT" not in doc.text
    assert doc.turns and all(t.time_ms is not None for t in doc.turns)
    speakers = [t.label for t in doc.turns]
    assert all(a != b for a, b in zip(speakers, speakers[1:], strict=False)), "consecutive cues not merged"
    for turn in doc.turns:
        assert doc.text[turn.start:turn.body_start] == f"{turn.label}: "


def test_teams_voice_tags(tmp_path):
    path = tmp_path / "teams.vtt"
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ana Ruiz>Hello there.</v>\n\n"
                    "00:00:03.500 --> 00:00:05.000\n<v Ana Ruiz>Second cue.</v>\n\n"
                    "NOTE a comment\n\n00:01:05.000 --> 00:01:09.000\n<v Ben>Reply &amp; more.</v>\n",
                    encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "Ana Ruiz: Hello there. Second cue.\n\nBen: Reply & more."
    assert [t.time_ms for t in doc.turns] == [1000, 65000]


def test_srt_otter_export(tmp_path):
    path = tmp_path / "otter.srt"
    path.write_text("1\r\n00:00:01,000 --> 00:00:04,000\r\nSpeaker 1: First words\r\nwrap here.\r\n\r\n"
                    "2\r\n00:00:04,500 --> 00:00:06,000\r\nSpeaker 2: Answer.\r\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "Speaker 1: First words wrap here.\n\nSpeaker 2: Answer."


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"),
                                          ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                          ("cp1252", b"")])
def test_text_encodings(tmp_path, encoding, bom):
    content = "Interviewer: Café – “quoted”?\r\nRespondent: Naïve answer.\r\n"
    path = tmp_path / "t.txt"
    path.write_bytes(bom + content.encode(encoding))
    doc = read_document(path)
    assert doc.text == "Interviewer: Café – “quoted”?\nRespondent: Naïve answer."
    assert bool(doc.warnings) == (encoding == "cp1252")


def test_nfc_normalisation(tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_text("Cafe\u0301 talk", encoding="utf-8")
    assert read_document(path).text == "Caf\u00e9 talk"


def test_stray_nul_bytes_removed_with_warning(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"Interviewer: hello\x00 there, this is a long enough line of text.\n")
    doc = read_document(path)
    assert "\x00" not in doc.text
    assert any("NUL" in w for w in doc.warnings)


def test_markdown_and_odt(tmp_path):
    md = tmp_path / "plan.md"
    md.write_text("# Plan\n\n- goal one\n", encoding="utf-8")
    assert read_document(md).text == "# Plan\n\n- goal one"
    odt = make_odt(tmp_path / "notes.odt", (
        '<text:tracked-changes><text:changed-region><text:deletion><text:p>GONE</text:p></text:deletion>'
        '</text:changed-region></text:tracked-changes>'
        '<text:h>Observation</text:h><text:p>First<text:s text:c="2"/>line<text:tab/>tab</text:p>'))
    assert read_document(odt).text == "Observation\n\nFirst  line\ttab"


def _bad_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("   \n\n  ")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    with zipfile.ZipFile(tmp_path / "notword.docx", "w") as z:
        z.writestr("hello.txt", "not a word document")
    good = make_tracked_changes_docx(tmp_path / "good.docx").read_bytes()
    (tmp_path / "truncated.docx").write_bytes(good[: len(good) // 2])
    (tmp_path / "fake.docx").write_text("just text pretending")
    (tmp_path / "old.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "nocues.vtt").write_text("WEBVTT\n\njust words\n")
    (tmp_path / "zipped.txt").write_bytes(b"PK\x03\x04" + b"\x00" * 50)
    with zipfile.ZipFile(tmp_path / "badxml.docx", "w") as z:
        z.writestr("word/document.xml", "<w:document><unclosed>")
    return {
        "empty.txt": "empty", "blank.txt": "no text", "binary.txt": "binary", "notword.docx": "not a Word",
        "truncated.docx": "truncated", "fake.docx": "not a Word", "old.docx": "old binary",
        "image.png": "unsupported", "nocues.vtt": "no caption cues", "zipped.txt": "zip archive",
        "badxml.docx": "damaged XML",
    }


def test_bad_files_are_refused_with_a_message_naming_them(tmp_path):
    for name, words in _bad_files(tmp_path).items():
        with pytest.raises(ImportFailed) as info:
            read_document(tmp_path / name)
        assert name in str(info.value)
        assert words.lower() in info.value.reason.lower(), (name, info.value.reason)


def test_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr("coder.sources.importers.MAX_FILE_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text("word " * 100)
    with pytest.raises(ImportFailed, match="limit"):
        read_document(path)


def test_zip_bomb_member_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("coder.sources.importers.zipped.MAX_MEMBER_BYTES", 1000)
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<a>" + "x" * 100_000 + "</a>")
    with pytest.raises(ImportFailed, match="over the limit"):
        read_document(path)


def test_xml_entities_are_not_expanded(tmp_path):
    path = tmp_path / "entity.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", (
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            '<w:p><w:r><w:t>Safe &x; text</w:t></w:r></w:p></w:body></w:document>'))
    try:
        text = read_document(path).text
    except ImportFailed:
        return
    assert "root:" not in text
