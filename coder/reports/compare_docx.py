"""A compare table for a report, said once for every compare view's Word export (crosstab, code
co-occurrence, word frequencies, keyness): a title block that states the query — what was
counted, over which codes or words, in which scope — then the table, then its chart under it on
the same page, so a reader sees the numbers and the picture together.

Wide tables go on a landscape page so a column's heading is read whole, never broken a letter at
a time; the first columns get the room a code's path needs.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from .options import PLAIN, about, running


def write_table_docx(study, out: str | Path, *, title: str, what: str, query: Sequence[tuple[str, str]],
                     header: Sequence[str], rows: Sequence[Sequence], counts: Sequence[int] = (),
                     lead: Sequence[float] = (1.8,), chart: Callable[[Path], Path] | None = None, note: str = "",
                     options=None) -> Path:
    """`query`: (label, value) lines under the title; `rows`: the table's rows under `header`
    (columns in `counts` right-aligned; the first columns `lead` inches wide, the others sharing
    the rest); `chart(path)` draws the picture put under the table."""
    from .document import Document

    options = options or PLAIN
    doc = Document(template=options.template)
    doc.title_block(title, what, about(study, *query), running=running(study, title))
    least = [_least(h) for h in header[len(lead):]]  # a heading's longest word, whole
    if sum(lead) + sum(max(0.85, w) for w in least) > 6.5:
        doc.landscape()
    page = doc.text_width() / 914400  # inches
    grid = doc.table(list(header))
    for row in rows:
        grid.row(["" if v is None else str(v) for v in row], counts=tuple(counts), whole=True)
    grid.widths(_widths(page, list(lead), least))
    if note:
        doc.paragraph(note)
    if chart is not None and rows:
        doc.paragraph("")
        with tempfile.TemporaryDirectory() as scratch:
            picture = chart(Path(scratch) / "chart.png")
            doc.picture(picture, width=min(page, 6.5))
    return doc.save(out)


def _least(heading: str) -> float:
    """Inches a column needs so the longest word of its bold heading is not broken."""
    return 0.08 * max((len(w) for w in str(heading).split()), default=1) + 0.16


def _widths(page: float, lead: list[float], least: list[float]) -> list[float]:
    """The leading columns as asked, the others sharing the rest alike but each at least as wide
    as its heading's longest word; when that is more than the page holds the leading columns
    give way first (never below an inch and a quarter)."""
    even = max(0.55, (page - sum(lead)) / max(1, len(least)))
    others = [max(even, w) for w in least]
    over = sum(lead) + sum(others) - page
    if over > 0 and lead:
        room = sum(max(0.0, w - 1.25) for w in lead)
        cut = min(over, room)
        lead = [w - cut * max(0.0, w - 1.25) / room for w in lead] if room else lead
    return [*lead, *others]
