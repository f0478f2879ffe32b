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

    p = sub.add_parser("backup", help="back the study up (rotating, in your data folder), list or restore backups")
    add_study(p)
    p.add_argument("--to", metavar="DIR", help="write the backup to DIR instead (kept, never rotated away)")
    p.add_argument("--list", action="store_true", help="list the study's backups, newest first")
    p.add_argument("--restore", metavar="BACKUP", help="replace the study with this backup (backing it up first)")
    add_json(p)
    p.set_defaults(handler=cmd_backup)


def cmd_backup(args) -> int:
    from pathlib import Path

    from ..backup import KEEP, list_backups, make_backup, restore_backup
    from ..errors import NotAStudyError

    if not Path(args.study).is_file():
        raise NotAStudyError(f"{args.study}: no such study file")
    if args.list:
        data = [{**b, "path": str(b["path"])} for b in list_backups(args.study)]
        if args.json:
            emit(data)
        else:
            for b in data:
                print(f"{b['at']}  {b['bytes'] / 1e6:8.1f} MB  {b['path']}")
        return 0
    if args.restore:
        before = restore_backup(args.restore, args.study)
        print(f"restored {args.restore} into {args.study}; the study as it was is backed up in {before}")
        return 0
    path = make_backup(args.study, folder=args.to, keep=0 if args.to else KEEP)
    emit({"backup": str(path)}) if args.json else print(f"backed up to {path}")
    return 0


def cmd_check(args) -> int:
    from ..check import check_study

    with open_study(args) as study:
        if args.repair and study.read_only:
            from ..lock import ReadOnlyError

            raise ReadOnlyError(f"{args.study} is being written by another program: close it there to repair")
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
