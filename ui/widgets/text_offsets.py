"""Python str indices (code points) to Qt text positions (UTF-16 units) and back.

They differ only after characters outside the Basic Multilingual Plane (emoji, rare scripts),
so the mapping is the identity for almost every transcript and costs a bisect otherwise.
"""

from __future__ import annotations

from bisect import bisect_left


class QtOffsets:
    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._astral_qt = [i + j for j, i in enumerate(self._astral)]

    def to_qt(self, index: int) -> int:
        return index + bisect_left(self._astral, index) if self._astral else index

    def from_qt(self, position: int) -> int:
        if not self._astral:
            return position
        # a position inside a surrogate pair maps to the character it belongs to
        return position - bisect_left(self._astral_qt, position)
