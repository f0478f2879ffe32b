"""Decompression with a cap on what it produces, for every compressed input a study reads.

Headers lie: a zip member declares its size, a zlib stream declares nothing, and either can
inflate a thousandfold (a few megabytes of zeros become gigabytes). So nothing is inflated in one
call: zlib data is inflated with a ceiling on the bytes produced, and zip members are read in
chunks, counting what actually comes out against a size limit, a ratio to the compressed bytes
and, where one archive holds many members or archives within it, a budget shared by all of them.
Only the two compression methods Office, OpenDocument, REFI-QDA and CaseCoder write (stored and
deflate) are read; bzip2 and LZMA members, which the standard library inflates without a ceiling,
are refused.
"""

from __future__ import annotations

import zipfile
import zlib

CHUNK = 1 << 20
METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def size(count: int) -> str:
    """A byte count as a person reads it."""
    if count >= 1e9:
        return f"{count / 1e9:.1f} GB"
    if count >= 1e6:
        return f"{count / 1e6:.0f} MB"
    return f"{count:,} bytes"


class TooLarge(ValueError):
    """Compressed data that would inflate past its limit."""


def inflate(data: bytes, limit: int) -> bytes:
    """zlib data inflated, refused once it would produce more than `limit` bytes."""
    engine = zlib.decompressobj()
    out = engine.decompress(data, limit + 1)
    if len(out) > limit or engine.unconsumed_tail:
        raise TooLarge(f"it inflates to more than {size(limit)}, over the limit")
    if not engine.eof:
        raise zlib.error("incomplete or truncated compressed data")
    return out


class Budget:
    """Bytes an archive, with everything nested in it, may inflate to in all."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)

    def spend(self, count: int) -> None:
        self.used += count
        if self.used > self.limit:
            raise TooLarge(f"it inflates to more than {size(self.limit)} in all, over the limit")


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, *, ratio: int = 0,
                floor: int = 10_000_000, budget: Budget | None = None) -> bytes:
    """A member's bytes, read in chunks: refused (TooLarge) past `limit` bytes, past `ratio`
    times its compressed size once over `floor`, or past the shared `budget`. The stream raises
    zipfile's and zlib's own errors for damage."""
    if info.compress_type not in METHODS:
        raise TooLarge(f"{info.filename} is compressed with a method CaseCoder does not read "
                       f"(method {info.compress_type})")
    if info.file_size > limit:
        raise TooLarge(f"{info.filename} unpacks to {size(info.file_size)}, over the limit of {size(limit)}")
    parts, total = [], 0
    with archive.open(info) as stream:
        while True:
            part = stream.read(CHUNK)
            if not part:
                break
            total += len(part)
            if total > limit:
                raise TooLarge(f"{info.filename} unpacks to more than {size(limit)}, over the limit")
            if ratio and total > floor and total > ratio * max(info.compress_size, 1):
                raise TooLarge(f"{info.filename} inflates more than {ratio}-fold (a zip bomb?)")
            if budget is not None:
                budget.spend(len(part))
            parts.append(part)
    return b"".join(parts)
