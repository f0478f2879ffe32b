"""Keeping a study whole: check it (and rebuild what is derived)."""

from __future__ import annotations

import sys

from .common import UsageError, add_json, add_study, open_study
from .output import emit


def register(sub) -> None:
    p = sub.add_parser("check", help="check the study's integrity and consistency; exit 1 when a problem is found")
    add_study(p)
    p.add_argument("--repair", action="store_true",
                   help="rebuild what is derived (per-site counts, search indexes, text lengths) and complete "
                        "the language analysis an interrupted import left, first")
    add_json(p)
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("backup", help="back the study up (rotating, in your data folder), list or restore backups")
    add_study(p)
    p.add_argument("--to", metavar="DIR", help="write the backup to DIR instead (kept, never rotated away)")
    p.add_argument("--list", action="store_true", help="list the study's backups, newest first")
    p.add_argument("--restore", metavar="BACKUP", help="replace the study with this backup (backing it up first)")
    p.add_argument("--any-copy", action="store_true",
                   help="with --restore: accept a backup of another copy of this study (a teammate's copy, a copy "
                        "made by a file manager); without it such a backup is refused")
    add_json(p)
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("copy", help="a whole copy of the study for a teammate (safe while it is open)")
    add_study(p)
    p.add_argument("out", metavar="OUT", help="the copy to write (must not exist)")
    p.add_argument("--as", dest="as_name", metavar="NAME",
                   help="the teammate's coder name: their work in the copy goes under NAME (unless they chose "
                        "a coder name on their computer), so it is never taken for yours")
    add_json(p)
    p.set_defaults(handler=cmd_copy)


def cmd_copy(args) -> int:
    import sqlite3
    import sys

    from ..store.backup import copy_study
    from ..store.copies import NO_TEAMMATE, default_coder, teammate_name_problem
    from ..store.errors import ConflictError

    if args.as_name is not None:
        try:
            source = sqlite3.connect(f"file:{args.study}?mode=ro", uri=True)
            mine = default_coder(source)
            source.close()
        except sqlite3.DatabaseError:
            mine = ""  # not a study: copy_study says so
        problem = teammate_name_problem(args.as_name, mine)
        if problem:
            raise ConflictError(f"{args.out}: {problem}; nothing was copied")
    out = copy_study(args.study, args.out, coder=args.as_name)
    if args.json:
        emit({"study": str(args.study), "copy": str(out), "for": args.as_name})
    else:
        print(f"copied to {out}" + (f", for {' '.join(args.as_name.split())}" if args.as_name else ""))
    if args.as_name is None:
        print(f"casecoder: warning: {NO_TEAMMATE}. Copy with --as TEAMMATE to give it their name.", file=sys.stderr)
    return 0


def cmd_backup(args) -> int:
    from pathlib import Path

    from ..store.backup import KEEP, list_backups, make_backup, restore_backup
    from ..store.errors import NotAStudyError

    if not Path(args.study).is_file():
        raise NotAStudyError(f"{args.study}: no such study file")
    if args.list:
        data = [{**b, "path": str(b["path"])} for b in list_backups(args.study)]
        if args.json:
            emit(data)
        elif not data:
            print(f"no backups of {args.study} yet (one is made when the study opens in the window, and by "
                  "'casecoder backup STUDY')")
        else:
            for b in data:
                print(f"{b['at']}  {b['bytes'] / 1e6:8.1f} MB  {b['path']}")
        return 0
    if args.restore:
        before = restore_backup(args.restore, args.study, any_copy=args.any_copy)
        if args.json:
            emit({"restored": str(args.restore), "study": str(args.study), "previous": str(before)})
        else:
            print(f"restored {args.restore} into {args.study}; the study as it was is backed up in {before}")
        return 0
    path = make_backup(args.study, folder=args.to, keep=0 if args.to else KEEP)
    emit({"backup": str(path)}) if args.json else print(f"backed up to {path}")
    return 0


def cmd_check(args) -> int:
    from ..check import check_study

    with open_study(args, reading=not args.repair) as study:
        if args.repair and study.read_only:
            from ..store.lock import ReadOnlyError

            raise ReadOnlyError(f"{args.study} cannot be repaired here: {study.read_only_reason}")
        report = check_study(study.conn, repair=args.repair)  # --repair completes the analysis too
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
        waiting = report["awaiting_analysis"]
        if waiting:
            print(f"awaiting the language analysis (lemma search and sentences leave them out until it is done; "
                  f"--repair completes it): {len(waiting)}")
            for name in waiting[:10]:
                print(f"    {name}")
        if report["ok"]:
            print(f"{args.study}: no problems found" + (" in what is stored" if waiting else ""))
    return 0 if report["ok"] else 1


def register_sharing(sub) -> None:
    p = sub.add_parser("pseudonyms", help="the names to replace in a copy for sharing, and their pseudonyms")
    add_study(p)
    p.add_argument("--set", metavar="FILE.csv", help="replace the list with FILE (two columns: name, pseudonym)")
    p.add_argument("--suggest", action="store_true", help="names not yet listed: sites, districts, people")
    p.add_argument("--variants", action="store_true", help="other spellings of the listed names in the texts")
    p.add_argument("--from-texts", action="store_true",
                   help="names the transcripts mention that no list holds (candidates to judge)")
    add_json(p)
    p.set_defaults(handler=cmd_pseudonyms)
    p = sub.add_parser("share", help="write a copy of the study with every listed name replaced, for sharing")
    add_study(p)
    p.add_argument("out", metavar="OUT", nargs="?",
                   help="the new study file (a new study: its work cannot flow back); not with --check")
    p.add_argument("--check", action="store_true",
                   help="write nothing: list the names a copy written now would still show, and where")
    p.add_argument("--allow-remaining", action="store_true",
                   help="write the copy even though it still shows names CaseCoder knows (listed on stderr)")
    add_json(p)
    p.set_defaults(handler=cmd_share)


def cmd_pseudonyms(args) -> int:
    import csv

    with open_study(args, reading=not args.set) as study:
        if args.set:
            with open(args.set, encoding="utf-8-sig", newline="") as handle:
                rows = [r for r in csv.reader(handle) if r and any(c.strip() for c in r)]
            if rows and rows[0][0].strip().casefold() in ("name", "real", "real name"):
                rows = rows[1:]
            study.pseudonyms.set_all(pairs=[(r[0], r[1] if len(r) > 1 else "") for r in rows])
        data = {"pseudonyms": [{"real": p.real, "alias": p.alias} for p in study.pseudonyms.all()]}
        if args.suggest:
            data["suggested"] = study.pseudonyms.suggest()
        if args.variants:
            data["variants"] = study.pseudonyms.find_variants()
        if args.from_texts:
            data["in_texts"] = study.pseudonyms.names_in_texts()
    if args.json:
        emit(data)
        return 0
    if not data["pseudonyms"]:
        print("no names listed yet (--suggest proposes some; --set FILE.csv lists them)")
    for p in data["pseudonyms"]:
        print(f"{p['real']} -> {p['alias']}")
    for name in data.get("suggested", []):
        print(f"suggested: {name}")
    for name in data.get("in_texts", []):
        print(f"in the transcripts: {name}")
    for name, spellings in data.get("variants", {}).items():
        print(f"variants of {name}: {', '.join(spellings)}")
    return 0


def cmd_share(args) -> int:
    from ..privacy.pseudonyms import check_shareable, write_shareable_copy
    from ..privacy.share_scan import describe_remaining

    if not args.check and not args.out:
        raise UsageError("share needs OUT, the file of the copy (or --check to write nothing)")
    with open_study(args, reading=True) as study:
        if args.check:
            report = check_shareable(study)
        else:
            report = write_shareable_copy(study, args.out, allow_remaining=args.allow_remaining)
    for name in report["not_found"]:
        print(f"casecoder: warning: {name!r} is listed but written nowhere in the study (spelled otherwise?)",
              file=sys.stderr)
    if report["remaining"]:
        print(f"casecoder: warning: the copy {'would still name' if args.check else 'still names'}: "
              f"{describe_remaining(report['remaining'], most=1000)}", file=sys.stderr)
    if args.json:
        emit(report)
    elif args.check:
        print("no known name remains" if not report["remaining"] else
              f"{len(report['remaining'])} name(s) would remain")
    else:
        print(f"wrote {report['copy']}: names replaced in {report['sources']} transcripts and "
              f"{report['fields']} other fields")
    return 1 if args.check and report["remaining"] else 0
