"""Commands that compare: crosstabs of codes by any attribute (`crosstab`), code co-occurrence
(`cooccur`), word frequencies (`words`) and keywords in context (`kwic`)."""

from __future__ import annotations

import sys

from ..coding.run_spec import RunSpec
from .commands_runs import _filters, add_scope
from .common import add_json, add_study, add_word, open_study, word_options
from .output import emit


def register(sub) -> None:
    p = sub.add_parser("crosstab", help="codes (or sections, themes) by any attribute: role, wave, site, coder…")
    add_study(p)
    p.add_argument("--cols", required=True, metavar="ATTRIBUTE[,ATTRIBUTE]",
                   help="role, wave, phase, type, district, site, coder or an attribute of the study; two or "
                        "more, comma-separated, combine (wave,role: each role within each wave)")
    p.add_argument("--rows", choices=["codes", "sections", "themes"], default="codes")
    p.add_argument("--item", action="append", metavar="PATH", help="only these rows (repeatable; default: all)")
    p.add_argument("--descendants", action="store_true", help="count each code's sub-codes with it")
    add_scope(p)
    p.add_argument("--csv", metavar="OUT", help="write the table as CSV")
    p.add_argument("--xlsx", metavar="OUT", help="write the table to Excel (passages; sources coded of each column's)")
    p.add_argument("--chart", metavar="OUT", help="draw the table as bars, to OUT.png or OUT.svg")
    p.add_argument("--docx", metavar="OUT", help="write the table and its chart to Word, headed by what was counted")
    p.add_argument("--stacked", action="store_true", help="with --chart: one bar per row, its columns stacked")
    add_word(p)
    add_json(p)
    p.set_defaults(handler=cmd_crosstab)

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
    p.add_argument("--csv", metavar="OUT", help="write every word with its count and sources as CSV")
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
    p.add_argument("--min-length", type=int, default=3)
    add_json(p)
    p.set_defaults(handler=cmd_keyness)

    p = sub.add_parser("kwic", help="keywords in context: every occurrence of a word with its context")
    add_study(p)
    p.add_argument("word", metavar="WORD")
    p.add_argument("--lemma", action="store_true", help="every form of the word's lemma")
    p.add_argument("--width", type=int, default=40, help="characters of context each side (default 40)")
    p.add_argument("--code", action="append", default=[], metavar="PATH", help="only in this code's segments")
    p.add_argument("--descendants", action="store_true", help="with --code: its sub-codes' segments too")
    add_scope(p)
    add_json(p)
    p.set_defaults(handler=cmd_kwic)


def scope_of(study, args) -> RunSpec:
    return RunSpec(codes=[], **_filters(study, args))


def _items(study, rows: str, refs: list[str] | None) -> list[str] | None:
    if not refs:
        return None
    if rows == "codes":
        return [study.codes.find(r).id for r in refs]
    if rows == "sections":
        return [study.sections.find(r).id for r in refs]
    return [study.cross_outline.find(r).id for r in refs]


def cmd_crosstab(args) -> int:
    from ..compare.crosstabs import crosstab
    from ..reports.crosstab import crosstab_csv, write_crosstab_csv, write_crosstab_xlsx

    with open_study(args, reading=True) as study:
        scope = scope_of(study, args)
        table = crosstab(study, [c for c in args.cols.split(",") if c.strip()], rows=args.rows,
                         items=_items(study, args.rows, args.item), descendants=args.descendants, scope=scope)
    from ..reports.charts import crosstab_chart
    from ..reports.crosstab import write_crosstab_docx

    def word(table, out) -> None:
        with open_study(args, reading=True) as study:
            write_crosstab_docx(study, table, out, scope=scope, options=word_options(args))

    for out, write in ((args.csv, write_crosstab_csv), (args.xlsx, write_crosstab_xlsx),
                       (args.chart, lambda t, o: crosstab_chart(t, o, stacked=args.stacked)), (args.docx, word)):
        if out:
            write(table, out)
            if not args.json:
                print(f"wrote {out}: {len(table.rows)} rows × {len(table.cols)} columns")
    if args.json:
        emit(table.records())
    elif not (args.csv or args.xlsx or args.chart or args.docx):
        sys.stdout.write(crosstab_csv(table))
    return 0


def cmd_cooccur(args) -> int:
    from ..compare.cooccurrence import cooccurrence
    from ..reports.cooccurrence import cooccurrence_csv, write_cooccurrence_csv, write_cooccurrence_xlsx

    with open_study(args, reading=True) as study:
        table = cooccurrence(study, items=_items(study, "codes", args.item), descendants=args.descendants,
                             scope=args.scope, within=args.within, filters=scope_of(study, args))
    from ..reports.charts import network_chart

    for out, write in ((args.csv, write_cooccurrence_csv), (args.xlsx, write_cooccurrence_xlsx),
                       (args.chart, network_chart)):
        if out:
            write(table, out)
            if not args.json:
                print(f"wrote {out}: {len(table.codes)} codes, {len(table.records())} pairs that meet")
    if args.json:
        emit(table.records())
    elif not (args.csv or args.xlsx or args.chart):
        sys.stdout.write(cooccurrence_csv(table))
    return 0


def _run_scope(study, args) -> RunSpec:
    scope = scope_of(study, args)
    scope.codes = [study.codes.find(c).id for c in args.code]
    scope.descendants = args.descendants
    return scope


def cmd_words(args) -> int:
    import csv

    from ..compare.words import frequencies
    from ..store.characters import csv_row
    from ..store.files import save_atomically

    leave_out = {w.strip() for item in args.leave_out for w in item.split(",") if w.strip()}
    with open_study(args, reading=True) as study:
        counts = frequencies(study, lemma=args.lemma, scope=_run_scope(study, args), min_length=args.min_length,
                             leave_out=leave_out)
    shown = counts[:args.top] if args.top else counts
    if args.csv:
        def write(path: str) -> None:
            with open(path, "w", newline="", encoding="utf-8-sig") as f:
                writer = csv.writer(f)
                writer.writerow(["lemma" if args.lemma else "word", "count", "sources"])
                for c in counts:
                    writer.writerow(csv_row([c.word, c.count, c.sources]))

        save_atomically(args.csv, write)
        if not args.json:
            print(f"wrote {args.csv}: {len(counts)} {'lemmas' if args.lemma else 'words'}")
    if args.json:
        emit([{"word": c.word, "count": c.count, "sources": c.sources} for c in shown])
    elif not args.csv:
        for c in shown:
            print(f"{c.count:>7}  {c.sources:>5} sources  {c.word}")
    return 0


def cmd_kwic(args) -> int:
    from ..compare.words import kwic

    with open_study(args, reading=True) as study:
        lines = kwic(study, args.word, lemma=args.lemma, scope=_run_scope(study, args), width=args.width)
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


def cmd_keyness(args) -> int:
    from ..compare.words import keyness

    with open_study(args, reading=True) as study:
        ranked = keyness(study, parse_scope(study, args.here), parse_scope(study, args.there), lemma=args.lemma,
                         min_length=args.min_length)
    shown = ranked[:args.top] if args.top else ranked
    if args.json:
        emit([{"word": k.word, "here": k.here, "there": k.there, "g2": round(abs(k.log_likelihood), 2),
               "more_in": "here" if k.more_here else "there"} for k in shown])
    else:
        for k in shown:
            side = "here" if k.more_here else "there"
            print(f"{abs(k.log_likelihood):>8.1f}  more {side:<5}  {k.here:>6} : {k.there:<6} {k.word}")
    return 0
