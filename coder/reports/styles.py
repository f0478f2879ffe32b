"""The look of every Word export, said once: which Word style each kind of paragraph takes, and
the document those styles come from.

An export names what a paragraph is ("quote", "citation", "note", a heading level), never a Word
style, so changing how quotations or headings look is one edit here, and a lab's own template (a
.docx with its fonts, margins and style definitions) changes every export at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType


@dataclass(frozen=True)
class Kind:
    """A kind of paragraph: its Word style and what its text adds to that style."""

    style: str
    bold: bool = False
    italic: bool = False
    right: bool = False  # aligned right, whatever the style says


KINDS: Mapping[str, Kind] = MappingProxyType({
    "body": Kind("Normal"),
    "strong": Kind("Normal", bold=True),  # a label
    "claim": Kind("Claim"),  # a claim of the outline, kept with its checks
    "note": Kind("Report Note"),  # bylines, checks, legends
    "query": Kind("Query"),  # a line of the title block
    "caption": Kind("Table Caption"),  # over a table or a part of one
    "subtitle": Kind("Subtitle"),  # what the document is, under its title
    "quote": Kind("Quote"),  # kept with the citation under it
    "citation": Kind("Citation"),  # "— site, role, source, wave" under a quotation
    "bullet": Kind("List Bullet"),
    "number": Kind("List Number"),
})


@dataclass(frozen=True)
class Styles:
    """Where every export's look comes from. `template`: a Word document or template whose
    styles, fonts and page every export starts from (None: CaseCoder's, coder.reports.template)."""

    template: Path | None = None
    body: str = "Normal"
    title: str = "Title"
    heading: str = "Heading {level}"
    table: str = "Table Grid"
    kinds: Mapping[str, Kind] = field(default_factory=lambda: KINDS)

    def kind(self, name: str) -> Kind:
        try:
            return self.kinds[name]
        except KeyError:
            raise ValueError(f"no paragraph kind {name!r}: one of {', '.join(self.kinds)}") from None

    def heading_kind(self, level: int) -> Kind:
        """Level 0 is the document's title, 1-9 Word's headings (its navigation pane's levels)."""
        if not 0 <= level <= 9:
            raise ValueError(f"a heading level is 0 to 9, not {level}")
        return Kind(self.title if level == 0 else self.heading.format(level=level))


DEFAULT = Styles()
