"""Identifiers and timestamps shared by every entity."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


def new_id() -> str:
    """A fresh UUID, the identity an entity keeps across laptops and exports."""
    return str(uuid.uuid4())


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds, sortable as text."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
