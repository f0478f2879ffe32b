"""Identifiers and timestamps shared by every entity.

With CASECODER_REPRODUCIBLE set (to any seed), identifiers come from a seeded generator and the
clock ticks a millisecond per call from a fixed start, so two complete runs of one operation write
identical rows: the reliability harness (reliability/kill.py) compares a study killed mid-way with
one that finished. Nothing else sets it.
"""

from __future__ import annotations

import os
import random
import uuid
from datetime import UTC, datetime, timedelta

_SEED = os.environ.get("CASECODER_REPRODUCIBLE")
_RANDOM = random.Random(_SEED) if _SEED else None
_TICKS = [0]
_START = datetime(2026, 1, 1, tzinfo=UTC)


def new_id() -> str:
    """A fresh UUID, the identity an entity keeps across laptops and exports."""
    if _RANDOM is not None:
        return str(uuid.UUID(int=_RANDOM.getrandbits(128), version=4))
    return str(uuid.uuid4())


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds, sortable as text."""
    if _RANDOM is not None:
        _TICKS[0] += 1
        moment = _START + timedelta(milliseconds=_TICKS[0])
    else:
        moment = datetime.now(UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def moment(text: str) -> str:
    """A date or time a person typed (2026-12-01, 2026-12-01 14:30, 2026-12-01T14:30+01:00,
    or the log's own 2026-12-01T13:30:00.000Z) as the change log writes times, in UTC, so
    "after it" is a comparison of text. A time without a zone is the computer's local time, as
    the window shows times; a date alone is its first moment."""
    from .errors import CaseCoderError

    typed = text.strip()
    try:
        parsed = datetime.fromisoformat(typed.replace(" ", "T", 1) if len(typed) > 10 else typed)
    except ValueError:
        raise CaseCoderError(f"{text!r} is not a date or a time (write it as 2026-12-01, 2026-12-01 14:30 "
                             "or 2026-12-01T14:30+01:00)") from None
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()  # the local time of this computer
    return parsed.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
