"""The system libraries the window needs: the README's list is the one the code knows, nothing
Qt's window plugin links against is missing here, and (on Debian) the list is complete — every
library the plugin loads comes from a listed package, one of their dependencies, or the base
system."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from ui.system_libs import DEBIAN_PACKAGES, install_hint, linked_libraries, missing_libraries, qt_window_files

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("ldd") is None,
                                reason="the window's shared libraries are checked on Linux (ldd)")


def test_the_readme_lists_the_packages_the_code_knows():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if "apt-get install libegl1" in line)
    assert line.split("apt-get install", 1)[1].split() == list(DEBIAN_PACKAGES)
    assert all(p in install_hint(["x.so"]) for p in DEBIAN_PACKAGES)


@linux_only
def test_nothing_the_window_plugin_links_against_is_missing():
    assert qt_window_files(), "PySide6's Qt platform plugin was not found"
    assert missing_libraries() == [], install_hint(missing_libraries())


def _apt(*args: str) -> str:
    return subprocess.run(["apt-cache", *args], capture_output=True, text=True, timeout=120).stdout


@linux_only
@pytest.mark.skipif(shutil.which("dpkg") is None or shutil.which("apt-cache") is None, reason="not Debian")
def test_every_library_the_window_loads_comes_from_a_listed_package_or_the_base_system():
    closure = set(DEBIAN_PACKAGES)
    depends = _apt("depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks",
                   "--no-replaces", "--no-enhances", *DEBIAN_PACKAGES)
    closure |= {line.strip() for line in depends.splitlines() if line and not line.startswith(" ")}
    closure = {name.split(":")[0] for name in closure}
    qt = str(qt_window_files()[0].parents[2])
    unexplained = {}
    for path in qt_window_files():
        for name, target in linked_libraries(path).items():
            if target is None or target.startswith(qt) or "PySide6" in target or "shiboken" in target:
                continue
            owner = subprocess.run(["dpkg", "-S", target], capture_output=True, text=True).stdout
            if not owner:
                resolved = subprocess.run(["readlink", "-f", target], capture_output=True, text=True).stdout.strip()
                owner = subprocess.run(["dpkg", "-S", resolved], capture_output=True, text=True).stdout
            package = re.split(r"[:,]", owner.strip(), maxsplit=1)[0] if owner else ""
            if package in closure:
                continue
            priority = subprocess.run(["dpkg-query", "-W", "-f=${Priority}", package], capture_output=True,
                                      text=True).stdout if package else ""
            if priority in ("required", "important"):
                continue
            unexplained[name] = package or target
    assert not unexplained, f"the window needs libraries no listed package brings: {unexplained}"
