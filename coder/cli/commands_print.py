"""`casecoder print`: a transcript with its codes in the margin, or a memo, as a printable HTML
file (coder/reports/printable.py; the window prints the same document)."""

from __future__ import annotations

from ..store.errors import NotFoundError
from ..store.words import plural
from .common import UsageError, add_json, add_study, open_study
from .output import emit


def register(sub) -> None:
    p = sub.add_parser("print", help="a transcript with its codes in the margin, or a memo, as HTML to print")
    add_study(p)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--source", metavar="NAME", help="the transcript (its name or id)")
    what.add_argument("--memo", metavar="SITE_OR_TITLE", help="the memo: its site, district or code, its title or id")
    p.add_argument("--out", required=True, metavar="FILE.html", help="the HTML file to write")
    p.add_argument("--coder", dest="only_coder", metavar="NAME",
                   help="with --source: only this coder's codings in the margin (default: every coder's)")
    add_json(p)
    p.set_defaults(handler=cmd_print)


def cmd_print(args) -> int:
    from ..reports.printable import memo_html, source_html, write_printable

    if args.memo and args.only_coder:
        raise UsageError("--coder goes with --source: a memo has no codings to choose from")
    with open_study(args, reading=True) as study:
        if args.source:
            info = study.sources.find(args.source)
            if args.only_coder and args.only_coder not in study.codings.coders():
                raise NotFoundError(f"no coder named {args.only_coder!r} has coded in this study (coders: "
                                    f"{', '.join(study.codings.coders()) or 'none yet'})")
            html = source_html(study, info.id, coder=args.only_coder)
            codings = study.codings.count_for(source_id=info.id, coder=args.only_coder)
            by = f" by {args.only_coder}" if args.only_coder else ""
            what, data = f"{info.name} with {plural(codings, 'coding')}{by} in the margin", {
                "source": info.name, "codings": codings, "coder": args.only_coder}
        else:
            memo = study.memos.find(args.memo)
            html = memo_html(study, memo.id)
            what, data = f"memo {memo.title}", {"memo": memo.title}
        out = write_printable(html, args.out)
    emit({"file": str(out), **data}) if args.json else print(f"wrote {out}: {what}")
    return 0
