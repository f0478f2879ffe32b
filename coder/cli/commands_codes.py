"""Commands about the codebook, the case outline and coding passages."""

from __future__ import annotations

import sys

from ..codebook_file import load_codebook, write_codebook
from ..errors import ConflictError
from ..settings import coder_name
from .common import add_json, add_study, open_study, report_warnings
from .output import code_tree_json, emit


def register(sub) -> None:
    book = sub.add_parser("codebook", help="load or export a codebook file").add_subparsers(
        dest="action", metavar="ACTION")
    book.required = True
    p = book.add_parser("load", help="merge a codebook file (TOML) into the study")
    add_study(p)
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=cmd_codebook_load)
    p = book.add_parser("export", help="write the study's codebook and outline to a file")
    add_study(p)
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=cmd_codebook_export)

    p = sub.add_parser("codes", help="the code tree with counts")
    add_study(p)
    add_json(p)
    p.set_defaults(handler=cmd_codes)

    p = sub.add_parser("sections", help="the case outline sections; --add PATH creates one")
    add_study(p)
    p.add_argument("--add", metavar="PATH")
    add_json(p)
    p.set_defaults(handler=cmd_sections)

    code = sub.add_parser("code", help="change the codebook").add_subparsers(dest="action", metavar="ACTION")
    code.required = True
    p = code.add_parser("add", help="create a code (missing parents are created)")
    add_study(p)
    p.add_argument("path", metavar="PATH", help="e.g. 'Parent/Child'; a '/' in a name is written '\\/'")
    p.add_argument("--color", help="#rrggbb")
    p.add_argument("--definition", default="")
    p.add_argument("--section", help="case-outline section to link")
    p.set_defaults(handler=cmd_code_add)
    p = code.add_parser("rename", help="rename a code")
    add_study(p)
    p.add_argument("path", metavar="PATH")
    p.add_argument("name", metavar="NEW_NAME")
    p.set_defaults(handler=cmd_code_rename)
    p = code.add_parser("move", help="move a code under another parent ('' for the top level)")
    add_study(p)
    p.add_argument("path", metavar="PATH")
    p.add_argument("parent", metavar="NEW_PARENT")
    p.set_defaults(handler=cmd_code_move)
    p = code.add_parser("merge", help="merge code FROM into code INTO")
    add_study(p)
    p.add_argument("path", metavar="FROM")
    p.add_argument("target", metavar="INTO")
    p.set_defaults(handler=cmd_code_merge)
    p = code.add_parser("delete", help="delete a code, its sub-codes and their codings")
    add_study(p)
    p.add_argument("path", metavar="PATH")
    p.set_defaults(handler=cmd_code_delete)
    p = code.add_parser("describe", help="set colour, definition, inclusion, exclusion, example, section")
    add_study(p)
    p.add_argument("path", metavar="PATH")
    for flag in ("color", "definition", "inclusion", "exclusion", "example", "section"):
        p.add_argument(f"--{flag}")
    p.add_argument("--codable", choices=["yes", "no"], help="no: a folder of codes, never applied itself")
    p.set_defaults(handler=cmd_code_describe)

    p = sub.add_parser("apply", help="code a passage [start, end) of a source")
    add_study(p)
    p.add_argument("--source", required=True, help="source UUID or exact name")
    p.add_argument("--code", required=True, help="code path")
    p.add_argument("--start", required=True, type=int)
    p.add_argument("--end", required=True, type=int)
    p.add_argument("--coder", help="coder name (default: your coder name, see 'casecoder whoami')")
    p.add_argument("--note", default="")
    add_json(p)
    p.set_defaults(handler=cmd_apply)

    p = sub.add_parser("uncode", help="remove a coding by its id")
    add_study(p)
    p.add_argument("coding", metavar="CODING_ID")
    p.set_defaults(handler=cmd_uncode)

    p = sub.add_parser("codings", help="the codings of one source")
    add_study(p)
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("--coder", action="append", default=[])
    add_json(p)
    p.set_defaults(handler=cmd_codings)


def cmd_codebook_load(args) -> int:
    with open_study(args) as study:
        changes = load_codebook(study, args.file)
    report_warnings(changes)
    result = changes.result
    print(f"loaded {result['codes_in_file']} codes ({result['codes_created']} new) and "
          f"{result['sections']} outline sections", file=sys.stderr)
    return 0


def cmd_codebook_export(args) -> int:
    with open_study(args) as study:
        write_codebook(study, args.file, name=study.path.stem)
    return 0


def cmd_codes(args) -> int:
    with open_study(args) as study:
        tree = code_tree_json(study)
    if args.json:
        emit(tree)
    else:
        def show(nodes, depth=0):
            for n in nodes:
                print(f"{'  ' * depth}{n['name']}  ({n['count']}/{n['count_all']})")
                show(n["children"], depth + 1)
        show(tree)
    return 0


def cmd_sections(args) -> int:
    with open_study(args) as study:
        if args.add:
            study.sections.add_section(path=args.add)
        rows = [{"id": s.id, "path": s.path, "name": s.name, "description": s.description,
                 "codes": [c.path for c in study.codes.all() if c.section_id == s.id]}
                for s in study.sections.all()]
    if args.json:
        emit(rows)
    else:
        for r in rows:
            print(f"{'  ' * r['path'].count('/')}{r['name']}  [{len(r['codes'])} codes]")
    return 0


def cmd_code_add(args) -> int:
    with open_study(args) as study:
        section = study.sections.find(args.section).id if args.section else None
        changes = study.codes.add_code(path=args.path, color=args.color, definition=args.definition,
                                       section_id=section)
    report_warnings(changes)
    print(changes.result)
    return 0


def cmd_code_rename(args) -> int:
    with open_study(args) as study:
        report_warnings(study.codes.rename_code(code_id=study.codes.find(args.path).id, name=args.name))
    return 0


def cmd_code_move(args) -> int:
    with open_study(args) as study:
        parent = study.codes.find(args.parent).id if args.parent.strip() else None
        study.codes.move_code(code_id=study.codes.find(args.path).id, parent_id=parent)
    return 0


def cmd_code_merge(args) -> int:
    with open_study(args) as study:
        study.codes.merge_codes(source_id=study.codes.find(args.path).id,
                                target_id=study.codes.find(args.target).id)
    return 0


def cmd_code_delete(args) -> int:
    with open_study(args) as study:
        code = study.codes.find(args.path)
        count = study.codes.coding_count(code.id)
        study.codes.delete_code(code_id=code.id)
    print(f"deleted {code.path} and {count} coding(s)", file=sys.stderr)
    return 0


def cmd_code_describe(args) -> int:
    with open_study(args) as study:
        code = study.codes.find(args.path)
        with study.operation("describe_code", f"Describe {code.name}"):
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
    return 0


def cmd_apply(args) -> int:
    with open_study(args) as study:
        source = study.sources.find(args.source)
        code = study.codes.find(args.code)
        if args.start < 0 or args.end <= args.start:
            raise ConflictError(f"--start {args.start} --end {args.end} is not a passage")
        changes = study.codings.apply_code(source_id=source.id, code_id=code.id, start=args.start,
                                           end=args.end, coder=args.coder or coder_name(), note=args.note)
    report_warnings(changes)
    if args.json:
        emit({"id": changes.result, "created": changes.step is not None})
    else:
        print(changes.result)
    return 0


def cmd_uncode(args) -> int:
    with open_study(args) as study:
        study.codings.remove_coding(coding_id=args.coding)
    return 0


def cmd_codings(args) -> int:
    with open_study(args) as study:
        source = study.sources.find(args.source)
        text = study.sources.text(source.id)
        rows = [{"id": c.id, "code": c.code_path, "start": c.start, "end": c.end, "coder": c.coder,
                 "note": c.note, "detached": c.detached,
                 "text": c.detached_text if c.detached else text[c.start:c.end]}
                for c in study.codings.for_source(source.id, args.coder or None)]
    if args.json:
        emit(rows)
    else:
        for r in rows:
            print(f"[{r['start']}-{r['end']}] {r['code']} ({r['coder']}): {' '.join(r['text'].split())[:80]}")
    return 0
