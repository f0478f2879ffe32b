"""Commands about the codebook: load and export a codebook file, list the codes, change them."""

from __future__ import annotations

import sys

from ..codebook.codebook_file import load_codebook, write_codebook
from .common import add_json, add_study, finish, open_study, say_empty
from .output import code_tree_json, emit


def register(sub) -> None:
    book = sub.add_parser("codebook", help="load or export a codebook file").add_subparsers(
        dest="action", metavar="ACTION")
    book.required = True
    p = book.add_parser("load", help="merge a codebook file (TOML) into the study")
    add_study(p)
    p.add_argument("file", metavar="FILE")
    add_json(p)
    p.set_defaults(handler=cmd_codebook_load)
    p = book.add_parser("export", help="write the study's codebook and outline to a file")
    add_study(p)
    p.add_argument("file", metavar="FILE")
    add_json(p)
    p.set_defaults(handler=cmd_codebook_export)

    p = sub.add_parser("codes", help="the code tree with counts")
    add_study(p)
    add_json(p)
    p.set_defaults(handler=cmd_codes)

    code = sub.add_parser("code", help="change the codebook").add_subparsers(dest="action", metavar="ACTION")
    code.required = True
    p = code.add_parser("add", help="create a code (missing parents are created); prints its id")
    add_study(p)
    p.add_argument("path", metavar="PATH", help="e.g. 'Parent/Child'; a '/' in a name is written '\\/'")
    p.add_argument("--color", help="#rrggbb")
    p.add_argument("--definition", default="")
    p.add_argument("--section", help="case-outline section to link")
    add_json(p)
    p.set_defaults(handler=cmd_code_add)
    p = code.add_parser("rename", help="rename a code")
    add_study(p)
    p.add_argument("path", metavar="PATH")
    p.add_argument("name", metavar="NEW_NAME")
    add_json(p)
    p.set_defaults(handler=cmd_code_rename)
    p = code.add_parser("move", help="move a code under another parent ('' for the top level)")
    add_study(p)
    p.add_argument("path", metavar="PATH")
    p.add_argument("parent", metavar="NEW_PARENT")
    add_json(p)
    p.set_defaults(handler=cmd_code_move)
    p = code.add_parser("merge", help="merge code FROM into code INTO")
    add_study(p)
    p.add_argument("path", metavar="FROM")
    p.add_argument("target", metavar="INTO")
    add_json(p)
    p.set_defaults(handler=cmd_code_merge)
    p = code.add_parser("delete", help="delete a code, its sub-codes and their codings")
    add_study(p)
    p.add_argument("path", metavar="PATH")
    add_json(p)
    p.set_defaults(handler=cmd_code_delete)
    p = code.add_parser("describe", help="set colour, definition, inclusion, exclusion, example, section")
    add_study(p)
    p.add_argument("path", metavar="PATH")
    for flag in ("color", "definition", "inclusion", "exclusion", "example", "section"):
        p.add_argument(f"--{flag}")
    p.add_argument("--codable", choices=["yes", "no"], help="no: a folder of codes, never applied itself")
    add_json(p)
    p.set_defaults(handler=cmd_code_describe)


def cmd_codebook_load(args) -> int:
    with open_study(args) as study:
        changes = load_codebook(study, args.file)
    result = changes.result
    if not args.json:
        print(f"loaded {result['codes_in_file']} codes ({result['codes_created']} new) and "
              f"{result['sections']} outline sections", file=sys.stderr)
    return finish(args, changes, file=str(args.file), **result)


def cmd_codebook_export(args) -> int:
    with open_study(args, reading=True) as study:
        write_codebook(study, args.file, name=study.path.stem)
        codes, sections = len(study.codes.all()), len(study.sections.all())
    return finish(args, None, file=str(args.file), codes=codes, sections=sections)


def cmd_codes(args) -> int:
    with open_study(args, reading=True) as study:
        tree = code_tree_json(study)
    if args.json:
        emit(tree)
    elif not say_empty(tree, "codes yet ('casecoder codebook load' or 'casecoder code add' makes some)"):
        def show(nodes, depth=0):
            for n in nodes:
                print(f"{'  ' * depth}{n['name']}  ({n['count']}/{n['count_all']})")
                show(n["children"], depth + 1)
        show(tree)
    return 0


def cmd_code_add(args) -> int:
    with open_study(args) as study:
        section = study.sections.find(args.section).id if args.section else None
        changes = study.codes.add_code(path=args.path, color=args.color, definition=args.definition,
                                       section_id=section)
        path = study.codes.path_of(changes.result)
    return finish(args, changes, changes.result, id=changes.result, path=path)


def cmd_code_rename(args) -> int:
    with open_study(args) as study:
        code = study.codes.find(args.path)
        changes = study.codes.rename_code(code_id=code.id, name=args.name)
        return finish(args, changes, id=code.id, was=code.path, path=study.codes.path_of(code.id))


def cmd_code_move(args) -> int:
    with open_study(args) as study:
        code = study.codes.find(args.path)
        parent = study.codes.find(args.parent).id if args.parent.strip() else None
        changes = study.codes.move_code(code_id=code.id, parent_id=parent)
        return finish(args, changes, id=code.id, was=code.path, path=study.codes.path_of(code.id))


def cmd_code_merge(args) -> int:
    with open_study(args) as study:
        source, target = study.codes.find(args.path), study.codes.find(args.target)
        changes = study.codes.merge_codes(source_id=source.id, target_id=target.id)
        return finish(args, changes, merged=source.path, into=study.codes.path_of(target.id), id=target.id,
                      codings=study.codes.coding_count(target.id))


def cmd_code_delete(args) -> int:
    with open_study(args) as study:
        code = study.codes.find(args.path)
        count = study.codes.coding_count(code.id)
        changes = study.codes.delete_code(code_id=code.id)
    if not args.json:
        print(f"deleted {code.path} and {count} coding(s)", file=sys.stderr)
    return finish(args, changes, deleted=code.path, id=code.id, codings=count)


def cmd_code_describe(args) -> int:
    with open_study(args) as study:
        code = study.codes.find(args.path)
        with study.operation("describe_code", f"Describe {code.name}") as rec:
            fields = {k: getattr(args, k) for k in ("definition", "inclusion", "exclusion", "example")
                      if getattr(args, k) is not None}
            if fields:
                study.codes.describe_code(code_id=code.id, **fields)
            if args.color:
                study.codes.set_color(code_id=code.id, color=args.color)
            if args.section is not None:
                study.codes.link_section(code_id=code.id, section_id=study.sections.find(args.section).id
                                         if args.section else None)
            if args.codable is not None:
                study.codes.set_codable(code_id=code.id, codable=args.codable == "yes")
        now = study.codes.get(code.id)
        section = study.sections.get(now.section_id).path if now.section_id else None
        return finish(args, study.changes_of(rec), id=code.id, path=code.path, color=now.color,
                      definition=now.definition, inclusion=now.inclusion, exclusion=now.exclusion,
                      example=now.example, section=section, codable=now.codable)
