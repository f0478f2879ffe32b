"""`casecoder qdpx` and `casecoder qdc` in the forms scripts use: import a sample as a new study,
export with and without NVivo positions, merge and export codebooks, list sets, and refuse
existing files and bad archives with a message that names them."""

from __future__ import annotations

from .test_cli import run
from .test_cli_memos import demo_path  # noqa: F401 - the fixture
from .test_refi_samples import SAMPLES


def test_projects_and_codebooks_from_the_command_line(demo_path, tmp_path, capsys):  # noqa: F811
    study = tmp_path / "mx.casecoder"
    code, report, err = run(capsys, "qdpx", "import", SAMPLES / "maxqda24_ICLS_Conf_Themes_just10.qdpx", study,
                            "--json")
    assert code == 0 and report["counts"]["codes"] == 307 and report["counts"]["sets"] == 2, err
    code, sets, _ = run(capsys, "sets", study, "--json")
    assert sorted(s["name"] for s in sets) == ["ICLS 2024", "ICLS 2025"]
    assert sum(len(s["members"]["source"]) for s in sets) == 10
    code, _, err = run(capsys, "qdpx", "import", SAMPLES / "maxqda24_ICLS_Conf_Themes_just10.qdpx", study)
    assert code == 1 and str(study) in err and "already exists" in err
    for flag in ((), ("--nvivo",)):
        out = tmp_path / f"demo{len(flag)}.qdpx"
        code, printed, err = run(capsys, "qdpx", "export", demo_path, out, *flag)
        assert code == 0 and "628 codings" in printed and "case-outline sections" in err
        code, report, err = run(capsys, "qdpx", "import", out, tmp_path / f"back{len(flag)}.casecoder", "--json")
        assert code == 0 and report["counts"]["codings"] == 628, err
    book = tmp_path / "book.qdc"
    assert run(capsys, "qdc", "export", demo_path, book)[0] == 0
    code, merged, err = run(capsys, "qdc", "import", study, book, "--json")
    assert code == 0 and len(merged["created"]) == 31, err
    bad = tmp_path / "bad.qdpx"
    bad.write_text("not a zip", encoding="utf-8")
    code, _, err = run(capsys, "qdpx", "import", bad, tmp_path / "never.casecoder")
    assert code == 1 and "bad.qdpx" in err and not (tmp_path / "never.casecoder").exists()


def test_a_source_set_narrows_a_data_run(demo_path, capsys):  # noqa: F811
    from coder import Study

    with Study.open(demo_path) as study:
        alder = [s.id for s in study.sources.all() if s.name.startswith("alder_")]
        study.sets.add_set(name="Alder sources", kind="source", members=alder)
    code, segments, err = run(capsys, "run", demo_path, "--code", "Leadership configuration", "--descendants",
                              "--set", "Alder sources", "--json")
    assert code == 0 and segments and {s["source_name"][:6] for s in segments} == {"alder_"}, err


def test_agreement_from_the_command_line(demo_path, tmp_path, capsys):  # noqa: F811
    from docx import Document
    from openpyxl import load_workbook

    docx, xlsx = tmp_path / "agree.docx", tmp_path / "agree.xlsx"
    code, data, err = run(capsys, "agreement", demo_path, "--coders", "okafor,lindqvist", "--json",
                          "--docx", docx, "--xlsx", xlsx)
    assert code == 0, err
    assert set(data) >= {"percent_agreement", "cohen_kappa", "krippendorff_alpha", "per_code", "disagreements"}
    assert 0 <= data["percent_agreement"] <= 1 and data["cohen_kappa"] is not None and data["disagreements"]
    assert Document(str(docx)).tables[0].rows[0].cells[0].text == "Code"
    assert load_workbook(xlsx).sheetnames == ["Agreement", "Per code", "Per code and source", "Disagreements"]
    assert data["over"] == "coded"
    assert any(p.text.startswith("Counted over only the characters someone coded") for p in
               Document(str(docx)).paragraphs)
    code, whole, err = run(capsys, "agreement", demo_path, "--coders", "okafor,lindqvist", "--over", "whole",
                           "--json", "--docx", docx, "--xlsx", xlsx)
    assert code == 0 and whole["over"] == "whole" and whole["units"] > data["units"], err
    assert whole["percent_agreement"] > data["percent_agreement"]  # text neither coded counts as agreement
    assert any("as NVivo's coding comparison counts" in p.text for p in Document(str(docx)).paragraphs)
    sheet = load_workbook(xlsx)["Agreement"]
    assert ["over", "whole"] in [[c.value for c in row] for row in sheet.iter_rows(max_col=2)]
    rows = list(load_workbook(xlsx)["Per code and source"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Code", "Source", "Units") and len(rows) == len(whole["by_source"]) + 1
    code, text, _ = run(capsys, "agreement", demo_path, "--coders", "okafor,lindqvist", "--over", "whole")
    assert "counted over every character of the sources compared" in text
    code, one, _ = run(capsys, "agreement", demo_path, "--coders", "okafor,lindqvist", "--code",
                       "Leadership configuration/Coaching", "--unit", "sentence", "--json")
    assert code == 0 and list(one["per_code"]) == ["Leadership configuration/Coaching"]
    code, _, err = run(capsys, "agreement", demo_path, "--coders", "okafor", "--json")
    assert code == 1 and "two coders" in err


def test_a_study_that_cannot_be_upgraded_gets_a_clear_message_and_stays_as_it_was(tmp_path, capsys):
    """A file from an unfinished build (its tables ahead of its recorded version) fails in the
    migration: the command says which file and that nothing changed, instead of a traceback."""
    import sqlite3

    path = tmp_path / "odd.casecoder"
    assert run(capsys, "new", path)[0] == 0
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")  # v5 tables exist already
    conn.commit()
    conn.close()
    code, _, err = run(capsys, "sources", path, "--json")
    assert code == 1 and str(path) in err and "not changed" in err
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "4"
    conn.close()
