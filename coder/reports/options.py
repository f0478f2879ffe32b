"""What a researcher chooses for a Word export, and what every export's title block says.

The same three choices reach every Word export from the window's export dialog and from the
command line (`--template`, `--keep-empty`, `--heat`): the template whose styles and page it takes,
whether empty sections stay as bare headings (a reviewer's checklist), and whether count tables
are shaded as a heat map.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class WordOptions:
    template: Path | None = None  # a lab's .docx or .dotx (None: CaseCoder's own)
    keep_empty: bool = False  # empty memo sections and outline themes kept as bare headings
    heat: bool = False  # count cells shaded by how many passages they hold

    @classmethod
    def of(cls, template: str | Path | None = None, keep_empty: bool = False, heat: bool = False) -> WordOptions:
        return cls(Path(template) if template else None, keep_empty, heat)


PLAIN = WordOptions()


def study_name(study) -> str:
    """The study as a reader knows it: its file's name without the extension."""
    return study.path.stem


def about(study, *more: tuple[str, str]) -> list[tuple[str, str]]:
    """The title block's lines: the study, who prepared the document, the date, then `more`."""
    today = date.today()
    return [("Study", study_name(study)), ("Prepared by", study.user or "—"),
            ("Date", f"{today.day} {today:%B %Y}"), *more]


def running(study, what: str) -> str:
    """The running header: "study · what the document is"."""
    return f"{study_name(study)} · {what}"
