"""Writing export files so that a crash or a full disk never leaves half a file under the name
the user chose: everything is written beside it and renamed into place at the end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def save_atomically(out: str | Path, write: Callable[[str], None]) -> Path:
    """Call `write(path)` on a temporary name next to `out`, then rename it to `out`."""
    out = Path(out)
    partial = out.with_name(out.name + ".partial")
    try:
        write(str(partial))
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return out
