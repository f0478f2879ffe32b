"""Decoding plain-text files whose encoding nobody wrote down.

Order: a byte-order mark (UTF-8, UTF-16 LE/BE), then strict UTF-8, then UTF-16 without a BOM
(recognised by its pattern of zero bytes), then Windows-1252. Binary data is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...store.errors import ImportFailed

# control characters no text file holds: all below a space but tab, line and page breaks (\x0b is
# Word's .txt line break) and NUL, which is counted on its own; one scan in C, not a loop per character
STRAY_CONTROL = re.compile("[\x01-\x08\x0e-\x1f]")


def decode_bytes(path: Path) -> tuple[str, list[str]]:
    """The file's text and any warnings about how it was decoded."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    text, warnings = _decode(path, data)
    _refuse_binary(path, text)
    return text, warnings


def _decode(path: Path, data: bytes) -> tuple[str, list[str]]:
    if data.startswith(b"PK\x03\x04"):
        raise ImportFailed(str(path), "this is a zip archive (perhaps a Word file with the wrong extension), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise ImportFailed(str(path), f"damaged UTF-16 text ({exc.reason} at byte {exc.start})") from exc
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    sample = data[:4096]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) * 0.4:
        try:
            return data.decode("utf-16-le"), ["read as UTF-16 (little-endian) without a byte-order mark"]
        except UnicodeDecodeError:
            pass
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) * 0.4:
        try:
            return data.decode("utf-16-be"), ["read as UTF-16 (big-endian) without a byte-order mark"]
        except UnicodeDecodeError:
            pass
    return data.decode("cp1252", errors="replace"), ["not UTF-8: read as Windows-1252"]


def _refuse_binary(path: Path, text: str) -> None:
    sample = text[:20000]
    if not sample:
        return
    nul = sample.count("\x00")
    controls = len(STRAY_CONTROL.findall(sample))
    replaced = sample.count("\ufffd")
    if nul > max(8, len(sample) * 0.02) or controls > max(8, len(sample) * 0.02) or replaced > len(sample) * 0.05:
        raise ImportFailed(str(path), "the file holds binary data, not text")
