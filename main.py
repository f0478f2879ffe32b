"""Start CaseCoder: `python main.py [STUDY]`, or `--screenshot OUT.png [--view NAME] [STUDY]`.

With no study named it opens the last one, or on first run the demo study built from
sample_corpus/ into the user's data folder.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from ui.app import run_app

    return run_app(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
