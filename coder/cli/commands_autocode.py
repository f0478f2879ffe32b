"""Coding many passages at once from the command line (`autocode`): the hits of a search, a
speaker's turns, a role's respondents' turns, the interviewers' turns, or a data run's segments,
widened by --unit, previewed with --dry-run, applied (or with --uncode taken off) as one step
that `casecoder undo` takes back."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

from ..coding.run_spec import RunSpec
from ..store.errors import ConflictError
from .commands_runs import _filters, add_waves
from .common import add_json, add_study, open_study
from .output import emit


def register(sub) -> None:
    p = sub.add_parser("autocode", help="code (or uncode) many passages at once: search hits, a speaker's or "
                                        "role's turns, the interviewers' turns, a data run's segments")
    add_study(p)
    p.add_argument("--code", required=True, metavar="PATH", help="the code to apply (created if it does not exist)")
    p.add_argument("--coder", help="whose coding it is (default: your coder name)")
    p.add_argument("--search", metavar="TEXT", help="every hit of this search")
    p.add_argument("--mode", choices=["exact", "lemma", "fuzzy", "regex"], default="exact")
    p.add_argument("--speaker", metavar="NAME", help="every turn of this speaker")
    p.add_argument("--role", action="append", default=[], metavar="ROLE",
                   help="alone: every respondent turn in sources of this role; with --search, --speaker or "
                        "--run-code: only sources of this role (repeatable)")
    p.add_argument("--interviewers", action="store_true", help="every interviewer turn")
    p.add_argument("--run-code", action="append", default=[], metavar="PATH",
                   help="every segment of the data run of this code (repeatable: any of them)")
    p.add_argument("--descendants", action="store_true", help="with --run-code: its sub-codes' segments too")
    p.add_argument("--heading", nargs="?", const="", metavar="TEXT",
                   help="every section under a heading (Word heading styles, Markdown headings); with TEXT, only "
                        "sections whose heading contains it")
    p.add_argument("--level", action="append", type=int, default=[], metavar="N",
                   help="with --heading: only headings of this level (1 = top; repeatable)")
    p.add_argument("--named", action="store_true",
                   help="with --heading: each section gets a code named after its heading, under --code")
    p.add_argument("--cues", nargs="?", const="-", metavar="FROM-TO",
                   help="every caption cue (.vtt/.srt sources); with FROM-TO (00:10:00-00:20:00) those beginning "
                        "then (either end may be left out: --cues=-05:00 for the first five minutes)")
    p.add_argument("--unit", default="hit", help="what is coded around each hit: hit, sentence, paragraph, turn or "
                                                 "words:N (N words either side); default hit")
    p.add_argument("--district", action="append", default=[], help="only this district (repeatable)")
    p.add_argument("--site", action="append", default=[], help="only this site (repeatable)")
    add_waves(p)
    p.add_argument("--type", action="append", default=[], choices=["interview", "observation", "artifact"])
    p.add_argument("--attr", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--set", metavar="NAME", help="only the sources of this set")
    p.add_argument("--uncode", action="store_true", help="take the code off those passages instead")
    p.add_argument("--dry-run", action="store_true", help="show what would be coded; change nothing")
    add_json(p)
    p.set_defaults(handler=cmd_autocode)


def _plan(study, args):
    from ..coding import autocode as auto

    chosen = [bool(args.search), bool(args.speaker), bool(args.interviewers), bool(args.run_code),
              args.heading is not None, args.cues is not None]
    if sum(chosen) > 1 or (sum(chosen) == 0 and not args.role):
        raise ConflictError("give exactly one of --search, --speaker, --role, --interviewers, --run-code, "
                            "--heading or --cues")
    if (args.level or args.named) and args.heading is None:
        raise ConflictError("--level and --named choose headings: use them with --heading")
    # the scope filters, without autocode's own --role (a selector alone, a filter with the others)
    # and --coder (whose coding it is)
    filters = _filters(study, SimpleNamespace(district=args.district, site=args.site, wave=args.wave, type=args.type,
                                              attr=args.attr, set=args.set, role=[], coder=[]))
    if args.role and sum(chosen) == 0:  # the role's respondents' turns
        if len(args.role) != 1:
            raise ConflictError("autocode one role's turns at a time (--role ROLE)")
        return auto.plan_turns(study, role=args.role[0], scope=RunSpec(codes=[], **{**filters, "roles": []}))
    scope = RunSpec(codes=[], **{**filters, "roles": args.role})
    if args.search:
        return auto.plan_search(study, args.search, mode=args.mode, unit=args.unit, scope=scope)
    if args.unit != "hit":
        raise ConflictError("--unit widens search hits: use it with --search")
    if args.speaker:
        return auto.plan_turns(study, speaker=args.speaker, scope=scope)
    if args.interviewers:
        return auto.plan_turns(study, interviewers=True, scope=scope)
    if args.heading is not None:
        from ..coding.autocode_structure import plan_headings

        return plan_headings(study, scope=scope, levels=set(args.level) or None, heading=args.heading,
                             named=args.named)
    if args.cues is not None:
        from ..coding.autocode_structure import parse_span, plan_cues

        start, end = parse_span(args.cues) if args.cues != "-" else (None, None)
        return plan_cues(study, scope=scope, start_ms=start, end_ms=end)
    scope.codes = [study.codes.find(c).id for c in args.run_code]
    scope.descendants = args.descendants
    return auto.plan_run(study, scope)


def cmd_autocode(args) -> int:
    from ..coding import autocode as auto
    from ..store.settings import coder_name
    from ..store.words import plural

    coder = args.coder or coder_name()
    with open_study(args, reading=args.dry_run) as study:
        plan = _plan(study, args)
        if args.named:
            return _by_heading(study, plan, args, coder)
        if args.dry_run:
            code = _find_code(study, args.code)
            if code is not None and not args.uncode:
                plan = auto.against(study, plan, code, coder)
            if args.json:
                emit(plan.record())
                return 0
            for source_id, n in plan.per_source().items():
                print(f"{n:>6}  {plan.names.get(source_id, source_id)}")
            print(f"would {'uncode' if args.uncode else 'code'} {plural(len(plan.passages), 'passage')} in "
                  f"{plural(len(plan.per_source()), 'source')} ({plan.label}); {plan.skipped} already coded")
            return 0
        code = _find_code(study, args.code)
        if args.uncode:
            if code is None:
                raise ConflictError(f"no code {args.code!r} to take off")
            changes = auto.uncode(study, plan, code, coder=args.coder)
            done = {"passages": changes.result, "sources": len(plan.per_source()), "skipped": 0}
        else:
            planned = auto.against(study, plan, code, coder) if code else plan
            changes = auto.autocode(study, plan, code, code_path=None if code else args.code, coder=coder)
            done = planned.record()
        if args.json:
            emit(done)
        else:
            print(changes.label + (f"; {done['skipped']} already coded, left as they were" if done["skipped"] else ""))
    return 0


def _find_code(study, path: str) -> str | None:
    from ..store.errors import NotFoundError

    try:
        return study.codes.find(path).id
    except NotFoundError:
        return None


def _by_heading(study, plan, args, coder: str) -> int:
    """--heading --named: a code per heading, under --code."""
    from ..coding import autocode_structure as structure
    from ..store.words import plural

    if args.dry_run:
        if args.json:
            emit(plan.record())
            return 0
        for title, n in sorted(Counter(plan.titles.values()).items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"{n:>6}  {structure.code_path_for(args.code, title)}")
        print(f"would {'uncode' if args.uncode else 'code'} {plural(len(plan.passages), 'section')} in "
              f"{plural(len(plan.per_source()), 'source')} under "
              f"{plural(len(set(plan.titles.values())), 'heading code')}")
        return 0
    if args.uncode:
        changes = structure.uncode_by_heading(study, plan, args.code, coder=args.coder)
        done = {"passages": changes.result, "sources": len(plan.per_source()), "skipped": 0}
    else:
        changes = structure.autocode_by_heading(study, plan, args.code, coder=coder)
        done = {**plan.record(), "skipped": changes.extra["skipped"],
                "passages": len(plan.passages) - changes.extra["skipped"]}
    if args.json:
        emit(done)
    else:
        print(changes.label + (f"; {done['skipped']} already coded, left as they were" if done["skipped"] else ""))
    return 0
