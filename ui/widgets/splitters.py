"""Splitters stay where the researcher put them: each splitter of a panel keeps its place across
restarts (QSettings `splitter/<name>`), restored once its panel is shown, saved as it is moved."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter, QWidget

# splitters whose place their own panel already keeps (the pattern table's, which follows the grid)
OWN_KEEPING = {"patternSplit"}


def remember_splitters(root: QWidget, settings: QSettings, restore: bool = True) -> None:
    """Name each splitter by the panel that holds it, restore its saved place, save it on a move."""
    seen: dict[str, int] = {}
    for splitter in root.findChildren(QSplitter):
        if splitter.objectName() in OWN_KEEPING:
            continue
        owner = splitter.parentWidget()
        while owner is not None and type(owner).__module__.startswith("PySide6"):
            owner = owner.parentWidget()
        base = type(owner).__name__ if owner is not None else "window"
        seen[base] = seen.get(base, 0) + 1
        name = splitter.objectName() or f"{base}-{seen[base]}"
        splitter.setObjectName(name)
        key = f"splitter/{name}"
        state = settings.value(key) if restore else None
        if isinstance(state, QByteArray | bytes) and state:
            splitter.restoreState(QByteArray(state))
        splitter.splitterMoved.connect(lambda _pos, _i, s=splitter, k=key: settings.setValue(k, s.saveState()))
