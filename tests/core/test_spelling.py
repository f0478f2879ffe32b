"""Spell-checking memos offline (coder.memos.spelling) and `casecoder spell`, on real studies in
temporary folders; each test has its own data folder (tests/conftest.py), so its personal words
and added languages are its own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coder.memos.spelling import Speller, available_languages, bundled_languages, chosen_language, dictionaries_dir
from coder.store.settings import data_dir, set_spelling_language

from .test_cli import run

MEMO = """# Field notes

Teachers meet in PLCs evrey Wednesday; the coach runs six-week cycles.

## What the principal said

> We recieve the district's data in October.
>
> — Alder Street Elementary, principal, alder_principal_w1, wave 1

Ask about the `confg` file and [the rubrik](https://exampel.org/rubrik) at www.exampel.org or kwame@exampel.org.

```
a fencd block is not prose
```
"""


def free_memo(study, text: str = MEMO) -> str:
    return study.memos.write(kind="free", title="Field notes", text=text, author="tester").result


def test_a_memo_s_misspellings_with_their_places(study):
    memo_id = free_memo(study)
    text = study.memos.text(memo_id)
    found = Speller("en").misspelled(text)
    # digits (alder_principal_w1, wave 1), PLCs, inline code, the link's target, the address, the
    # URL and the fenced block are left alone; a link's text is prose and is checked
    assert [word for _s, _e, word in found] == ["evrey", "recieve", "rubrik"]
    assert all(text[start:end] == word for start, end, word in found)


def test_suggestions_best_first_and_capitalised_like_the_word():
    speller = Speller("en")
    assert speller.suggestions("evrey")[0] == "every"
    assert speller.suggestions("Evrey")[0] == "Every"
    assert "receive" in speller.suggestions("recieve")[:2]
    assert len(speller.suggestions("recieve", limit=3)) == 3
    assert speller.suggestions("teacher’z")[0].endswith("’s")  # the writer's apostrophe kept


def test_acronyms_names_in_mixed_case_and_possessives_are_not_misspellings():
    speller = Speller("en")
    assert speller.misspelled("The PLC and its PLCs; a PhD, an iPad; the teacher's and the teachers’ room.") == []
    assert [w for _s, _e, w in speller.misspelled("Tehse wrods")] == ["Tehse", "wrods"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcdefghij teh’'_-`[]()<>@.:/#>*\n\t0123456789ÄéßЖ😀"))) | st.text())
def test_every_reported_range_is_exactly_its_word(text):
    speller = Speller("en")
    found = speller.misspelled(text)
    assert all(0 <= start < end <= len(text) and text[start:end] == word for start, end, word in found)
    assert [s for s, _e, _w in found] == sorted(s for s, _e, _w in found)


def test_a_word_added_is_no_longer_reported_and_is_kept(study, capsys):
    memo_id = free_memo(study, "Okafor met Lindqvist.\n")
    speller = Speller("en")
    assert [w for _s, _e, w in speller.misspelled(study.memos.text(memo_id))] == ["Okafor", "Lindqvist"]
    path = speller.add_word("Okafor")
    assert path == data_dir() / "dictionaries" / "personal-en.txt"
    assert path.read_text(encoding="utf-8") == "Okafor\n"
    assert not list(path.parent.glob("*.partial"))  # written beside and renamed into place
    assert [w for _s, _e, w in Speller("en").misspelled(study.memos.text(memo_id))] == ["Lindqvist"]
    assert "Okafor" in Speller("en").suggestions("Okafr")

    from coder.memos import spelling

    spelling.forget_dictionaries()  # as a new process reads it
    assert Speller("en").knows("okafor") and not Speller("en").knows("Lindqvist")


def test_a_hunspell_dic_in_the_data_folder_becomes_a_language(tmp_path):
    folder = dictionaries_dir()
    folder.mkdir(parents=True)
    (folder / "xx.dic").write_text("3\nhallo/AB\nwelt/C po:noun\nkaffee\n", encoding="utf-8")
    (folder / "yy.txt").write_text("kahvi\nmaito\n", encoding="utf-8")
    (folder / "personal-en.txt").write_text("Okafor\n", encoding="utf-8")  # the user's words: no language
    assert available_languages() == sorted({*bundled_languages(), "xx", "yy"})
    speller = Speller("xx")
    assert [w for _s, _e, w in speller.misspelled("Hallo Welt, kafee bitte")] == ["kafee", "bitte"]
    assert speller.suggestions("kafee") == ["kaffee"]
    assert Speller("yy").misspelled("kahvi maito") == []


def test_the_chosen_language_is_a_user_setting():
    assert chosen_language() == "en" and Speller().language == "en"
    dictionaries_dir().mkdir(parents=True)
    (dictionaries_dir() / "xx.txt").write_text("hallo\n", encoding="utf-8")
    set_spelling_language("xx")
    assert chosen_language() == "xx" and Speller().misspelled("hallo") == []
    (dictionaries_dir() / "xx.txt").unlink()  # its dictionary gone: English again
    assert chosen_language() == "en"


def test_spell_from_the_command_line(study, capsys):
    free_memo(study)
    path = study.path
    code, data, err = run(capsys, "spell", path, "--memo", "Field notes", "--json")
    assert code == 0, err
    assert data["title"] == "Field notes" and data["language"] == "en"
    assert [(m["word"], m["line"]) for m in data["misspellings"]] == [("evrey", 3), ("recieve", 7), ("rubrik", 11)]
    first = data["misspellings"][0]
    assert first["suggestions"][0] == "every" and first["column"] == MEMO.splitlines()[2].index("evrey") + 1

    code, out, _ = run(capsys, "spell", path, "--memo", "Field notes")
    assert code == 0 and out.splitlines()[0].startswith("line 3: evrey — every")
    assert out.splitlines()[-1] == "3 misspellings in Field notes (en)"

    code, data, _ = run(capsys, "spell", "--add", "rubrik", "--add", "evrey", "--json")
    assert code == 0 and data["added"] == ["rubrik", "evrey"]
    code, out, _ = run(capsys, "spell", path, "--memo", "Field notes", "--lang", "en")
    assert out.startswith("line 7: recieve")

    code, data, _ = run(capsys, "spell", "--languages", "--json")
    assert {"language": "en", "bundled": True, "file": None, "chosen": True} in data["languages"]
    assert data["folder"] == str(data_dir() / "dictionaries")
    code, out, _ = run(capsys, "spell", "--languages")
    assert "add a language" in out and str(data_dir() / "dictionaries") in out

    assert run(capsys, "spell", path, "--memo", "Field notes", "--lang", "xx")[0] == 2  # no such dictionary
    code, _, err = run(capsys, "spell", path)
    assert code == 2 and "--memo" in err
    assert run(capsys, "spell", "--add", "two words")[0] == 1


def test_text_without_words_does_not_read_the_dictionary(monkeypatch):
    """An empty editor (the memo editor as the window opens) costs no dictionary read: reading
    it takes most of a second."""
    from coder.memos import spelling

    read = []
    monkeypatch.setattr(spelling, "_dictionary", lambda language: read.append(language))
    speller = Speller()
    assert speller.misspelled("") == [] and speller.misspelled("  \n\n- 3, 4 ") == []
    assert read == []
