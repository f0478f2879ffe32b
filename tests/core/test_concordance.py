"""A search hit between the words around it: in the window's list, the Word export and the CSV."""

from __future__ import annotations

import csv
import io

from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.coding.concordance import concordance
from coder.coding.runs import Segment, segments_csv
from coder.reports.run import write_segments_docx


def _hit(text: str, start: int, end: int) -> Segment:
    return Segment("h", "s", "src", None, None, None, None, None, "interview", start, end, text[start:end], None,
                   None, "", {"start": 0, "end": len(text), "text": text})


def test_the_hit_keeps_the_text_s_own_spacing_and_whole_words():
    text = "We went over it in our own PLC. I note that the principal came along with us."
    start = text.index("PLC")
    line = concordance(_hit(text, start, start + 3), width=20)
    assert "own «PLC». I note" in line
    assert line.startswith("…") and line.endswith("…")
    first = line[1:].split()[0]
    assert f" {first} " in f" {text} "  # begins on a whole word, not inside one


WORDS = st.lists(st.sampled_from(["coach", "PLC", "the", "data", ",", ".", "?", "teachers'", "é"]), min_size=1,
                 max_size=40)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.data(), st.integers(1, 60))
def test_a_line_holds_its_hit_marked_and_no_more_than_its_width(words, data, width):
    text = " ".join(words)
    i = data.draw(st.integers(0, len(words) - 1))
    start = len(" ".join(words[:i])) + (1 if i else 0)
    end = start + len(words[i])
    line = concordance(_hit(text, start, end), width)
    assert f"«{words[i]}»" in line
    assert len(line) <= len(words[i]) + 2 * width + 6
    bare = line.replace("«", "").replace("»", "").strip("…")
    assert bare in " ".join(text.split())


def test_a_search_exported_reads_each_hit_in_its_words(demo_study, tmp_path):
    hits = demo_study.search.search("PLC", "exact")
    out = write_segments_docx(demo_study, hits, tmp_path / "hits.docx", title="Search PLC")
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    quoted = [p for p in paragraphs if "«PLC»" in p]
    assert len(quoted) == len(hits) and all(len(p) > 20 for p in quoted)
    assert any(f"{len(hits)} hits from" in p for p in paragraphs)
    assert not any("coding" in p for p in paragraphs if "Found" in p)
    rows = [r for r in csv.reader(io.StringIO(segments_csv(hits)))]
    assert rows[0][-1] == "in context" and all("«PLC»" in r[-1] for r in rows[1:])
