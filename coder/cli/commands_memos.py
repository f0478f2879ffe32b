"""Commands for memos: write, list, show, quote, reviewers, status, comments, restore,
completeness, Word export and spell-checking (review packages, corroboration and reconciling are
in commands_review)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..memos import spelling
from ..memos.text import section_spans
from ..store.errors import ConflictError
from ..store.words import plural
from . import commands_review
from .common import (
    UsageError,
    add_json,
    add_study,
    add_word,
    find_words,
    finish,
    open_study,
    say_empty,
    word_options,
)
from .output import emit


def register(sub) -> None:
    memo = sub.add_parser("memo", help="site, district, code and free memos, and their review")
    verbs = memo.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True

    p = verbs.add_parser("write", help="create or update a memo from a Markdown file; prints its id")
    add_study(p)
    subject = p.add_mutually_exclusive_group(required=True)
    subject.add_argument("--site", help="the site of a site case memo")
    subject.add_argument("--district", help="the district of a district context memo")
    subject.add_argument("--code", help="the code path of a code memo")
    subject.add_argument("--title", help="the title of a free memo")
    p.add_argument("--author", required=True, help="who wrote this version")
    p.add_argument("--file", required=True, help="the memo as Markdown: in a site memo a heading at any level "
                                                 "('# ', '## ') naming an outline section starts that section; "
                                                 "headings that name none are reported")
    add_json(p)
    p.set_defaults(handler=cmd_write)

    p = verbs.add_parser("list", help="every memo")
    add_study(p)
    add_json(p)
    p.set_defaults(handler=cmd_list)

    p = verbs.add_parser("show", help="one memo with its versions, evidence and comments")
    add_study(p)
    p.add_argument("memo", metavar="MEMO", help="memo id, title, or its site, district or code")
    add_json(p)
    p.set_defaults(handler=cmd_show)

    p = verbs.add_parser("quote", help="quote a coded segment in a memo section, with its citation")
    add_study(p)
    p.add_argument("memo", metavar="MEMO")
    p.add_argument("--segment", required=True, metavar="CODING_ID", help="the coding to quote")
    p.add_argument("--section", help="the outline section (default: the section its code is linked to)")
    p.add_argument("--at", type=int, metavar="OFFSET",
                   help="where in the memo text to quote (0-based, as in 'memo show --json'): after the "
                        "paragraph there, in its section (default: at the end of the section)")
    p.add_argument("--author", help="who quotes (default: the study user)")
    add_json(p)
    p.set_defaults(handler=cmd_quote)

    p = verbs.add_parser("reviewers", help="set the drafter and the reviewers")
    add_study(p)
    p.add_argument("memo", metavar="MEMO")
    p.add_argument("--drafter", required=True)
    p.add_argument("--reviewer", action="append", required=True, help="a reviewer (repeatable)")
    add_json(p)
    p.set_defaults(handler=cmd_reviewers)

    p = verbs.add_parser("status", help="move the memo along the review cycle")
    add_study(p)
    p.add_argument("memo", metavar="MEMO")
    p.add_argument("--set", required=True, choices=["drafting", "in-review", "revising", "corroborated"])
    p.add_argument("--by", required=True, help="who changes the status")
    add_json(p)
    p.set_defaults(handler=cmd_status)

    p = verbs.add_parser("comment", help="comment on a range of the memo's text; prints the comment id")
    add_study(p)
    p.add_argument("memo", metavar="MEMO")
    p.add_argument("--author", required=True)
    p.add_argument("--kind", required=True, choices=["question", "correction", "elaboration", "corroboration"])
    p.add_argument("--start", type=int, help="first character (0-based) of the memo text")
    p.add_argument("--end", type=int, help="one past the last character")
    p.add_argument("--find", metavar="WORDS", help="instead of --start/--end: the first occurrence of these words")
    p.add_argument("--text", required=True)
    add_json(p)
    p.set_defaults(handler=cmd_comment)

    p = verbs.add_parser("reply", help="reply to a comment; prints the reply id")
    add_study(p)
    p.add_argument("comment", metavar="COMMENT_ID")
    p.add_argument("--author", required=True)
    p.add_argument("--text", required=True)
    add_json(p)
    p.set_defaults(handler=cmd_reply)

    p = verbs.add_parser("resolve", help="resolve (or --accept, or --reopen) a comment thread")
    add_study(p)
    p.add_argument("comment", metavar="COMMENT_ID")
    p.add_argument("--by", required=True)
    state = p.add_mutually_exclusive_group()
    state.add_argument("--accept", action="store_const", dest="state", const="accepted")
    state.add_argument("--reopen", action="store_const", dest="state", const="open")
    add_json(p)
    p.set_defaults(handler=cmd_resolve, state="resolved")

    p = verbs.add_parser("restore", help="make an old version current again (as a new version)")
    add_study(p)
    p.add_argument("memo", metavar="MEMO")
    p.add_argument("--version", required=True, help="the version id ('memo show' lists them)")
    p.add_argument("--by", required=True)
    add_json(p)
    p.set_defaults(handler=cmd_restore)

    p = verbs.add_parser("completeness", help="empty sections, quotations, cited and uncited sources")
    add_study(p)
    p.add_argument("memo", metavar="MEMO")
    add_json(p)
    p.set_defaults(handler=cmd_completeness)

    p = verbs.add_parser("export", help="a memo (or every site memo) to Word, comments as Word comments")
    add_study(p)
    p.add_argument("memo", metavar="MEMO", nargs="?", help="the memo (leave out with --all-sites)")
    p.add_argument("out", metavar="OUT.docx")
    p.add_argument("--all-sites", action="store_true", help="every site case memo, in case order")
    add_word(p, sections=True)
    add_json(p)
    p.set_defaults(handler=cmd_export)

    commands_review.register_memo_verbs(verbs)
    commands_review.register(sub)
    register_spell(sub)


def register_spell(sub) -> None:
    p = sub.add_parser("spell", help="spell-check a memo offline; add words to your dictionary; list languages")
    p.add_argument("study", metavar="STUDY", nargs="?", help="the study file (.casecoder), to check a memo")
    p.add_argument("--memo", metavar="SITE_OR_TITLE", help="the memo to check: its site, district, code, title or id")
    p.add_argument("--lang", metavar="LANG", help="the dictionary to use (default: the one chosen in the window, "
                                                  "else en; --languages lists them)")
    p.add_argument("--add", metavar="WORD", action="append", help="keep WORD as spelled right (repeatable)")
    p.add_argument("--languages", action="store_true", help="list the languages, and where to add one")
    add_json(p)
    p.set_defaults(handler=cmd_spell)


def _subject(study, args) -> dict:
    if args.site:
        return {"kind": "site", "subject_id": study.cases.find(args.site).id}
    if args.district:
        return {"kind": "district", "subject_id": study.cases.find(args.district).id}
    if args.code:
        return {"kind": "code", "subject_id": study.codes.find(args.code).id}
    return {"kind": "free", "title": args.title}


def cmd_write(args) -> int:
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConflictError(f"{path}: cannot read the memo ({exc})") from exc
    with open_study(args) as study:
        changes = study.memos.write(text=text, author=args.author, **_subject(study, args))
        sections = [name for name, _s, _e in section_spans(study.memos.text(changes.result)) if name]
    headings = changes.extra.get("headings", [])
    if not args.json:
        for h in headings:
            if h["section"] is None:
                print(f"casecoder: note: {path} line {h['line']}: {h['heading']!r}: {h['note']}", file=sys.stderr)
    return finish(args, changes, changes.result, id=changes.result, headings=headings, sections=sections)


def memo_summary(study, info) -> dict:
    return {"id": info.id, "kind": info.kind, "subject": study.memos.subject_name(info), "title": info.title,
            "status": info.status, "drafter": info.drafter, "reviewers": list(info.reviewers)}


def cmd_list(args) -> int:
    with open_study(args, reading=True) as study:
        rows = [memo_summary(study, m) for m in study.memos.all()]
    if args.json:
        emit(rows)
    elif not say_empty(rows, "memos yet ('casecoder memo write' makes one)"):
        for r in rows:
            print(f"{r['id']}  {r['kind']:<8} {r['status']:<12} {r['subject']}")
    return 0


def memo_json(study, memo_id: str) -> dict:
    info = study.memos.get(memo_id)
    text = study.memos.text(memo_id)
    heads = study.memos.heads(memo_id)
    marks = study.memos.section_marks(memo_id)
    return {**memo_summary(study, info),
            "sections": [{"name": name, "start": s, "end": e, "corroborated": name in marks}
                         for name, s, e in section_spans(text) if name is not None],
            "text": text,
            "versions": [{"id": v.id, "parent": v.parent_id, "other_parent": v.other_parent_id, "author": v.author,
                          "time": v.at, "text": v.text} for v in study.memos.versions(memo_id)],
            "heads": [h.id for h in heads],
            "status_history": study.memos.status_history(memo_id),
            "evidence": [{"id": e.id, "source": study.sources.get(e.source_id).name, "source_id": e.source_id,
                          "coding": e.coding_id, "start": e.start, "end": e.end, "quote": e.quote,
                          "section": e.section, "citation": study.memos.citation(e.source_id)}
                         for e in study.memos.evidence(memo_id)],
            "comments": [{"id": c.id, "parent": c.parent_id, "author": c.author, "kind": c.kind,
                          "start": c.start, "end": c.end, "quote": c.quote, "text": c.text, "state": c.state,
                          "time": c.created_at} for c in study.memo_comments.for_memo(memo_id)]}


def cmd_show(args) -> int:
    with open_study(args, reading=True) as study:
        data = memo_json(study, study.memos.find(args.memo).id)
    if args.json:
        emit(data)
    else:
        print(f"{data['title']} ({data['kind']}, {data['status']}; drafter {data['drafter'] or '—'}, "
              f"reviewers {', '.join(data['reviewers']) or '—'})")
        if len(data["heads"]) > 1:
            print(f"DIVERGED: {len(data['heads'])} versions were written on the same base", file=sys.stderr)
        print(data["text"], end="")
    return 0


def cmd_quote(args) -> int:
    with open_study(args) as study:
        memo = study.memos.find(args.memo)
        changes = study.memos.quote(memo_id=memo.id, coding_id=args.segment, section=args.section,
                                    author=args.author, at=args.at)
        evidence = next(e for e in study.memos.evidence(memo.id) if e.id == changes.result)
        start, end = changes.extra["quoted"]
        return finish(args, changes, changes.result, id=changes.result, evidence=changes.result, memo=memo.id,
                      section=evidence.section, start=start, end=end, quote=evidence.quote,
                      citation=study.memos.citation(evidence.source_id))


def cmd_reviewers(args) -> int:
    with open_study(args) as study:
        memo = study.memos.find(args.memo)
        changes = study.memos.set_reviewers(memo_id=memo.id, drafter=args.drafter, reviewers=args.reviewer)
        return finish(args, changes, **memo_summary(study, study.memos.get(memo.id)))


def cmd_status(args) -> int:
    with open_study(args) as study:
        memo = study.memos.find(args.memo)
        changes = study.memos.set_status(memo_id=memo.id, status=args.set, by=args.by)
        return finish(args, changes, **memo_summary(study, study.memos.get(memo.id)))


def cmd_comment(args) -> int:
    from .common import UsageError

    with open_study(args) as study:
        memo = study.memos.find(args.memo)
        if args.find is not None:
            if args.start is not None or args.end is not None:
                raise UsageError("give --find or --start/--end, not both")
            start, end = find_words(study.memos.text(memo.id), args.find, memo.title)
        elif args.start is None or args.end is None:
            raise UsageError("give --start and --end (or --find WORDS)")
        else:
            start, end = args.start, args.end
        changes = study.memo_comments.comment(memo_id=memo.id, author=args.author, kind=args.kind, start=start,
                                              end=end, text=args.text)
    return finish(args, changes, changes.result, id=changes.result, memo=memo.id, start=start, end=end)


def cmd_reply(args) -> int:
    with open_study(args) as study:
        changes = study.memo_comments.reply(comment_id=args.comment, author=args.author, text=args.text)
    return finish(args, changes, changes.result, id=changes.result, parent=args.comment)


def cmd_resolve(args) -> int:
    with open_study(args) as study:
        changes = study.memo_comments.set_state(comment_id=args.comment, state=args.state, by=args.by)
    return finish(args, changes, id=args.comment, state=args.state)


def cmd_restore(args) -> int:
    with open_study(args) as study:
        memo = study.memos.find(args.memo)
        changes = study.memos.restore(memo_id=memo.id, version_id=args.version, by=args.by)
        heads = [h.id for h in study.memos.heads(memo.id)]
    return finish(args, changes, id=memo.id, restored=args.version, version=heads[-1] if heads else None)


def cmd_completeness(args) -> int:
    with open_study(args, reading=True) as study:
        emit(study.memos.completeness(study.memos.find(args.memo).id))
    return 0


def cmd_export(args) -> int:
    from ..reports.memo import write_memos

    with open_study(args, reading=True) as study:
        if args.all_sites:
            if args.memo:
                raise ConflictError("give either a memo or --all-sites, not both")
            order = {c.id: i for i, c in enumerate(study.cases.all())}
            memos = sorted((m for m in study.memos.all() if m.kind == "site"),
                           key=lambda m: order.get(m.subject_id, len(order)))
            ids = [m.id for m in memos]
        elif args.memo:
            ids = [study.memos.find(args.memo).id]
        else:
            raise ConflictError("name the memo to export, or give --all-sites")
        out = write_memos(study, ids, args.out, word_options(args))
    emit({"file": str(out), "memos": ids}) if args.json else print(f"wrote {out}: {plural(len(ids), 'memo')}")
    return 0


def cmd_spell(args) -> int:
    if args.languages:
        return _spell_languages(args)
    speller = spelling.Speller(args.lang)
    if args.add:
        if args.study or args.memo:
            raise UsageError("--add takes words only: check a memo in a separate command")
        path = None
        for word in args.add:
            path = speller.add_word(word)
        if args.json:
            emit({"added": args.add, "language": speller.language, "file": str(path)})
        else:
            print(f"added {', '.join(args.add)} to {path}")
        return 0
    if not args.study or not args.memo:
        raise UsageError("give a STUDY and --memo to check (or --add WORD, or --languages)")
    with open_study(args, reading=True) as study:
        memo = study.memos.find(args.memo)
        text = study.memos.text(memo.id)
    found = [{"word": word, "start": start, "end": end, "line": text.count("\n", 0, start) + 1,
              "column": start - text.rfind("\n", 0, start), "suggestions": speller.suggestions(word)}
             for start, end, word in speller.misspelled(text)]
    if args.json:
        emit({"memo": memo.id, "title": memo.title, "language": speller.language, "misspellings": found})
    elif not say_empty(found, f"misspellings in {memo.title} ({speller.language})"):
        for f in found:
            print(f"line {f['line']}: {f['word']}" + (f" — {', '.join(f['suggestions'])}" if f["suggestions"] else ""))
        print(f"{plural(len(found), 'misspelling')} in {memo.title} ({speller.language})")
    return 0


def _spell_languages(args) -> int:
    files, bundled, chosen = spelling.language_files(), set(spelling.bundled_languages()), spelling.chosen_language()
    rows = [{"language": lang, "bundled": lang in bundled, "file": str(files[lang]) if lang in files else None,
             "chosen": lang == chosen} for lang in spelling.available_languages()]
    folder = spelling.dictionaries_dir()
    if args.json:
        emit({"languages": rows, "folder": str(folder)})
        return 0
    for r in rows:
        where = ", ".join(filter(None, ["bundled" if r["bundled"] else "", r["file"]]))
        print(f"{r['language']:<8} {where}{'  (chosen)' if r['chosen'] else ''}")
    print(f"add a language as a word list (LANG.txt, one word a line) or a Hunspell LANG.dic in {folder}")
    return 0
