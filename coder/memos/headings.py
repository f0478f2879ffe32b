"""Matching the headings of a memo written elsewhere to the site case outline.

A site case memo keeps one level-1 section per outline section (coder/memo_text.py). A memo
drafted in another editor rarely follows that exactly: sub-sections are written `## 3.2 Teacher
leaders and coaches`, a heading carries the whole path, or only the section's number and a
shorter title. Every heading, at any level, that names an outline section starts that section;
any other heading stays where it was written (a level-1 one goes to Unsorted with its text),
and the report says, heading by heading, which section it started or why it matched none, so
the writer can fix the file rather than find their text misfiled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..store.paths import split_path
from .text import HEADING, UNSORTED

ANY_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?(?=\s|$)")


@dataclass(frozen=True)
class HeadingMatch:
    """One heading of the file: the section it starts, or why it starts none."""

    heading: str  # as written, with its #s
    line: int  # 1-based line in the text
    section: str | None  # the outline section it starts (None: it matched none)
    how: str  # 'name', 'path', 'number' or 'title' (the name without its number); '' for none
    note: str  # for a heading that matched none: why, and where its text is kept

    def as_dict(self) -> dict:
        return {"heading": self.heading, "line": self.line, "section": self.section, "how": self.how,
                "note": self.note}


def _key(words: str) -> str:
    return " ".join(words.replace("\u00a0", " ").split()).rstrip(":").casefold()


def _number(words: str) -> str | None:
    found = NUMBER.match(words.strip())
    return found.group(1) if found else None


def _title(words: str) -> str:
    """The words of a heading without its leading number: '3.2 Teacher leaders' -> 'teacher leaders'."""
    return _key(NUMBER.sub("", words.strip(), count=1))


def match_headings(text: str, paths: list[str]) -> tuple[str, list[HeadingMatch]]:
    """`text` with every heading that names an outline section rewritten as that section's
    `# name`, and a report of every heading. A heading names a section by its name, its path,
    its leading number ('3.2 Coaches' for '3.2 Teacher leaders and coaches') or its name without
    the number ('Leadership configuration'), the last two only when one section fits. `paths`
    are the outline's section paths, in outline order."""
    names = [split_path(p)[-1] for p in paths]
    by_name = {_key(n): n for n in names}
    by_path = {_key(p): n for p, n in zip(paths, names, strict=True)}
    numbers: dict[str, list[str]] = {}
    titles: dict[str, list[str]] = {}
    for name in names:
        if (number := _number(name)) is not None:
            numbers.setdefault(number, []).append(name)
        titles.setdefault(_title(name), []).append(name)
    lines, report, fenced, current = text.split("\n"), [], False, None
    for index, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        found = None if fenced else ANY_HEADING.match(line)
        if not found:
            continue
        level, words = len(found.group(1)), found.group(2).strip()
        section, how = by_name.get(_key(words)), "name"
        if section is None and _key(words) in by_path:
            section, how = by_path[_key(words)], "path"
        if section is None and _key(words) == UNSORTED.casefold():
            section, how = UNSORTED, "name"
        number = _number(words)
        if section is None and number and len(numbers.get(number, ())) == 1:
            section, how = numbers[number][0], "number"
        if section is None and not number and len(titles.get(_title(words), ())) == 1:
            section, how = titles[_title(words)][0], "title"  # the name without its number
        if section is not None:
            lines[index] = f"# {section}"
            current = section
            report.append(HeadingMatch(line.strip(), index + 1, section, how, ""))
            continue
        if level == 1:
            current = UNSORTED
        report.append(HeadingMatch(line.strip(), index + 1, None, "",
                                   _why(words, level, names, numbers, number, current)))
    return "\n".join(lines), report


def _why(words: str, level: int, names: list[str], numbers: dict[str, list[str]], number: str | None,
         current: str | None) -> str:
    """Why a heading matched no section, and where its text is kept."""
    if not names:
        return "the study has no case outline yet, so the memo has no sections to match; the heading is kept as written"
    if number and len(numbers.get(number, ())) > 1:
        why = f"{len(numbers[number])} sections are numbered {number}: write the section's whole name"
    elif number:
        parent = number.rpartition(".")[0]
        near = sorted(n for n in numbers if n.rpartition(".")[0] == parent)
        why = f"the outline has no section numbered {number}" + (
            f" (it has {', '.join(near)})" if near else "")
    else:
        why = f"no outline section is named {words!r}"
        near = process.extractOne(_title(words), {n: _title(n) for n in names}, scorer=fuzz.token_sort_ratio,
                                  score_cutoff=75)
        if near:
            why += f" (did you mean {near[2]!r}?)"
    if level == 1 or current in (None, UNSORTED):
        return f"{why}; its text is kept under {UNSORTED}"
    return f"{why}; kept as a sub-heading inside {current!r}"


def carry_section_rename(study, old: str, new: str, rec) -> int:
    """Inside the operation renaming outline section `old` to `new`: every site memo's section
    of that name is renamed (a new version of each memo that has it), and the memos'
    quotations and corroboration marks filed under it follow. Returns how many memos changed."""
    changed = 0
    for info in study.memos.all():
        if info.kind != "site":
            continue
        lines, fenced, renamed = study.memos.text(info.id).split("\n"), False, False
        for index, line in enumerate(lines):
            if line.lstrip().startswith("```"):
                fenced = not fenced
            found = None if fenced else HEADING.match(line)
            if found and _key(found.group(1)) == _key(old):
                lines[index], renamed = f"# {new}", True
        if renamed:
            study.memos._save(info.id, "\n".join(lines), study.user, rec)
            changed += 1
    study.conn.execute("UPDATE memo_evidence SET section = ? WHERE lower(section) = lower(?)", (new, old))
    study.conn.execute("UPDATE OR REPLACE memo_section_marks SET section = ? WHERE lower(section) = lower(?)",
                       (new, old))
    return changed
