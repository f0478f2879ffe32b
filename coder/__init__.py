"""CaseCoder's domain: studies, sources, codebook, codings, data runs and search.

Nothing here imports Qt; the window (ui/) and the command line (coder.cli) both call these
operations. Open a study with `Study.open(path)` or create one with `Study.create(path)`.
"""

from .store.changes import Changes
from .store.errors import CaseCoderError
from .store.version import __version__
from .study import Study

__all__ = ["Study", "Changes", "CaseCoderError", "__version__"]
