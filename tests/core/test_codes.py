"""The codebook: create, rename, recolour, describe, move, merge, delete — each undoable."""

from __future__ import annotations

import pytest

from coder.codebook.codebook_file import load_codebook, read_codebook, write_codebook
from coder.demo import CODEBOOK
from coder.store.errors import AmbiguousError, ConflictError, ImportFailed, NotFoundError

from .conftest import assert_undoable, code_passage


def test_add_creates_missing_parents_and_resolves_paths(study):
    changes = assert_undoable(study, lambda: study.codes.add_code(path="Context/Sub\\/slash"))
    code = study.codes.get(changes.result)
    assert code.name == "Sub/slash"
    assert code.path == "Context/Sub\\/slash"
    assert study.codes.find("Context/Sub\\/slash").id == code.id
    assert study.codes.find("Context").id == code.parent_id


def test_duplicate_sibling_refused_but_cousins_allowed(study):
    study.codes.add_code(path="A/Coaching")
    with pytest.raises(ConflictError):
        study.codes.add_code(path="A/coaching")
    study.codes.add_code(path="B/Coaching")
    with pytest.raises(AmbiguousError, match="A/Coaching"):
        study.codes.find("Coaching")
    with pytest.raises(NotFoundError):
        study.codes.find("Nope")


def test_near_duplicate_names_are_flagged(study):
    study.codes.add_code(path="Professional development")
    changes = study.codes.add_code(path="Profesional development")
    assert changes.warnings and "Professional development" in changes.warnings[0]
    assert not study.codes.add_code(path="Budget").warnings


def test_rename_recolour_describe_are_undoable(study):
    code_id = study.codes.add_code(path="Data use").result
    assert_undoable(study, lambda: study.codes.rename_code(code_id=code_id, name="Use of data"))
    assert_undoable(study, lambda: study.codes.set_color(code_id=code_id, color="#123ABC"))
    assert study.codes.get(code_id).color == "#123abc"
    assert_undoable(study, lambda: study.codes.describe_code(code_id=code_id, definition="d", exclusion="e"))
    assert study.codes.get(code_id).definition == "d"
    with pytest.raises(ConflictError):
        study.codes.set_color(code_id=code_id, color="red")


def test_move_refuses_cycles_and_clashes(study):
    a = study.codes.add_code(path="A").result
    b = study.codes.add_code(path="A/B").result
    with pytest.raises(ConflictError):
        study.codes.move_code(code_id=a, parent_id=b)
    study.codes.add_code(path="B")
    with pytest.raises(ConflictError, match="merge"):
        study.codes.move_code(code_id=b, parent_id=None)
    c = study.codes.add_code(path="C").result
    assert_undoable(study, lambda: study.codes.move_code(code_id=c, parent_id=a))
    assert study.codes.get(c).path == "A/C"


def test_merge_moves_codings_collapses_duplicates_and_children(coded_study):
    s = coded_study
    src = s.codes.add_code(path="Talk").result
    dst = s.codes.find("Learning agenda/Instructional focus").id
    s.codes.add_code(path="Talk/Routines")
    s.codes.add_code(path="Learning agenda/Instructional focus/Routines")
    code_passage(s, "a_principal", "Our focus is student talk.", "Talk")
    code_passage(s, "a_principal", "Our focus is student talk.", "Learning agenda/Instructional focus")
    code_passage(s, "a_principal", "student talk", "Talk")
    code_passage(s, "a_principal", "Our focus", "Talk/Routines")
    code_passage(s, "a_principal", "Our focus is student talk.", "Talk", coder="other")
    changes = assert_undoable(s, lambda: s.codes.merge_codes(source_id=src, target_id=dst))
    assert changes.step is not None
    merged = s.codings.for_source(s.sources.find("a_principal").id)
    paths = sorted((c.code_path, c.coder, c.start, c.end) for c in merged)
    assert sum(1 for p in paths if p[0] == "Learning agenda/Instructional focus" and p[1] == "tester") == 2
    assert any(p[1] == "other" for p in paths)
    assert all(not p[0].startswith("Talk") for p in paths)
    assert ("Learning agenda/Instructional focus/Routines", "tester") in {(p[0], p[1]) for p in paths}
    with pytest.raises(NotFoundError):
        s.codes.find("Talk")
    assert s.conn.execute("SELECT count(*) FROM codings c LEFT JOIN codes k ON k.n = c.code_n "
                          "WHERE k.id IS NULL").fetchone()[0] == 0


def test_merge_into_own_child_refused(study):
    a = study.codes.add_code(path="A").result
    b = study.codes.add_code(path="A/B").result
    with pytest.raises(ConflictError):
        study.codes.merge_codes(source_id=a, target_id=b)
    with pytest.raises(ConflictError):
        study.codes.merge_codes(source_id=a, target_id=a)


def test_delete_removes_subtree_and_codings(coded_study):
    s = coded_study
    code_passage(s, "a_principal", "The coach runs cycles", "Leadership configuration/Coaching")
    code_passage(s, "a_principal", "Some veterans close their doors.", "Challenges/Resistance")
    parent = s.codes.find("Leadership configuration").id
    assert s.codes.coding_count(parent) == 1
    assert_undoable(s, lambda: s.codes.delete_code(code_id=parent))
    assert s.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 1
    assert s.conn.execute("SELECT count(*) FROM tombstones WHERE entity = 'code'").fetchone()[0] == 7


def test_counts_own_and_with_descendants(coded_study):
    s = coded_study
    code_passage(s, "a_principal", "The coach runs cycles", "Leadership configuration/Coaching")
    code_passage(s, "b_teacher", "Coaching feels evaluative", "Leadership configuration/Coaching")
    by_path = {c.path: c for c in s.codes.all()}
    assert by_path["Leadership configuration/Coaching"].count == 2
    assert by_path["Leadership configuration"].count == 0
    assert by_path["Leadership configuration"].count_all == 2
    one = {c.path: c for c in s.codes.all(source_id=s.sources.find("b_teacher").id)}
    assert one["Leadership configuration/Coaching"].count == 1


def test_starter_codebook_loads_with_outline_links(study):
    changes = assert_undoable(study, lambda: load_codebook(study, CODEBOOK))
    assert changes.result["codes_created"] >= 25
    coaching = study.codes.find("Leadership configuration/Coaching")
    section = study.sections.get(coaching.section_id)
    assert section.path == "3 Leadership configuration/3.2 Teacher leaders and coaches"
    assert coaching.definition and coaching.exclusion
    again = load_codebook(study, CODEBOOK)
    assert again.result["codes_created"] == 0


def test_codebook_round_trip(study, tmp_path):
    load_codebook(study, CODEBOOK)
    out = tmp_path / "out.toml"
    write_codebook(study, out, name="Round trip")
    book = read_codebook(out)
    original = read_codebook(CODEBOOK)
    assert [c["path"] for c in book["codes"]] == [c["path"] for c in original["codes"]]
    assert {c["path"]: c.get("definition", "") for c in book["codes"]} == \
        {c["path"]: c.get("definition", "") for c in original["codes"]}


def test_bad_codebook_files_refused_unchanged(study, tmp_path):
    cases = {"syntax.toml": "[[code]\npath=", "empty.toml": "name = 'x'\n",
             "badcolor.toml": "[[code]]\npath = 'A'\ncolor = 'red'\n",
             "badsection.toml": "[[code]]\npath = 'A'\nsection = 'Nowhere'\n"}
    before = study.dump()
    for name, content in cases.items():
        path = tmp_path / name
        path.write_text(content)
        with pytest.raises(ImportFailed) as info:
            load_codebook(study, path)
        assert name in str(info.value)
    assert study.dump() == before


def test_sections(study):
    changes = assert_undoable(study, lambda: study.sections.add_section(path="1 Context/1.1 District"))
    assert study.sections.get(changes.result).path == "1 Context/1.1 District"
    code_id = study.codes.add_code(path="Policy").result
    assert_undoable(study, lambda: study.codes.link_section(code_id=code_id, section_id=changes.result))
    top = study.sections.find("1 Context").id
    assert_undoable(study, lambda: study.sections.delete_section(section_id=top))
    assert study.codes.get(code_id).section_id is None


def test_code_paths_follow_renames_moves_undo_and_redo(coded_study):
    s = coded_study
    coding = s.codings.get(code_passage(s, "a_principal", "student talk", "Context"))
    old_path = coding.code_path
    code_id = coding.code_id
    s.codes.rename_code(code_id=code_id, name="Renamed")
    assert s.codings.get(coding.id).code_path.endswith("Renamed")
    other_root = s.codes.add_code(path="Elsewhere").result
    s.codes.move_code(code_id=code_id, parent_id=other_root)
    assert s.codings.get(coding.id).code_path == "Elsewhere/Renamed"
    s.undo()
    s.undo()
    s.undo()
    assert s.codings.get(coding.id).code_path == old_path == s.codes.paths()[code_id]
    s.redo()
    assert s.codes.paths()[code_id].endswith("Renamed")


def test_codes_linked_to_a_section(study):
    load_codebook(study, CODEBOOK)
    section = next(s for s in study.sections.all() if any(c.section_id == s.id for c in study.codes.all()))
    assert study.codes.linked_to(section.id) == [c.id for c in study.codes.all() if c.section_id == section.id]
