"""Setting the window up for `--screenshot`: a coded transcript with a data run showing, or the
heat map, so the picture shows what a researcher works with."""

from __future__ import annotations

from PySide6.QtCore import Qt
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
    if view == "memo":
        _stage_memo(window)
    if view == "matrix":
        window.show_view(view)
        panel = window.pattern_panel
        names = [panel.saved.itemText(i) for i in range(panel.saved.count())]
        if "Leadership across sites" in names:  # the demo's table: the text matrix with a cell chosen
            panel.saved.setCurrentIndex(names.index("Leadership across sites"))
            panel.load_saved("Leadership across sites")
            panel.view.setCurrentIndex(panel.view.findData("text"))
            alder = [site for _d, site, name in panel.table.rows if name == "Alder Street Elementary"]
            if alder:
                panel.grid.setCurrentCell(panel.row_of(alder[0]), 1)
        else:
            panel.cols.setCurrentIndex(panel.cols.findData("sections"))
    if view == "outline":
        window.show_view(view)
        tree = window.outline_panel.tree
        claims = [tree.topLevelItem(0).child(i) for i in range(tree.topLevelItem(0).childCount())] \
            if tree.topLevelItemCount() else []
        if claims:
            tree.setCurrentItem(claims[0])
    window.show_view(view)
    QApplication.processEvents()
    if view == "espoused":  # the first site's busiest code, both sides' passages shown
        panel = window.espoused_panel
        site = panel.rows.topLevelItem(0) if panel.rows.topLevelItemCount() else None
        if site is not None and site.childCount():
            pairs = panel.comparison.pairs
            busiest = max((site.child(i) for i in range(site.childCount())),
                          key=lambda item: min(pairs[item.data(0, Qt.UserRole)].leaders.passages,
                                               pairs[item.data(0, Qt.UserRole)].teachers.passages))
            panel.rows.setCurrentItem(busiest)
    if view == "crosstab":  # with its chart under the table, the splitter dragged down to the rows
        from PySide6.QtWidgets import QSplitter

        panel = window.crosstab_panel
        panel.show_chart.setChecked(True)
        split = panel.findChild(QSplitter, "crosstabSplit")
        split.setSizes([230, max(300, split.height() - 230)])
        QApplication.processEvents()
    if view == "team":  # the agreement of the demo's two coders, as a pair checks it
        page = window.team_page
        page.tabs.setCurrentWidget(page.agreement_holder)
        QApplication.processEvents()
        if page.agreement is not None:
            page.agreement.run()
    QApplication.processEvents()


def _stage_memo(window) -> None:
    """The first site memo with the cursor in a quoted section, so its evidence shows."""
    study = window.session.study
    memos = [m for m in study.memos.all() if m.kind == "site"] or study.memos.all()
    if not memos:
        return
    panel = window.memo_panel
    panel.memo_id = memos[0].id
    panel.refresh()
    text = panel.editor.text()
    at = text.find("# 3.2")
    if at >= 0:
        panel.editor.select(at + 2, at + 2)
    window.evidence_dock.raise_()
    comments = study.memo_comments.for_memo(memos[0].id)
    if comments:
        panel.editor.select(comments[0].start, comments[0].start)
