"""Exchange with NVivo, ATLAS.ti, MAXQDA and QualCoder: REFI-QDA projects (.qdpx) and codebooks
(.qdc). The sets they carry are listed and changed by commands_sets."""

from __future__ import annotations

import sys
from pathlib import Path

from .common import add_json, add_study, open_study
from .output import emit


def register(sub) -> None:
    qdpx = sub.add_parser("qdpx", help="REFI-QDA projects: import one as a new study, or export a study")
    verbs = qdpx.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True
    p = verbs.add_parser("import", help="create STUDY from a .qdpx (refuses an existing file); prints the report")
    p.add_argument("archive", metavar="ARCHIVE.qdpx")
    p.add_argument("study", metavar="STUDY", help="the new study file")
    p.add_argument("--media-dir", metavar="DIR", help="the one folder files kept outside the archive are read "
                                                       "from (default: '<archive name> Media' beside it)")
    add_json(p)
    p.set_defaults(handler=cmd_qdpx_import)
    p = verbs.add_parser("export", help="write the study as a .qdpx")
    add_study(p)
    p.add_argument("out", metavar="OUT.qdpx")
    p.add_argument("--nvivo", action="store_true", help="NVivo-compatible positions: UTF-16 units over CRLF text")
    add_json(p)
    p.set_defaults(handler=cmd_qdpx_export)

    qdc = sub.add_parser("qdc", help="REFI-QDA codebooks: merge one into a study, or export the codebook")
    verbs = qdc.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True
    p = verbs.add_parser("import", help="merge a .qdc into the study's codebook")
    add_study(p)
    p.add_argument("file", metavar="FILE.qdc")
    add_json(p)
    p.set_defaults(handler=cmd_qdc_import)
    p = verbs.add_parser("export", help="write the codebook as a .qdc")
    add_study(p)
    p.add_argument("out", metavar="OUT.qdc")
    add_json(p)
    p.set_defaults(handler=cmd_qdc_export)


def print_report(data: dict) -> None:
    counts = ", ".join(f"{v} {k}" for k, v in data["counts"].items())
    print(f"imported {data['project'] or data['archive']} ({data['origin'] or 'unknown tool'}) into "
          f"{data['study']}: {counts}")
    positions = data["positions"]
    if positions:
        print(f"positions read as {positions['units']}, CRLF as {positions['crlf']}: {positions['reason']}")
    for item in data["not_imported"]:
        print(f"not imported: {item['kind']} {item['name']}: {item['reason']}")
    for item in data["rejected_selections"]:
        print(f"rejected selection in {item['source']} [{item['start']}, {item['end']}): {item['reason']}")
    for warning in data["warnings"]:
        print(f"warning: {warning}")


def cmd_qdpx_import(args) -> int:
    from ..exchange.refi.project_import import import_project

    data = import_project(Path(args.archive), Path(args.study), media_dir=args.media_dir).as_dict()
    emit(data) if args.json else print_report(data)
    return 0


def cmd_qdpx_export(args) -> int:
    from ..exchange.refi.project_export import export_project

    with open_study(args, reading=True) as study:
        result = export_project(study, Path(args.out), nvivo=args.nvivo)
    left_out = result.pop("not exported")
    for item in left_out:
        print(f"casecoder: note: not in the .qdpx (REFI-QDA has no place for it): {item}", file=sys.stderr)
    if args.json:
        emit({"file": str(args.out), "counts": result, "not_exported": left_out})
    else:
        print(f"wrote {args.out}: " + ", ".join(f"{v} {k}" for k, v in result.items()))
    return 0


def cmd_qdc_import(args) -> int:
    from ..exchange.refi.codebook import import_codebook

    with open_study(args) as study:
        data = import_codebook(study, Path(args.file)).as_dict()
    if args.json:
        emit(data)
    else:
        print(f"{len(data['created'])} new codes, {len(data['existing'])} already there, {data['sets']} sets")
        for warning in data["warnings"]:
            print(f"warning: {warning}")
    return 0


def cmd_qdc_export(args) -> int:
    from ..exchange.refi.codebook import export_codebook

    with open_study(args, reading=True) as study:
        out = export_codebook(study, Path(args.out))
        codes = len(study.codes.all())
    emit({"file": str(out), "codes": codes}) if args.json else print(out)
    return 0

