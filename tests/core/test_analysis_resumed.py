"""An import killed in its analysis phase: every reading that needs the analysis completes it or
names the sources it leaves out, and `check` lists them until it is done."""

from __future__ import annotations

import json
import shutil

import pytest

from coder import Study
from coder.cli import main
from coder.sources.importing import import_sources, plan_import
from tests.conftest import CORPUS

NEW = sorted((CORPUS / "sources").glob("*.txt"))[:4]


@pytest.fixture
def interrupted(demo_study, tmp_path):
    """The demo study after an import whose analysis phase never ran (as after a kill there), and
    the same study with the analysis complete, for comparison."""
    folder = tmp_path / "new"
    folder.mkdir()
    for i, path in enumerate(NEW):
        shutil.copy(path, folder / f"again_{i}_{path.name}")
    items = plan_import(sorted(folder.glob("*.txt")), {"district": "North", "site": "Oak"})
    import_sources(demo_study, items, analyse_now=False)
    path = demo_study.path
    demo_study.close()
    whole = tmp_path / "whole.casecoder"
    shutil.copy(path, whole)
    assert main(["check", str(whole), "--repair"]) in (0, 1)
    return path, whole


def _lemma_hits(capsys, path, query="plan") -> tuple[list, str]:
    code = main(["search", str(path), query, "--mode", "lemma", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return sorted((h["source_name"], h["start"], h["end"]) for h in json.loads(out)), err


def test_check_lists_the_sources_awaiting_analysis(interrupted, capsys):
    path, _ = interrupted
    capsys.readouterr()
    assert main(["check", str(path)]) == 0  # nothing is damaged ...
    out = capsys.readouterr().out
    assert "awaiting the language analysis" in out and "--repair completes it): 4" in out  # ... but it is said
    assert "again_0_" in out
    assert main(["check", str(path), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["awaiting_analysis"]) == 4
    assert main(["check", str(path), "--repair"]) == 0
    assert "language analysis finished for 4 sources" in capsys.readouterr().out
    assert main(["check", str(path)]) == 0
    assert "awaiting" not in capsys.readouterr().out


def test_a_lemma_search_completes_the_analysis_first(interrupted, capsys):
    path, whole = interrupted
    capsys.readouterr()
    want, _ = _lemma_hits(capsys, whole)
    got, err = _lemma_hits(capsys, path)
    assert got == want and any(h[0].startswith("again_") for h in got)
    assert "completing the language analysis" in err
    with Study.open(path, read_only=True) as study:
        assert study.conn.execute("SELECT count(*) FROM source_texts WHERE analysed = 0").fetchone()[0] == 0
    assert main(["check", str(path)]) == 0


def test_sources_it_cannot_analyse_are_named(interrupted, capsys, monkeypatch):
    from coder.sources import analysis
    from coder.store.errors import WriteFailed

    def refuse(*_args, **_kwargs):
        raise WriteFailed("the disk is full")

    path, _ = interrupted
    monkeypatch.setattr(analysis, "analyse_pending", refuse)
    capsys.readouterr()
    _, err = _lemma_hits(capsys, path)
    assert "4 sources still await the language analysis" in err and "again_0_" in err
    assert main(["show", str(path), f"again_0_{NEW[0].stem}", "--json"]) == 0
    assert "left out of the sentences shown" in capsys.readouterr().err
