"""What every compare view offers beside its table, said once: Export… (Excel, CSV, Word — the
Word file written off the GUI thread, as every Word export is), Save chart… (PNG or SVG), a
Chart button that shows the picture under the table, and the tab's layout (rows of labelled
controls, the line saying what is counted, the table and its chart in a splitter)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from ..folders import ask_save
from ..widgets.exports import ask_path, export_in_background


def export_table(widget: QWidget, session, title: str, name: str, writers: dict[str, Callable]) -> str | None:
    """Ask where and in which of `writers`' kinds ("xlsx", "csv", "docx"); `writers[kind]` takes
    (study, path). Word runs in the background on its own snapshot; the others at once."""
    from coder.store.errors import CaseCoderError

    chosen = ask_path(widget, title, f"{session.study.path.stem}-{name}", tuple(writers))
    if chosen is None:
        return None
    path, kind = chosen
    write = writers[kind]
    if kind == "docx":
        from ..dialogs.word_settings import word_options

        options = word_options()
        export_in_background(widget, session, title, lambda study, _progress, _token: write(study, path, options))
        return path
    try:
        write(session.study, path, None)
    except (OSError, CaseCoderError) as exc:
        session.notify(f"{path}: not written ({exc})")
        return None
    session.notify(f"Exported to {path}")
    return path


def save_chart(widget, table, name: str, draw) -> str | None:
    """Ask where, then draw `table` there with `draw(table, path)` (PNG or SVG by the ending)."""
    from coder.store.errors import CaseCoderError

    if table is None:
        return None
    path, chosen = ask_save(widget, "Save the chart", f"{widget.session.study.path.stem}-{name}.png",
                            "PNG picture (*.png);;SVG drawing (*.svg)")
    if not path:
        return None
    if not path.lower().endswith((".png", ".svg")):
        path += ".svg" if "SVG" in chosen else ".png"
    try:
        draw(table, path)
    except (OSError, CaseCoderError) as exc:
        widget.session.notify(f"{path}: not written ({exc})")
        return None
    widget.session.notify(f"Chart saved to {path}")
    return path


def tool_buttons(panel, chart_pane, export: Callable, save: Callable, what: str) -> list[QPushButton]:
    """Chart (shows or hides `chart_pane` under the table), Save chart… and Export… buttons."""
    show = QPushButton("C&hart")
    show.setCheckable(True)
    show.setToolTip(f"Show the {what} under the table (the picture the Word export puts beside it)")
    show.toggled.connect(chart_pane.setVisible)
    chart_pane.hide()
    saving = QPushButton("Save chart…")
    saving.setToolTip(f"Save the {what} as a PNG picture or an SVG drawing")
    saving.clicked.connect(save)
    exporting = QPushButton("E&xport…")
    exporting.setToolTip("Write the table to Excel, CSV or Word (with the query stated and the chart beside it)")
    exporting.clicked.connect(export)
    panel.show_chart = show
    return [show, saving, exporting]


def labelled(row, text: str, widget: QWidget) -> None:
    """A control and its label (its mnemonic focusing the control) on a row of controls."""
    label = QLabel(text)
    label.setBuddy(widget)
    row.addWidget(label)
    row.addWidget(widget)


def split(orientation, name: str, widgets: list[QWidget], sizes: list[int]) -> QSplitter:
    """A splitter whose panes never collapse to nothing; `name` keeps its place in QSettings."""
    splitter = QSplitter(orientation)
    splitter.setObjectName(name)
    splitter.setChildrenCollapsible(False)
    for widget in widgets:
        splitter.addWidget(widget)
    splitter.setSizes(sizes)
    return splitter


def lay_out(panel: QWidget, rows: list, summary: QLabel, body: QWidget) -> None:
    """A compare tab: its rows of controls, the line saying what is counted, then the body."""
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(4, 4, 4, 4)
    for row in rows:
        layout.addLayout(row)
    layout.addWidget(summary)
    layout.addWidget(body, 1)
