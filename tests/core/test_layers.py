"""The domain never imports Qt, its packages keep their layers, no two modules import each other (by
any path), and every command documents itself."""

from __future__ import annotations

import ast
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import coder
from coder.cli import build_parser

ROOT = coder.__path__[0]
REPO = Path(ROOT).parent


def test_coder_imports_no_qt():
    modules = [m.name for m in pkgutil.walk_packages(coder.__path__, "coder.")]
    script = ("import sys, importlib\n"
              f"for name in {modules!r}: importlib.import_module(name)\n"
              "bad = [m for m in sys.modules if m.startswith(('PySide6', 'PyQt', 'ui'))]\n"
              "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(modules) > 20


def test_packages_keep_their_layers():
    """pyproject.toml's [tool.importlinter] contracts: store at the bottom, the method's packages
    above it, team, privacy, the facade, exchange and cli on top; coder never imports ui or Qt."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint, "lint-imports is missing: pip install -e '.[dev]'"
    result = subprocess.run([lint, "--no-cache"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def _imports_of(path: Path, module: str, is_package: bool) -> set[str]:
    """The coder modules a module imports, wherever the import stands (in a function too), but
    not under `if TYPE_CHECKING:`, which never runs."""
    tree = ast.parse(path.read_text())
    skipped = {id(n) for node in ast.walk(tree)
               if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
               for part in node.body for n in ast.walk(part)}
    package = module.split(".") if is_package else module.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else [])) \
                if node.level else node.module or ""
            found.update(f"{base}.{alias.name}" for alias in node.names)
            if not module.startswith(base + "."):  # a package's own modules need it loaded already
                found.add(base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_import_cycles_between_modules():
    """No module imports another that imports it back, directly or round a longer loop."""
    files = {}
    for path in Path(ROOT).rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        files[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    graph = {m: {t for t in _imports_of(p, m, pkg) if t in files and t != m} for m, (p, pkg) in files.items()}
    cycles, index, low, stack, on_stack = [], {}, {}, [], set()

    def visit(node):  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    assert not cycles, cycles


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
