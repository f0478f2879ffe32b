"""Word frequencies and keyness as files: every word with its count and the sources using it
(CSV), and for a report the most frequent words, or the words one scope uses more than another,
with the query stated and a chart under the table (Word)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .grids import save_csv


def words_csv(counts, *, lemma: bool) -> str:
    from ..store.characters import csv_row

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["lemma" if lemma else "word", "count", "sources"])
    for c in counts:
        writer.writerow(csv_row([c.word, c.count, c.sources]))
    return out.getvalue()


def write_words_csv(counts, out: str | Path, *, lemma: bool) -> Path:
    return save_csv(words_csv(counts, lemma=lemma), out)


def _counted(lemma: bool, min_length: int, leave_out, respondents: bool = True) -> str:
    what = "lemmas (teacher, teachers: one)" if lemma else "word forms"
    left = f"; also left out: {', '.join(sorted(leave_out))}" if leave_out else ""
    whose = "the respondents' words (interviewers' turns, " if respondents else "every speaker's words ("
    return (f"{what} of {min_length} letters or more in {whose}speaker labels and [notes] left out), "
            f"stop words left out{left}")


def write_words_docx(study, counts, out: str | Path, *, lemma: bool = False, scope=None, top: int = 50,
                     min_length: int = 3, leave_out=(), sources_in_scope: int | None = None, chart: bool = True,
                     respondents: bool = True, options=None) -> Path:
    """The `top` words, each with its count and the share of the scope's sources using it."""
    from ..coding.run_spec import describe
    from .charts import frequency_chart
    from .compare_docx import write_table_docx

    shown = list(counts)[:top] if top else list(counts)
    total = sources_in_scope
    rows = [[c.word, c.count, f"{c.sources} of {total}" if total else c.sources] for c in shown]
    title = "Lemma frequencies" if lemma else "Word frequencies"
    return write_table_docx(
        study, out, title=title, what=f"The {len(shown)} most frequent of {len(counts):,}",
        query=[*(describe(study, scope) if scope is not None else []),
               ("Counted", _counted(lemma, min_length, leave_out, respondents)),
               ("Occurrences", f"{sum(c.count for c in counts):,}")],
        header=["lemma" if lemma else "word", "occurrences", "sources using it"], rows=rows, counts=(1, 2),
        lead=(2.2,), chart=(lambda path: frequency_chart(shown, path, top=min(25, len(shown)))) if chart else None,
        options=options)


def write_keyness_docx(study, ranked, out: str | Path, *, here: str, there: str, here_scope=None, there_scope=None,
                       lemma: bool = False, top: int = 30, chart: bool = True, respondents: bool = True,
                       options=None) -> Path:
    """The words `here` uses more than `there` and less, by Dunning's log-likelihood (G²)."""
    from ..coding.run_spec import describe_text
    from .charts import keyness_chart
    from .compare_docx import write_table_docx

    shown = list(ranked)[:top] if top else list(ranked)
    rows = [[k.word, k.here, k.there, f"{abs(k.log_likelihood):.1f}", here if k.more_here else there] for k in shown]
    return write_table_docx(
        study, out, title=f"Keyness: {here} against {there}", what="Words one scope uses more than another",
        query=[("Here", describe_text(study, here_scope) if here_scope is not None else here),
               ("There", describe_text(study, there_scope) if there_scope is not None else there),
               ("Counted", _counted(lemma, 3, (), respondents)),
               ("G²", "Dunning's log-likelihood; 3.84 is p < 0.05, 10.83 is p < 0.001")],
        header=["word", f"in {here}", f"in {there}", "G²", "more in"], rows=rows, counts=(1, 2, 3), lead=(1.8,),
        chart=(lambda path: keyness_chart(ranked, path, here=here, there=there)) if chart else None,
        options=options)


def write_keyness_csv(ranked, out: str | Path, *, here: str, there: str) -> Path:
    from ..store.characters import csv_row

    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["word", f"in {here}", f"in {there}", "G2", "more in"])
    for k in ranked:
        writer.writerow(csv_row([k.word, k.here, k.there, round(abs(k.log_likelihood), 2),
                                 here if k.more_here else there]))
    return save_csv(text.getvalue(), out)
