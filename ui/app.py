"""Starting the application: which study to open, the demo on first run, screenshot mode."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coder import Study
from coder.store.errors import CaseCoderError
from coder.store.lock import StudyInUseError
from coder.store.settings import coder_name, coder_name_is_set, data_dir

DEMO_CODER = "okafor"  # the demo's drafter of the Alder Street memo (sample_corpus/README.md)


def demo_path() -> Path:
    return data_dir() / "demo.casecoder"


def ensure_demo_study(progress=None) -> Path:
    """The demo study in the user's data folder, built from sample_corpus/ the first time (the
    build writes a hidden file and renames it when complete, so an interrupted build is never
    opened, and the next build removes what it left)."""
    from coder.demo import build_demo_study
    from coder.store.progress import no_progress

    path = demo_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        build_demo_study(path, progress=progress or no_progress)
    return path


def ensure_demo_with_progress() -> Path:
    """Build the demo study behind a progress dialog (first run only)."""
    if demo_path().exists():
        return demo_path()
    from PySide6.QtCore import QEventLoop

    from .workers import run_with_progress

    loop, outcome = QEventLoop(), {}

    def done(path) -> None:
        outcome["path"] = path
        loop.quit()

    def failed(message: str) -> None:
        outcome["error"] = message
        loop.quit()

    from PySide6.QtWidgets import QWidget

    holder = QWidget()
    worker = run_with_progress(holder, "Building the demo study from the sample corpus (first start only)…",
                               lambda progress, _token: ensure_demo_study(progress), done, failed)
    loop.exec()
    # the worker signalled its result from inside its thread: let the thread end before its
    # parent goes (a QThread destroyed while running takes the whole program down with it)
    worker.wait()
    if "error" in outcome:
        raise RuntimeError(outcome["error"])
    return outcome["path"]


def window_libraries_present() -> bool:
    """Before Qt starts: on X11, name every system library the window lacks (Qt itself names at
    most one, then aborts)."""
    import os

    from .system_libs import install_hint, missing_libraries

    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform not in ("", "xcb") or not sys.platform.startswith("linux") or not os.environ.get("DISPLAY"):
        return True
    missing = missing_libraries()
    if missing:
        print(install_hint(missing), file=sys.stderr)
    return not missing


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="CaseCoder")
    parser.add_argument("study", nargs="?", help="the study to open (default: the last one, or the demo)")
    parser.add_argument("--screenshot", metavar="OUT.png", help="write a screenshot of the window and exit")
    parser.add_argument("--view", default="coding",
                        choices=["coding", "heatmap", "memo", "outline", "matrix", "team", "start", "crosstab",
                                 "espoused"],
                        help="view for --screenshot")
    parser.add_argument("--theme", choices=["system", "light", "dark"], help="the theme (for --screenshot)")
    parser.add_argument("--size", default="1366x768", help="window size for --screenshot, e.g. 1366x768")
    return parser.parse_args(argv)


def choose_study(args, settings) -> Path:
    if args.study:
        return Path(args.study)
    if args.screenshot:
        return ensure_demo_study()
    last = settings.value("last_study")
    if last and Path(last).exists():
        return Path(last)
    return ensure_demo_with_progress()


def run_app(argv: list[str]) -> int:
    args = parse_args(argv)
    if not window_libraries_present():
        return 1
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .main_window import MainWindow, remember_recent
    from .session import StudySession
    from .style import apply_style

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CaseCoder")
    app.setOrganizationName("CaseCoder")
    from .crash import CrashReporter

    reporter = CrashReporter(app)  # an unexpected error is logged and shown; the window goes on
    reporter.install()
    settings = QSettings()
    apply_style(app, args.theme or ("light" if args.screenshot else
                                    str(settings.value("appearance/theme", "system") or "system")))
    path = choose_study(args, settings)
    study, problem = None, ""
    try:
        study = Study.open(path)  # the coder: chosen here, else the copy's teammate, else the login
    except StudyInUseError as exc:  # another window writes it: read-only, or nothing
        if args.screenshot:
            print(f"casecoder: {exc}", file=sys.stderr)
            return 1
        from .main_window import open_or_ask

        study = open_or_ask(None, str(path))
        if study is None:
            return 0
    except CaseCoderError as exc:
        problem = str(exc)
    if study is None:
        if args.screenshot:
            print(f"casecoder: {problem}", file=sys.stderr)
            return 1
        QMessageBox.warning(None, "CaseCoder", f"{problem}\n\nOpening the demo study instead.")
        path = ensure_demo_with_progress()
        study = Study.open(path, user=coder_name())
    first_start = not coder_name_is_set() and not args.screenshot
    if (first_start or args.screenshot) and Path(path) == demo_path():
        study.user = DEMO_CODER  # on the demo, code as one of its researchers until told otherwise
    session = StudySession(study)
    window = MainWindow(session, settings, restore=not args.screenshot)
    if not args.screenshot:
        remember_recent(settings, str(path))
        window.rebuild_recent_menu()
    window.show()
    if first_start:
        QTimer.singleShot(0, lambda: window.who_is_coding(first_start=True))
    if args.screenshot:
        from .screenshot import stage_view

        def shoot() -> None:
            stage_view(window, args.view)
            app.processEvents()
            window.grab().save(args.screenshot)
            window.close()
            app.quit()

        width, _, height = args.size.partition("x")
        window.resize(int(width), int(height))  # the README's pictures: a laptop's screen, whatever this one is
        window.apply_default_layout()
        QTimer.singleShot(300, shoot)
    code = app.exec()
    session.study.close()  # its write-ahead log folded into the file, its lock file removed
    return code
