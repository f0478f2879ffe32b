"""Commands about the cases (districts holding sites) and the analytic case outline (its
sections, the bins codes feed and site memos follow): list them, add, rename, move, delete."""

from __future__ import annotations

from .common import add_json, add_study, finish, open_study, say_empty
from .output import emit


def register(sub) -> None:
    p = sub.add_parser("cases", help="list districts and sites with their attributes")
    add_study(p)
    add_json(p)
    p.set_defaults(handler=cmd_cases)

    case = sub.add_parser("case", help="change the case tree: add, rename, move, delete").add_subparsers(
        dest="action", metavar="ACTION")
    case.required = True
    p = case.add_parser("add", help="add a district (at the top) or a site (--under a district); prints its id")
    add_study(p)
    p.add_argument("name", metavar="NAME")
    p.add_argument("--under", metavar="CASE", help="the district (or group) it belongs to")
    p.add_argument("--kind", choices=["district", "site", "group"],
                   help="default: site under a case, district at the top")
    add_json(p)
    p.set_defaults(handler=cmd_case_add)
    p = case.add_parser("rename", help="rename a district or site")
    add_study(p)
    p.add_argument("case", metavar="CASE", help="path ('District/Site') or unique name")
    p.add_argument("name", metavar="NEW_NAME")
    add_json(p)
    p.set_defaults(handler=cmd_case_rename)
    p = case.add_parser("move", help="put a site under another district ('' for the top level)")
    add_study(p)
    p.add_argument("case", metavar="CASE")
    p.add_argument("--under", required=True, metavar="CASE", help="the new parent ('' for the top level)")
    add_json(p)
    p.set_defaults(handler=cmd_case_move)
    p = case.add_parser("delete", help="delete a case and the cases under it; their sources stay, unassigned")
    add_study(p)
    p.add_argument("case", metavar="CASE")
    add_json(p)
    p.set_defaults(handler=cmd_case_delete)

    p = sub.add_parser("sections", help="the case outline sections; --add PATH creates one")
    add_study(p)
    p.add_argument("--add", metavar="PATH")
    add_json(p)
    p.set_defaults(handler=cmd_sections)

    section = sub.add_parser("section", help="change the case outline: add, rename, move, delete").add_subparsers(
        dest="action", metavar="ACTION")
    section.required = True
    p = section.add_parser("add", help="add a section ('Parent/Child': missing parents are made); prints its id")
    add_study(p)
    p.add_argument("path", metavar="PATH")
    p.add_argument("--description", default="")
    add_json(p)
    p.set_defaults(handler=cmd_section_add)
    p = section.add_parser("rename", help="rename a section (site memos' sections are renamed with it)")
    add_study(p)
    p.add_argument("section", metavar="SECTION", help="path or unique name")
    p.add_argument("name", metavar="NEW_NAME")
    p.add_argument("--description", help="also replace its description")
    add_json(p)
    p.set_defaults(handler=cmd_section_rename)
    p = section.add_parser("move", help="put a section under another, or shift it among its siblings")
    add_study(p)
    p.add_argument("section", metavar="SECTION")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--under", metavar="SECTION", help="the new parent section ('' for the top level)")
    where.add_argument("--up", action="store_true", help="one place earlier among its siblings")
    where.add_argument("--down", action="store_true", help="one place later")
    add_json(p)
    p.set_defaults(handler=cmd_section_move)
    p = section.add_parser("delete", help="delete a section and its sub-sections; linked codes are unlinked")
    add_study(p)
    p.add_argument("section", metavar="SECTION")
    add_json(p)
    p.set_defaults(handler=cmd_section_delete)


def cases_json(study) -> list[dict]:
    return [{"id": c.id, "path": c.path, "name": c.name, "kind": c.kind, "parent": c.parent_id,
             "attributes": study.attributes.values("case", c.id)} for c in study.cases.all()]


def cmd_cases(args) -> int:
    with open_study(args, reading=True) as study:
        rows = cases_json(study)
    if args.json:
        emit(rows)
    elif not say_empty(rows, "districts or sites yet (import with --district/--site, or 'casecoder case add')"):
        for r in rows:
            attrs = ", ".join(f"{k}={v}" for k, v in r["attributes"].items())
            print(f"{r['path']:<50} {r['kind']:<9} {attrs}")
    return 0


def _case(study, case_id: str) -> dict:
    case = study.cases.get(case_id)
    return {"id": case.id, "path": case.path, "name": case.name, "kind": case.kind}


def cmd_case_add(args) -> int:
    with open_study(args) as study:
        parent = study.cases.find(args.under).id if args.under else None
        kind = args.kind or ("site" if parent else "district")
        changes = study.cases.add_case(name=args.name, kind=kind, parent_id=parent)
        return finish(args, changes, changes.result, **_case(study, changes.result))


def cmd_case_rename(args) -> int:
    with open_study(args) as study:
        case = study.cases.find(args.case)
        changes = study.cases.rename_case(case_id=case.id, name=args.name)
        return finish(args, changes, was=case.path, **_case(study, case.id))


def cmd_case_move(args) -> int:
    with open_study(args) as study:
        case = study.cases.find(args.case)
        parent = study.cases.find(args.under).id if args.under.strip() else None
        changes = study.cases.move_case(case_id=case.id, parent_id=parent)
        return finish(args, changes, was=case.path, **_case(study, case.id))


def cmd_case_delete(args) -> int:
    with open_study(args) as study:
        case = study.cases.find(args.case)
        below = {c.id: c.path for c in study.cases.all() if c.path.startswith(case.path + "/")}
        sources = [s.name for s in study.sources.all() if s.case_id == case.id or s.case_id in below]
        changes = study.cases.delete_case(case_id=case.id)
    return finish(args, changes, f"deleted {case.path} ({len(below)} case(s) under it); "
                  f"{len(sources)} source(s) are now unassigned", deleted=case.path, id=case.id,
                  cases_below=list(below.values()), unassigned_sources=sources)


def sections_json(study) -> list[dict]:
    codes = study.codes.all()
    return [{"id": s.id, "path": s.path, "name": s.name, "description": s.description,
             "codes": [c.path for c in codes if c.section_id == s.id]} for s in study.sections.all()]


def cmd_sections(args) -> int:
    with open_study(args, reading=not args.add) as study:
        if args.add:
            study.sections.add_section(path=args.add)
        rows = sections_json(study)
    if args.json:
        emit(rows)
    elif not say_empty(rows, "outline sections yet ('casecoder section add' or a codebook file adds them)"):
        for r in rows:
            print(f"{'  ' * r['path'].count('/')}{r['name']}  [{len(r['codes'])} codes]")
    return 0


def _section(study, section_id: str) -> dict:
    section = study.sections.get(section_id)
    return {"id": section.id, "path": section.path, "name": section.name, "description": section.description}


def cmd_section_add(args) -> int:
    with open_study(args) as study:
        changes = study.sections.add_section(path=args.path, description=args.description)
        return finish(args, changes, changes.result, **_section(study, changes.result))


def cmd_section_rename(args) -> int:
    with open_study(args) as study:
        section = study.sections.find(args.section)
        changes = study.sections.rename_section(section_id=section.id, name=args.name, description=args.description)
        memos = (changes.result or {}).get("memos", 0)
        return finish(args, changes, f"renamed in {memos} site memo(s)" if memos else None, was=section.path,
                      memos_renamed=memos, **_section(study, section.id))


def cmd_section_move(args) -> int:
    with open_study(args) as study:
        section = study.sections.find(args.section)
        if args.up or args.down:
            changes = study.sections.shift_section(section_id=section.id, by=-1 if args.up else 1)
        else:
            parent = study.sections.find(args.under).id if args.under.strip() else None
            changes = study.sections.move_section(section_id=section.id, parent_id=parent)
        return finish(args, changes, was=section.path, **_section(study, section.id))


def cmd_section_delete(args) -> int:
    with open_study(args) as study:
        section = study.sections.find(args.section)
        doomed = {s.id for s in study.sections.all() if s.path == section.path or s.path.startswith(section.path + "/")}
        unlinked = [c.path for c in study.codes.all() if c.section_id in doomed]
        changes = study.sections.delete_section(section_id=section.id)
    return finish(args, changes, deleted=section.path, id=section.id, sections=len(doomed), unlinked_codes=unlinked)
