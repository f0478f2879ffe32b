"""Commands that retrieve: coded data runs, text search, and saved queries."""

from __future__ import annotations

import sys

from ..coding.run_spec import NO_SPEAKER, RunSpec, describe
from ..coding.search import MAX_HITS
from ..store.errors import ConflictError
from .common import add_json, add_study, add_waves, add_word, finish_analysis, open_study, say_empty, word_options
from .output import emit, segments_csv, segments_json, segments_text


def add_scope(p) -> None:
    """The data run's filters on sources and coders (a data run's, a crosstab's scope). Each is
    repeatable: a segment passes with any of a filter's values, and must pass every filter given
    (--role principal --role "assistant principal" --wave 1-2)."""
    p.add_argument("--district", action="append", default=[], help="only this district (repeatable: any of them)")
    p.add_argument("--site", action="append", default=[], help="only this site (repeatable: any of them)")
    p.add_argument("--role", action="append", default=[], help="only this respondent role (repeatable: any of them)")
    add_waves(p)
    p.add_argument("--type", action="append", default=[], choices=["interview", "observation", "artifact"],
                   help="only this source type (repeatable: any of them)")
    p.add_argument("--coder", action="append", default=[], help="only this coder's codings (repeatable)")
    p.add_argument("--attr", action="append", default=[], metavar="KEY=VALUE",
                   help="a case or source attribute's value (repeatable; values of one attribute: any of them)")
    p.add_argument("--set", metavar="NAME", help="only the sources of this set (see 'casecoder sets')")


def add_speakers(p) -> None:
    """The speaker filter, for what counts passages by the turn they begin in (a data run, a
    crosstab)."""
    p.add_argument("--speaker", action="append", default=[], metavar="NAME",
                   help="only passages that begin in this speaker's turns (repeatable: any of them; see "
                        "'casecoder speakers'; '(none)' for passages outside any speaker's turn)")


def _add_filters(p) -> None:
    """The scope, then how the segments are given."""
    add_scope(p)
    p.add_argument("--csv", action="store_true", help="print CSV instead")
    p.add_argument("--save", metavar="NAME", help="also save this query under NAME")
    p.add_argument("--docx", metavar="OUT", help="write the segments to Word, by site and source, cited")
    p.add_argument("--xlsx", metavar="OUT", help="write one row per segment with every case and source attribute")
    add_word(p)
    add_json(p)


def register(sub) -> None:
    p = sub.add_parser("run", help="a coded data run")
    add_study(p)
    p.add_argument("--code", action="append", required=True, help="code path (repeatable)")
    p.add_argument("--op", choices=["or", "and"], default="or")
    p.add_argument("--and-scope", choices=["overlap", "turn"], default="overlap")
    p.add_argument("--not", dest="not_codes", action="append", default=[], metavar="PATH",
                   help="leave out passages that meet a coding of this code (repeatable)")
    p.add_argument("--descendants", action="store_true", help="include the codes' sub-codes")
    add_speakers(p)
    _add_filters(p)
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("search", help="search the text of every source")
    add_study(p)
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--mode", choices=["exact", "lemma", "fuzzy", "regex"], default="exact")
    p.add_argument("--threshold", type=float, default=80.0, help="fuzzy: minimum similarity 0-100")
    _add_filters(p)
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("saved", help="list saved runs and searches")
    add_study(p)
    add_json(p)
    p.set_defaults(handler=cmd_saved)

    p = sub.add_parser("rerun", help="run a saved run or search again")
    add_study(p)
    p.add_argument("name", metavar="NAME")
    p.add_argument("--csv", action="store_true")
    add_json(p)
    p.set_defaults(handler=cmd_rerun)


def _filters(study, args) -> dict:
    attrs: dict[str, list[str]] = {}
    for item in args.attr:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConflictError(f"--attr {item!r}: write KEY=VALUE")
        attrs.setdefault(key.strip(), []).append(value.strip())
    return {"districts": [study.cases.find(d).id for d in args.district],
            "sites": [study.cases.find(s).id for s in args.site],
            "roles": args.role, "waves": args.wave, "types": args.type, "coders": args.coder, "attrs": attrs,
            "sources": list(study.sets.find(args.set).members.get("source", ())) if args.set else [],
            "speakers": [NO_SPEAKER if name.strip().lower() in ("(none)", NO_SPEAKER) else study.speakers.find(name).id
                         for name in getattr(args, "speaker", None) or ()]}


def _print(segments, args) -> None:
    if args.json:
        emit(segments_json(segments))
    elif getattr(args, "csv", False):
        sys.stdout.write(segments_csv(segments))
    else:
        print(segments_text(segments))


def _write_files(study, segments, args, title: str, description: list[tuple[str, str]]) -> bool:
    """--docx / --xlsx: write the segments, saying what was asked for; True when something was
    written."""
    from ..reports.run import write_segments_docx, write_segments_xlsx
    from ..store.words import plural

    for out, write in ((args.docx, lambda: write_segments_docx(study, segments, args.docx, title=title,
                                                                description=description,
                                                                options=word_options(args))),
                       (args.xlsx, lambda: write_segments_xlsx(study, segments, args.xlsx, description=description))):
        if out:
            write()
            if not (args.json or getattr(args, "csv", False)):  # stdout is the data then
                print(f"wrote {out}: {plural(len(segments), 'segment')}")
    return bool(args.docx or args.xlsx)


def cmd_run(args) -> int:
    with open_study(args, reading=not args.save) as study:
        spec = RunSpec(codes=[study.codes.find(c).id for c in args.code], op=args.op,
                       and_scope=args.and_scope, not_codes=[study.codes.find(c).id for c in args.not_codes],
                       descendants=args.descendants, **_filters(study, args))
        segments = study.runs.run(spec)
        if args.save:
            study.queries.save_query(name=args.save, kind="run", spec=spec.to_dict())
        written = _write_files(study, segments, args, "Data run: " + ", ".join(args.code), describe(study, spec))
    if not written or args.json or args.csv:
        _print(segments, args)
    return 0


def cmd_search(args) -> int:
    with open_study(args, reading=not args.save) as study:
        filters = _filters(study, args)
        spec = RunSpec(codes=[], **filters)
        if args.mode == "lemma":
            finish_analysis(study, "this lemma search")
        segments = study.search.search(args.query, args.mode, spec=spec, threshold=args.threshold)
        if len(segments) >= MAX_HITS:
            print(f"note: a search lists at most {MAX_HITS:,} hits; these are the first, in display order. "
                  "Narrow it (a longer phrase, --site, --role…) to see the rest.", file=sys.stderr)
        if args.save:
            study.queries.save_query(name=args.save, kind="search", spec={
                "query": args.query, "mode": args.mode, "threshold": args.threshold, "filters": filters})
        about = [("Search", f"“{args.query}” ({args.mode})"), *describe(study, spec)]
        written = _write_files(study, segments, args, f"Search: {args.query}", about)
    if not written or args.json or args.csv:
        _print(segments, args)
    return 0


def cmd_saved(args) -> int:
    with open_study(args, reading=True) as study:
        rows = [{"id": q.id, "name": q.name, "kind": q.kind, "spec": q.spec} for q in study.queries.all()]
    if args.json:
        emit(rows)
    elif not say_empty(rows, "saved runs or searches yet (--save NAME on 'run' or 'search' keeps one)"):
        for r in rows:
            print(f"{r['name']:<40} {r['kind']}")
    return 0


def cmd_rerun(args) -> int:
    with open_study(args, reading=True) as study:
        query = study.queries.find(args.name)
        if query.kind == "search" and query.spec.get("mode") == "lemma":
            finish_analysis(study, "this lemma search")
        segments = study.queries.rerun(args.name)
    _print(segments, args)
    return 0


def register_agreement(sub) -> None:
    p = sub.add_parser("agreement", help="how consistently coders coded: percent agreement, kappa, alpha")
    add_study(p)
    p.add_argument("--coders", required=True, metavar="A,B[,C]", help="the coders to compare, comma-separated")
    p.add_argument("--code", action="append", default=[], metavar="PATH", help="only this code (repeatable)")
    p.add_argument("--source", action="append", default=[], metavar="S", help="only this source (repeatable)")
    p.add_argument("--unit", choices=["char", "sentence"], default="char")
    p.add_argument("--over", choices=["coded", "whole"], default="coded",
                   help="coded: only the units someone coded (default); whole: every unit of the sources "
                        "compared, so text neither coder coded counts as agreement, as NVivo's kappa counts")
    p.add_argument("--docx", metavar="OUT", help="also write the comparison to Word")
    p.add_argument("--xlsx", metavar="OUT", help="also write the comparison to Excel")
    add_word(p)
    add_json(p)
    p.set_defaults(handler=cmd_agreement)


def cmd_agreement(args) -> int:
    from ..coding.agreement import compare
    from ..reports.agreement import write_docx, write_xlsx

    with open_study(args, reading=True) as study:
        if args.unit == "sentence":
            finish_analysis(study, "this comparison by sentence")
        result = compare(study, args.coders.split(","), [study.codes.find(c).id for c in args.code] or None,
                         [study.sources.find(s).id for s in args.source] or None, args.unit, args.over)
        if args.docx:
            write_docx(result, args.docx, study, word_options(args))
        if args.xlsx:
            write_xlsx(result, args.xlsx)
    data = result.as_dict()
    if args.json:
        emit(data)
    else:
        def fmt(v):
            return "—" if v is None else f"{v:.3f}"

        print(f"{', '.join(data['coders'])} on {data['units']} {data['unit']} units: agreement "
              f"{fmt(data['percent_agreement'])}, kappa {fmt(data['cohen_kappa'])}, alpha "
              f"{fmt(data['krippendorff_alpha'])}; {len(data['disagreements'])} disagreements")
        print(f"counted over {data['over_text']}")
    return 0
