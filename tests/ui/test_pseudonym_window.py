"""File > Share under pseudonyms…: the list starts from the study's names, spellings are found, and
the shareable copy is written with the pseudonyms the user typed."""

from __future__ import annotations

from coder import Study
from ui.team.pseudonym_dialog import PseudonymDialog


def test_the_dialog_writes_a_shareable_copy(window, tmp_path):
    dialog = PseudonymDialog(window)
    names = [dialog.table.item(i, 0).text() for i in range(dialog.table.rowCount())]
    assert "Alder Street Elementary" in names
    assert dialog.add_names_in_texts() > 0
    assert "Nadia Natarajan" in [dialog.table.item(i, 0).text() for i in range(dialog.table.rowCount())]
    dialog.find_variants()
    row = names.index("Anne Whitfield")
    assert dialog.table.item(row, 2).text() == "A. Whitfield"
    dialog.table.item(names.index("Alder Street Elementary"), 1).setText("School A")
    dialog.table.item(row, 1).setText("Teacher W")
    dialog.add_name("Okafor")
    dialog.table.item(dialog.table.rowCount() - 1, 1).setText("Researcher O")
    shown = []
    dialog.ask_to_share_anyway = lambda remaining: shown.append(remaining) or False
    assert dialog.write_copy(str(tmp_path / "shared.casecoder")) is None  # names remain: asked, and refused
    assert "Nadia" in shown[0] and not (tmp_path / "shared.casecoder").exists()
    dialog.ask_to_share_anyway = lambda remaining: True
    written = dialog.write_copy(str(tmp_path / "shared.casecoder"))
    assert written
    assert [(p.real, p.alias) for p in window.session.study.pseudonyms.all()] == [
        ("Alder Street Elementary", "School A"), ("Anne Whitfield", "Teacher W"), ("Okafor", "Researcher O")]
    with Study.open(written) as shared:
        assert any(c.name == "School A" for c in shared.cases.all())
        assert not any(c.name == "Alder Street Elementary" for c in shared.cases.all())
    dialog.close()


def test_the_write_button_asks_where_and_says_which_names_remain(window, tmp_path, message_boxes, monkeypatch):
    """Clicked as a person clicks it: the button asks for the file, says which names the copy would
    still show, writes nothing when told not to, and writes the copy when told to."""
    from PySide6.QtWidgets import QMessageBox, QPushButton

    from tests.ui.person import answer_file_dialog, click_at

    dialog = PseudonymDialog(window)
    dialog.show()
    dialog.table.item(0, 1).setText("District A")
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Write a copy for sharing…")
    out = tmp_path / "shared.casecoder"
    answer_file_dialog(out)
    click_at(button)
    assert message_boxes and "would still name" in message_boxes[0] and not out.exists()
    message_boxes.clear()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.Save)
    answer_file_dialog(out)
    click_at(button)
    assert out.exists()
    with Study.open(out) as shared:
        assert any(c.name == "District A" for c in shared.cases.all())
    dialog.close()
