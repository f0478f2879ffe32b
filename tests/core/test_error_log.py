"""An unexpected error on the command line: the study unchanged, the details in the error log."""

from __future__ import annotations

from coder import Study
from coder.cli import main
from coder.store.errorlog import log_path


def test_a_bug_in_a_command_is_logged_and_the_study_left_whole(demo_study_file, tmp_path, capsys, monkeypatch):
    import shutil

    path = tmp_path / "demo.casecoder"
    shutil.copy(demo_study_file[0], path)
    with Study.open(path) as study:
        before = study.dump()
    from coder.codebook import codes

    real = codes.Codes.add_code

    def broken(self, **kwargs):
        with self.study.operation("add_code", "New code"):  # a bug half-way through an action
            real(self, **kwargs)
            raise ZeroDivisionError("a bug after the code was written")

    monkeypatch.setattr(codes.Codes, "add_code", broken)
    assert main(["code", "add", str(path), "Brand new code"]) == 1
    err = capsys.readouterr().err
    assert str(log_path()) in err and "the study is as it was before it" in err
    assert "ZeroDivisionError: a bug after the code was written" in log_path().read_text(encoding="utf-8")
    with Study.open(path) as study:
        assert study.dump() == before
