"""Compare views in Word, as a reader gets them: the query stated under the title, the table,
and its chart under it; charts of word frequencies and keyness as PNG and SVG."""

from __future__ import annotations

import docx
import pytest

from coder.cli import main
from coder.coding.run_spec import RunSpec
from coder.compare.cooccurrence import cooccurrence
from coder.compare.words import frequencies, keyness, sources_in
from coder.reports.charts import frequency_chart, keyness_chart
from coder.reports.cooccurrence import pair_rows, write_cooccurrence_docx
from coder.reports.words import write_keyness_docx, write_words_docx


def _read(path):
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    pictures = len(document.inline_shapes)
    return document, text, pictures


def test_co_occurrence_in_word_lists_each_pair_once_under_its_query(demo_study, tmp_path):
    study = demo_study
    filters = RunSpec(codes=[], waves=[1])
    table = cooccurrence(study, filters=filters)
    out = write_cooccurrence_docx(study, table, tmp_path / "co.docx", filters=filters)
    document, text, pictures = _read(out)
    assert "Code co-occurrence" in text and "Waves: 1" in text and "overlapping it" in text
    grid = document.tables[0]
    rows = pair_rows(table)
    assert len(grid.rows) == len(rows) + 1 == len(table.records()) + 1
    first = [c.text for c in grid.rows[1].cells]
    assert first[:2] == rows[0][:2] and int(first[2]) == max(table.count(a, b) for a, _p in table.codes
                                                              for b, _q in table.codes if a != b)
    assert pictures == 1  # the network under the table


def test_word_frequencies_and_keyness_in_word(demo_study, tmp_path):
    study = demo_study
    scope = RunSpec(codes=[], roles=["teacher"])
    counts = frequencies(study, lemma=True, scope=scope)
    out = write_words_docx(study, counts, tmp_path / "w.docx", lemma=True, scope=scope, top=20,
                           sources_in_scope=sources_in(study, scope))
    document, text, pictures = _read(out)
    assert "Lemma frequencies" in text and "Roles: teacher" in text and "stop words left out" in text
    grid = document.tables[0]
    assert len(grid.rows) == 21
    teachers = len([s for s in study.sources.all() if s.role == "teacher"])
    assert grid.rows[1].cells[0].text == counts[0].word
    assert grid.rows[1].cells[2].text == f"{counts[0].sources} of {teachers}"
    assert pictures == 1
    ranked = keyness(study, scope, RunSpec(codes=[], roles=["principal"]))
    out = write_keyness_docx(study, ranked, tmp_path / "k.docx", here="teacher", there="principal", top=10)
    document, text, pictures = _read(out)
    assert "Keyness: teacher against principal" in text and "log-likelihood" in text
    assert len(document.tables[0].rows) == 11 and pictures == 1


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_word_charts_as_pictures(demo_study, tmp_path, suffix):
    study = demo_study
    counts = frequencies(study)
    assert frequency_chart(counts, tmp_path / f"f{suffix}").stat().st_size > 1000
    ranked = keyness(study, RunSpec(codes=[], roles=["teacher"]), RunSpec(codes=[], roles=["principal"]))
    assert keyness_chart(ranked, tmp_path / f"k{suffix}", here="teacher", there="principal").stat().st_size > 1000


def test_the_command_line_writes_them(demo_study_file, tmp_path, capsys):
    path = str(demo_study_file[0])
    assert main(["cooccur", path, "--docx", str(tmp_path / "c.docx")]) == 0
    assert main(["words", path, "--site", "Alder Street Elementary", "--docx", str(tmp_path / "w.docx"),
                 "--chart", str(tmp_path / "w.svg")]) == 0
    assert main(["keyness", path, "--here", "role=teacher", "--there", "role=principal",
                 "--docx", str(tmp_path / "k.docx"), "--chart", str(tmp_path / "k.png")]) == 0
    out = capsys.readouterr().out
    assert out.count("wrote") == 5
    assert "Sites: Harbor Valley/Alder Street Elementary" in _read(tmp_path / "w.docx")[1]
    assert all((tmp_path / n).exists() for n in ("c.docx", "w.docx", "w.svg", "k.docx", "k.png"))


def test_spreadsheets_say_where_and_whose_and_lists_leave_out_a_code_meeting_its_own_sub_code(demo_study, tmp_path):
    from coder.coding.run_spec import describe_text
    from coder.compare.crosstabs import crosstab
    from coder.reports.crosstab import write_crosstab_csv

    study = demo_study
    scope = RunSpec(codes=[], types=["interview"], coders=["okafor"])
    table = crosstab(study, "role", scope=scope)
    text = write_crosstab_csv(table, tmp_path / "c.csv", describe_text(study, scope)).read_text(encoding="utf-8-sig")
    note = text.strip().splitlines()[-1]
    assert "okafor's codings" in note and "Source types: interview" in note and "however many coders" not in note
    co = cooccurrence(study, descendants=True)
    paths = [(r[0], r[1]) for r in pair_rows(co)]
    assert paths and not any(b.startswith(a + "/") or a.startswith(b + "/") for a, b in paths)
