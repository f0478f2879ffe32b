"""Which screen the window tests run on.

A real window system is what a researcher's clicks and drags go through: a drag out of the
codebook runs Qt's own drag loop, which the offscreen platform does not have (its drag returns
at once, so a test there can never see what a drop does to the tree it came from). So when
Xvfb is installed the tests start their own virtual screen (1920×1080: the window tests run at
the window's default size and, resized, at a 1366×768 laptop's) and run on it; without Xvfb
they run offscreen, and the tests that need drag and drop are skipped, saying why. Setting
QT_QPA_PLATFORM yourself (e.g. `offscreen`) overrides the choice.
"""

from __future__ import annotations

import atexit
import os
import select
import shutil
import subprocess

SIZE = (1920, 1080)


def xcb_libraries_missing() -> list[str]:
    """Shared libraries Qt's X11 platform plugin needs and this machine lacks (ldd's view)."""
    from ui.system_libs import missing_libraries

    return missing_libraries()


def start_virtual_screen() -> str | None:
    """Start Xvfb on a free display and return its name, or None where it cannot run."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None or xcb_libraries_missing():
        return None
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24", "-nolisten", "tcp"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    number = b""
    while not number.endswith(b"\n"):
        ready, _, _ = select.select([read_end], [], [], 10)
        chunk = os.read(read_end, 16) if ready else b""
        if not chunk:
            proc.kill()
            os.close(read_end)
            return None
        number += chunk
    os.close(read_end)
    atexit.register(proc.terminate)
    return f":{number.decode().strip()}"


def choose_platform() -> str:
    """Set QT_QPA_PLATFORM (and DISPLAY) for this test run; returns the platform chosen."""
    chosen = os.environ.get("QT_QPA_PLATFORM")
    inherited = os.environ.get("CASECODER_TEST_SCREEN") == "ours" and "PYTEST_XDIST_WORKER" in os.environ
    if chosen and not inherited:  # a screen chosen by the person running the tests
        return chosen
    # a test worker gets a screen of its own, never its parent's: two windows on one screen take
    # the focus from each other and close each other's drop-down lists
    display = start_virtual_screen()
    if display is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return "offscreen"
    os.environ["DISPLAY"] = display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    os.environ["CASECODER_TEST_SCREEN"] = "ours"
    return "xcb"


def has_window_system() -> bool:
    return os.environ.get("QT_QPA_PLATFORM") == "xcb"
