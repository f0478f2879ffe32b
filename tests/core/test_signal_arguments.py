"""A button's `clicked` and an action's `triggered` pass `checked` (a bool) to their slot: a slot
whose first parameter means something else (a path, a kind) gets False for it when a person
clicks, while a test that calls the method with its argument passes. The share dialog's "Write a
copy for sharing…" failed that way on every click. This reads the window's code and fails on any
such connection to a method of the same class."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
SIGNALS = {"clicked", "triggered", "toggled"}


def _misconnected(path: Path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        methods = {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef)}
        for call in (n for n in ast.walk(cls) if isinstance(n, ast.Call)):
            func = call.func
            if not (isinstance(func, ast.Attribute) and func.attr == "connect" and call.args
                    and isinstance(func.value, ast.Attribute) and func.value.attr in SIGNALS):
                continue
            slot = call.args[0]
            if isinstance(slot, ast.Attribute) and isinstance(slot.value, ast.Name) and slot.value.id == "self" \
                    and slot.attr in methods:
                params = [a.arg for a in methods[slot.attr].args.args[1:]]
                if params and params[0] not in ("checked", "on", "_checked", "_"):
                    found.append(f"{path.relative_to(UI.parent)}:{call.lineno} {func.value.attr} -> "
                                 f"{slot.attr}({params[0]}=...)")
    return found


def test_no_click_hands_its_checked_flag_to_a_parameter_that_means_something_else():
    found = [line for path in sorted(UI.rglob("*.py")) for line in _misconnected(path)]
    assert not found, "connect through a lambda (or name the parameter 'checked'):\n" + "\n".join(found)
