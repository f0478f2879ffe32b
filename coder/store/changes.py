"""The record every mutating operation returns: what changed, and which step undoes it."""

from __future__ import annotations

from dataclasses import dataclass, field

# Areas a window may have to refresh after an operation.
AREAS = ("cases", "sources", "text", "speakers", "codes", "sections", "codings", "queries",
         "attributes")


@dataclass(frozen=True)
class Changes:
    """What one operation changed.

    `areas` names the kinds of data touched, `ids` the entities, and `step` the undo step that
    holds the before-images of every row written (None for read-only results). `result` carries
    the operation's answer (e.g. the id of a new code); `warnings` things the user should see.
    """

    op: str
    label: str
    step: int | None
    areas: frozenset[str] = frozenset()
    ids: tuple[str, ...] = ()
    result: object = None
    warnings: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    def touches(self, area: str) -> bool:
        """True when a view showing `area` must refresh."""
        return area in self.areas
