"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..store.errors import NotAStudyError
from ..study import Study


class UsageError(Exception):
    """A command line that asks for nothing sensible (exit code 2, as argparse's own errors)."""


def open_study(args: argparse.Namespace, reading: bool = False) -> Study:
    """The study a command works on. A command that only `reading` never takes the writer's lock,
    so it never keeps a writer out (a study that needs an upgrade first is opened for writing,
    which upgrades it). A command that writes gets the study read-only, with a note saying why,
    when another program writes it or it lies where nothing can be written; its change is then
    refused."""
    path = Path(args.study)
    if not path.exists():
        raise NotAStudyError(f"{path}: no such study file (create one with 'casecoder new {path}')")
    from ..store.errors import NeedsUpgradeError
    from ..store.lock import StudyInUseError

    user = getattr(args, "coder", None) or None
    if reading:
        try:
            return Study.open(path, user=user, read_only=True)
        except NeedsUpgradeError:
            pass
    try:
        study = Study.open(path, user=user)
    except StudyInUseError as exc:
        study = Study.open(path, user=user, read_only=True)
        if not reading:
            _note(f"{exc} Opened read-only: it can be read, not changed.")
        return study
    if study.read_only and not reading:
        _note(f"{path.name} is opened read-only: {study.read_only_reason}.")
    return study


def finish_analysis(study: Study, what: str) -> None:
    """Before `what` (a reading that needs the language analysis): an analysis an interrupted
    import left is completed; sources it still cannot reach are named, never silently left out."""
    from ..sources.analysis import finish_for_reading, pending_count

    if pending_count(study.conn) == 0:
        return
    _note(f"completing the language analysis an interrupted import left ({pending_count(study.conn)} sources)")
    waiting = finish_for_reading(study)
    if waiting:
        shown = ", ".join(waiting[:10]) + (f" and {len(waiting) - 10} more" if len(waiting) > 10 else "")
        _note(f"{len(waiting)} sources still await the language analysis and are left out of {what}: {shown}. "
              "It is completed by the program writing the study, or by 'casecoder check --repair'.")


def _note(text: str) -> None:
    import sys

    print(f"casecoder: note: {text}", file=sys.stderr)


def add_study(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("study", metavar="STUDY", help="the study file (.casecoder)")


def wave_values(text: str) -> list[int]:
    """An argparse type for --wave: "2", a range "1-2" or a list "1,3"."""
    from ..coding.run_spec import parse_waves
    from ..store.errors import ConflictError

    try:
        return parse_waves(text)
    except ConflictError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_waves(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wave", action="extend", default=[], type=wave_values, metavar="WAVES",
                        help="only these waves: 2, a range such as 1-2, or a list such as 1,3 (repeatable)")


def add_word(parser: argparse.ArgumentParser, *, sections: bool = False, tables: bool = False) -> None:
    """The Word export's choices (coder.reports.options): the template, and where they apply
    keeping empty sections and shading count tables."""
    parser.add_argument("--template", metavar="FILE.docx|FILE.dotx",
                        help="take styles, fonts and page from this Word document or template")
    if sections:
        parser.add_argument("--keep-empty", action="store_true",
                            help="keep empty sections as bare headings (a reviewer's checklist)")
    if tables:
        parser.add_argument("--heat", action="store_true", help="shade count cells by how many passages they hold")


def word_options(args: argparse.Namespace):
    """The WordOptions the command line asked for."""
    from ..reports.options import WordOptions

    return WordOptions.of(getattr(args, "template", None), getattr(args, "keep_empty", False),
                          getattr(args, "heat", False))


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")


def report_warnings(changes) -> None:
    import sys

    for warning in getattr(changes, "warnings", ()) or ():
        print(f"casecoder: note: {warning}", file=sys.stderr)


def finish(args: argparse.Namespace, changes=None, say: str | None = None, **data) -> int:
    """Say what an action did. With --json: one object — the action (its label in the study's
    history), whether it changed the study, what `data` adds, and its warnings; otherwise `say`,
    when there is one. Warnings go to stderr either way."""
    report_warnings(changes)
    if getattr(args, "json", False):
        from .output import emit

        out: dict = {}
        if changes is not None:
            out.update(action=changes.label, changed=changes.step is not None)
        out.update(data)
        if changes is not None:
            out["warnings"] = list(changes.warnings)
        emit(out)
    elif say:
        print(say)
    return 0


def say_empty(rows: list, what: str) -> bool:
    """For a listing without --json: say so when there is nothing to list (True then)."""
    if not rows:
        print(f"no {what}")
    return not rows


def find_words(text: str, words: str, where: str) -> tuple[int, int]:
    """The range of the first occurrence of `words` in `text` (whitespace matching any run of
    spaces and line breaks); several occurrences are noted on stderr."""
    import re
    import sys

    from ..store.errors import ConflictError

    pattern = re.compile(r"\s+".join(re.escape(w) for w in words.split()))
    if not words.split():
        raise ConflictError("--find needs some words")
    hits = [m.span() for m in pattern.finditer(text)]
    if not hits:
        raise ConflictError(f"{where} has no {words!r}")
    if len(hits) > 1:
        print(f"casecoder: note: {words!r} occurs {len(hits)} times in {where}; the first (at {hits[0][0]}) was "
              "used: give --start and --end for another", file=sys.stderr)
    return hits[0]


def add_range(parser: argparse.ArgumentParser, what: str) -> None:
    """--start/--end, or --find WORDS, for a passage of a text."""
    parser.add_argument("--start", type=int, help=f"first character of {what} (0-based)")
    parser.add_argument("--end", type=int, help="one past its last character")
    parser.add_argument("--find", metavar="WORDS", help=f"instead of --start/--end: {what} is the first "
                                                        "occurrence of these exact words")


def passage(args: argparse.Namespace, text: str, where: str) -> tuple[int, int]:
    """The [start, end) the command line gave with add_range's options."""
    from ..store.errors import ConflictError

    if args.find is not None:
        if args.start is not None or args.end is not None:
            raise UsageError("give --find or --start/--end, not both")
        return find_words(text, args.find, where)
    if args.start is None or args.end is None:
        raise UsageError("give --start and --end (or --find WORDS)")
    if args.start < 0 or args.end <= args.start:
        raise ConflictError(f"--start {args.start} --end {args.end} is not a passage")
    return args.start, args.end
