"""Damaged input of every kind the app reads: whatever the damage, the result is the file read, or a
clear CaseCoder error naming it — never another exception, never a half-written study.

Each case starts from a valid file (a transcript in .txt, .vtt, .srt and .docx, a REFI-QDA
codebook and project, a memo review package, a work package) and damages it the ways files get
damaged: bytes flipped, cut short, junk inserted, a stretch overwritten. Bounded here
(CASECODER_FUZZ_EXAMPLES, default 12 per format); `CASECODER_FUZZ_EXAMPLES=500 pytest
tests/core/test_fuzz_inputs.py` runs the long campaign."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder import Study
from coder.sources.importing import import_sources, plan_import
from coder.store.errors import CaseCoderError

from ..conftest import CORPUS, REFI_SAMPLES

EXAMPLES = int(os.environ.get("CASECODER_FUZZ_EXAMPLES", "12"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])


@st.composite
def damage(draw, original: bytes) -> bytes:
    """The original, damaged once or a few times."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "overwrite", "zero"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=256))
            data[at:at + len(chunk)] = chunk
        else:
            data[at:at + draw(st.integers(1, 512))] = b"\x00" * min(512, len(data) - at)
    return bytes(data)


def _read_or_refuse(study, action) -> None:
    """The action succeeds, or raises a CaseCoder error and changes nothing."""
    before = study.dump()
    try:
        action()
    except CaseCoderError as exc:
        assert str(exc), "an error the user can read"
        assert study.dump() == before


@pytest.fixture(scope="module")
def fuzz_study(demo_study_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "fuzz.casecoder"
    shutil.copy(demo_study_file[0], path)
    study = Study.open(path, user="fuzz")
    yield study, folder
    study.close()


def _import_transcript(study, folder: Path, name: str, data: bytes) -> None:
    target = folder / name
    target.write_bytes(data)
    before = study.dump()
    report = import_sources(study, plan_import([target], {"district": "Fuzz", "site": "Fuzz site"}))
    if report.failed:
        assert all(str(target.name) in str(f) or target.name in repr(f) for f in report.failed), report.failed
        assert study.dump() == before
    else:
        study.undo()  # keep the study small for the next example


@pytest.mark.parametrize("sample", ["alder_coach_w1.txt", "alder_teacher_w2.vtt", "bayview_principal_w1.srt",
                                    "alder_principal_w1.docx"])
def test_damaged_transcripts(fuzz_study, sample):
    study, folder = fuzz_study
    original = (CORPUS / "sources" / sample).read_bytes()

    @FUZZ
    @given(data=damage(original))
    def check(data: bytes) -> None:
        _import_transcript(study, folder, "damaged" + Path(sample).suffix, data)

    check()


def test_damaged_codebooks(fuzz_study):
    from coder.exchange.refi.codebook import import_codebook

    study, folder = fuzz_study
    original = (REFI_SAMPLES / "taguette1.4.1_codebook.qdc").read_bytes()

    @FUZZ
    @given(data=damage(original))
    def check(data: bytes) -> None:
        target = folder / "damaged.qdc"
        target.write_bytes(data)
        _read_or_refuse(study, lambda: import_codebook(study, target))

    check()


def test_damaged_projects(fuzz_study):
    from coder.exchange.refi.project_import import import_project

    _, folder = fuzz_study
    original = (REFI_SAMPLES / "atlasti23_blank-atlas-project.qdpx").read_bytes()
    runs = [0]

    @FUZZ
    @given(data=damage(original))
    def check(data: bytes) -> None:
        runs[0] += 1
        archive = folder / "damaged.qdpx"
        archive.write_bytes(data)
        target = folder / f"from-damaged-{runs[0]}.casecoder"
        try:
            import_project(archive, target)
        except CaseCoderError as exc:
            assert "damaged.qdpx" in str(exc) or str(exc)
            assert not target.exists()  # nothing half-written under the new study's name

    check()


def test_damaged_work_and_review_packages(fuzz_study):
    from coder.memos.review_package import open_package, send_package

    study, folder = fuzz_study
    work = folder / "work.ccwork"
    study.sync.export_work(work)
    review = folder / "memo.ccreview"
    send_package(study, study.memos.all()[0].id, review)
    originals = {"ccwork": work.read_bytes(), "ccreview": review.read_bytes()}

    @FUZZ
    @given(kind=st.sampled_from(sorted(originals)), data=st.data())
    def check(kind: str, data) -> None:
        damaged = data.draw(damage(originals[kind]))
        target = folder / f"damaged.{kind}"
        target.write_bytes(damaged)
        if kind == "ccwork":
            _read_or_refuse(study, lambda: study.sync.import_work(target))
        else:
            _read_or_refuse(study, lambda: open_package(study, target))

    check()
