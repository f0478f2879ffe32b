"""Seeded synthetic transcripts, written as .txt and .docx files, with realistic vocabulary.

Sentences come from a word-bigram model trained on the sample corpus, so word frequencies,
lemmas and sentence lengths resemble real interviews. The same seed always gives the same study.
"""

from __future__ import annotations

import random
import re
import zipfile
from collections import defaultdict
from pathlib import Path
from xml.sax.saxutils import escape

from coder.sources.importers import read_document

CORPUS = Path(__file__).resolve().parent.parent / "sample_corpus" / "sources"
ROLES = ("principal", "assistant principal", "teacher", "teacher leader", "instructional coach",
         "central office")
LABELS = {"principal": "Principal", "assistant principal": "AP", "teacher": "Teacher",
          "teacher leader": "Teacher leader", "instructional coach": "Coach", "central office": "Director"}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|[.,;?!]")


class Bigrams:
    """A word-bigram sentence generator trained on the sample corpus."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        follow: dict[str, list[str]] = defaultdict(list)
        starts: list[str] = []
        for path in sorted(CORPUS.iterdir()):
            text = read_document(path).text
            text = re.sub(r"^[^\n:]{1,40}:\s", "", text, flags=re.M)
            tokens = WORD.findall(text)
            prev = "."
            for token in tokens:
                if prev in ".?!":
                    starts.append(token)
                follow[prev].append(token)
                prev = token
        self.follow = dict(follow)
        self.starts = [s for s in starts if s[0].isupper()]

    def sentence(self) -> str:
        word = self.rng.choice(self.starts)
        out = [word]
        for _ in range(60):
            nxt = self.rng.choice(self.follow.get(word) or ["."])
            if nxt in ".?!":
                out.append(nxt)
                break
            out.append(nxt)
            word = nxt
        else:
            out.append(".")
        text = " ".join(out)
        return re.sub(r" ([.,;?!])", r"\1", text)

    def words(self, n: int) -> str:
        parts, count = [], 0
        while count < n:
            sentence = self.sentence()
            parts.append(sentence)
            count += len(sentence.split())
        return " ".join(parts)


def transcript_turns(gen: Bigrams, words: int, role: str) -> list[tuple[str, str]]:
    """(label, speech) turns of an interview of about `words` words."""
    turns, total = [], 0
    respondent = LABELS[role]
    while total < words:
        question = gen.words(gen.rng.randint(8, 30))
        answer = gen.words(gen.rng.randint(40, 260))
        turns += [("Interviewer", question), (respondent, answer)]
        total += len(question.split()) + len(answer.split())
    return turns


def write_txt(path: Path, turns: list[tuple[str, str]]) -> None:
    path.write_text("\n\n".join(f"{label}: {speech}" for label, speech in turns) + "\n", encoding="utf-8")


DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
              'wordprocessingml.document.main+xml"/></Types>')
DOCX_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'officeDocument" Target="word/document.xml"/></Relationships>')


def write_docx(path: Path, turns: list[tuple[str, str]]) -> None:
    """A minimal valid .docx (bold speaker label runs), written directly for speed."""
    body = []
    for label, speech in turns:
        body.append(f'<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{escape(label)}:</w:t></w:r>'
                    f'<w:r><w:t xml:space="preserve"> {escape(speech)}</w:t></w:r></w:p>')
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                + "".join(body) + "</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_TYPES)
        archive.writestr("_rels/.rels", DOCX_RELS)
        archive.writestr("word/document.xml", document)
