"""A full disk: the change that does not fit is refused with a message that says so, and the study
is as it was before it. The disk is filled for one child process with a file-size limit
(RLIMIT_FSIZE), which fails SQLite's writes the way a full disk does, without needing a mount."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coder import Study
from coder.check import check_study
from tests.core.conftest import immutable

CHILD = """
import resource, signal, sys
from coder.cli import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.exit(main(["import", sys.argv[1], sys.argv[2], "--district", "Disk", "--site", "Full"]))
"""


@pytest.mark.skipif(not hasattr(os, "setrlimit") and sys.platform == "win32", reason="POSIX resource limits")
def test_an_import_that_does_not_fit_changes_nothing(demo_study, tmp_path):
    big = tmp_path / "long_interview.txt"
    big.write_text(("Interviewer: Tell me more.\n\nTeacher: " + "we plan together " * 600 + "\n\n") * 200,
                   encoding="utf-8")
    path = demo_study.path
    before = demo_study.dump()
    demo_study.close()
    limit = 200_000  # per file: the study as it is fits, its write-ahead log cannot take the transcript
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(big), str(limit)], capture_output=True,
                          text=True, env=dict(os.environ, PYTHONPATH=str(root)), timeout=300)
    assert done.returncode == 1, done.stderr
    assert "could not be saved" in done.stderr and "disk may be full" in done.stderr
    assert "Traceback" not in done.stderr
    with Study.open(path) as study:
        assert study.dump() == before
        assert check_study(study.conn)["ok"], json.dumps(check_study(study.conn))


def test_a_file_that_cannot_be_written_is_read_and_refuses_changes(demo_study, capsys):
    from coder.cli import main

    path = demo_study.path
    before = demo_study.dump()
    demo_study.close()
    if not immutable(path, True):
        pytest.skip("chattr is not available here")
    try:
        assert main(["sources", str(path), "--json"]) == 0
        capsys.readouterr()
        assert main(["code", "add", str(path), "Refused"]) == 1
        err = capsys.readouterr().err
        assert "could not be saved" in err and "cannot be written" in err
    finally:
        immutable(path, False)
    with Study.open(path) as study:
        assert study.dump() == before
