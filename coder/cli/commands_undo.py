"""Undo and redo on the command line. They walk the history stored in the study (coder/history.py),
the one the window's Edit > Undo mirrors: an action taken in the window can be undone here after
the window is closed, and one taken here is offered by Edit > Undo when the study opens again."""

from __future__ import annotations

import argparse
import sys

from ..store.errors import CaseCoderError, NothingToUndoError
from .common import add_json, add_study, open_study, report_warnings
from .output import emit

PAST = {"undo": "undone", "redo": "redone"}


def register(sub) -> None:
    for verb, summary in (("undo", "undo the study's last actions (the window's as well as the command line's)"),
                          ("redo", "redo the actions undone last")):
        p = sub.add_parser(verb, help=summary, description=f"{summary[0].upper()}{summary[1:]}. The history is "
                           "kept in the study (the last 500 actions); a new action clears what could be redone.")
        add_study(p)
        p.add_argument("--steps", type=_count, default=1, metavar="N",
                       help=f"how many actions to {verb}, newest first (default 1); when fewer can be {PAST[verb]},"
                            " nothing is")
        p.add_argument("--list", action="store_true",
                       help="change nothing: list what can be undone and redone, next first")
        add_json(p)
        p.set_defaults(handler=cmd_undo, verb=verb)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of actions (1 or more)")
    return value


def cmd_undo(args) -> int:
    verb, past = args.verb, PAST[args.verb]
    with open_study(args) as study:
        history = study.history
        if args.list:
            return _list(args, history)
        available = history.count(verb)
        if available == 0:
            raise NothingToUndoError(f"{study.path.name}: nothing to {verb}")
        if available < args.steps:
            raise NothingToUndoError(f"{study.path.name}: only {available} action{'s' if available != 1 else ''} "
                                     f"can be {past}, not {args.steps}; nothing was {past}")
        done = []
        try:
            for _ in range(args.steps):
                changes = study.undo() if verb == "undo" else study.redo()
                report_warnings(changes)
                done.append(changes)
        except CaseCoderError as exc:
            if done:  # each step is its own transaction: say which stayed done
                raise CaseCoderError(f"{exc} ({len(done)} of {args.steps} {past} before it: "
                                     f"{'; '.join(c.label for c in done)})") from exc
            raise
        report = {past: [{"op": c.extra.get("of", c.op), "label": c.label, "areas": sorted(c.areas),
                          "ids": list(c.ids)} for c in done],
                  "next_undo": history.undo_label() or None, "next_redo": history.redo_label() or None}
    if args.json:
        emit(report)
    else:
        for item in report[past]:
            print(f"{past}: {item['label']}")
        nxt = report[f"next_{verb}"]
        print(f"next to {verb}: {nxt}" if nxt else f"nothing more to {verb}", file=sys.stderr)
    return 0


def _list(args, history) -> int:
    report = {"undo": history.listing("undo"), "redo": history.listing("redo")}
    if args.json:
        emit(report)
        return 0
    for stack in ("undo", "redo"):
        print(f"can be {PAST[stack]} ({len(report[stack])}):" if report[stack] else f"nothing to {stack}")
        for item in report[stack]:
            print(f"  {item['at'][:16].replace('T', ' ')}  {item['author']:<12} {item['label']}")
    return 0
