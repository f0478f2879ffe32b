"""Sharing under pseudonyms: a copy of the study with every listed name (and its spelling variants
in the texts) replaced, from which no export — Word, CSV/XLSX, REFI-QDA, review or work packages
— and not even the file's own bytes carry a real name."""

from __future__ import annotations

import re
import zipfile

import pytest

from coder import Study
from coder.check import check_study
from coder.privacy.pseudonyms import write_shareable_copy
from coder.store.errors import ConflictError


@pytest.fixture
def shared(demo_study, tmp_path):
    names = demo_study.pseudonyms.suggest()
    assert "Alder Street Elementary" in names and "Varga" in names  # a site; a speaker without his role
    # people the transcripts name ("Nadia Natarajan"), and a site's name said alone ("Alder", which
    # also stands in file names like alder_coach_w1); the single words it offers besides (a
    # language, a label) are left to the user's judgement
    names += [n for n in demo_study.pseudonyms.names_in_texts()
              if " " in n or any(n in full.split() for full in names)]
    assert "Alder" in names and "Nadia Natarajan" in names
    demo_study.pseudonyms.set_all(pairs=[(n, f"Pseudonym {i}") for i, n in enumerate(names)])
    # the copy is read before it is written: a first name said alone ("Nadia") still names her
    with pytest.raises(ConflictError, match=r"would still name: .*Nadia \(\d+ in transcripts"):
        write_shareable_copy(demo_study, tmp_path / "shared.casecoder")
    assert not list(tmp_path.glob("shared.casecoder*"))
    # so every candidate gets a pseudonym, but a language, kept by being its own pseudonym
    checked = list(names)
    names += [n for n in demo_study.pseudonyms.names_in_texts(limit=10_000) if n not in names]
    kept = {"English", "Spanish", "Arabic", "Somali", "Title"}  # "Title I" funding; a Word style too
    demo_study.pseudonyms.set_all(pairs=[(n, n if n in kept else f"Pseudonym {i}") for i, n in enumerate(names)])
    variants = demo_study.pseudonyms.find_variants()
    assert "A. Whitfield" in variants.get("Anne Whitfield")  # a spelling in the texts, caught
    # the coders' own names ("lindqvist", also an interviewer) stay, as their work's authors
    coders = {c.casefold() for (c,) in demo_study.conn.execute("SELECT DISTINCT coder FROM codings")}
    real = [n for n in checked + [v for vs in variants.values() for v in vs]
            if n not in kept and n.casefold() not in coders]
    before = demo_study.conn.execute("SELECT count(*) FROM codings").fetchone()[0]
    report = write_shareable_copy(demo_study, tmp_path / "shared.casecoder")
    assert not report["remaining"]
    assert report["sources"] > 0
    return real, tmp_path / "shared.casecoder", before


def _texts(path) -> str:
    if path.suffix in (".docx", ".xlsx", ".qdpx", ".ccwork", ".ccreview"):
        with zipfile.ZipFile(path) as archive:  # the words, not the XML markup around them
            raw = "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
            return re.sub(r"<[^>]*>", " ", raw)
    return path.read_bytes().decode("utf-8", "replace")


def _assert_no_name(real: list[str], text: str, what: str) -> None:
    for name in real:
        hit = re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, re.IGNORECASE)
        assert hit is None, f"{name!r} in {what}"


def test_nothing_exported_from_the_shared_copy_names_anyone(shared, tmp_path):
    from coder.coding.runs import RunSpec
    from coder.crosssite.pattern_tables import build_table
    from coder.exchange.refi.project_export import export_project
    from coder.memos.review_package import send_package
    from coder.reports.memo import write_memos
    from coder.reports.outline import write_outline
    from coder.reports.pattern import export_table
    from coder.reports.run import write_segments_docx, write_segments_xlsx

    real, path, codings = shared
    out = tmp_path / "exports"
    out.mkdir()
    with Study.open(path) as study:
        assert check_study(study.conn)["ok"]
        assert study.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == codings
        top = [c for c in study.codes.all() if c.parent_id is None]
        segments = study.runs.run(RunSpec(codes=[c.id for c in top], descendants=True))
        write_segments_docx(study, segments, out / "run.docx")
        write_segments_xlsx(study, segments, out / "run.xlsx")
        write_outline(study, out / "outline.docx")
        write_memos(study, [m.id for m in study.memos.all()], out / "memos.docx")
        table = build_table(study, cols="codes")
        export_table(study, table, out / "table.csv", "csv")
        export_table(study, table, out / "table.docx", "docx")
        export_project(study, out / "study.qdpx")
        send_package(study, study.memos.all()[0].id, out / "memo.ccreview")
        study.sync.export_work(out / "work.ccwork")
    for export in out.iterdir():
        _assert_no_name(real, _texts(export), export.name)
    _assert_no_name(real, path.read_bytes().decode("utf-8", "replace"), "the shared study file itself")


def test_the_shared_copy_is_another_study(shared, demo_study):
    _, path, _ = shared
    with Study.open(path) as copy:
        assert copy.study_id != demo_study.study_id
        copy.sync.export_work(path.with_suffix(".ccwork"))
    from coder.team.package import PackageError

    with pytest.raises(PackageError, match="different study"):
        demo_study.sync.import_work(path.with_suffix(".ccwork"))


def test_names_only_the_transcripts_mention_are_found(demo_study, tmp_path):
    found = demo_study.pseudonyms.names_in_texts()
    assert "Nadia Natarajan" in found and "Fadumo" in found
    assert "Alder" in found  # a site's name said alone still names it
    assert "Elm" in found  # in file names only (elm_coach_w1), for Elm Creek Elementary
    assert not {"Alder Street Elementary", "Wednesday", "Interviewer"} & set(found)  # listed, calendar, roles
    demo_study.pseudonyms.set_all(pairs=[("Nadia Natarajan", "the coach"), ("Natarajan", "the coach"),
                                         ("Nadia", "the coach"), ("Fadumo", "a parent liaison")])
    report = write_shareable_copy(demo_study, tmp_path / "shared.casecoder", allow_remaining=True)
    assert "Alder Street Elementary" in report["remaining"]  # unlisted here: told, since allowed
    raw = (tmp_path / "shared.casecoder").read_bytes().decode("utf-8", "replace")
    assert "Natarajan" not in raw and "Fadumo" not in raw and "the coach" in raw


def test_a_list_needs_real_names_and_pseudonyms(demo_study):
    with pytest.raises(ConflictError):
        demo_study.pseudonyms.set_all(pairs=[("Alder Street Elementary", "")])
    with pytest.raises(ConflictError, match="no pseudonyms"):
        write_shareable_copy(demo_study, demo_study.path.with_name("x.casecoder"))


def test_command_line_list_and_share(demo_study, tmp_path, capsys):
    import json

    from coder.cli import main

    names = tmp_path / "names.csv"
    names.write_text("name,pseudonym\nAlder Street Elementary,School A\nVarga,Principal V\n", encoding="utf-8")
    path = str(demo_study.path)
    demo_study.close()
    assert main(["pseudonyms", path, "--set", str(names), "--suggest", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pseudonyms"][0] == {"real": "Alder Street Elementary", "alias": "School A"}
    assert "Alder Street Elementary" not in data["suggested"] and "Bayview Middle School" in data["suggested"]
    assert main(["share", path, str(tmp_path / "shared.casecoder"), "--json"]) == 1  # names remain
    assert "would still name: " in capsys.readouterr().err and not (tmp_path / "shared.casecoder").exists()
    assert main(["share", path, "--check"]) == 1
    assert "Bayview Middle School (" in capsys.readouterr().err
    assert main(["share", path, str(tmp_path / "shared.casecoder"), "--allow-remaining", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["sources"] > 0 and "still names: " in captured.err
    with Study.open(tmp_path / "shared.casecoder") as shared:
        assert any(c.name == "School A" for c in shared.cases.all())


@pytest.fixture
def small(study, tmp_path):
    path = tmp_path / "pena_principal_w1.txt"
    path.write_text("Interviewer: Who leads the work at Peña Academy?\n\n"
                    "Principal: José Núñez does, with Mr. Kowalczyk. Daniel Kowalczyk came in 2019; "
                    "D. Kowalczyk ran the math team and Dr Kowalczyk, his wife, the science team.\n", encoding="utf-8")
    from coder.sources.importing import import_sources, plan_import

    assert not import_sources(study, plan_import([path], {"site": "Peña Academy"})).failed
    return study


def test_a_list_in_decomposed_unicode_replaces_the_names(small, tmp_path, capsys):
    import unicodedata

    from coder.cli import main

    nfd = [unicodedata.normalize("NFD", n) for n in ("José Núñez", "Peña Academy")]
    assert nfd[0] != "José Núñez"  # how a CSV saved on macOS usually arrives
    names = tmp_path / "names.csv"
    names.write_text(f"name,pseudonym\n{nfd[0]},Luis Ortega\n{nfd[1]},Oak Academy\nDaniel Kowalczyk,Adam Nowak\n"
                     f"Pena,School P\nNobody Here,Someone\n", encoding="utf-8")
    path = str(small.path)
    small.close()
    assert main(["pseudonyms", path, "--set", str(names)]) == 0
    capsys.readouterr()
    assert main(["share", path, str(tmp_path / "shared.casecoder"), "--allow-remaining"]) == 0
    err = capsys.readouterr().err
    assert "'Nobody Here' is listed but written nowhere" in err  # a listed name found zero times: said
    with Study.open(tmp_path / "shared.casecoder") as shared:
        text = shared.sources.text(shared.sources.all()[0].id)
        names_left = {c.name for c in shared.cases.all()}
        source_name = shared.sources.all()[0].name
    assert "Luis Ortega does" in text and "Oak Academy?" in text and "Núñez" not in text and "Peña" not in text
    assert names_left == {"Oak Academy"} and "pena" not in source_name.casefold()


def test_titles_and_initials_are_forms_of_a_listed_name(small, tmp_path):
    small.pseudonyms.set_all(pairs=[("Daniel Kowalczyk", "Adam Nowak"), ("José Núñez", "the principal"),
                                    ("Peña Academy", "Oak Academy")])
    variants = small.pseudonyms.find_variants()["Daniel Kowalczyk"]
    assert {"Mr. Kowalczyk", "D. Kowalczyk", "Dr Kowalczyk"} <= set(variants)  # suggested
    assert "Kowalczyk" in small.pseudonyms.names_in_texts()  # "Mr." is no sentence's end
    report = write_shareable_copy(small, tmp_path / "shared.casecoder")
    assert not report["remaining"] and not report["not_found"]
    with Study.open(tmp_path / "shared.casecoder") as shared:
        text = shared.sources.text(shared.sources.all()[0].id)
    assert "Kowalczyk" not in text
    assert "with Mr. Nowak. Adam Nowak came" in text and "A. Nowak ran" in text and "Dr Nowak, his wife" in text


def test_the_check_before_a_share_names_only_what_the_copy_would_hold(demo_study, tmp_path):
    """The change log names sources ("Import alder_coach_w1") but a shareable copy has none:
    `share --check` must not list a name for a place the copy empties."""
    from coder.privacy.pseudonyms import check_shareable

    demo_study.pseudonyms.set_all(pairs=[("Alder Street Elementary", "Site A")])
    assert any("alder" in label.casefold() for (label,) in demo_study.conn.execute("SELECT label FROM changelog"))
    where = {place for places in check_shareable(demo_study)["remaining"].values() for place in places}
    assert where and not any("changelog" in place or "operation" in place for place in where)


def test_a_name_typed_without_its_accents_is_replaced_and_looked_for(small, tmp_path):
    """A listed "Peña" arrives in file names and hasty notes as "pena": the copy replaces it and the
    scan before sharing looks for it, so the file name pena_principal_w1 cannot carry it out."""
    from coder.privacy.share_scan import find_remaining

    small.pseudonyms.set_all(pairs=[("Peña", "Oak"), ("José Núñez", "Luis Ortega"),
                                    ("Daniel Kowalczyk", "Adam Nowak")])
    source = small.sources.all()[0]
    assert source.name == "pena_principal_w1"
    assert find_remaining(small.conn, ["Peña"])  # the unaccented file name is found
    write_shareable_copy(small, tmp_path / "shared.casecoder", allow_remaining=True)
    with Study.open(tmp_path / "shared.casecoder") as shared:
        names = [s.name for s in shared.sources.all()]
        text = shared.sources.text(shared.sources.all()[0].id)
    assert names == ["Oak_principal_w1"] and "Peña" not in text and "Oak Academy" in text
