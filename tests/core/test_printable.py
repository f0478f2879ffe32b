"""Printable HTML of a transcript with its codes in the margin, and of a memo
(coder/reports/printable.py), and `casecoder print`."""

from __future__ import annotations

import json
import shutil
from html import escape

import pytest

from coder.cli import main
from coder.reports.printable import (
    markdown_html,
    memo_html,
    rows_of,
    source_html,
    stretches,
    tint,
    write_printable,
)
from coder.sources.sources import prepare_text
from coder.store.paths import split_path

from .conftest import code_passage

ROW = '<tr><td width="70%"'  # how each row of the transcript's table begins


def row_chunks(html: str) -> list[tuple[str, str]]:
    """(text cell, margin cell) of each row of the transcript's table, in order."""
    chunks = html.split(ROW)[1:]
    out = []
    for chunk in chunks:
        text, _, margin = chunk.partition('<td width="30%"')
        out.append((text, margin))
    return out


def leaf(path: str) -> str:
    return escape(split_path(path)[-1])


def test_the_transcript_names_its_source_and_every_coding_sits_beside_its_text(demo_study):
    source = demo_study.sources.find("alder_principal_w1")
    html = source_html(demo_study, source.id)
    assert "<title>alder_principal_w1" in html and "<h1" in html
    assert "Alder Street Elementary" in html and "principal" in html and "7 October 2025" in html
    text = demo_study.sources.text(source.id)
    rows = rows_of(text, demo_study.sources.turns(source.id))
    chunks = row_chunks(html)
    assert len(chunks) == len(rows) > 20
    codings = [c for c in demo_study.codings.for_source(source.id) if not c.detached]
    assert codings
    for coding in codings:
        held = [i for i, (start, end, _label) in enumerate(rows) if start < coding.end and coding.start < end]
        assert held, coding
        for i in held:  # in the margin of every row its words are in, and of no row they are not in
            assert leaf(coding.code_path) in chunks[i][1], (coding.code_path, i)
        first = held[0]
        words = text[max(coding.start, rows[first][0]):rows[first][1]].split()[0]
        assert escape(words) in chunks[first][0]
    # both demo coders coded it: each label names its coders
    assert "okafor" in chunks[0][1] + "".join(m for _t, m in chunks) and "lindqvist" in html
    empty = [i for i, (s, e, _l) in enumerate(rows) if not any(s < c.end and c.start < e for c in codings)]
    assert empty and all("›" not in chunks[i][1] for i in empty)


def test_one_coders_codings_only(demo_study):
    source = demo_study.sources.find("alder_principal_w1")
    mine = demo_study.codings.for_source(source.id, ["okafor"])
    theirs = {c.code_path for c in demo_study.codings.for_source(source.id, ["lindqvist"])}
    html = source_html(demo_study, source.id, coder="okafor")
    assert escape("only okafor's") in html
    margin = "".join(m for _t, m in row_chunks(html))
    assert "lindqvist" not in margin  # one coder: no coder names in the labels at all
    for path in {c.code_path for c in mine}:
        assert leaf(path) in margin
    for path in theirs - {c.code_path for c in mine}:
        assert leaf(path) not in margin


def test_codings_are_read_once_not_per_row(demo_study):
    source = demo_study.sources.find("alder_principal_w1")
    statements: list[str] = []
    demo_study.conn.set_trace_callback(statements.append)
    try:
        source_html(demo_study, source.id)
    finally:
        demo_study.conn.set_trace_callback(None)
    reads = [s for s in statements if "FROM codings c JOIN" in s]
    assert len(reads) == 1
    assert len(statements) < 25  # whatever the number of rows (27 turns and more paragraphs)


def test_text_is_escaped_and_line_breaks_kept(study):
    from coder.codebook.codebook_file import load_codebook
    from coder.demo import CODEBOOK

    load_codebook(study, CODEBOOK)
    text = ("Interviewer: What happened?\n\n"
            "Teacher: They pasted <script>alert('x')</script> & left.\nThen it ran.\n\n"
            "Interviewer: And then?\n\nTeacher: Nothing <b>bold</b>.\n")
    study.sources.add_source(name="odd <source>", prepared=prepare_text(text, None, "interview", analyse_now=False))
    code = study.codes.all()[1]
    code_passage(study, "odd <source>", "<script>alert('x')</script>", code.path)
    source = study.sources.find("odd <source>")
    html = source_html(study, source.id)
    assert "<script>" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&amp; left.<br>Then it ran." in html  # the line break inside the turn is kept
    assert "odd &lt;source&gt;" in html
    assert "<b>Teacher: </b>" in html  # the speaker's label
    (text_cell, margin), = [c for c in row_chunks(html) if "script" in c[0]]
    assert leaf(code.path) in margin
    assert "background-color" in text_cell  # the coded words tinted


def test_overlapping_codings_of_one_code_are_one_label():
    from coder.coding.codings import Coding

    def coding(start, end, coder, code="c1"):
        return Coding(f"{code}{start}{coder}", "s", code, "A/B", "#4e79a7", start, end, coder, "", False, "")

    found = stretches([coding(0, 10, "ann"), coding(5, 20, "bob"), coding(30, 40, "ann"), coding(2, 4, "x", "c2")])
    assert [(s.start, s.end, s.coders) for s in found if s.code_path == "A/B" and s.start < 30][0] == \
        (0, 20, ["ann", "bob"])
    assert len(found) == 4 - 1
    assert tint(["#000000"]) > "#b0b0b0"  # a tint is light, whatever the code's colour


def test_markdown_of_a_memo():
    html = markdown_html("# Findings\n\nFirst line\nsecond line with **bold** and *italic* <tag>.\n\n"
                         "## Heading\n\n- one\n- two\n\n1. first\n2. second\n\n"
                         "> Quoted words\n> go on.\n>\n> — Oak Elementary, principal, a_principal, wave 1\n")
    assert '<h1 style="font-size: 15pt; margin: 14px 0 4px 0;">Findings</h1>' in html
    assert "<h2" in html and ">Heading</h2>" in html
    assert "First line<br>second line with <b>bold</b> and <i>italic</i> &lt;tag&gt;." in html
    assert html.count("<li") == 4 and "<ul" in html and "<ol" in html
    quote = html[html.index("<blockquote"):html.index("</blockquote>")]
    assert "Quoted words<br>go on." in quote and "— Oak Elementary, principal, a_principal, wave 1" in quote
    assert "Empty" not in markdown_html("# Empty\n\n# Other\n\ntext\n")  # a section with nothing in it goes
    assert "Empty" in markdown_html("# Empty\n\n# Other\n\ntext\n", keep_empty=True)


def test_a_memo_prints_with_its_title_people_and_headings(demo_study):
    memo = demo_study.memos.write(kind="free", title="Cross-site <notes>", author="okafor",
                                  text="Intro paragraph.\n\n## Heading\n\nUnder it.\n").result
    html = memo_html(demo_study, memo)
    assert "<title>Cross-site &lt;notes&gt;" in html
    assert "Free memo · drafting" in html and "okafor" in html
    assert ">Heading</h2>" in html and "<p style=\"margin: 0 0 8px 0;\">Intro paragraph.</p>" in html
    edited = memo_html(demo_study, memo, text="Intro paragraph.\n\n## Changed\n\nNew words.\n")
    assert ">Changed</h2>" in edited and "not yet saved" in edited
    site = demo_study.memos.find("Alder Street Elementary")
    html = memo_html(demo_study, site.id)
    assert "Alder Street Elementary case memo" in html and "Harbor Valley / Alder Street Elementary" in html
    assert "<blockquote" in html and "— Alder Street Elementary, principal, alder_principal_w1, wave 1" in html


def test_write_printable_is_atomic(tmp_path):
    out = write_printable("<html>x</html>", tmp_path / "a.html")
    assert out.read_text(encoding="utf-8") == "<html>x</html>"
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]


@pytest.fixture
def demo_path(demo_study_file, tmp_path):
    path = tmp_path / "demo.casecoder"
    shutil.copy(demo_study_file[0], path)
    return path


def test_cli_prints_a_transcript_and_a_memo(demo_path, tmp_path, capsys):
    out = tmp_path / "alder.html"
    assert main(["print", str(demo_path), "--source", "alder_coach_w1", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"wrote {out}: alder_coach_w1 with ") and "coding" in said
    html = out.read_text(encoding="utf-8")
    assert "<h1" in html and "alder_coach_w1" in html and "›" in html

    memo = tmp_path / "memo.html"
    assert main(["print", str(demo_path), "--memo", "Alder Street Elementary", "--out", str(memo), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"file": str(memo), "memo": "Alder Street Elementary case memo"}
    assert "<blockquote" in memo.read_text(encoding="utf-8")

    mine = tmp_path / "mine.html"
    assert main(["print", str(demo_path), "--source", "alder_coach_w1", "--coder", "okafor", "--out",
                 str(mine), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["coder"] == "okafor" and data["codings"] > 0 and "only okafor" in mine.read_text(encoding="utf-8")


def test_cli_refuses_what_it_cannot_find_and_writes_nothing(demo_path, tmp_path, capsys):
    out = tmp_path / "none.html"
    assert main(["print", str(demo_path), "--source", "no such transcript", "--out", str(out)]) == 2
    assert "casecoder: no source named 'no such transcript'" in capsys.readouterr().err
    assert main(["print", str(demo_path), "--memo", "Nowhere", "--out", str(out)]) == 2
    assert "no memo 'Nowhere'" in capsys.readouterr().err
    assert main(["print", str(demo_path), "--source", "alder_coach_w1", "--coder", "nobody", "--out", str(out)]) == 2
    assert "no coder named 'nobody'" in capsys.readouterr().err
    assert main(["print", str(demo_path), "--memo", "Alder Street Elementary", "--coder", "okafor",
                 "--out", str(out)]) == 2
    assert not out.exists() and list(tmp_path.glob("none.html*")) == []
