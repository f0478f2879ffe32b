"""Commands that compare: crosstabs of codes by any attribute (`crosstab`), code co-occurrence
(`cooccur`)."""

from __future__ import annotations

import sys

from ..coding.run_spec import RunSpec
from .common import add_json, add_study, add_waves, open_study
from .output import emit


def _add_scope(p) -> None:
    """The data run's filters, each repeatable: the scope the comparison is made in."""
    p.add_argument("--district", action="append", default=[], help="only this district (repeatable)")
    p.add_argument("--site", action="append", default=[], help="only this site (repeatable)")
    p.add_argument("--role", action="append", default=[], help="only this respondent role (repeatable)")
    add_waves(p)
    p.add_argument("--type", action="append", default=[], choices=["interview", "observation", "artifact"],
                   help="only this source type (repeatable)")
    p.add_argument("--coder", action="append", default=[], help="only this coder's codings (repeatable)")
    p.add_argument("--attr", action="append", default=[], metavar="KEY=VALUE",
                   help="a case or source attribute's value (repeatable)")
    p.add_argument("--set", metavar="NAME", help="only the sources of this set")


def register(sub) -> None:
    p = sub.add_parser("crosstab", help="codes (or sections, themes) by any attribute: role, wave, site, coder…")
    add_study(p)
    p.add_argument("--cols", required=True, metavar="ATTRIBUTE[,ATTRIBUTE]",
                   help="role, wave, phase, type, district, site, coder or an attribute of the study; two or "
                        "more, comma-separated, combine (wave,role: each role within each wave)")
    p.add_argument("--rows", choices=["codes", "sections", "themes"], default="codes")
    p.add_argument("--item", action="append", metavar="PATH", help="only these rows (repeatable; default: all)")
    p.add_argument("--descendants", action="store_true", help="count each code's sub-codes with it")
    _add_scope(p)
    p.add_argument("--csv", metavar="OUT", help="write the table as CSV")
    p.add_argument("--xlsx", metavar="OUT", help="write the table to Excel (passages; sources coded of each column's)")
    add_json(p)
    p.set_defaults(handler=cmd_crosstab)

    p = sub.add_parser("cooccur", help="code co-occurrence: passages of each code that meet another's")
    add_study(p)
    p.add_argument("--item", action="append", metavar="PATH", help="only these codes (repeatable; default: all)")
    p.add_argument("--descendants", action="store_true", help="count each code's sub-codes with it")
    p.add_argument("--scope", choices=["overlap", "turn", "source"], default="overlap",
                   help="meeting means overlapping (default), in the same speaker turn, or in the same source")
    p.add_argument("--within", type=int, metavar="N", help="with overlap: codings at most N characters apart meet")
    _add_scope(p)
    p.add_argument("--csv", metavar="OUT", help="write the code × code table as CSV")
    p.add_argument("--xlsx", metavar="OUT", help="write the table and the c-coefficients to Excel")
    add_json(p)
    p.set_defaults(handler=cmd_cooccur)


def scope_of(study, args) -> RunSpec:
    from .commands_runs import _filters

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
        table = crosstab(study, [c for c in args.cols.split(",") if c.strip()], rows=args.rows,
                         items=_items(study, args.rows, args.item), descendants=args.descendants,
                         scope=scope_of(study, args))
    for out, write in ((args.csv, write_crosstab_csv), (args.xlsx, write_crosstab_xlsx)):
        if out:
            write(table, out)
            if not args.json:
                print(f"wrote {out}: {len(table.rows)} rows × {len(table.cols)} columns")
    if args.json:
        emit(table.records())
    elif not (args.csv or args.xlsx):
        sys.stdout.write(crosstab_csv(table))
    return 0


def cmd_cooccur(args) -> int:
    from ..compare.cooccurrence import cooccurrence
    from ..reports.cooccurrence import cooccurrence_csv, write_cooccurrence_csv, write_cooccurrence_xlsx

    with open_study(args, reading=True) as study:
        table = cooccurrence(study, items=_items(study, "codes", args.item), descendants=args.descendants,
                             scope=args.scope, within=args.within, filters=scope_of(study, args))
    for out, write in ((args.csv, write_cooccurrence_csv), (args.xlsx, write_cooccurrence_xlsx)):
        if out:
            write(table, out)
            if not args.json:
                print(f"wrote {out}: {len(table.codes)} codes, {len(table.records())} pairs that meet")
    if args.json:
        emit(table.records())
    elif not (args.csv or args.xlsx):
        sys.stdout.write(cooccurrence_csv(table))
    return 0
