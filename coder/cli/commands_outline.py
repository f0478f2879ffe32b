"""Commands for the cross-site analytic outline: add themes and claims, cite evidence, set a
site's stance, and show the outline with its checks."""

from __future__ import annotations

from .common import add_json, add_study, open_study
from .output import emit


def register(sub) -> None:
    outline = sub.add_parser("outline", help="the cross-site outline of themes and claims, with its checks")
    verbs = outline.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True

    p = verbs.add_parser("add", help="add a theme path (and a claim under it); prints the new item's id")
    add_study(p)
    p.add_argument("path", metavar="THEME", help="'Theme/Sub-theme' (missing themes are created)")
    p.add_argument("--claim", help="the statement of a claim to add under the theme")
    p.set_defaults(handler=cmd_add)

    p = verbs.add_parser("cite", help="cite a coded segment as evidence for a claim")
    add_study(p)
    p.add_argument("claim", metavar="CLAIM", help="claim id, path or statement")
    p.add_argument("--segment", required=True, metavar="CODING_ID")
    p.add_argument("--stance", choices=["supports", "contradicts"], default="supports")
    p.set_defaults(handler=cmd_cite)

    p = verbs.add_parser("stance", help="set a site's stance on a claim")
    add_study(p)
    p.add_argument("claim", metavar="CLAIM")
    p.add_argument("--site", required=True)
    p.add_argument("--set", required=True, choices=["supports", "contradicts", "silent"])
    p.set_defaults(handler=cmd_stance)

    p = verbs.add_parser("assign", help="give a theme to an analyst, with a status")
    add_study(p)
    p.add_argument("item", metavar="THEME")
    p.add_argument("--owner", required=True)
    p.add_argument("--status", default="")
    p.set_defaults(handler=cmd_assign)

    p = verbs.add_parser("export", help="the outline to Word as the report's skeleton")
    add_study(p)
    p.add_argument("out", metavar="OUT.docx")
    p.set_defaults(handler=cmd_export)

    p = verbs.add_parser("show", help="themes, claims, evidence, stances and checks")
    add_study(p)
    add_json(p)
    p.set_defaults(handler=cmd_show)


def cmd_add(args) -> int:
    with open_study(args) as study:
        print(study.cross_outline.add(path=args.path, claim=args.claim).result)
    return 0


def cmd_cite(args) -> int:
    with open_study(args) as study:
        claim = study.cross_outline.find(args.claim)
        print(study.cross_outline.cite(claim_id=claim.id, coding_id=args.segment, stance=args.stance).result)
    return 0


def cmd_stance(args) -> int:
    with open_study(args) as study:
        claim = study.cross_outline.find(args.claim)
        study.cross_outline.set_stance(claim_id=claim.id, site_id=study.cases.find(args.site).id, stance=args.set)
    return 0


def cmd_assign(args) -> int:
    with open_study(args) as study:
        item = study.cross_outline.find(args.item)
        study.cross_outline.assign(item_id=item.id, owner=args.owner, status=args.status)
    return 0


def outline_json(study) -> dict:
    o = study.cross_outline
    sites = {c.id: c.name for c in study.cases.all() if c.kind == "site"}
    items = []
    for item in o.items():
        row = {"id": item.id, "parent": item.parent_id, "kind": item.kind, "name": item.name, "path": item.path,
               "owner": item.owner, "status": item.status}
        if item.kind == "claim":
            row["evidence"] = [{"id": e.id, "source": study.sources.get(e.source_id).name, "coding": e.coding_id,
                                "start": e.start, "end": e.end, "quote": e.quote, "stance": e.stance,
                                "citation": study.memos.citation(e.source_id)} for e in o.evidence(item.id)]
            row["stances"] = {sites[k]: v for k, v in o.stances(item.id).items()}
            row["checks"] = o.check(item.id)
        items.append(row)
    return {"items": items, "uncited_sites": o.uncited_sites(), "thresholds": o.thresholds()}


def cmd_show(args) -> int:
    with open_study(args) as study:
        data = outline_json(study)
    if args.json:
        emit(data)
    else:
        for item in data["items"]:
            indent = "  " * item["path"].count("/")
            if item["kind"] == "claim":
                c = item["checks"]
                print(f"{indent}- {item['name']}  [{c['supporting_sites']} support, {c['contradicting_sites']} "
                      f"contradict, {'triangulated' if c['triangulated'] else 'NOT triangulated'}]")
            else:
                print(f"{indent}{item['name']}" + (f"  ({item['owner']}: {item['status']})" if item["owner"] else ""))
        if data["uncited_sites"]:
            print(f"never cited: {', '.join(data['uncited_sites'])}")
    return 0


def cmd_export(args) -> int:
    from ..outline_export import write_outline

    with open_study(args) as study:
        print(write_outline(study, args.out))
    return 0
