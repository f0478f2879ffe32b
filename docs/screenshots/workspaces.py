"""Draw the README's pictures of the window: every workspace at a laptop's 1366×768, in the
light and the dark theme, on the demo study. Run from the repository root:

    python docs/screenshots/workspaces.py

Each picture is `main.py --screenshot` (the window drawn offscreen, so no screen is needed) with
a data folder and settings of its own, so your own studies and settings are never touched."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
VIEWS = {"start": "start", "code": "coding", "memos": "memo", "compare": "matrix", "heatmap": "heatmap",
         "crosstab": "crosstab", "espoused": "espoused", "outline": "outline", "team": "team"}


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CASECODER_DATA_DIR=f"{scratch}/data",
                   CASECODER_CONFIG_DIR=f"{scratch}/config", XDG_CONFIG_HOME=f"{scratch}/config")
        for name, view in VIEWS.items():
            for theme in ("light", "dark"):
                out = HERE / f"{name}-{theme}.png"
                subprocess.run([sys.executable, str(ROOT / "main.py"), "--screenshot", str(out), "--view", view,
                                "--theme", theme, "--size", "1366x768"], env=env, check=True, cwd=ROOT)
                print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
