"""Commands about sets: named groups of codes, sources or memos (a set of sources narrows a data
run with `run --set`): list them, make one, add and remove members, rename, delete."""

from __future__ import annotations

from ..store.errors import NotFoundError
from .common import UsageError, add_json, add_study, finish, open_study, say_empty
from .output import emit

KINDS = ("code", "source", "memo")


def register(sub) -> None:
    p = sub.add_parser("sets", help="the study's sets of codes, sources and memos")
    add_study(p)
    add_json(p)
    p.set_defaults(handler=cmd_sets)

    group = sub.add_parser("set", help="make and change a set: create, add, remove, rename, delete").add_subparsers(
        dest="action", metavar="ACTION")
    group.required = True
    p = group.add_parser("create", help="make a set, with its first members; prints its id")
    add_study(p)
    p.add_argument("name", metavar="NAME")
    p.add_argument("members", metavar="MEMBER", nargs="*", help="code paths, source names or memos")
    p.add_argument("--kind", required=True, choices=KINDS, help="what the set holds")
    p.add_argument("--description", default="")
    add_json(p)
    p.set_defaults(handler=cmd_create)
    p = group.add_parser("add", help="put members into a set")
    add_study(p)
    p.add_argument("set", metavar="SET", help="the set's name or id")
    p.add_argument("members", metavar="MEMBER", nargs="+")
    p.add_argument("--kind", choices=KINDS, help="what the members are (default: what the set holds)")
    add_json(p)
    p.set_defaults(handler=cmd_add)
    p = group.add_parser("remove", help="take members out of a set (they stay in the study)")
    add_study(p)
    p.add_argument("set", metavar="SET")
    p.add_argument("members", metavar="MEMBER", nargs="+")
    add_json(p)
    p.set_defaults(handler=cmd_remove)
    p = group.add_parser("rename", help="rename a set (and, with --description, re-describe it)")
    add_study(p)
    p.add_argument("set", metavar="SET")
    p.add_argument("name", metavar="NEW_NAME")
    p.add_argument("--description")
    add_json(p)
    p.set_defaults(handler=cmd_rename)
    p = group.add_parser("delete", help="delete a set (its members stay in the study)")
    add_study(p)
    p.add_argument("set", metavar="SET")
    add_json(p)
    p.set_defaults(handler=cmd_delete)


def _names(study) -> dict[str, dict[str, str]]:
    return {"code": study.codes.paths(), "source": {s.id: s.name for s in study.sources.all()},
            "memo": {m.id: m.title for m in study.memos.all()}}


def set_json(study, each, names=None) -> dict:
    names = names or _names(study)
    return {"id": each.id, "name": each.name, "description": each.description,
            "members": {kind: [names[kind].get(m, m) for m in ids] for kind, ids in each.members.items()}}


def _resolve(study, kind: str, refs: list[str]) -> list[str]:
    find = {"code": study.codes.find, "source": study.sources.find, "memo": study.memos.find}[kind]
    return [find(ref).id for ref in refs]


def _kind_of(each, given: str | None) -> str:
    if given:
        return given
    kinds = [k for k, ids in each.members.items() if ids]
    if len(kinds) == 1:
        return kinds[0]
    raise UsageError(f"the set {each.name!r} holds {' and '.join(kinds) or 'nothing yet'}: say which with --kind")


def cmd_sets(args) -> int:
    with open_study(args, reading=True) as study:
        names = _names(study)
        data = [set_json(study, s, names) for s in study.sets.all()]
    if args.json:
        emit(data)
    elif not say_empty(data, "sets yet ('casecoder set create' makes one)"):
        for each in data:
            print(f"{each['name']}: " + ("; ".join(f"{len(v)} {k}(s)" for k, v in each["members"].items())
                                         or "empty"))
    return 0


def cmd_create(args) -> int:
    with open_study(args) as study:
        changes = study.sets.add_set(name=args.name, kind=args.kind, members=_resolve(study, args.kind, args.members),
                                     description=args.description)
        return finish(args, changes, changes.result, **set_json(study, study.sets.find(changes.result)))


def cmd_add(args) -> int:
    with open_study(args) as study:
        each = study.sets.find(args.set)
        kind = _kind_of(each, args.kind)
        changes = study.sets.add_members(set_id=each.id, kind=kind, members=_resolve(study, kind, args.members))
        return finish(args, changes, f"{changes.result} added to {each.name}", added=changes.result,
                      **set_json(study, study.sets.find(each.id)))


def cmd_remove(args) -> int:
    with open_study(args) as study:
        each = study.sets.find(args.set)
        ids = []
        for ref in args.members:
            for kind in [k for k in KINDS if each.members.get(k)]:
                try:
                    found = _resolve(study, kind, [ref])[0]
                except NotFoundError:
                    continue
                if found in each.members[kind]:
                    ids.append(found)
                    break
            else:
                raise NotFoundError(f"{ref!r} is not in the set {each.name!r}")
        changes = study.sets.remove_members(set_id=each.id, members=ids)
        return finish(args, changes, f"{changes.result} removed from {each.name}", removed=changes.result,
                      **set_json(study, study.sets.find(each.id)))


def cmd_rename(args) -> int:
    with open_study(args) as study:
        each = study.sets.find(args.set)
        changes = study.sets.rename_set(set_id=each.id, name=args.name, description=args.description)
        return finish(args, changes, was=each.name, **set_json(study, study.sets.find(each.id)))


def cmd_delete(args) -> int:
    with open_study(args) as study:
        each = study.sets.find(args.set)
        data = set_json(study, each)
        changes = study.sets.delete_set(set_id=each.id)
    return finish(args, changes, deleted=data["name"], id=each.id, members=data["members"])
