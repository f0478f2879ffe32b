"""Commands about the study itself: new, import, sources, show, source, cases, attributes,
speakers, history and the coder's name."""

from __future__ import annotations

import sys
from pathlib import Path

from ..importers import read_document
from ..importing import import_sources, plan_import
from ..settings import coder_name, set_coder_name
from ..study import Study
from .common import add_json, add_study, open_study, report_warnings
from .output import emit, format_time, source_json


def register(sub) -> None:
    p = sub.add_parser("new", help="create an empty study file")
    add_study(p)
    p.set_defaults(handler=cmd_new)

    p = sub.add_parser("import", help="import transcripts (.docx .txt .md .vtt .srt .odt) or folders")
    add_study(p)
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (optional with --metadata)")
    p.add_argument("--district", help="district of the sources (created when missing)")
    p.add_argument("--site", help="site of the sources (created when missing)")
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
    p.set_defaults(handler=cmd_source_set)
    p = source.add_parser("delete", help="delete a source and its codings")
    add_study(p)
    p.add_argument("source", metavar="SOURCE")
    p.set_defaults(handler=cmd_source_delete)

    p = sub.add_parser("cases", help="list districts and sites with their attributes")
    add_study(p)
    add_json(p)
    p.set_defaults(handler=cmd_cases)

    p = sub.add_parser("attr", help="set a case or source attribute (KEY VALUE; empty VALUE clears)")
    add_study(p)
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--case", help="district or site (path or unique name)")
    target.add_argument("--source", help="source UUID or name")
    p.add_argument("key", metavar="KEY")
    p.add_argument("value", metavar="VALUE")
    p.add_argument("--type", choices=["text", "number", "date", "choice"],
                   help="declare the attribute with this type when it is new")
    p.set_defaults(handler=cmd_attr)

    p = sub.add_parser("speakers", help="list speakers; --rename OLD NEW or --merge FROM INTO corrects them")
    add_study(p)
    p.add_argument("--rename", nargs=2, metavar=("SPEAKER", "NAME"))
    p.add_argument("--merge", nargs=2, metavar=("FROM", "INTO"))
    add_json(p)
    p.set_defaults(handler=cmd_speakers)

    p = sub.add_parser("history", help="the study's change log, newest first")
    add_study(p)
    p.add_argument("--limit", type=int, default=50)
    add_json(p)
    p.set_defaults(handler=cmd_history)

    p = sub.add_parser("whoami", help="show or set (--set NAME) the coder name recorded on your codings")
    p.add_argument("--set", metavar="NAME")
    p.set_defaults(handler=cmd_whoami)

    p = sub.add_parser("demo", help="build the demo study from the bundled sample corpus")
    p.add_argument("out", metavar="STUDY", help="where to write it (must not exist)")
    add_json(p)
    p.set_defaults(handler=cmd_demo)


def cmd_new(args) -> int:
    Study.create(args.study).close()
    print(f"created {args.study}", file=sys.stderr)
    return 0


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
        print(f"imported {len(report.imported)} source(s), {len(report.failed)} failed", file=sys.stderr)
    return 1 if report.failed else 0


def cmd_sources(args) -> int:
    with open_study(args) as study:
        rows = [source_json(s) for s in study.sources.all()]
    if args.json:
        emit(rows)
    else:
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
    with open_study(args) as study:
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
    report = changes.result
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
        with study.operation("update_source", f"Edit {info.name}"):
            if args.district is not None or args.site is not None:
                fields["case_id"] = study.cases.ensure(args.district or info.district, args.site)
            if fields:
                study.sources.update_source(source_id=info.id, **fields)
    return 0


def cmd_source_delete(args) -> int:
    with open_study(args) as study:
        info = study.sources.find(args.source)
        study.sources.delete_source(source_id=info.id)
    return 0


def cmd_cases(args) -> int:
    with open_study(args) as study:
        rows = [{"id": c.id, "path": c.path, "name": c.name, "kind": c.kind, "parent": c.parent_id,
                 "attributes": study.attributes.values("case", c.id)} for c in study.cases.all()]
    if args.json:
        emit(rows)
    else:
        for r in rows:
            attrs = ", ".join(f"{k}={v}" for k, v in r["attributes"].items())
            print(f"{r['path']:<50} {r['kind']:<9} {attrs}")
    return 0


def cmd_attr(args) -> int:
    with open_study(args) as study:
        scope = "case" if args.case else "source"
        owner = study.cases.find(args.case).id if args.case else study.sources.find(args.source).id
        with study.operation("set_attribute", f"Set {args.key}"):
            if args.type and not study.attributes.find(scope, args.key):
                study.attributes.define(scope=scope, name=args.key, type=args.type)
            study.attributes.set_value(scope=scope, owner_id=owner, name=args.key, value=args.value)
    return 0


def cmd_speakers(args) -> int:
    with open_study(args) as study:
        if args.rename:
            changes = study.speakers.rename_speaker(speaker_id=study.speakers.find(args.rename[0]).id,
                                                    name=args.rename[1])
            report_warnings(changes)
        if args.merge:
            study.speakers.merge_speakers(source_id=study.speakers.find(args.merge[0]).id,
                                          target_id=study.speakers.find(args.merge[1]).id)
        rows = [{"id": s.id, "name": s.name, "labels": list(s.labels), "turns": s.turns}
                for s in study.speakers.all()]
    if args.json:
        emit(rows)
    else:
        for r in rows:
            print(f"{r['name']:<30} {r['turns']:>5} turns   labels: {', '.join(r['labels'])}")
    return 0


def cmd_history(args) -> int:
    with open_study(args) as study:
        rows = study.changelog(args.limit)
    if args.json:
        emit(rows)
    else:
        for r in rows:
            print(f"{r['at']}  {r['author']:<12} {r['label']}")
    return 0


def cmd_whoami(args) -> int:
    if args.set:
        set_coder_name(args.set)
    print(coder_name())
    return 0


def cmd_demo(args) -> int:
    from ..demo import build_demo_study

    summary = build_demo_study(Path(args.out))
    if args.json:
        emit(summary)
    else:
        print(f"built {args.out}: {summary['sources']} sources, {summary['codings']} codings", file=sys.stderr)
    return 0
