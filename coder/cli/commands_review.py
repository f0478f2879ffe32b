"""Commands for the review of a memo between partners: send and open review packages, mark a
section corroborated, and reconcile a diverged memo change by change."""

from __future__ import annotations

import sys

from ..store.errors import ConflictError
from .common import add_json, add_study, open_study
from .output import emit


def register_memo_verbs(verbs) -> None:
    """`memo corroborate` and `memo reconcile`, beside the other memo verbs."""
    p = verbs.add_parser("corroborate", help="mark a section of a memo corroborated (a reviewer's mark)",
                         description="Mark an outline section of a memo corroborated, as its reviewer, or "
                                     "take the mark away with --remove.")
    add_study(p)
    p.add_argument("memo", metavar="MEMO", help="memo id, title, or its site, district or code")
    p.add_argument("--section", required=True, help="the section heading (as in 'memo show')")
    p.add_argument("--by", help="who corroborates (default: the study user)")
    p.add_argument("--remove", action="store_true", help="take the mark away")
    add_json(p)
    p.set_defaults(handler=cmd_corroborate)

    p = verbs.add_parser(
        "reconcile", help="list or reconcile the changes between the two versions of a diverged memo",
        description="A diverged memo has two versions written on the same one (after a review round trip "
                    "where both sides edited). The partner's version is compared word by word with yours "
                    "(the version --by wrote): each difference is a numbered change. Accepting a change "
                    "takes the partner's words, rejecting it keeps yours. Start from --accept-all, "
                    "--reject-all or --combine (the partner's edits and yours: the changes only the partner "
                    "made are accepted, yours kept, changes both made rejected), then name single changes "
                    "with --accept and --reject. --accept alone rejects every change it does not name, "
                    "--reject alone accepts every one it does not name. "
                    "Without a choice, or with --list, the changes are listed and nothing is changed.")
    add_study(p)
    p.add_argument("memo", metavar="MEMO", help="memo id, title, or its site, district or code")
    p.add_argument("--list", action="store_true", help="list the changes (the default without a choice)")
    start = p.add_mutually_exclusive_group()
    start.add_argument("--accept-all", action="store_true", help="take every change: the partner's version")
    start.add_argument("--reject-all", action="store_true", help="reject every change: your version")
    start.add_argument("--combine", action="store_true",
                       help="keep both sides' edits: accept the changes only the partner made")
    p.add_argument("--accept", action="append", default=[], metavar="N,M",
                   help="accept these changes (numbers from --list; repeatable)")
    p.add_argument("--reject", action="append", default=[], metavar="N,M",
                   help="reject these changes (repeatable)")
    p.add_argument("--by", help="who reconciles: their version is the one the changes apply to "
                                "(default: the study user)")
    add_json(p)
    p.set_defaults(handler=cmd_reconcile)


def register(sub) -> None:
    review = sub.add_parser("review", help="exchange a memo with the partner's copy of the study")
    verbs = review.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True
    p = verbs.add_parser("send", help="write a review package for a memo (a drafting memo moves to in-review)",
                         description="Write a review package for the partner. Sent by anyone but its reviewers, "
                                     "a drafting or revising memo moves to in-review (the package carries it).")
    add_study(p)
    p.add_argument("memo", metavar="MEMO")
    p.add_argument("out", metavar="OUT", help="the package file to write (.ccreview)")
    p.add_argument("--by", help="who sends (default: the study user)")
    p.add_argument("--keep-status", action="store_true", help="leave the memo's status as it is")
    add_json(p)
    p.set_defaults(handler=cmd_review_send)
    p = verbs.add_parser("open", help="merge a review package into this study")
    add_study(p)
    p.add_argument("package", metavar="PACKAGE")
    add_json(p)
    p.set_defaults(handler=cmd_review_open)


def cmd_corroborate(args) -> int:
    with open_study(args) as study:
        memo = study.memos.find(args.memo)
        study.memos.mark_section(memo_id=memo.id, section=args.section, by=args.by or study.user,
                                 corroborated=not args.remove)
        marks = study.memos.section_marks(memo.id)
    if args.json:
        emit({"memo": memo.id, "marks": [{"section": name, **mark} for name, mark in marks.items()]})
    return 0


def _numbers(values: list[str]) -> set[int]:
    out = set()
    for value in values:
        for part in value.replace(" ", ",").split(","):
            if not part:
                continue
            if not part.isdigit():
                raise ConflictError(f"{part!r} is not a change number (give numbers such as 1,3 from --list)")
            out.add(int(part))
    return out


def _listing(study, memo, divergence) -> dict:
    def head(version) -> dict:
        return {"version": version.id, "author": version.author, "at": version.at}

    return {"memo": memo.id, "title": memo.title, "diverged": True, "original": head(divergence.original),
            "revised": head(divergence.revised), "base": divergence.base.id if divergence.base else None,
            "changes": [{"number": c.number, "kind": c.kind, "by": c.by,
                         "author": {"original": divergence.original.author, "revised": divergence.revised.author,
                                    "both": "both"}.get(c.by, ""),
                         "section": c.section, "original": c.original, "revised": c.revised,
                         "start": c.start, "end": c.end, "revised_start": c.revised_start,
                         "revised_end": c.revised_end} for c in divergence.comparison.changes]}


def _print_listing(listing: dict) -> None:
    print(f"{listing['title']}: {len(listing['changes'])} change(s) of {listing['revised']['author']}'s version "
          f"to {listing['original']['author']}'s")
    for c in listing["changes"]:
        words = {"insertion": f"inserts «{c['revised']}»", "deletion": f"deletes «{c['original']}»",
                 "replacement": f"«{c['original']}» → «{c['revised']}»"}[c["kind"]]
        who = f" (edited by {c['author']})" if c["author"] else ""
        print(f"{c['number']:>3}  {c['section'] or '—'}: {' '.join(words.split())}{who}")


def cmd_reconcile(args) -> int:
    accept, reject = _numbers(args.accept), _numbers(args.reject)
    if accept & reject:
        raise ConflictError(f"change {', '.join(map(str, sorted(accept & reject)))} is both accepted and rejected")
    chosen = args.accept_all or args.reject_all or args.combine or accept or reject
    with open_study(args) as study:
        memo = study.memos.find(args.memo)
        by = args.by or study.user
        if (args.list or not chosen) and len(study.memos.heads(memo.id)) < 2:
            print(f"casecoder: note: {memo.title} has not diverged: there is nothing to reconcile", file=sys.stderr)
            if args.json:
                emit({"memo": memo.id, "title": memo.title, "diverged": False, "changes": []})
            return 0
        divergence = study.memos.compare_heads(memo.id, by=by)
        listing = _listing(study, memo, divergence)
        if args.list or not chosen:
            if args.json:
                emit(listing)
            else:
                _print_listing(listing)
                if not args.list:
                    print("casecoder: note: nothing reconciled; choose with --accept-all, --reject-all, --combine "
                          "or --accept N,M", file=sys.stderr)
            return 0
        every = {c.number for c in divergence.comparison.changes}
        if args.accept_all or (reject and not accept and not args.reject_all and not args.combine):
            base = every
        elif args.combine:
            base = divergence.comparison.combined()
        else:
            base = set()
        taken = (base | accept) - reject
        unknown = sorted((accept | reject) - every)
        if unknown:
            raise ConflictError(f"no change {', '.join(map(str, unknown))}: the versions differ in {len(every)} "
                                "change(s), numbered from 1 (see --list)")
        study.memos.reconcile(memo_id=memo.id, by=by, accept=taken)
        [head] = study.memos.heads(memo.id) or [None]
    result = {"memo": memo.id, "version": head.id if head else None, "accepted": sorted(taken),
              "rejected": sorted(every - taken)}
    if args.json:
        emit(result)
    else:
        print(f"{memo.title}: reconciled, {len(taken)} change(s) accepted, {len(every - taken)} rejected")
    return 0


def cmd_review_send(args) -> int:
    from ..memos.review_package import send_for_review

    with open_study(args) as study:
        memo = study.memos.find(args.memo)
        changes = send_for_review(study, memo_id=memo.id, out=args.out, by=args.by, keep_status=args.keep_status)
    if args.json:
        emit({"memo": memo.id, "package": changes.result, "status": changes.extra["status"],
              "status_changed": changes.extra["status_changed"]})
    else:
        print(changes.result)
        if changes.extra["status_changed"]:
            print(f"casecoder: note: {memo.title} is now in review", file=sys.stderr)
    return 0


def cmd_review_open(args) -> int:
    from ..memos.review_package import open_package

    with open_study(args) as study:
        report = open_package(study, args.package)
    report.pop("changes")
    if args.json:
        emit(report)
    else:
        print(f"{report['title']}: {len(report['versions_added'])} new version(s), {report['comments_added']} new "
              f"comment(s), {report['comments_updated']} updated, {report['evidence_added']} new evidence link(s)")
        if report["diverged"]:
            print("the memo has diverged: both versions are kept; reconcile them in the memo workbench or with "
                  "'casecoder memo reconcile'", file=sys.stderr)
    return 0
