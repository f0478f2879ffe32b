"""Commands for the cross-site analytic outline: add, rename, move and delete themes and claims,
cite and withdraw evidence, set a site's stance, make codes for a theme, and show the outline with
its checks."""

from __future__ import annotations

import sys

from ..crosssite.cross_outline import STANCES
from ..store.words import plural
from .common import add_json, add_study, add_word, finish, open_study, word_options
from .output import emit


def register(sub) -> None:
    outline = sub.add_parser("outline", help="the cross-site outline of themes and claims, with its checks")
    verbs = outline.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True

    p = verbs.add_parser("add", help="add a theme path (and a claim under it); prints the new item's id")
    add_study(p)
    p.add_argument("path", metavar="THEME", help="'Theme/Sub-theme' (missing themes are created)")
    p.add_argument("--claim", help="the statement of a claim to add under the theme")
    add_json(p)
    p.set_defaults(handler=cmd_add)

    p = verbs.add_parser("cite", help="cite a coded segment as evidence for a claim")
    add_study(p)
    p.add_argument("claim", metavar="CLAIM", help="claim id, path or statement")
    p.add_argument("--segment", required=True, metavar="CODING_ID")
    p.add_argument("--stance", choices=["supports", "contradicts"], default="supports")
    add_json(p)
    p.set_defaults(handler=cmd_cite)

    p = verbs.add_parser(
        "stance", help="show each site's stance on a claim, or set a site's (--set) or withdraw it (--clear)",
        description="A site's stance is the analyst's when set, else read from its evidence: only supporting "
                    "evidence supports, only contradicting contradicts, both is mixed, none is silent.")
    add_study(p)
    p.add_argument("claim", metavar="CLAIM", help="claim id, path or statement")
    p.add_argument("--site", help="the site to set or clear (needed with --set and --clear)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--set", choices=list(STANCES), help="your judgement of the site's stance")
    which.add_argument("--clear", action="store_true", help="withdraw your judgement: the evidence decides")
    add_json(p)
    p.set_defaults(handler=cmd_stance)

    p = verbs.add_parser("assign", help="give a theme to an analyst, with a status")
    add_study(p)
    p.add_argument("item", metavar="THEME")
    p.add_argument("--owner", required=True)
    p.add_argument("--status", default="")
    add_json(p)
    p.set_defaults(handler=cmd_assign)

    p = verbs.add_parser("rename", help="rename a theme or rewrite a claim")
    add_study(p)
    p.add_argument("item", metavar="ITEM", help="theme or claim: id, path or statement")
    p.add_argument("name", metavar="NEW")
    add_json(p)
    p.set_defaults(handler=cmd_rename)

    p = verbs.add_parser("move", help="put a theme or claim under another theme, or shift it among its siblings")
    add_study(p)
    p.add_argument("item", metavar="ITEM")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--under", metavar="THEME", help="the new parent theme ('' for the top)")
    where.add_argument("--up", action="store_true")
    where.add_argument("--down", action="store_true")
    add_json(p)
    p.set_defaults(handler=cmd_move)

    p = verbs.add_parser("delete", help="delete a theme (with all under it) or a claim, with its evidence")
    add_study(p)
    p.add_argument("item", metavar="ITEM")
    add_json(p)
    p.set_defaults(handler=cmd_delete)

    p = verbs.add_parser("flip", help="read a piece of evidence the other way: supporting <-> contradicting")
    add_study(p)
    p.add_argument("evidence", metavar="EVIDENCE_ID", help="its id, from `outline show --json`")
    p.add_argument("--to", choices=["supports", "contradicts"], help="set this reading (default: the other one)")
    add_json(p)
    p.set_defaults(handler=cmd_flip)

    p = verbs.add_parser("uncite", help="withdraw a piece of evidence (its id from `outline show --json`)")
    add_study(p)
    p.add_argument("evidence", metavar="EVIDENCE_ID")
    add_json(p)
    p.set_defaults(handler=cmd_uncite)

    p = verbs.add_parser("code", help="make a new code for a theme, or link an existing one; prints the code's id")
    add_study(p)
    p.add_argument("theme", metavar="THEME")
    p.add_argument("code", metavar="CODE", help="code path ('Parent/Child'); created unless --link")
    p.add_argument("--link", action="store_true", help="link an existing code instead of making one")
    p.add_argument("--unlink", action="store_true", help="remove the code's link to the theme")
    add_json(p)
    p.set_defaults(handler=cmd_code)

    p = verbs.add_parser("thresholds", help="show or set what a triangulated claim needs")
    add_study(p)
    p.add_argument("--types", type=int, help="source types a claim's evidence must come from")
    p.add_argument("--roles", type=int, help="respondent roles it must come from")
    add_json(p)
    p.set_defaults(handler=cmd_thresholds)

    p = verbs.add_parser("export", help="the outline to Word as the report's skeleton")
    add_study(p)
    p.add_argument("out", metavar="OUT.docx")
    add_word(p, sections=True, tables=True)
    add_json(p)
    p.set_defaults(handler=cmd_export)

    p = verbs.add_parser("show", help="themes, claims, evidence, stances and checks")
    add_study(p)
    add_json(p)
    p.set_defaults(handler=cmd_show)


def _item(study, item_id: str) -> dict:
    item = study.cross_outline.get(item_id)
    return {"id": item.id, "kind": item.kind, "name": item.name, "path": item.path, "parent": item.parent_id,
            "owner": item.owner, "status": item.status}


def _evidence(study, evidence_id: str) -> dict:
    row = study.conn.execute("SELECT claim_id FROM claim_evidence WHERE id = ?", (evidence_id,)).fetchone()
    if row is None:
        return {"id": evidence_id}
    found = next(e for e in study.cross_outline.evidence(row[0]) if e.id == evidence_id)
    return {"id": found.id, "claim": row[0], "source": study.sources.get(found.source_id).name,
            "coding": found.coding_id, "start": found.start, "end": found.end, "quote": found.quote,
            "stance": found.stance, "citation": study.memos.citation(found.source_id)}


def cmd_add(args) -> int:
    with open_study(args) as study:
        changes = study.cross_outline.add(path=args.path, claim=args.claim)
        return finish(args, changes, changes.result, **_item(study, changes.result))


def cmd_cite(args) -> int:
    with open_study(args) as study:
        claim = study.cross_outline.find(args.claim)
        changes = study.cross_outline.cite(claim_id=claim.id, coding_id=args.segment, stance=args.stance)
        return finish(args, changes, changes.result, **_evidence(study, changes.result))


def cmd_stance(args) -> int:
    if (args.set or args.clear) and not args.site:
        print("casecoder: outline stance: --set and --clear need --site", file=sys.stderr)
        return 2
    with open_study(args) as study:
        o = study.cross_outline
        claim = o.find(args.claim)
        changes = None
        if args.set or args.clear:
            changes = o.set_stance(claim_id=claim.id, site_id=study.cases.find(args.site).id, stance=args.set)
        stances = o.site_stances(claim.id)
        data = {"claim": claim.name, "id": claim.id, "stances": [s.as_dict() for s in stances],
                "checks": o.check(claim.id)}
    if args.json:
        if changes is not None:
            data = {"action": changes.label, "changed": changes.step is not None, **data}
        emit(data)
    else:
        for s in stances:
            where = (f"set by {s.set_by}; the evidence says {s.derived}" if s.set_by_analyst
                     else "from the evidence")
            print(f"{s.site}: {s.stance} ({where}: {s.supporting} supporting, {s.contradicting} contradicting)")
    return 0


def cmd_assign(args) -> int:
    with open_study(args) as study:
        item = study.cross_outline.find(args.item)
        changes = study.cross_outline.assign(item_id=item.id, owner=args.owner, status=args.status)
        return finish(args, changes, **_item(study, item.id))


def cmd_rename(args) -> int:
    with open_study(args) as study:
        item = study.cross_outline.find(args.item)
        changes = study.cross_outline.rename(item_id=item.id, name=args.name)
        return finish(args, changes, was=item.path, **_item(study, item.id))


def cmd_move(args) -> int:
    with open_study(args) as study:
        o = study.cross_outline
        item = o.find(args.item)
        if args.up or args.down:
            changes = o.shift(item_id=item.id, by=-1 if args.up else 1)
        else:
            changes = o.move(item_id=item.id, parent_id=o.find(args.under).id if args.under else None)
        return finish(args, changes, was=item.path, **_item(study, item.id))


def cmd_delete(args) -> int:
    with open_study(args) as study:
        item = study.cross_outline.find(args.item)
        changes = study.cross_outline.delete(item_id=item.id)
    return finish(args, changes, deleted=item.path, id=item.id, kind=item.kind)


def cmd_flip(args) -> int:
    with open_study(args) as study:
        was = _evidence(study, args.evidence)
        if "stance" not in was:
            from ..store.errors import NotFoundError

            raise NotFoundError(f"no evidence link {args.evidence} ('outline show --json' lists them)")
        stance = args.to or ("supports" if was["stance"] == "contradicts" else "contradicts")
        changes = study.cross_outline.set_evidence_stance(evidence_id=args.evidence, stance=stance)
        return finish(args, changes, f"now {stance} its claim", was=was["stance"], **_evidence(study, args.evidence),
                      checks=study.cross_outline.check(was["claim"]))


def cmd_uncite(args) -> int:
    with open_study(args) as study:
        was = _evidence(study, args.evidence)
        changes = study.cross_outline.uncite(evidence_id=args.evidence)
    return finish(args, changes, withdrawn=args.evidence, **{k: v for k, v in was.items() if k != "id"})


def cmd_code(args) -> int:
    with open_study(args) as study:
        o = study.cross_outline
        theme = o.find(args.theme)
        if args.link or args.unlink:
            code_id = study.codes.find(args.code).id
            changes = o.link_code(theme_id=theme.id, code_id=code_id, linked=not args.unlink)
        else:
            changes = o.new_code(theme_id=theme.id, path=args.code)
            code_id = changes.result
        return finish(args, changes, code_id, id=code_id, code=study.codes.path_of(code_id), theme=theme.path,
                      linked=not args.unlink)


def cmd_thresholds(args) -> int:
    with open_study(args) as study:
        o = study.cross_outline
        if args.types is not None or args.roles is not None:
            now = o.thresholds()
            o.set_thresholds(types=args.types if args.types is not None else now["triangulation_types"],
                             roles=args.roles if args.roles is not None else now["triangulation_roles"])
        emit(o.thresholds())
    return 0


def outline_json(study) -> dict:
    o = study.cross_outline
    items = []
    for item in o.items():
        row = {"id": item.id, "parent": item.parent_id, "kind": item.kind, "name": item.name, "path": item.path,
               "owner": item.owner, "status": item.status}
        if item.kind == "claim":
            row["evidence"] = [{"id": e.id, "source": study.sources.get(e.source_id).name, "coding": e.coding_id,
                                "start": e.start, "end": e.end, "quote": e.quote, "stance": e.stance,
                                "citation": study.memos.citation(e.source_id)} for e in o.evidence(item.id)]
            detail = o.site_stances(item.id)
            row["stances"] = {s.site: s.stance for s in detail}  # the stance that counts, by site
            row["site_stances"] = [s.as_dict() for s in detail]  # and where each comes from
            row["checks"] = o.check(item.id)
        else:
            row["codes"] = [study.codes.path_of(c) for c in o.theme_codes(item.id)]
        items.append(row)
    return {"items": items, "uncited_sites": o.uncited_sites(), "thresholds": o.thresholds()}


def cmd_show(args) -> int:
    with open_study(args, reading=True) as study:
        data = outline_json(study)
    if args.json:
        emit(data)
    elif not data["items"]:
        print("no themes or claims yet ('casecoder outline add' makes one)")
    else:
        for item in data["items"]:
            indent = "  " * item["path"].count("/")
            if item["kind"] == "claim":
                c = item["checks"]
                print(f"{indent}- {item['name']}  [{c['supporting_sites']} support, {c['mixed_sites']} mixed, "
                      f"{c['contradicting_sites']} contradict, "
                      f"{'triangulated' if c['triangulated'] else 'NOT triangulated'}]")
            else:
                print(f"{indent}{item['name']}" + (f"  ({item['owner']}: {item['status']})" if item["owner"] else ""))
        if data["uncited_sites"]:
            print(f"never cited: {', '.join(data['uncited_sites'])}")
    return 0


def cmd_export(args) -> int:
    from ..reports.outline import write_outline

    with open_study(args, reading=True) as study:
        out = write_outline(study, args.out, options=word_options(args))
        items = study.cross_outline.items()
    claims = sum(1 for i in items if i.kind == "claim")
    emit({"file": str(out)}) if args.json else print(f"wrote {out}: {plural(claims, 'claim')} under "
                                                     f"{plural(len(items) - claims, 'theme')}")
    return 0
