"""The domain never imports Qt, and every command documents itself."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import coder
from coder.cli import build_parser

ROOT = coder.__path__[0]


def test_coder_imports_no_qt():
    modules = [m.name for m in pkgutil.walk_packages(coder.__path__, "coder.")]
    script = ("import sys, importlib\n"
              f"for name in {modules!r}: importlib.import_module(name)\n"
              "bad = [m for m in sys.modules if m.startswith(('PySide6', 'PyQt', 'ui'))]\n"
              "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(modules) > 20


def test_read_only_commands_do_not_load_spacy():
    script = ("import sys\nfrom coder.cli import main\n"
              "import coder.cli.commands_study, coder.cli.commands_runs, coder.study\n"
              "print('spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def _walk(parser, prefix=()):
    for action in parser._actions:
        if getattr(action, "choices", None) and hasattr(action, "_choices_actions"):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                yield prefix + (name,), helps.get(name), sub
                yield from _walk(sub, prefix + (name,))


def test_every_command_has_help():
    commands = list(_walk(build_parser()))
    assert len(commands) > 25
    missing = [" ".join(path) for path, text, _ in commands if not text]
    assert not missing


def test_every_operation_has_a_docstring():
    """Every mutating operation (it returns Changes) says why it exists."""
    missing, seen = [], 0
    for manager in ("sources.cases", "sources.attributes", "sources.sources", "sources.speakers",
                    "codebook.sections", "codebook.codes", "coding.codings", "coding.queries"):
        module = __import__(f"coder.{manager}", fromlist=["x"])
        for obj in vars(module).values():
            if isinstance(obj, type) and obj.__module__ == module.__name__:
                for attr, fn in vars(obj).items():
                    if callable(fn) and not attr.startswith("_") and \
                            getattr(fn, "__annotations__", {}).get("return") == "Changes":
                        seen += 1
                        if not fn.__doc__:
                            missing.append(f"{obj.__name__}.{attr}")
    assert seen > 30
    assert not missing
