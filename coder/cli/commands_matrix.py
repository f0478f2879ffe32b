"""`casecoder matrix`: a pattern table (sites x codes, sections or themes) as JSON, CSV, XLSX or
Word; `--table NAME` saves its definition, or exports the saved one. `casecoder cell`: write a
saved table's cell summary (or start it from the site memo) and pin or unpin quotations."""

from __future__ import annotations

from pathlib import Path

from ..store.errors import ConflictError
from .common import add_json, add_study, add_waves, add_word, open_study, word_options
from .output import emit


def register(sub) -> None:
    p = sub.add_parser("matrix", help="a pattern table: sites down, codes, sections or themes across")
    add_study(p)
    p.add_argument("--rows", choices=["sites"], default="sites", help="the rows (sites, grouped by district)")
    p.add_argument("--cols", choices=["codes", "sections", "themes"],
                   help="the kind of column (codes when only --column is given)")
    p.add_argument("--column", "--item", dest="item", action="append", default=[], metavar="COLUMN",
                   help="a column: a code path, section or theme (repeatable, in this order; default: all of the kind)")
    p.add_argument("--descendants", action="store_true", help="count each code with its sub-codes")
    add_waves(p)
    p.add_argument("--role", action="append", default=[], help="only this respondent role (repeatable: any of them)")
    p.add_argument("--type", action="append", default=[], choices=["interview", "observation", "artifact"],
                   help="only this source type (repeatable: any of them)")
    p.add_argument("--order-by", metavar="ATTRIBUTE", help="order sites within a district by a case attribute")
    p.add_argument("--coder", metavar="NAME", help="count only this coder's passages (default: every coder's, "
                                                   "a passage coded by several counted once)")
    p.add_argument("--table", metavar="NAME", help="save the table under NAME (or, without --cols, export it)")
    p.add_argument("--view", choices=["counts", "text"], default="counts",
                   help="CSV and Word cells: passage counts, or summaries and pinned quotations")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--csv", metavar="OUT")
    out.add_argument("--xlsx", metavar="OUT")
    out.add_argument("--docx", metavar="OUT")
    out.add_argument("--json", action="store_true")
    add_word(p, tables=True)
    p.set_defaults(handler=cmd_matrix)

    c = sub.add_parser("cell", help="a saved pattern table's cell: its summary and pinned quotations")
    add_study(c)
    c.add_argument("--table", required=True, metavar="NAME", help="the saved table")
    c.add_argument("--site", required=True, help="the row: a site name or id")
    c.add_argument("--col", required=True, metavar="ITEM", help="the column: a code path, section or theme")
    what = c.add_mutually_exclusive_group()
    what.add_argument("--summary", metavar="TEXT", help="write the cell's summary ('' clears it)")
    what.add_argument("--from-memo", action="store_true", help="start the summary from the site memo's section")
    what.add_argument("--pin", metavar="CODING_ID", help="pin a coded segment of that site to the cell")
    what.add_argument("--unpin", metavar="QUOTE_ID", help="unpin a quotation")
    add_json(c)  # the cell is always printed as JSON
    c.set_defaults(handler=cmd_cell)


def cmd_matrix(args) -> int:
    from ..crosssite.pattern_tables import build_table, resolve_items, save_table, saved_spec
    from ..reports.pattern import export_table, table_json

    with open_study(args, reading=not (args.table and (args.cols or args.item))) as study:
        if args.cols or args.item:
            cols = args.cols or "codes"
            spec = {"cols": cols, "items": resolve_items(study, cols, args.item or None),
                    "descendants": args.descendants, "waves": args.wave, "roles": args.role, "types": args.type,
                    "order_by": args.order_by, "coder": args.coder}
            if args.table:
                save_table(study, args.table, spec)
        elif args.table:
            spec = saved_spec(study, args.table)
            if args.coder:
                spec = {**spec, "coder": args.coder}
        else:
            raise ConflictError("choose the columns with --cols or --column (or name a saved table with --table)")
        table = build_table(study, **spec)
        if table.missing:
            import sys

            print(f"casecoder: note: {len(table.missing)} column(s) of this table no longer exist and are left out",
                  file=sys.stderr)
        if args.json:
            emit(table_json(table, study.cells.notes(args.table) if args.table else {}, study.memos.citation))
        else:
            kind = "csv" if args.csv else "xlsx" if args.xlsx else "docx"
            out = export_table(study, table, Path(args.csv or args.xlsx or args.docx), kind, name=args.table,
                               view=args.view, spec=spec, options=word_options(args))
            print(f"wrote {out}: {len(table.rows)} sites × {len(table.columns)} columns")
    return 0


def column_key(study, table: str, item: str) -> str:
    """The key of a saved table's column named by a code path, section name or theme path."""
    from ..crosssite.pattern_tables import saved_spec

    cols = saved_spec(study, table).get("cols", "codes")
    if cols == "codes":
        return study.codes.find(item).id
    if cols == "sections":
        return study.sections.find(item).id
    return study.cross_outline.find(item).id


def cmd_cell(args) -> int:
    with open_study(args) as study:
        site = study.cases.find(args.site)
        key = column_key(study, args.table, args.col)
        cells = study.cells
        if args.from_memo:
            cells.set_summary(table=args.table, site_id=site.id, key=key,
                              text=cells.memo_start(args.table, site.id, key))
        elif args.summary is not None:
            cells.set_summary(table=args.table, site_id=site.id, key=key, text=args.summary)
        elif args.pin:
            cells.pin(table=args.table, site_id=site.id, key=key, coding_id=args.pin)
        elif args.unpin:
            cells.unpin(quote_id=args.unpin)
        notes = cells.cell(args.table, site.id, key)
        emit({"site": site.name, "column": args.col, "summary": notes.summary,
              "quotes": [{"id": q.id, "quote": q.quote, "citation": study.memos.citation(q.source_id)}
                         for q in notes.quotes]})
    return 0
