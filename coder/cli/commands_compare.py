"""Commands that compare: code co-occurrence (`cooccur`), word frequencies (`words`), keyness
(`keyness`) and keywords in context (`kwic`); crosstabs are commands_crosstab's."""

from __future__ import annotations

import sys

from ..coding.run_spec import RunSpec
from .commands_runs import _filters, add_scope
from .common import add_json, add_study, add_word, open_study, word_options
from .output import emit


def register(sub) -> None:
    p = sub.add_parser("cooccur", help="code co-occurrence: passages of each code that meet another's")
    add_study(p)
    p.add_argument("--item", action="append", metavar="PATH", help="only these codes (repeatable; default: all)")
    p.add_argument("--descendants", action="store_true", help="count each code's sub-codes with it")
    p.add_argument("--scope", choices=["overlap", "turn", "source"], default="overlap",
                   help="meeting means overlapping (default), in the same speaker turn, or in the same source")
    p.add_argument("--within", type=int, metavar="N", help="with overlap: codings at most N characters apart meet")
    add_scope(p)
    p.add_argument("--csv", metavar="OUT", help="write the code × code table as CSV")
    p.add_argument("--xlsx", metavar="OUT", help="write the table and the c-coefficients to Excel")
    p.add_argument("--chart", metavar="OUT", help="draw the codes as a network, to OUT.png or OUT.svg")
    p.add_argument("--docx", metavar="OUT", help="write the pairs that meet and the network to Word, headed by the "
                                                 "query")
    add_word(p)
    add_json(p)
    p.set_defaults(handler=cmd_cooccur)

    p = sub.add_parser("words", help="word (or lemma) frequencies in any scope or data run")
    add_study(p)
    p.add_argument("--lemma", action="store_true", help="count lemmas (teacher, teachers: one) instead of word forms")
    p.add_argument("--top", type=int, default=50, help="how many words (default 50; 0 for all)")
    p.add_argument("--min-length", type=int, default=3, help="leave out shorter words (default 3)")
    p.add_argument("--leave-out", action="append", default=[], metavar="WORD",
                   help="a word to leave out besides the stop words (repeatable, or comma-separated)")
    p.add_argument("--code", action="append", default=[], metavar="PATH",
                   help="count only the words of this code's segments (repeatable: any of them)")
    p.add_argument("--descendants", action="store_true", help="with --code: its sub-codes' segments too")
    add_scope(p)
    p.add_argument("--with-interviewers", dest="respondents", action="store_false",
                   help="count the interviewers' turns too (by default only the respondents' words count)")
    p.add_argument("--csv", metavar="OUT", help="write every word with its count and sources as CSV")
    p.add_argument("--chart", metavar="OUT", help="draw the top words (at most 25) as bars, to OUT.png or OUT.svg")
    p.add_argument("--docx", metavar="OUT", help="write the top words and their chart to Word, headed by the query")
    add_word(p)
    add_json(p)
    p.set_defaults(handler=cmd_words)

    p = sub.add_parser("keyness", help="words used more in one scope than another (log-likelihood)")
    add_study(p)
    p.add_argument("--here", action="append", required=True, metavar="KEY=VALUE",
                   help="the scope to describe: role=teacher, wave=2, type=interview, site=NAME, district=NAME, "
                        "coder=NAME or an attribute (repeatable: all apply)")
    p.add_argument("--there", action="append", required=True, metavar="KEY=VALUE",
                   help="the scope to compare it with, written the same way")
    p.add_argument("--lemma", action="store_true", help="compare lemmas instead of word forms")
    p.add_argument("--top", type=int, default=30, help="how many words (default 30; 0 for all)")
    p.add_argument("--with-interviewers", dest="respondents", action="store_false",
                   help="count the interviewers' turns too (by default only the respondents' words count)")
    p.add_argument("--min-length", type=int, default=3)
    p.add_argument("--chart", metavar="OUT", help="draw each side's strongest words as bars, to OUT.png or OUT.svg")
    p.add_argument("--docx", metavar="OUT", help="write the words and their chart to Word, headed by the query")
    add_word(p)
    add_json(p)
    p.set_defaults(handler=cmd_keyness)

    p = sub.add_parser("kwic", help="keywords in context: every occurrence of a word with its context")
    add_study(p)
    p.add_argument("word", metavar="WORD")
    p.add_argument("--lemma", action="store_true", help="every form of the word's lemma")
    p.add_argument("--with-interviewers", dest="respondents", action="store_false",
                   help="count the interviewers' turns too (by default only the respondents' words count)")
    p.add_argument("--width", type=int, default=40, help="characters of context each side (default 40)")
    p.add_argument("--code", action="append", default=[], metavar="PATH", help="only in this code's segments")
    p.add_argument("--descendants", action="store_true", help="with --code: its sub-codes' segments too")
    add_scope(p)
    add_json(p)
    p.set_defaults(handler=cmd_kwic)


def write_each(outputs, quiet: bool) -> bool:
    """(OUT or None, write(OUT), what it holds) for each file asked for: write it and say so
    (unless stdout carries the data: `quiet`); True when any was asked for."""
    for out, write, said in outputs:
        if out:
            write(out)
            if not quiet:
                print(f"wrote {out}: {said}")
    return any(out for out, _w, _s in outputs)


def scope_of(study, args) -> RunSpec:
    return RunSpec(codes=[], **_filters(study, args))


def items_of(study, rows: str, refs: list[str] | None) -> list[str] | None:
    if not refs:
        return None
    if rows == "codes":
        return [study.codes.find(r).id for r in refs]
    if rows == "sections":
        return [study.sections.find(r).id for r in refs]
    return [study.cross_outline.find(r).id for r in refs]


def cmd_cooccur(args) -> int:
    from ..compare.cooccurrence import cooccurrence
    from ..reports.charts import network_chart
    from ..reports.cooccurrence import (
        cooccurrence_csv,
        write_cooccurrence_csv,
        write_cooccurrence_docx,
        write_cooccurrence_xlsx,
    )

    with open_study(args, reading=True) as study:
        filters = scope_of(study, args)
        table = cooccurrence(study, items=items_of(study, "codes", args.item), descendants=args.descendants,
                             scope=args.scope, within=args.within, filters=filters)
        said = f"{len(table.codes)} codes, {len(table.records())} pairs that meet"
        written = write_each([
            (args.csv, lambda o: write_cooccurrence_csv(table, o), said),
            (args.xlsx, lambda o: write_cooccurrence_xlsx(table, o), said),
            (args.chart, lambda o: network_chart(table, o), said),
            (args.docx, lambda o: write_cooccurrence_docx(study, table, o, filters=filters, options=word_options(args)),
             said)], args.json)
    if args.json:
        emit(table.records())
    elif not written:
        sys.stdout.write(cooccurrence_csv(table))
    return 0


def _run_scope(study, args) -> RunSpec:
    scope = scope_of(study, args)
    scope.codes = [study.codes.find(c).id for c in args.code]
    scope.descendants = args.descendants
    return scope


def cmd_words(args) -> int:
    from ..compare.words import frequencies, sources_in
    from ..reports.charts import frequency_chart
    from ..reports.words import write_words_csv, write_words_docx

    leave_out = {w.strip() for item in args.leave_out for w in item.split(",") if w.strip()}
    what = "lemmas" if args.lemma else "words"
    with open_study(args, reading=True) as study:
        scope = _run_scope(study, args)
        counts = frequencies(study, lemma=args.lemma, scope=scope, min_length=args.min_length, leave_out=leave_out,
                             respondents=args.respondents)
        shown = counts[:args.top] if args.top else counts
        written = write_each([
            (args.csv, lambda o: write_words_csv(counts, o, lemma=args.lemma), f"{len(counts)} {what}"),
            (args.chart, lambda o: frequency_chart(shown, o, top=min(25, len(shown))),
             f"the top {min(25, len(shown))} {what}"),
            (args.docx, lambda o: write_words_docx(study, counts, o, lemma=args.lemma, scope=scope, top=args.top,
                                                   min_length=args.min_length, leave_out=leave_out,
                                                   sources_in_scope=sources_in(study, scope),
                                                   respondents=args.respondents, options=word_options(args)),
             f"the top {len(shown)} {what}")],
            args.json)
    if args.json:
        emit([{"word": c.word, "count": c.count, "sources": c.sources} for c in shown])
    elif not written:
        if not shown:
            print(f"casecoder: no {what} in this scope", file=sys.stderr)
        for c in shown:
            print(f"{c.count:>7}  {c.sources:>5} sources  {c.word}")
    return 0


def cmd_kwic(args) -> int:
    from ..compare.words import kwic

    with open_study(args, reading=True) as study:
        lines = kwic(study, args.word, lemma=args.lemma, scope=_run_scope(study, args), width=args.width,
                     respondents=args.respondents)
    if args.json:
        emit([{"source": x.source_name, "start": x.start, "end": x.end, "left": x.left, "word": x.word,
               "right": x.right, "citation": x.citation} for x in lines])
    else:
        for x in lines:
            print(f"{x.left[-args.width:]:>{args.width}} [{x.word}] {x.right[:args.width]:<{args.width}}  "
                  f"— {x.citation}")
    return 0


def parse_scope(study, pairs: list[str]) -> RunSpec:
    """KEY=VALUE pairs as a data run's filters (role=teacher, wave=2, site=Alder Street Elementary)."""
    from ..store.errors import ConflictError

    spec = RunSpec(codes=[])
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not sep or not key or not value:
            raise ConflictError(f"{pair!r}: write KEY=VALUE, such as role=teacher")
        if key == "role":
            spec.roles.append(value)
        elif key == "wave":
            try:
                spec.waves.append(int(value))
            except ValueError:
                raise ConflictError(f"{pair!r}: a wave is a number") from None
        elif key == "type":
            spec.types.append(value)
        elif key == "coder":
            spec.coders.append(value)
        elif key in ("site", "district"):
            getattr(spec, key + "s").append(study.cases.find(value).id)
        else:
            spec.attrs.setdefault(key, []).append(value)
    return spec


def _named(pairs: list[str]) -> str:
    """A scope as a reader names it: its values ("teacher, wave 2"), not KEY=VALUE."""
    return ", ".join(f"wave {v.strip()}" if k.strip().lower() == "wave" else v.strip()
                     for k, _sep, v in (p.partition("=") for p in pairs))


def cmd_keyness(args) -> int:
    from ..compare.words import keyness
    from ..reports.charts import keyness_chart
    from ..reports.words import write_keyness_docx

    here, there = _named(args.here), _named(args.there)
    with open_study(args, reading=True) as study:
        here_scope, there_scope = parse_scope(study, args.here), parse_scope(study, args.there)
        ranked = keyness(study, here_scope, there_scope, lemma=args.lemma, min_length=args.min_length,
                         respondents=args.respondents)
        shown = ranked[:args.top] if args.top else ranked
        written = write_each([
            (args.chart, lambda o: keyness_chart(ranked, o, here=here, there=there), f"{len(shown)} words"),
            (args.docx, lambda o: write_keyness_docx(study, ranked, o, here=here, there=there, here_scope=here_scope,
                                                     there_scope=there_scope, lemma=args.lemma, top=args.top,
                                                     respondents=args.respondents, options=word_options(args)),
             f"{len(shown)} words")],
            args.json)
        if written and not args.json:
            return 0
    if args.json:
        emit([{"word": k.word, "here": k.here, "there": k.there, "g2": round(abs(k.log_likelihood), 2),
               "more_in": "here" if k.more_here else "there"} for k in shown])
    else:
        for k in shown:
            side = "here" if k.more_here else "there"
            print(f"{abs(k.log_likelihood):>8.1f}  more {side:<5}  {k.here:>6} : {k.there:<6} {k.word}")
    return 0
