"""The system libraries the window needs, and which of them this machine lacks.

PySide6's wheels carry Qt itself but not the X11 and OpenGL libraries Qt's window plugin links
against. When one is missing Qt names at most one (`xcb-cursor0`) and aborts, so a newcomer on a
fresh Debian machine is left guessing. This module asks the dynamic linker (`ldd`) what the
plugin would fail on, so `main.py` can name every missing library and the packages that bring
them before Qt starts, and the tests can show the README's package list is complete.

Nothing here imports Qt: it must run before Qt loads.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

# Debian/Ubuntu packages a window needs on top of a minimal system (the README lists the same;
# tests/core/test_system_libs.py checks both, and that nothing else is needed).
DEBIAN_PACKAGES = (
    "libegl1", "libgl1", "libglib2.0-0", "libfontconfig1", "libdbus-1-3", "libxkbcommon0",
    "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-shape0",
)

# What Qt loads to show a window on X11, relative to PySide6's Qt folder.
QT_FILES = (
    "plugins/platforms/libqxcb.so",
    "plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "plugins/xcbglintegrations/libqxcb-egl-integration.so",
    "lib/libQt6XcbQpa.so.6",
    "lib/libQt6Gui.so.6",
    "lib/libQt6Widgets.so.6",
    "lib/libQt6DBus.so.6",
    "lib/libQt6Core.so.6",
)


def qt_folder() -> Path | None:
    """PySide6's bundled Qt, found without importing PySide6."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "Qt"
    return folder if folder.is_dir() else None


def qt_window_files() -> list[Path]:
    folder = qt_folder()
    if folder is None:
        return []
    return [folder / name for name in QT_FILES if (folder / name).exists()]


def linked_libraries(path: Path) -> dict[str, str | None]:
    """soname → resolved path (None: not found), as the dynamic linker sees `path`."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return {}
    try:
        out = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, str | None] = {}
    for line in out.splitlines():
        name, arrow, rest = line.strip().partition(" => ")
        if not arrow:
            continue
        target = rest.split(" (")[0].strip()
        found[name] = None if target == "not found" else target
    return found


def missing_libraries() -> list[str]:
    """Shared libraries the window plugin needs that the linker cannot find (Linux; else [])."""
    missing: set[str] = set()
    for path in qt_window_files():
        missing.update(name for name, target in linked_libraries(path).items() if target is None)
    return sorted(missing)


def install_hint(missing: list[str]) -> str:
    """What to tell a user whose machine lacks libraries the window needs."""
    return ("The window cannot start: Qt needs these system libraries, which this machine lacks: "
            + ", ".join(missing) + ".\nOn Debian or Ubuntu install them with:\n  sudo apt-get install "
            + " ".join(DEBIAN_PACKAGES))
