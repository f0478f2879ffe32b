"""Commands about codings: code a passage, list a source's codings (or every detached one),
and change one coding — re-code it, move its ends, edit its note, place or drop a detached one."""

from __future__ import annotations

from ..store.settings import coder_name
from .common import UsageError, add_json, add_range, add_study, finish, open_study, passage, say_empty
from .output import emit


def register(sub) -> None:
    p = sub.add_parser("apply", help="code a passage [start, end) of a source; prints the coding's id")
    add_study(p)
    p.add_argument("--source", required=True, help="source UUID or exact name")
    p.add_argument("--code", required=True, help="code path")
    add_range(p, "the passage")
    p.add_argument("--coder", help="coder name (default: your coder name, see 'casecoder whoami')")
    p.add_argument("--note", default="")
    add_json(p)
    p.set_defaults(handler=cmd_apply)

    p = sub.add_parser("uncode", help="remove a coding by its id")
    add_study(p)
    p.add_argument("coding", metavar="CODING_ID")
    add_json(p)
    p.set_defaults(handler=cmd_uncode)

    p = sub.add_parser("codings", help="the codings of one source, or (--detached) every coding that lost its words")
    add_study(p)
    p.add_argument("source", metavar="SOURCE", nargs="?", help="source UUID or name (optional with --detached)")
    p.add_argument("--coder", action="append", default=[], help="only this coder's codings (repeatable)")
    p.add_argument("--detached", action="store_true",
                   help="only codings whose words a text correction deleted, to place or drop")
    add_json(p)
    p.set_defaults(handler=cmd_codings)

    coding = sub.add_parser("coding", help="change one coding: recode, resize, note, place, drop").add_subparsers(
        dest="action", metavar="ACTION")
    coding.required = True
    p = coding.add_parser("recode", help="give a coding another code (the passage and coder stay)")
    add_study(p)
    p.add_argument("coding", metavar="CODING_ID")
    p.add_argument("--code", required=True, help="the new code's path")
    add_json(p)
    p.set_defaults(handler=cmd_recode)
    p = coding.add_parser("resize", help="move a coding's ends: lengthen or shorten it, or move it to other words")
    add_study(p)
    p.add_argument("coding", metavar="CODING_ID")
    add_range(p, "the coding's new passage")
    add_json(p)
    p.set_defaults(handler=cmd_resize)
    p = coding.add_parser("note", help="write (or with '' clear) a coding's note")
    add_study(p)
    p.add_argument("coding", metavar="CODING_ID")
    p.add_argument("--text", required=True, help="the note")
    add_json(p)
    p.set_defaults(handler=cmd_note)
    p = coding.add_parser("place", help="put a detached coding back on words of its source")
    add_study(p)
    p.add_argument("coding", metavar="CODING_ID", help="a detached coding ('codings STUDY --detached' lists them)")
    add_range(p, "the passage")
    add_json(p)
    p.set_defaults(handler=cmd_place)
    p = coding.add_parser("drop", help="delete a detached coding (one on the text: 'casecoder uncode')")
    add_study(p)
    p.add_argument("coding", metavar="CODING_ID")
    add_json(p)
    p.set_defaults(handler=cmd_drop)


def coding_json(study, coding, text: str | None = None) -> dict:
    if text is None and not coding.detached:
        text = study.sources.text(coding.source_id)
    return {"id": coding.id, "source": coding.source_id, "source_name": study.sources.get(coding.source_id).name,
            "code": coding.code_path, "start": coding.start, "end": coding.end, "coder": coding.coder,
            "note": coding.note, "detached": coding.detached,
            "text": coding.detached_text if coding.detached else text[coding.start:coding.end]}


def cmd_apply(args) -> int:
    with open_study(args) as study:
        source = study.sources.find(args.source)
        code = study.codes.find(args.code)
        start, end = passage(args, study.sources.text(source.id), source.name)
        changes = study.codings.apply_code(source_id=source.id, code_id=code.id, start=start, end=end,
                                           coder=args.coder or coder_name(), note=args.note)
    return finish(args, changes, changes.result, id=changes.result, created=changes.step is not None,
                  start=start, end=end)


def cmd_uncode(args) -> int:
    with open_study(args) as study:
        coding = study.codings.get(args.coding)
        changes = study.codings.remove_coding(coding_id=args.coding)
        return finish(args, changes, id=coding.id, code=coding.code_path, source=coding.source_id)


def cmd_codings(args) -> int:
    with open_study(args, reading=True) as study:
        if args.source:
            source = study.sources.find(args.source)
            text = study.sources.text(source.id)
            codings = study.codings.for_source(source.id, args.coder or None)
            if args.detached:
                codings = [c for c in codings if c.detached]
            rows = [coding_json(study, c, text) for c in codings]
        elif args.detached:
            rows = [coding_json(study, c) for c in study.codings.detached() if not args.coder or c.coder in args.coder]
        else:
            raise UsageError("name the SOURCE whose codings to list (or give --detached)")
    if args.json:
        emit(rows)
    elif not say_empty(rows, "detached codings" if args.detached else "codings"):
        for r in rows:
            where = "" if args.source else f"{r['source_name']} "
            print(f"{r['id']}  {where}[{r['start']}-{r['end']}]{' DETACHED' if r['detached'] else ''} {r['code']} "
                  f"({r['coder']}): {' '.join(r['text'].split())[:80]}")
    return 0


def cmd_recode(args) -> int:
    with open_study(args) as study:
        was = study.codings.get(args.coding)
        changes = study.codings.recode(coding_id=was.id, code_id=study.codes.find(args.code).id)
        return finish(args, changes, id=was.id, was=was.code_path, code=study.codes.find(args.code).path)


def cmd_resize(args) -> int:
    with open_study(args) as study:
        coding = study.codings.get(args.coding)
        if coding.detached:
            raise UsageError(f"coding {coding.id} is detached: 'casecoder coding place' puts it back on the text")
        source = study.sources.get(coding.source_id)
        start, end = passage(args, study.sources.text(source.id), source.name)
        changes = study.codings.set_range(coding_id=coding.id, start=start, end=end)
        return finish(args, changes, **coding_json(study, study.codings.get(coding.id)))


def cmd_note(args) -> int:
    with open_study(args) as study:
        changes = study.codings.set_note(coding_id=args.coding, note=args.text)
        return finish(args, changes, id=args.coding, note=study.codings.get(args.coding).note)


def _detached(study, coding_id: str):
    coding = study.codings.get(coding_id)
    if not coding.detached:
        raise UsageError(f"coding {coding.id} is on the text, not detached ('coding resize' moves it, "
                         "'uncode' removes it)")
    return coding


def cmd_place(args) -> int:
    with open_study(args) as study:
        coding = _detached(study, args.coding)
        source = study.sources.get(coding.source_id)
        start, end = passage(args, study.sources.text(source.id), source.name)
        changes = study.codings.set_range(coding_id=coding.id, start=start, end=end)
        return finish(args, changes, **coding_json(study, study.codings.get(coding.id)))


def cmd_drop(args) -> int:
    with open_study(args) as study:
        coding = _detached(study, args.coding)
        changes = study.codings.remove_coding(coding_id=coding.id)
        return finish(args, changes, id=coding.id, code=coding.code_path, text=coding.detached_text)
