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


def wave_values(text: str) -> list[int]:
    """An argparse type for --wave: "2", a range "1-2" or a list "1,3"."""
    from ..errors import ConflictError
    from ..run_spec import parse_waves

    try:
        return parse_waves(text)
    except ConflictError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_waves(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wave", action="extend", default=[], type=wave_values, metavar="WAVES",
                        help="only these waves: 2, a range such as 1-2, or a list such as 1,3 (repeatable)")


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")


def report_warnings(changes) -> None:
    import sys

    for warning in getattr(changes, "warnings", ()) or ():
        print(f"casecoder: note: {warning}", file=sys.stderr)
