"""Batch import: metadata CSV, bad files in the batch, progress, cancellation, undo."""

from __future__ import annotations

import pytest

from coder.sources.importing import import_sources, plan_import, read_metadata
from coder.store.errors import ImportFailed
from coder.store.progress import CancelToken
from tests.conftest import CORPUS


def test_sample_corpus_with_metadata(study):
    items = plan_import([], metadata=CORPUS / "metadata.csv")
    assert len(items) == 25
    report = import_sources(study, items)
    assert not report.failed and len(report.imported) == 25
    by_name = {s.name: s for s in study.sources.all()}
    alder = by_name["alder_principal_w1"]
    assert (alder.district, alder.site, alder.type, alder.role, alder.wave, alder.phase, alder.date) == (
        "Harbor Valley", "Alder Street Elementary", "interview", "principal", 1, 1, "2025-10-07")
    assert alder.interviewers == ("M. Okafor", "J. Lindqvist")
    cao = by_name["hv_chief_academic_officer_w1"]
    assert (cao.district, cao.site) == ("Harbor Valley", None)
    assert by_name["granite_improvement_plan_w1"].type == "artifact"
    assert by_name["alder_plc_observation_w1"].speakers == ()
    assert {"Interviewer", "Principal Varga"} <= set(alder.speakers)
    kinds = {c.path: c.kind for c in study.cases.all()}
    assert kinds["Prairie Ridge"] == "district" and kinds["Prairie Ridge/Fairmont Middle School"] == "site"
    # search index and lemmas are committed when import returns
    assert study.search.search("Reading Ridge", "exact")
    assert study.search.search("coaching cycle", "lemma")


def test_speaker_variants_fold_into_one_speaker(study):
    import_sources(study, plan_import([CORPUS / "sources" / "alder_coach_w1.txt",
                                       CORPUS / "sources" / "granite_ap_w1.txt",
                                       CORPUS / "sources" / "hv_principal_supervisor_w2.txt"]))
    speakers = {s.name: set(s.labels) for s in study.speakers.all()}
    assert {"int", "interviewer"} <= speakers["Interviewer"]
    assert "Interviewer 1" in speakers and "Interviewer 2" in speakers
    assert {"assistant principal", "asst principal"} <= speakers["Assistant Principal"]
    assert "Asst. Principal" not in speakers


def test_flags_apply_and_csv_overrides(tmp_path, study):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Interviewer: hi there\n\nTeacher: hello back\n\nInterviewer: bye now\n\nTeacher: bye")
    b.write_text("Some observation notes.")
    (tmp_path / "meta.csv").write_text("file,district,site,type,role,wave,phase,date,interviewers,language\n"
                                       "b.txt,,Lake High,observation,,3,,2026-01-02,A;B,Spanish\n")
    items = plan_import([a, b], {"district": "East", "site": "Hill Middle", "role": "teacher", "wave": 1},
                        tmp_path / "meta.csv")
    report = import_sources(study, items)
    assert not report.failed
    got = {s.name: s for s in study.sources.all()}
    assert (got["a"].site, got["a"].wave, got["a"].role) == ("Hill Middle", 1, "teacher")
    assert (got["b"].district, got["b"].site, got["b"].type, got["b"].wave) == ("East", "Lake High", "observation", 3)
    assert got["b"].interviewers == ("A", "B")
    assert study.attributes.values("source", got["b"].id) == {"language": "Spanish"}


def test_one_bad_file_never_stops_the_batch_and_leaves_nothing(tmp_path, study):
    good = tmp_path / "good.txt"
    good.write_text("Interviewer: fine\n\nR: fine too")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    report = import_sources(study, plan_import([bad, good, empty], {"district": "D", "site": "S"}))
    assert [f["file"] for f in report.failed] == [str(bad), str(empty)]
    assert all(f["reason"] for f in report.failed)
    assert [s.name for s in study.sources.all()] == ["good"]
    # the step is named for what came in (the window's status bar and Undo say it)
    assert report.changes.label == "Import 1 source" == study.history.undo_label()
    assert study.changelog(1)[0]["label"] == "Import 1 source"


def test_progress_and_cancel_leave_study_unchanged(tmp_path, study):
    files = []
    for i in range(5):
        path = tmp_path / f"f{i}.txt"
        path.write_text(f"Interviewer: question {i}\n\nR: answer {i}")
        files.append(path)
    token = CancelToken()
    seen = []

    def progress(done, total, current):
        seen.append((done, total))
        if done == 3:
            token.cancel()

    before = study.dump()
    report = import_sources(study, plan_import(files, {"site": "S"}), progress=progress, cancel=token)
    assert report.cancelled and not report.imported
    assert study.dump() == before
    assert seen[:3] == [(0, 5), (1, 5), (2, 5)]
    assert not study.history.can_undo()


def test_import_is_one_undo_step(tmp_path, study):
    paths = []
    for i in range(3):
        path = tmp_path / f"s{i}.txt"
        path.write_text(f"Interviewer: q{i}\n\nPrincipal: a{i}")
        paths.append(path)
    before = study.dump()
    report = import_sources(study, plan_import(paths, {"district": "New D", "site": "New S"}))
    after = study.dump()
    assert len(report.imported) == 3
    study.undo()
    assert study.dump() == before
    assert study.search.search("Principal", "exact") == []
    study.redo()
    assert study.dump() == after
    assert len(study.search.search("Principal", "exact")) == 3


def test_same_file_twice_gets_a_new_name(tmp_path, study):
    path = tmp_path / "x.txt"
    path.write_text("Interviewer: a\n\nR: b")
    import_sources(study, plan_import([path]))
    import_sources(study, plan_import([path]))
    assert sorted(s.name for s in study.sources.all()) == ["x", "x (2)"]


@pytest.mark.parametrize("content,words", [
    ("name,site\nx.txt,A\n", "'file' column"),
    ("file,wave\nx.txt,two\n", "line 2"),
    ("file,date\nx.txt,31/12/2025\n", "line 2"),
    ("file,type\nx.txt,podcast\n", "unknown source type"),
])
def test_bad_metadata_csv_refused(tmp_path, content, words):
    path = tmp_path / "meta.csv"
    path.write_text(content)
    with pytest.raises(ImportFailed) as info:
        read_metadata(path)
    assert words in str(info.value) and "meta.csv" in str(info.value)


def test_deferred_analysis_is_codable_at_once_and_resumable(tmp_path, study):
    from coder.sources.analysis import analyse_pending, pending_count

    paths = [CORPUS / "sources" / n for n in ("alder_coach_w1.txt", "bayview_teacher_w1.txt",
                                              "granite_ap_w1.txt")]
    report = import_sources(study, plan_import(paths, {"site": "S"}), analyse_now=False)
    assert len(report.imported) == 3 and pending_count(study.conn) == 3
    source = study.sources.find("alder_coach_w1")
    assert study.sources.sentences(source.id) == []
    # not indexed until analysed, yet every text search finds the same
    assert study.conn.execute("SELECT count(*) FROM text_fts WHERE text_fts MATCH 'PLC'").fetchone()[0] == 0
    unindexed = {(h.source, h.start) for h in study.search.search("PLC", "exact")}
    assert unindexed
    fuzzy_unindexed = len(study.search.search("coachng", "fuzzy"))
    study.codings.apply_code(source_id=source.id, code_id=study.codes.add_code(path="X").result, start=0, end=9)
    token = CancelToken()
    done = analyse_pending(study.path, progress=lambda d, t, c: token.cancel() if d == 1 else None, cancel=token)
    assert done == 1 and pending_count(study.conn) == 2  # stopped after one, the rest waits
    assert analyse_pending(study.path) == 2 and pending_count(study.conn) == 0
    assert study.sources.sentences(source.id)
    assert study.search.search("coaching cycle", "lemma")
    assert {(h.source, h.start) for h in study.search.search("PLC", "exact")} == unindexed
    assert len(study.search.search("coachng", "fuzzy")) == fuzzy_unindexed > 0
    before_undo = study.dump()
    study.undo()  # the coding
    study.redo()
    assert study.dump() == before_undo


def _index_agrees_with_texts(study) -> None:
    for index in ("text_fts", "lemma_fts"):  # raises when the index and its content disagree
        study.conn.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)")


def test_search_index_follows_analysis_delete_and_undo(tmp_path, study):
    from coder.sources.analysis import analyse_pending

    paths = [CORPUS / "sources" / n for n in ("alder_coach_w1.txt", "bayview_teacher_w1.txt")]
    import_sources(study, plan_import(paths, {"site": "S"}), analyse_now=False)
    _index_agrees_with_texts(study)
    analyse_pending(study.path)
    _index_agrees_with_texts(study)
    source = study.sources.find("alder_coach_w1")
    study.sources.delete_source(source_id=source.id)
    _index_agrees_with_texts(study)
    study.undo()
    _index_agrees_with_texts(study)
    assert any(h.source == source.id for h in study.search.search("coaching cycle", "lemma"))
    study.sources.edit_text(source_id=source.id, text="Preface. " + study.sources.text(source.id))
    _index_agrees_with_texts(study)


def test_analysis_in_worker_processes_matches_analysis_here(tmp_path, monkeypatch):
    import shutil

    from coder import Study
    from coder.sources import analysis

    paths = sorted((CORPUS / "sources").glob("*.txt"))[:4]
    first = tmp_path / "a.casecoder"
    with Study.create(first) as study:
        import_sources(study, plan_import(paths, {"site": "S"}), analyse_now=False)
    second = tmp_path / "b.casecoder"
    shutil.copy(first, second)
    assert analysis.analyse_pending(first, workers=1) == 4
    monkeypatch.setattr(analysis, "PARALLEL_MIN_CHARS", 0)
    assert analysis.analyse_pending(second, workers=2) == 4
    query = "SELECT s.name, t.sentences, t.lemmas, t.lemma_spans FROM source_texts t JOIN sources s ON s.id = " \
            "t.source_id ORDER BY s.name"
    with Study.open(first) as a, Study.open(second) as b:
        assert a.conn.execute(query).fetchall() == b.conn.execute(query).fetchall()
        assert len(b.search.search("coaching cycle", "lemma")) == len(a.search.search("coaching cycle", "lemma")) > 0
