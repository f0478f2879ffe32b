"""Shared fixtures. Qt runs offscreen; user settings go to a temporary folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "sample_corpus"
REFI_SAMPLES = ROOT.parent / "shared" / "refi-samples"


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path_factory, monkeypatch):
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("CASECODER_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("CASECODER_DATA_DIR", str(base / "data"))
