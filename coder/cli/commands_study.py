"""Commands about the study itself: new, import, sources, show, source, attributes, speakers,
history, the coder's name and the demo study."""

from __future__ import annotations

import sys
from pathlib import Path

from ..sources.importers import read_document
from ..sources.importing import import_sources, plan_import
from ..store.settings import coder_name, set_coder_name
from ..study import Study
from .common import (
    UsageError,
    add_json,
    add_study,
    finish,
    finish_analysis,
    open_study,
    report_warnings,
    say_empty,
)
from .output import emit, format_time, source_json


def register(sub) -> None:
    p = sub.add_parser("new", help="create an empty study file")
    add_study(p)
    add_json(p)
    p.set_defaults(handler=cmd_new)

    p = sub.add_parser("import", help="import transcripts (.docx .txt .md .vtt .srt .odt) or folders")
    add_study(p)
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (optional with --metadata)")
    p.add_argument("--district", help="district of the sources (created when missing)")
    p.add_argument("--site", help="site of the sources (created when missing); 'Group/Site' puts the site in "
                                  "a group of sites, and a '/' in a name is written '\\/'")
    p.add_argument("--type", choices=["interview", "observation", "artifact"], help="source type")
    p.add_argument("--role", help="respondent role, e.g. principal")
    p.add_argument("--wave", type=int, help="data-collection wave")
    p.add_argument("--phase", type=int, help="study phase")
    p.add_argument("--date", help="date (YYYY-MM-DD)")
    p.add_argument("--interviewers", help="interviewers separated by ';'")
    p.add_argument("--metadata", help="CSV: file,district,site,type,role,wave,phase,date,interviewers "
                                      "(values override the flags)")
    add_json(p)
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("sources", help="list the sources")
    add_study(p)
    add_json(p)
    p.set_defaults(handler=cmd_sources)

    p = sub.add_parser("show", help="show one source: text, turns, sentences, attributes")
    add_study(p)
    p.add_argument("source", metavar="SOURCE", help="source UUID or exact name")
    add_json(p)
    p.set_defaults(handler=cmd_show)

    source = sub.add_parser("source", help="change a source").add_subparsers(dest="action", metavar="ACTION")
    source.required = True
    p = source.add_parser("edit", help="replace a source's text, keeping codings on their words")
    add_study(p)
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("--file", required=True, help="the corrected transcript (any importable format)")
    add_json(p)
    p.set_defaults(handler=cmd_source_edit)
    p = source.add_parser("set", help="change metadata: --name --district --site --type --role --wave ...")
    add_study(p)
    p.add_argument("source", metavar="SOURCE")
    for flag in ("name", "district", "site", "type", "role", "wave", "phase", "date", "interviewers"):
        p.add_argument(f"--{flag}")
    add_json(p)
    p.set_defaults(handler=cmd_source_set)
    p = source.add_parser("delete", help="delete a source and its codings")
    add_study(p)
    p.add_argument("source", metavar="SOURCE")
    add_json(p)
    p.set_defaults(handler=cmd_source_delete)

    p = sub.add_parser("attr", help="set a case or source attribute (KEY VALUE; empty VALUE clears)")
    add_study(p)
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--case", help="district or site (path or unique name)")
    target.add_argument("--source", help="source UUID or name")
    p.add_argument("key", metavar="KEY")
    p.add_argument("value", metavar="VALUE")
    p.add_argument("--type", choices=["text", "number", "date", "choice"],
                   help="declare the attribute with this type when it is new")
    add_json(p)
    p.set_defaults(handler=cmd_attr)

    p = sub.add_parser("speakers", help="list speakers; --rename, --merge and --split correct them")
    add_study(p)
    p.add_argument("--rename", nargs=2, metavar=("SPEAKER", "NAME"), help="give a speaker another name")
    p.add_argument("--merge", nargs=2, metavar=("FROM", "INTO"), help="fold one speaker into another")
    p.add_argument("--split", nargs=2, metavar=("LABEL", "NAME"),
                   help="a transcript label that names two people: its turns in the --in sources (or the --turn "
                        "turns) go to the speaker NAME; without them the label gets its own speaker everywhere")
    p.add_argument("--in", dest="split_in", action="append", default=[], metavar="SOURCE",
                   help="with --split: a source whose LABEL turns are NAME's (repeatable)")
    p.add_argument("--turn", action="append", default=[], type=int, metavar="OFFSET",
                   help="with --split and one --in source: the turn holding this character offset (repeatable)")
    add_json(p)
    p.set_defaults(handler=cmd_speakers)

    p = sub.add_parser("history", help="the study's change log, newest first")
    add_study(p)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--text", default="", help="only changes whose description or kind contains TEXT")
    p.add_argument("--author", default="", help="only the changes AUTHOR made")
    p.add_argument("--since", default="", metavar="TIME",
                   help="only changes after TIME: a date (2026-12-01) or a time (2026-12-01 14:30, this "
                        "computer's time unless it says its zone: 2026-12-01T14:30+01:00)")
    add_json(p)
    p.set_defaults(handler=cmd_history)

    p = sub.add_parser("whoami", help="show or set (--set NAME) the coder name recorded on your codings")
    p.add_argument("--set", metavar="NAME")
    add_json(p)
    p.set_defaults(handler=cmd_whoami)

    p = sub.add_parser("demo", help="build the demo study from the bundled sample corpus")
    p.add_argument("out", metavar="STUDY", help="where to write it (must not exist)")
    add_json(p)
    p.set_defaults(handler=cmd_demo)


def cmd_new(args) -> int:
    with Study.create(args.study) as study:
        study_id = study.study_id
    if not args.json:
        print(f"created {args.study}", file=sys.stderr)
    return finish(args, None, study=str(args.study), study_id=study_id, created=True)


def _progress(done: int, total: int, current: str) -> None:
    if current and sys.stderr.isatty():
        print(f"\r[{done + 1}/{total}] {Path(current).name[:60]:<60}", end="", file=sys.stderr)


def cmd_import(args) -> int:
    if not args.paths and not args.metadata:
        print("casecoder: import needs PATH arguments or --metadata", file=sys.stderr)
        return 2
    defaults = {k: getattr(args, k) for k in ("district", "site", "type", "role", "wave", "phase", "date",
                                              "interviewers")}
    items = plan_import(args.paths, defaults, args.metadata)
    with open_study(args) as study:
        report = import_sources(study, items, progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for item in report.imported:
        for warning in item["warnings"]:
            print(f"casecoder: {item['file']}: {warning}", file=sys.stderr)
    for failure in report.failed:
        print(f"casecoder: failed: {failure['file']}: {failure['reason']}", file=sys.stderr)
    if args.json:
        emit({"imported": report.imported, "failed": report.failed})
    else:
        print(f"imported {len(report.imported)} source(s), {len(report.failed)} failed"
              + ("" if items else " (no importable files there)"), file=sys.stderr)
    return 1 if report.failed else 0


def cmd_sources(args) -> int:
    with open_study(args, reading=True) as study:
        rows = [source_json(s) for s in study.sources.all()]
    if args.json:
        emit(rows)
    elif not say_empty(rows, "sources yet ('casecoder import' adds some)"):
        for r in rows:
            place = "/".join(p for p in (r["district"], r["site"]) if p) or "(unassigned)"
            print(f"{r['name']:<40} {place:<45} {r['type']:<11} {r['role'] or '':<20} "
                  f"w{r['wave'] if r['wave'] is not None else '-'} {r['chars']:>7} chars {r['codings']:>4} codings")
    return 0


def show_json(study, ref: str) -> dict:
    info = study.sources.find(ref)
    data = source_json(info)
    data["text"] = study.sources.text(info.id)
    data["turns"] = [{"speaker": t.speaker, "label": t.label, "start": t.start, "end": t.end,
                      "body_start": t.body_start, "time": format_time(t.time_ms), "time_ms": t.time_ms}
                     for t in study.sources.turns(info.id)]
    data["sentences"] = [{"start": s, "end": e} for s, e in study.sources.sentences(info.id)]
    data["attributes"] = study.attributes.values("source", info.id)
    return data


def cmd_show(args) -> int:
    with open_study(args, reading=True) as study:
        if args.json:  # the sentences are shown
            finish_analysis(study, "the sentences shown")
        data = show_json(study, args.source)
    if args.json:
        emit(data)
    else:
        print(data["text"])
    return 0


def cmd_source_edit(args) -> int:
    with open_study(args) as study:
        info = study.sources.find(args.source)
        doc = read_document(args.file)
        changes = study.sources.edit_text(source_id=info.id, text=doc.text)
    report = dict(changes.result)
    if args.json:
        emit({"id": info.id, **report})
    else:
        print(f"{report['unchanged']} codings unchanged, {len(report['moved'])} moved, "
              f"{len(report['relocated'])} found elsewhere, {len(report['detached'])} detached")
    return 0


def cmd_source_set(args) -> int:
    with open_study(args) as study:
        info = study.sources.find(args.source)
        fields = {k: getattr(args, k) for k in ("name", "type", "role", "wave", "phase", "date", "interviewers")
                  if getattr(args, k) is not None}
        with study.operation("update_source", f"Edit {info.name}") as rec:
            if args.district is not None or args.site is not None:
                fields["case_id"] = study.cases.ensure(args.district or info.district, args.site)
            if fields:
                study.sources.update_source(source_id=info.id, **fields)
        return finish(args, study.changes_of(rec), **source_json(study.sources.get(info.id)))


def cmd_source_delete(args) -> int:
    with open_study(args) as study:
        info = study.sources.find(args.source)
        changes = study.sources.delete_source(source_id=info.id)
    return finish(args, changes, deleted=info.name, id=info.id, codings=info.codings)


def cmd_attr(args) -> int:
    with open_study(args) as study:
        scope = "case" if args.case else "source"
        owner = study.cases.find(args.case).id if args.case else study.sources.find(args.source).id
        with study.operation("set_attribute", f"Set {args.key}") as rec:
            if args.type and not study.attributes.find(scope, args.key):
                study.attributes.define(scope=scope, name=args.key, type=args.type)
            study.attributes.set_value(scope=scope, owner_id=owner, name=args.key, value=args.value)
        return finish(args, study.changes_of(rec), scope=scope, id=owner, key=args.key,
                      value=study.attributes.values(scope, owner).get(args.key))


def _split(study, args):
    """--split LABEL NAME [--in SOURCE ...] [--turn OFFSET ...]."""
    label, name = args.split
    sources = [study.sources.find(ref) for ref in args.split_in]
    turns = []
    if args.turn:
        if len(sources) != 1:
            raise UsageError("--turn needs exactly one --in SOURCE: the transcript whose turns they are")
        for offset in args.turn:
            turn = study.sources.turn_at(sources[0].id, offset)
            if turn is None or not turn.start <= offset < max(turn.end, turn.start + 1):
                raise UsageError(f"{sources[0].name} has no turn at {offset}")
            turns.append(turn.id)
        sources = []
    return study.speakers.split_speaker(label=label, name=name, source_ids=[s.id for s in sources],
                                        turn_ids=turns)


def cmd_speakers(args) -> int:
    if (args.split_in or args.turn) and not args.split:
        raise UsageError("--in and --turn go with --split LABEL NAME")
    with open_study(args, reading=not (args.rename or args.merge or args.split)) as study:
        if args.rename:
            report_warnings(study.speakers.rename_speaker(
                speaker_id=study.speakers.find(args.rename[0]).id, name=args.rename[1]))
        if args.merge:
            study.speakers.merge_speakers(source_id=study.speakers.find(args.merge[0]).id,
                                          target_id=study.speakers.find(args.merge[1]).id)
        if args.split:
            report_warnings(_split(study, args))
        rows = [{"id": s.id, "name": s.name, "labels": list(s.labels), "turns": s.turns}
                for s in study.speakers.all()]
    if args.json:
        emit(rows)
    elif not say_empty(rows, "speakers (speaker labels are found when interviews are imported)"):
        for r in rows:
            print(f"{r['name']:<30} {r['turns']:>5} turns   labels: {', '.join(r['labels'])}")
    return 0


def cmd_history(args) -> int:
    with open_study(args, reading=True) as study:
        rows = study.changelog(args.limit, text=args.text, author=args.author, since=args.since)
    if args.json:
        emit(rows)
    elif not say_empty(rows, f"changes since {args.since}" if args.since else "changes yet"):
        for r in rows:
            undone = {"undo": "Undone: ", "redo": "Redone: "}.get(r["op"], "")
            print(f"{r['at']}  {r['author']:<12} {undone}{r['label']}")
    return 0


def cmd_whoami(args) -> int:
    if args.set:
        set_coder_name(args.set)
    emit({"coder": coder_name()}) if args.json else print(coder_name())
    return 0


def cmd_demo(args) -> int:
    from ..demo import build_demo_study

    summary = build_demo_study(Path(args.out))
    if args.json:
        emit(summary)
    else:
        print(f"built {args.out}: {summary['sources']} sources, {summary['codings']} codings", file=sys.stderr)
    return 0
