"""Keeping a study whole: check it (and rebuild what is derived)."""

from __future__ import annotations

from .common import add_json, add_study, open_study
from .output import emit


def register(sub) -> None:
    p = sub.add_parser("check", help="check the study's integrity and consistency; exit 1 when a problem is found")
    add_study(p)
    p.add_argument("--repair", action="store_true",
                   help="rebuild what is derived (per-site counts, search indexes, text lengths) first")
    add_json(p)
    p.set_defaults(handler=cmd_check)


def cmd_check(args) -> int:
    from ..check import check_study

    with open_study(args) as study:
        report = check_study(study.conn, repair=args.repair)
    if args.json:
        emit(report)
    else:
        for done in report["repaired"]:
            print(f"repaired: {done}")
        for problem in report["problems"]:
            print(f"{problem['kind']}: {problem['count']}" + (" (repairable with --repair)"
                                                              if problem["repairable"] else ""))
            for example in problem["examples"][:10]:
                print(f"    {example}")
        if report["ok"]:
            print(f"{args.study}: no problems found")
    return 0 if report["ok"] else 1
