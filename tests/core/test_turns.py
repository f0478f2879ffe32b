"""Speaker turns in transcript text, and the study's speaker list."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coder.sources.speakers import same_speaker
from coder.sources.turns import detect_turns, parse_time
from coder.store.text import analyse


def test_label_forms_and_times():
    text = ("[00:12:31] INTERVIEWER: First question?\n"
            "[00:12:40] Principal: An answer\nthat continues on a second line.\n\n"
            "Interviewer [00:13:05]: Next?\n\n"
            "Principal (00:13:10): Yes.")
    turns = detect_turns(text)
    assert [(t.label, t.time_ms) for t in turns] == [
        ("INTERVIEWER", 751000), ("Principal", 760000), ("Interviewer", 785000), ("Principal", 790000)]
    assert text[turns[1].body_start:turns[1].end] == "An answer\nthat continues on a second line."
    assert all(text[t.start:t.end].strip() == text[t.start:t.end] for t in turns)


def test_single_colon_lines_are_not_speakers():
    text = "Goal 1: Raise reading scores.\n\nStrategy: coaching for all.\n\nNote: budget pending."
    turns = detect_turns(text)
    assert all(t.label is None for t in turns)
    assert len(turns) == 3


def test_header_before_first_turn_is_a_paragraph():
    text = "Alder Street Elementary, 7 October\n\nInterviewer: Hi.\n\nCoach: Hello.\n\nInterviewer: Bye."
    turns = detect_turns(text)
    assert turns[0].label is None and text[turns[0].start:turns[0].end] == "Alder Street Elementary, 7 October"
    assert [t.label for t in turns[1:]] == ["Interviewer", "Coach", "Interviewer"]


def test_no_speakers_for_observations():
    text = "Interviewer: a\n\nPrincipal: b\n\nInterviewer: c"
    assert all(t.label is None for t in detect_turns(text, speakers=False))


def test_parse_time():
    assert parse_time("01:02:03.5") == 3723500
    assert parse_time("12:31") == 751000
    assert parse_time(None) is None


def test_same_speaker_rules():
    assert same_speaker("Int.", "Interviewer")
    assert same_speaker("INTERVIEWER", "Interviewer")
    assert same_speaker("Asst. Principal", "Assistant Principal")
    assert not same_speaker("Interviewer 1", "Interviewer 2")
    assert not same_speaker("Teacher", "Teacher leader")
    assert not same_speaker("Principal", "Principal Varga")


@settings(deadline=None)  # the first example loads the language pipeline
@given(st.lists(st.sampled_from(["Interviewer", "Principal", "Coach"]), min_size=2, max_size=12),
       st.lists(st.text(alphabet="abc .,?", min_size=1, max_size=30), min_size=12, max_size=12))
def test_turns_and_sentences_are_ordered_ranges_in_the_text(labels, bodies):
    text = "\n\n".join(f"{label}: {body.strip() or 'x'}" for label, body in zip(labels, bodies, strict=False))
    turns = detect_turns(text)
    last = 0
    for turn in turns:
        assert last <= turn.start <= turn.body_start <= turn.end <= len(text)
        last = turn.end
    analysis = analyse(text, [(t.body_start, t.end) for t in turns])
    for s, e in analysis.sentences:
        assert 0 <= s < e <= len(text) and not text[s].isspace() and not text[e - 1].isspace()
    for s, e in analysis.lemma_spans:
        assert 0 <= s < e <= len(text)


def test_fast_analysis_matches_the_spacy_pipeline():
    """analyse() calls the tokenizer and lookup table directly; it must give exactly what the
    blank pipeline with sentencizer and lookup lemmatizer gives."""
    from coder.sources.importers import read_document
    from coder.store.text import _trim, lemma_of, nlp, paragraphs
    from tests.conftest import CORPUS

    for name in ("alder_coach_w1.txt", "granite_improvement_plan_w1.docx", "elm_principal_w2.vtt"):
        text = read_document(CORPUS / "sources" / name).text
        blocks = paragraphs(text)
        fast = analyse(text, blocks)
        sentences, lemmas = [], []
        for s, e in blocks:
            doc = nlp()(text[s:e])
            for sent in doc.sents:
                a, b = _trim(text, s + sent.start_char, s + sent.end_char)
                if a < b:
                    sentences.append((a, b))
            lemmas += [lemma_of(t) for t in doc if not (t.is_space or t.is_punct)]
        assert fast.sentences == sentences, name
        assert fast.lemmas == lemmas, name


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=200))
def test_packed_spans_round_trip(steps):
    from coder.store.text import pack_spans, unpack_spans

    spans, pos = [], 0
    for gap, length in steps:
        spans.append((pos + gap, pos + gap + length))
        pos += gap + length
    assert unpack_spans(pack_spans(spans)) == spans
