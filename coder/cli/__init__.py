"""The `casecoder` command line: every user action without a window.

Exit codes: 0 success, 1 the action failed (a bad file, a rule broken), 2 an unknown or
ambiguous argument (or a malformed command line). JSON goes to stdout, messages to stderr.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys

from ..store.errors import AmbiguousError, CaseCoderError, NotFoundError
from . import (
    commands_autocode,
    commands_cases,
    commands_codes,
    commands_codings,
    commands_compare,
    commands_crosstab,
    commands_matrix,
    commands_memos,
    commands_outline,
    commands_print,
    commands_refi,
    commands_runs,
    commands_safety,
    commands_sets,
    commands_study,
    commands_sync,
    commands_undo,
)
from .common import UsageError
from .output import TerminalSafe


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casecoder", description="CaseCoder: qualitative coding for multi-site case studies.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    commands_study.register(sub)
    commands_undo.register(sub)
    commands_cases.register(sub)
    commands_codes.register(sub)
    commands_codings.register(sub)
    commands_autocode.register(sub)
    commands_runs.register(sub)
    commands_memos.register(sub)
    commands_print.register(sub)
    commands_outline.register(sub)
    commands_matrix.register(sub)
    commands_crosstab.register(sub)
    commands_compare.register(sub)
    commands_refi.register(sub)
    commands_sets.register(sub)
    commands_sync.register(sub)
    commands_safety.register(sub)
    commands_safety.register_sharing(sub)
    commands_runs.register_agreement(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafe(sys.stdout), TerminalSafe(sys.stderr)
    try:
        return _run(args)
    finally:
        sys.stdout, sys.stderr = streams


def _run(args) -> int:
    try:
        _sweep()
        return int(args.handler(args) or 0)
    except (NotFoundError, AmbiguousError, UsageError) as exc:
        print(f"casecoder: {exc}", file=sys.stderr)
        return 2
    except CaseCoderError as exc:
        print(f"casecoder: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:  # a damaged file, or one an unfinished build left behind
        where = getattr(args, "study", None) or "the study"
        print(f"casecoder: {where}: the study file could not be read or written ({exc}). Every change is saved "
              "whole or not at all; 'casecoder check' confirms the study is whole.", file=sys.stderr)
        return 1
    except FileExistsError as exc:
        print(f"casecoder: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except Exception:  # noqa: BLE001 - a bug: logged for the user to send, the action rolled back
        from ..store.errorlog import write_error

        path, report = write_error(*sys.exc_info())
        print(report, file=sys.stderr)
        print(f"casecoder: an unexpected error stopped this command; the study is as it was before it. "
              f"The details are in {path}." if path else "casecoder: an unexpected error stopped this command.",
              file=sys.stderr)
        return 1


def _sweep() -> None:
    """What a killed share left in the data folder (the real names) goes at the next command."""
    import contextlib

    from ..privacy.sharing_files import sweep_unfinished_shares

    with contextlib.suppress(OSError):
        sweep_unfinished_shares()


if __name__ == "__main__":
    sys.exit(main())
