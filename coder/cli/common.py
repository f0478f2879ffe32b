"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import NotAStudyError
from ..study import Study


def open_study(args: argparse.Namespace) -> Study:
    path = Path(args.study)
    if not path.exists():
        raise NotAStudyError(f"{path}: no such study file (create one with 'casecoder new {path}')")
    from ..lock import StudyInUseError

    user = getattr(args, "coder", None) or None
    try:
        return Study.open(path, user=user)
    except StudyInUseError as exc:
        import sys

        print(f"casecoder: note: {exc} Opened read-only: it can be read, not changed.", file=sys.stderr)
        return Study.open(path, user=user, read_only=True)


def add_study(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("study", metavar="STUDY", help="the study file (.casecoder)")


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")


def report_warnings(changes) -> None:
    import sys

    for warning in getattr(changes, "warnings", ()) or ():
        print(f"casecoder: note: {warning}", file=sys.stderr)
