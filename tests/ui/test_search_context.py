"""Find in study lists each hit with the words around it, as a concordance line does, so a list
of hits can be read without opening each one."""

from __future__ import annotations

from PySide6.QtCore import Qt

from . import person


def test_a_search_hit_reads_in_its_context(window, qtbot):
    person.press("Ctrl+Shift+F", window)
    search = window.search
    assert search.query.hasFocus()
    person.type_text("firewall")
    person.press("Return")
    model = search.table.segments
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    text_column = model.columnCount() - 1
    shown = model.index(0, text_column).data(Qt.DisplayRole)
    assert "«firewall»" in shown.lower()
    before, _, after = shown.partition("«")
    assert len(before.split()) >= 3  # words before the hit …
    assert len(after.split("»", 1)[1].split()) >= 1  # … and after it
