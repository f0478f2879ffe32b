"""Shared fixtures. Qt runs on a virtual screen of its own (or offscreen, tests/screen.py); user
settings go to a temporary folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.screen import choose_platform  # noqa: E402

PLATFORM = choose_platform()
_QT_HOME = Path(__import__("tempfile").mkdtemp(prefix="casecoder-qt-"))
os.environ["XDG_CONFIG_HOME"] = str(_QT_HOME)  # QSettings never touches a real user's settings

import pytest  # noqa: E402

CORPUS = ROOT / "sample_corpus"
REFI_SAMPLES = ROOT / "tests" / "fixtures" / "refi-samples"  # a copy of ../shared/refi-samples


def pytest_report_header(config) -> str:
    return f"window tests on: {PLATFORM}" + (f" ({os.environ.get('DISPLAY')})" if PLATFORM == "xcb" else "")


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path_factory, monkeypatch):
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("CASECODER_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("CASECODER_DATA_DIR", str(base / "data"))


@pytest.fixture(scope="session")
def demo_study_file(tmp_path_factory):
    """The demo study, built once per test run; copy it before changing it."""
    from coder.demo import build_demo_study

    path = tmp_path_factory.mktemp("demo-built") / "demo.casecoder"
    summary = build_demo_study(path)
    return path, summary
