"""Crosstabs of codes by any attribute (`crosstab`), the data run of chosen cells
(`crosstab --cell`), and the espoused-vs-enacted comparison inside each site (`espoused`)."""

from __future__ import annotations

import sys

from .commands_compare import items_of, scope_of, write_each
from .commands_runs import add_scope, add_speakers
from .common import add_json, add_study, add_word, open_study, word_options
from .output import emit


def register(sub) -> None:
    register_crosstab(sub)
    register_espoused(sub)


def register_crosstab(sub) -> None:
    p = sub.add_parser("crosstab", help="codes (or sections, themes) by any attribute: role, wave, site, coder…")
    add_study(p)
    p.add_argument("--cols", required=True, metavar="ATTRIBUTE[,ATTRIBUTE]",
                   help="role, wave, phase, type, district, site, coder, speaker (whose turn a passage "
                        "begins in) or an attribute of the study; two or more, comma-separated, combine "
                        "(wave,role: each role within each wave)")
    p.add_argument("--rows", choices=["codes", "sections", "themes"], default="codes")
    p.add_argument("--item", action="append", metavar="PATH", help="only these rows (repeatable; default: all)")
    p.add_argument("--descendants", action="store_true", help="count each code's sub-codes with it")
    add_scope(p)
    add_speakers(p)
    p.add_argument("--csv", metavar="OUT", help="write the table as CSV")
    p.add_argument("--xlsx", metavar="OUT", help="write the table to Excel (passages; sources coded of each column's)")
    p.add_argument("--chart", metavar="OUT", help="draw the table as bars, to OUT.png or OUT.svg")
    p.add_argument("--docx", metavar="OUT", help="write the table and its chart to Word, headed by what was counted")
    p.add_argument("--stacked", action="store_true", help="with --chart: one bar per row, its columns stacked")
    add_word(p)
    add_json(p)
    p.add_argument("--cell", nargs=2, action="append", metavar=("ROW", "COLUMN"),
                   help="print the data run of this cell instead of the table (repeatable: one run of the "
                        "cells chosen, as a selection in the window makes)")
    p.set_defaults(handler=cmd_crosstab)


def cmd_crosstab(args) -> int:
    from ..coding.run_spec import describe_text
    from ..compare.crosstabs import crosstab
    from ..reports.charts import crosstab_chart
    from ..reports.crosstab import crosstab_csv, write_crosstab_csv, write_crosstab_docx, write_crosstab_xlsx
    from ..store.words import plural

    with open_study(args, reading=True) as study:
        scope = scope_of(study, args)
        table = crosstab(study, [c for c in args.cols.split(",") if c.strip()], rows=args.rows,
                         items=items_of(study, args.rows, args.item), descendants=args.descendants, scope=scope)
        if args.cell:
            return _print_cells(study, table, scope, args)
        about = describe_text(study, scope)
        said = f"{plural(len(table.rows), 'row')} × {plural(len(table.cols), 'column')}"
        written = write_each([
            (args.csv, lambda o: write_crosstab_csv(table, o, about), said),
            (args.xlsx, lambda o: write_crosstab_xlsx(table, o, about), said),
            (args.chart, lambda o: crosstab_chart(table, o, stacked=args.stacked), said),
            (args.docx, lambda o: write_crosstab_docx(study, table, o, scope=scope, stacked=args.stacked,
                                                      options=word_options(args)), said)], args.json)
    if args.json:
        emit(table.records())
    elif not written:
        sys.stdout.write(crosstab_csv(table, about))
    return 0


def _print_cells(study, table, scope, args) -> int:
    """--cell ROW COLUMN...: the one data run of those cells, as `casecoder run` prints a run."""
    from ..coding.run_spec import describe_text
    from ..compare.cells import cells_run
    from ..store.errors import ConflictError
    from .output import segments_json, segments_text

    chosen = [(items_of(study, args.rows, [row])[0], col) for row, col in args.cell]
    for (_key, col), (row, _col) in zip(chosen, args.cell, strict=True):
        if col not in table.cols:
            raise ConflictError(f"no column {col!r} in this crosstab of {' · '.join(table.by)} "
                                f"(its columns: {', '.join(table.cols)}); the row was {row!r}")
    run = cells_run(study, table, chosen, rows=args.rows, descendants=args.descendants, scope=scope)
    segments = study.runs.run(run.spec)
    if args.json:
        emit(segments_json(segments))
        return 0
    print(f"# {describe_text(study, run.spec)}")
    for note in run.notes:
        print(f"# {note}")
    print(segments_text(segments))
    return 0


def register_espoused(sub) -> None:
    p = sub.add_parser("espoused", help="inside each site, what leaders say beside what teachers say, code by code")
    add_study(p)
    p.add_argument("--item", action="append", metavar="PATH", help="only these codes (repeatable; default: the "
                                                                   "top-level codes with their sub-codes)")
    p.add_argument("--own", action="store_true", help="count each code alone, not with its sub-codes")
    p.add_argument("--leader", action="append", metavar="ROLE",
                   help="a leaders' role (repeatable; default: principals, assistant principals, coaches, "
                        "teacher leaders and other leadership roles of the study)")
    p.add_argument("--teacher", action="append", metavar="ROLE",
                   help="a teachers' role (repeatable; default: teachers and aides)")
    p.add_argument("--all", action="store_true", help="list codes where neither side speaks too")
    add_scope(p)
    p.add_argument("--docx", metavar="OUT", help="write the passages side by side to Word, site by site")
    add_word(p)
    add_json(p)
    p.set_defaults(handler=cmd_espoused)


def cmd_espoused(args) -> int:
    from ..compare.espoused import espoused_enacted
    from ..reports.espoused import write_espoused_docx
    from ..store.words import plural

    with open_study(args, reading=True) as study:
        scope = scope_of(study, args)
        comparison = espoused_enacted(study, items=items_of(study, "codes", args.item), descendants=not args.own,
                                      scope=scope, leaders=args.leader, teachers=args.teacher, keep_empty=args.all)
        if args.docx:
            write_espoused_docx(study, comparison, args.docx, scope=scope, descendants=not args.own,
                                options=word_options(args))
    if args.json:
        emit(comparison.records())
        return 0
    if args.docx:
        sites = len({p.site for p in comparison.pairs})
        print(f"wrote {args.docx}: {plural(len(comparison.pairs), 'code')} side by side in {plural(sites, 'site')}")
        return 0
    print(f"# Leaders: {', '.join(comparison.leaders)} · Teachers: {', '.join(comparison.teachers)}")
    site = None
    for pair in comparison.pairs:
        if pair.site != site:
            site = pair.site
            print(f"\n{site}")
        silent = f"  ← the {pair.silent_side} say nothing" if pair.silent_side else ""
        print(f"  {pair.code:<50} leaders {pair.leaders.passages:>3} ({plural(len(pair.leaders.sources), 'source')})  "
              f"teachers {pair.teachers.passages:>3} ({plural(len(pair.teachers.sources), 'source')}){silent}")
    return 0
