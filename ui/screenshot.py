"""Setting the window up for `--screenshot`: a coded transcript with a data run showing, or the
heat map, so the picture shows what a researcher works with."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

SHOWCASE_SOURCE = "alder_principal_w1"
SHOWCASE_CODE = "Leadership configuration/Coaching"


def stage_view(window, view: str) -> None:
    window.apply_default_layout()
    QApplication.processEvents()
    study = window.session.study
    try:
        source = study.sources.find(SHOWCASE_SOURCE)
    except Exception:  # noqa: BLE001 - any study: show its first coded source
        coded = [s for s in study.sources.all() if s.codings]
        source = coded[0] if coded else None
    if source is not None:
        window.open_source(source.id)
        codings = study.codings.for_source(source.id)
        if codings:
            target = codings[min(len(codings) - 1, len(codings) // 3)]
            window.document.select_range(target.start, target.start)
            window.document.editor.centerCursor()
    try:
        code = study.codes.find(SHOWCASE_CODE)
        window.show_run_for(code.id)
        index = window.codebook.index_of(code.id)
        if index is not None:
            window.codebook.tree.setCurrentIndex(index)
    except Exception:  # noqa: BLE001 - a study without that code
        pass
    window.show_view(view)
    QApplication.processEvents()
