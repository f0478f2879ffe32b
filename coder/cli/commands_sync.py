"""Bringing the team's copies of a study together: export my work, import theirs, decide conflicts."""

from __future__ import annotations

import sys
from pathlib import Path

from .common import add_json, add_study, finish, open_study
from .output import emit


def register(sub) -> None:
    sync = sub.add_parser("sync", help="exchange work between copies of a study (packages of changes)")
    verbs = sync.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True
    p = verbs.add_parser("export", help="write a package of this copy's work for another copy")
    add_study(p)
    p.add_argument("out", metavar="OUT", help="the package file to write (.ccwork)")
    p.add_argument("--since-peer", metavar="NAME",
                   help="only what arrived since the last package written for NAME (who must have imported it)")
    p.add_argument("--as", dest="as_name", metavar="NAME",
                   help="your own coder name: the codings made on this copy under the name in use (your login "
                        "name, say) move to NAME before the package is written, and NAME is saved as your "
                        "coder name for what you do next (see 'casecoder whoami')")
    add_json(p)
    p.set_defaults(handler=cmd_export)
    p = verbs.add_parser("import", help="apply another copy's package; prints what was added and the conflicts")
    add_study(p)
    p.add_argument("package", metavar="PACKAGE")
    add_json(p)
    p.set_defaults(handler=cmd_import)
    p = verbs.add_parser("conflicts", help="list what the exchanges left for you to decide")
    add_study(p)
    add_json(p)
    p.set_defaults(handler=cmd_conflicts)
    p = verbs.add_parser("resolve", help="decide one conflict ('sync conflicts' lists ids and choices)")
    add_study(p)
    p.add_argument("conflict", metavar="ID", help="a conflict id (or its beginning)")
    p.add_argument("choice", metavar="CHOICE", help="e.g. 'keep 1', keep, delete, merge, dismiss")
    add_json(p)
    p.set_defaults(handler=cmd_resolve)


def cmd_export(args) -> int:
    with open_study(args) as study:
        moved = 0
        if args.as_name and " ".join(args.as_name.split()) != study.user:
            from ..store.settings import set_coder_name

            moved = study.codings.rename_coder(old=study.user, new=args.as_name, this_copy=True).result
            set_coder_name(args.as_name)
            study.user = " ".join(args.as_name.split())
        data = study.sync.export_work(Path(args.out), since_peer=args.since_peer)
        data["codings_renamed"] = moved
    if data["coder_warning"]:
        print(f"casecoder: warning: {data['coder_warning']}. Export again with --as YOUR_NAME to put this copy's "
              "work under a name of your own.", file=sys.stderr)
    if args.json:
        emit(data)
    else:
        if moved:
            print(f"{moved} codings made on this copy now go under {data['coder']}")
        print(f"wrote {data['package']}: {data['operations']} changes, as {data['coder']}")
    return 0


def cmd_import(args) -> int:
    from ..sources.analysis import analyse_pending

    with open_study(args) as study:
        data = study.sync.import_work(Path(args.package)).result
    analyse_pending(args.study)  # new and corrected texts become searchable
    if args.json:
        emit(data)
        return 0
    print(f"imported {data['operations']} changes from {data['from'] or data['package']} "
          f"({data['already_held']} already here): {data['added']} added, {data['changed']} changed, "
          f"{data['removed']} removed, {data['recognised_sources']} sources recognised as already here")
    for conflict in data["conflicts"]:
        print(f"conflict {conflict['id']}: {conflict['text']} [{' | '.join(conflict['choices'])}]")
    return 0


def cmd_conflicts(args) -> int:
    with open_study(args, reading=True) as study:
        data = [c.as_dict() for c in study.sync.conflicts()]
    if args.json:
        emit(data)
    else:
        for conflict in data:
            print(f"{conflict['id']}\n    {conflict['text']}\n    choices: {' | '.join(conflict['choices'])}")
        if not data:
            print("no conflicts")
    return 0


def cmd_resolve(args) -> int:
    with open_study(args) as study:
        changes = study.sync.resolve(args.conflict, args.choice)
    return finish(args, changes, changes.label, conflict=args.conflict, choice=args.choice)
