"""`python -m coder.cli`: the `casecoder` command, for a machine where the console script is not on
the PATH (a venv not activated, a checkout run in place)."""

import sys

from . import main

if __name__ == "__main__":
    sys.exit(main())
