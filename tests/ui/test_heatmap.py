"""The code-by-site heat map in the window: passages counted once across coders by default, one
coder's on request, the legend saying which, and a cell opening the run it counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coder.coding.runs import RunSpec, passages

from . import person


def _open_tab(qtbot, window, title: str) -> None:
    """The Compare workspace from the bar on the left, then the tab, each with a click."""
    person.open_workspace(window, "Compare")
    person.click_tab(window.compare_tabs.tabBar(), title)
    assert window.compare_tabs.tabText(window.compare_tabs.currentIndex()).replace("&", "") == title


def _choose(qtbot, box, text: str) -> None:
    """Open a combo box with a click and click one of its choices, as a user does."""
    qtbot.mouseClick(box, Qt.LeftButton)
    view = box.view()
    qtbot.waitUntil(view.isVisible)
    index = box.model().index(box.findText(text), 0)
    view.scrollTo(index)
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # the list ignores a release right after it opens
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.visualRect(index).center())
    qtbot.waitUntil(lambda: not view.isVisible())
    assert box.currentText() == text


def _cell(heatmap, code_path: str, site: str):
    table = heatmap.table
    study = heatmap.session.study
    code = study.codes.find(code_path).id
    case = study.cases.find(site).id
    for row in range(table.rowCount()):
        for col in range(table.columnCount()):
            item = table.item(row, col)
            if item.data(Qt.UserRole + 1) == code and item.data(Qt.UserRole + 2) == case:
                return item
    raise AssertionError(f"no cell for {code_path} at {site}")


def test_heat_map_counts_passages_once_or_per_coder_and_says_which(window, qtbot):
    study = window.session.study
    _open_tab(qtbot, window, "Codes by site")
    heatmap = window.heatmap
    qtbot.waitUntil(lambda: heatmap.table.rowCount() > 0)
    assert "Counting:</b> passages of all coders, each once" in heatmap.legend.text()
    code = study.codes.find("Leadership configuration/Coaching").id
    alder = study.cases.find("Alder Street Elementary").id
    spec = RunSpec(codes=[code], descendants=True, sites=[alder])
    both = study.runs.run(spec)
    assert passages(both) < len(both)  # the demo's two coders coded some passages alike
    item = _cell(heatmap, "Leadership configuration/Coaching", "Alder Street Elementary")
    assert item.text() == str(passages(both))
    assert f"{len(both)} codings: overlapping ones count once" in item.toolTip()

    _choose(qtbot, heatmap.count, "okafor's passages")
    assert "Counting:</b> okafor's passages only" in heatmap.legend.text()
    mine = study.runs.run(RunSpec(codes=[code], descendants=True, sites=[alder], coders=["okafor"]))
    item = _cell(heatmap, "Leadership configuration/Coaching", "Alder Street Elementary")
    assert item.text() == str(passages(mine)) and "by okafor" in item.toolTip()

    heatmap.table.scrollToItem(item)  # a click on the cell opens the run it counts: okafor's
    qtbot.mouseClick(heatmap.table.viewport(), Qt.LeftButton, pos=heatmap.table.visualItemRect(item).center())
    shown = window.runs.table.segments
    qtbot.waitUntil(lambda: shown.rowCount() > 0)
    assert window.runs.coder.values() == ["okafor"]
    assert passages(shown.segments) == int(item.text())

    _choose(qtbot, heatmap.count, "All coders, each passage once")
    item = _cell(heatmap, "Leadership configuration/Coaching", "Alder Street Elementary")
    heatmap.table.scrollToItem(item)
    qtbot.mouseClick(heatmap.table.viewport(), Qt.LeftButton, pos=heatmap.table.visualItemRect(item).center())
    qtbot.waitUntil(lambda: len(shown.segments) == len(both))
    assert window.runs.coder.values() == [] and passages(shown.segments) == int(item.text())


def test_every_line_of_a_site_heading_fits_its_column(any_window, qtbot):
    """On a laptop the columns are narrow: a site's name wraps at its spaces to the column's
    width, and no column is narrower than its longest word, so no heading is clipped."""
    from PySide6.QtGui import QFontMetrics

    window = any_window
    _open_tab(qtbot, window, "Codes by site")
    table = window.heatmap.table
    qtbot.waitUntil(lambda: table.columnCount() > 0)
    header = table.horizontalHeader()
    metrics = QFontMetrics(header.font())
    for col in range(table.columnCount()):
        lines = table.horizontalHeaderItem(col).text().split("\n")
        whole = table.horizontalHeaderItem(col).toolTip()
        assert " ".join(lines).endswith(whole.split(" / ")[-1])  # the whole name, in lines
        for line in lines:
            assert metrics.horizontalAdvance(line) <= header.sectionSize(col), (line, header.sectionSize(col))
