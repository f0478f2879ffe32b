"""Where file dialogs open: the folder the researcher last picked a file in, else the open
study's folder, else their home folder — never the folder the program happened to start in.

Every file dialog of the window goes through these four functions, so each one remembers.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

KEY = "files/last_folder"


def start_folder(parent: QWidget | None) -> Path:
    last = QSettings().value(KEY)
    if last and Path(str(last)).is_dir():
        return Path(str(last))
    widget, study = parent, None
    while widget is not None and study is None:  # a dialog is a window of its own: look past it
        study = getattr(getattr(widget, "session", None), "study", None)
        widget = widget.parentWidget()
    if study is not None and Path(study.path).parent.is_dir():
        return Path(study.path).parent
    return Path.home()


def _remember(path: str) -> str:
    if path:
        folder = Path(path) if Path(path).is_dir() else Path(path).parent
        QSettings().setValue(KEY, str(folder))
    return path


def _where(parent: QWidget | None, name: str) -> str:
    if name and Path(name).is_absolute():
        return name
    return str(start_folder(parent) / name) if name else str(start_folder(parent))


def ask_open(parent: QWidget | None, title: str, filters: str, name: str = "") -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, _where(parent, name), filters)
    return _remember(path)


def ask_open_many(parent: QWidget | None, title: str, filters: str) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, _where(parent, ""), filters)
    if paths:
        _remember(paths[0])
    return paths


def ask_save(parent: QWidget | None, title: str, name: str, filters: str) -> tuple[str, str]:
    """(path, the filter chosen) — the name offered in the folder it starts in."""
    path, chosen = QFileDialog.getSaveFileName(parent, title, _where(parent, name), filters)
    return _remember(path), chosen


def ask_folder(parent: QWidget | None, title: str, start: str = "") -> str:
    return _remember(QFileDialog.getExistingDirectory(parent, title, start or _where(parent, "")))
