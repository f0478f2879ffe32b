"""What an import lets in: control characters (Word's .txt line breaks among them), direction
overrides in file names, symbolic links out of the chosen folder, a metadata CSV that names one file
twice, and a '/' in a site's name."""

from __future__ import annotations

import os

import pytest

from coder.sources.importers import read_document
from coder.sources.importing import import_sources, plan_import, read_metadata
from coder.store.errors import ImportFailed


def test_control_characters_become_line_breaks_or_go_with_a_warning(tmp_path):
    # Word's "Plain Text" export writes a manual line break as a vertical tab: many of them are
    # an ordinary transcript, not binary data
    lines = [f"Principal: line {i} of the answer" for i in range(40)]
    path = tmp_path / "word_export.txt"
    path.write_text("\x0b".join(lines) + "\x0cNext page.\x01\x1b[31m red\x7f\x85 end\n", encoding="utf-8")
    doc = read_document(path)
    assert "\x0b" not in doc.text and "\x0c" not in doc.text
    assert doc.text.split("\n")[:2] == lines[:2] and "Next page.[31m red end" in doc.text
    assert not any(ch < " " and ch not in "\t\n" or "\x7f" <= ch <= "\x9f" for ch in doc.text)
    assert any("removed 4 control characters" in w and "U+001B" in w for w in doc.warnings)


def test_captions_are_cleaned_before_their_cues_are_read(tmp_path):
    path = tmp_path / "call.vtt"
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana\x07 Ruiz>Hello\x0bthere\x01.</v>\n",
                    encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "Ana Ruiz: Hello there." and doc.turns[0].label == "Ana Ruiz"
    assert any("control character" in w for w in doc.warnings)


def test_the_command_line_names_the_file_it_cleaned(study, tmp_path, capsys):
    from coder.cli import main

    path = tmp_path / "noisy.txt"
    path.write_text("Interviewer: Hi.\x1b\n\nPrincipal: Hello.\n", encoding="utf-8")
    assert main(["import", str(study.path), str(path)]) == 0
    assert f"{path}: removed 1 control character (U+001B)" in capsys.readouterr().err


def test_direction_overrides_are_removed_from_source_names(study, tmp_path):
    path = tmp_path / "alder_principal\u202etxt.w1.txt"
    path.write_text("Principal: We meet weekly.\n", encoding="utf-8")
    report = import_sources(study, plan_import([path]))
    assert not report.failed
    source = study.sources.find(report.imported[0]["id"])
    assert source.name == "alder_principaltxt.w1" and "\u202e" not in repr(study.dump())
    assert any("direction-control" in w for w in report.imported[0]["warnings"])


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_links_out_of_the_chosen_folder_are_not_followed(study, tmp_path):
    folder, elsewhere = tmp_path / "transcripts", tmp_path / "private"
    folder.mkdir()
    elsewhere.mkdir()
    (folder / "kept.txt").write_text("Principal: Inside the folder.\n", encoding="utf-8")
    secret = elsewhere / "secret.txt"
    secret.write_text("Not a transcript: a file from elsewhere on the computer.\n", encoding="utf-8")
    (folder / "innocent.txt").symlink_to(secret)
    (folder / "also_kept.txt").symlink_to(folder / "kept.txt")  # a link inside the folder is fine
    (folder / "linked_dir").symlink_to(elsewhere, target_is_directory=True)
    report = import_sources(study, plan_import([folder]))
    assert sorted(study.sources.find(i["id"]).name for i in report.imported) == ["also_kept", "kept"]
    assert [f["file"] for f in report.failed] == [str(folder / "innocent.txt")]
    assert "outside the folder" in report.failed[0]["reason"]
    assert not any("elsewhere" in study.sources.text(s.id) for s in study.sources.all())


def test_a_metadata_file_naming_one_transcript_twice_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text("Principal: Hello.\n", encoding="utf-8")
    csv_path = tmp_path / "metadata.csv"
    csv_path.write_text("file,site,wave\na.txt,Oak,1\nb.txt,Pine,1\na.txt,Oak,2\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"lines 2 and 4 both describe a\.txt"):
        read_metadata(csv_path)
    csv_path.write_text("file,site,wave\na.txt,Oak,1\na.txt,Oak,1\n", encoding="utf-8")
    assert len(read_metadata(csv_path)) == 1  # the same row twice is no contradiction


def test_a_slash_in_a_site_is_the_documented_group_path(study, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Principal: Hello.\n", encoding="utf-8")
    report = import_sources(study, plan_import([path], {"district": "North", "site": "Magnet schools/Oak"}))
    assert any("inside the group 'Magnet schools'" in w for w in report.imported[0]["warnings"])
    oak = study.cases.find("Oak")
    assert oak.kind == "site" and oak.path == "North/Magnet schools/Oak"
    path2 = tmp_path / "b.txt"
    path2.write_text("Principal: Hi.\n", encoding="utf-8")
    report = import_sources(study, plan_import([path2], {"district": "North", "site": "Alder\\/Birch"}))
    assert not report.imported[0]["warnings"]
    assert study.cases.find("Alder/Birch").kind == "site"


def test_show_prints_escape_sequences_as_text_not_to_the_terminal(study, tmp_path, capsys):
    import json

    from coder.cli import main

    path = tmp_path / "a.txt"
    path.write_text("Principal: We meet weekly.\n", encoding="utf-8")
    source = import_sources(study, plan_import([path])).imported[0]["id"]
    text = study.sources.text(source)
    hostile = text.replace("We meet", "\x1b]0;owned\x07\x1b[2J\x9b31mWe meet")  # stored before import cleaned it
    study.conn.execute("UPDATE source_texts SET text = ? WHERE source_id = ?", (hostile, source))
    study.conn.execute("UPDATE sources SET name = ? WHERE id = ?", ("a\x1b[31m", source))
    study.conn.commit()
    capsys.readouterr()
    assert main(["show", str(study.path), source]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\\u001b]0;owned\\u0007\\u001b[2J\\u009b31mWe meet" in out
    assert main(["show", str(study.path), source, "--json"]) == 0
    assert hostile in json.loads(capsys.readouterr().out)["text"]  # JSON still carries the text as it is
