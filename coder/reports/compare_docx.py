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
    others = max(1, len(header) - len(lead))
    if sum(lead) + 0.85 * others > 6.5:
        doc.landscape()
    page = doc.text_width() / 914400  # inches
    grid = doc.table(list(header))
    for row in rows:
        grid.row(["" if v is None else str(v) for v in row], counts=tuple(counts))
    rest = max(0.55, (page - sum(lead)) / others)
    grid.widths([*lead, *[rest] * others])
    if note:
        doc.paragraph(note)
    if chart is not None and rows:
        doc.paragraph("")
        with tempfile.TemporaryDirectory() as scratch:
            picture = chart(Path(scratch) / "chart.png")
            doc.picture(picture, width=min(page, 6.5))
    return doc.save(out)
