"""Copies of a study told apart even when their coders share a name: near-duplicate codes from two
copies are proposed for merging, a copy for a teammate carries the teammate's name, and work
about to go out under a login name nobody chose is flagged and can be put under a real name."""

from __future__ import annotations

import shutil

import pytest

from coder import Study
from coder.store.backup import copy_study
from coder.store.errors import ConflictError

from .test_cli import run


@pytest.fixture
def login_root(monkeypatch):
    """Every laptop in these tests logs in as 'root', and nobody chose a coder name."""
    monkeypatch.setattr("getpass.getuser", lambda: "root")


def _near(study):
    return [c for c in study.sync.conflicts() if c.kind == "near_duplicate"]


def test_near_duplicates_from_two_copies_are_proposed_though_both_coders_are_root(demo_study_file, tmp_path,
                                                                                   login_root):
    base = demo_study_file[0]
    for name in ("ana", "ben", "lead"):
        shutil.copy(base, tmp_path / f"{name}.casecoder")  # a file manager's copies: nothing says whose
    with Study.open(tmp_path / "ana.casecoder") as ana, Study.open(tmp_path / "ben.casecoder") as ben:
        assert ana.user == ben.user == "root"
        ana.codes.add_code(path="Grade-team planning")
        ben.codes.add_code(path="Grade team planning")
        assert ana.copy_id() != ben.copy_id()
        ana.sync.export_work(tmp_path / "ana.ccwork")
        ben.sync.export_work(tmp_path / "ben.ccwork")
    with Study.open(tmp_path / "lead.casecoder", user="lead") as lead:
        lead.sync.import_work(tmp_path / "ana.ccwork")
        lead.sync.import_work(tmp_path / "ben.ccwork")
        [proposal] = _near(lead)
        assert "'Grade-team planning'" in proposal.text and "'Grade team planning'" in proposal.text
        assert "(root, made on two copies)" in proposal.text
        lead.sync.resolve(proposal.id, "merge")
        assert len([c for c in lead.codes.all() if c.name.startswith("Grade")]) == 1 and not _near(lead)


def test_near_duplicates_one_coder_made_on_one_copy_are_not_a_conflict(demo_study):
    s = demo_study
    s.codes.add_code(path="Grade-team planning")
    s.codes.add_code(path="Grade team planning")  # flagged when made (the codebook's own warning), not here
    assert _near(s) == []


def test_a_copy_keeps_its_identity_when_moved_and_takes_a_new_one_when_copied(study, tmp_path):
    study.codes.add_code(path="First")
    first = study.copy_id()
    assert study.conn.execute("SELECT DISTINCT origin FROM ops").fetchall() == [(first,)]
    path = study.path
    study.close()
    moved = tmp_path / "moved.casecoder"
    path.rename(moved)
    with Study.open(moved, user="tester") as again:
        again.codes.add_code(path="Second")
        assert again.copy_id() == first
    shutil.copy(moved, tmp_path / "copied.casecoder")
    with Study.open(tmp_path / "copied.casecoder", user="tester") as copied:
        copied.codes.add_code(path="Third")
        assert copied.copy_id() != first
        origins = [r[0] for r in copied.conn.execute("SELECT origin FROM ops ORDER BY seq")]
        assert origins[-1] == copied.copy_id() and set(origins[:-1]) == {first}


def test_a_copy_for_a_teammate_carries_their_name(demo_study_file, tmp_path, login_root, monkeypatch):
    out = copy_study(demo_study_file[0], tmp_path / "for-ben.casecoder", coder="  ben ")
    with Study.open(out) as ben:
        assert ben.user == "ben" and ben.sync.name_problem() is None
        source = ben.sources.all()[0]
        ben.codings.apply_code(source_id=source.id, code_id=ben.codes.all()[1].id, start=0, end=10)
        assert ben.codings.for_source(source.id)[0].coder == "ben"
    again = copy_study(out, tmp_path / "plain.casecoder")  # no name: the copy is for nobody in particular
    with Study.open(again) as plain:
        assert plain.user == "root" and "login name" in plain.sync.name_problem()
    from coder.store.settings import set_coder_name

    set_coder_name("benjamin")  # a name chosen on the teammate's computer wins
    with Study.open(out) as chosen:
        assert chosen.user == "benjamin"


def test_work_under_another_copy_s_name_is_flagged(demo_study_file, tmp_path):
    lead_path = tmp_path / "lead.casecoder"
    shutil.copy(demo_study_file[0], lead_path)
    with Study.open(lead_path, user="sam") as lead:
        lead.codes.add_code(path="The lead's code")
        copy = copy_study(lead_path, tmp_path / "copy.casecoder")
    with Study.open(copy, user="sam") as other:  # a second Sam, on another laptop
        assert "another copy of this study already goes under 'sam'" in other.sync.name_problem()
        assert other.sync.name_problem("samira") is None


def test_this_copy_s_codings_move_to_a_chosen_name_and_a_teammate_s_stay(demo_study_file, tmp_path):
    lead_path = tmp_path / "lead.casecoder"
    shutil.copy(demo_study_file[0], lead_path)
    with Study.open(lead_path, user="root") as lead:
        source = lead.sources.all()[0]
        code = lead.codes.all()[1].id
        lead.codings.apply_code(source_id=source.id, code_id=code, start=0, end=10, coder="root")
        copy = copy_study(lead_path, tmp_path / "copy.casecoder")
    with Study.open(copy, user="root") as mine:
        mine.codings.apply_code(source_id=source.id, code_id=code, start=20, end=30)
        mine.codings.apply_code(source_id=source.id, code_id=code, start=40, end=50)
        mine.codings.apply_code(source_id=source.id, code_id=code, start=40, end=50, coder="ben")  # a twin
        before = mine.dump()
        moved = mine.codings.rename_coder(old="root", new="ben", this_copy=True)
        assert moved.result == 2
        by = {(c.start, c.coder) for c in mine.codings.for_source(source.id) if c.code_id == code}
        assert {(0, "root"), (20, "ben"), (40, "ben")} <= by and (20, "root") not in by and (40, "root") not in by
        assert sum(1 for c in mine.codings.for_source(source.id) if c.code_id == code and c.start == 40) == 1
        mine.undo()
        assert mine.dump() == before
        with pytest.raises(ConflictError, match="cannot be empty"):
            mine.codings.rename_coder(old="root", new="  ")


def test_copy_and_export_from_the_command_line_ask_for_a_name_of_one_s_own(demo_study_file, tmp_path, capsys,
                                                                              login_root):
    lead = tmp_path / "lead.casecoder"
    shutil.copy(demo_study_file[0], lead)
    code, out, err = run(capsys, "copy", lead, tmp_path / "plain.casecoder")
    assert code == 0 and "warning: the copy names nobody to code in it" in err and "--as TEAMMATE" in err
    code, _, err = run(capsys, "copy", lead, tmp_path / "mine.casecoder", "--as", "root")
    assert code == 1 and "is your own name" in err and not (tmp_path / "mine.casecoder").exists()
    code, out, err = run(capsys, "copy", lead, tmp_path / "ben.casecoder", "--as", "ben")
    assert code == 0 and "for ben" in out and not err
    code, data, err = run(capsys, "whoami")
    assert data.strip() == "root"

    plain = tmp_path / "plain.casecoder"
    with Study.open(plain) as study:
        source = study.sources.all()[0]
        study.codings.apply_code(source_id=source.id, code_id=study.codes.all()[1].id, start=0, end=10)
    code, data, err = run(capsys, "sync", "export", plain, tmp_path / "plain.ccwork", "--json")
    assert code == 0 and data["coder"] == "root" and "login name" in data["coder_warning"]
    assert "warning: your work goes under 'root'" in err and "--as YOUR_NAME" in err
    code, data, err = run(capsys, "sync", "export", plain, tmp_path / "cai.ccwork", "--as", "cai", "--json")
    assert code == 0 and data["coder"] == "cai" and data["codings_renamed"] == 1 and data["coder_warning"] is None
    assert not err
    assert run(capsys, "whoami")[1].strip() == "cai"  # saved for what comes next
    with Study.open(lead, user="lead") as study:
        study.sync.import_work(tmp_path / "cai.ccwork")
        assert "cai" in study.codings.coders() and "root" not in study.codings.coders()
