"""`casecoder matrix`: a pattern table (sites x codes, sections or themes) as JSON, CSV, XLSX or
Word; `--table NAME` saves its definition, or exports the saved one."""

from __future__ import annotations

from pathlib import Path

from ..errors import ConflictError
from .common import add_study, open_study
from .output import emit


def register(sub) -> None:
    p = sub.add_parser("matrix", help="a pattern table: sites down, codes, sections or themes across")
    add_study(p)
    p.add_argument("--rows", choices=["sites"], default="sites", help="the rows (sites, grouped by district)")
    p.add_argument("--cols", choices=["codes", "sections", "themes"], help="the columns")
    p.add_argument("--item", action="append", default=[], help="only this code path, section or theme (repeatable)")
    p.add_argument("--descendants", action="store_true", help="count each code with its sub-codes")
    p.add_argument("--wave", action="append", default=[], type=int)
    p.add_argument("--role", action="append", default=[])
    p.add_argument("--type", action="append", default=[], choices=["interview", "observation", "artifact"])
    p.add_argument("--order-by", metavar="ATTRIBUTE", help="order sites within a district by a case attribute")
    p.add_argument("--table", metavar="NAME", help="save the table under NAME (or, without --cols, export it)")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--csv", metavar="OUT")
    out.add_argument("--xlsx", metavar="OUT")
    out.add_argument("--docx", metavar="OUT")
    out.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_matrix)


def cmd_matrix(args) -> int:
    from ..pattern_tables import (
        build_table,
        save_table,
        saved_spec,
        table_csv,
        table_json,
        write_docx,
        write_xlsx,
    )

    with open_study(args) as study:
        if args.cols:
            spec = {"cols": args.cols, "items": args.item or None, "descendants": args.descendants,
                    "waves": args.wave, "roles": args.role, "types": args.type, "order_by": args.order_by}
            if args.table:
                save_table(study, args.table, spec)
        elif args.table:
            spec = saved_spec(study, args.table)
        else:
            raise ConflictError("choose the columns with --cols (or name a saved table with --table)")
        table = build_table(study, **spec)
        if args.json:
            emit(table_json(table))
        elif args.csv:
            Path(args.csv).write_text(table_csv(table), encoding="utf-8")
        elif args.xlsx:
            write_xlsx(table, args.xlsx)
        else:
            write_docx(table, args.docx, title=args.table or "Pattern table")
    return 0
