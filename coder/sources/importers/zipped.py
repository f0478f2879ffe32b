"""Opening the zip containers of Word and OpenDocument files defensively.

A truncated file, a zip that is not the expected kind of document, an over-large or
suspiciously compressed member (a zip bomb) and XML with entity tricks are all refused with a
message naming the file.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from lxml import etree

from ...store import inflate
from ...store.errors import ImportFailed
from ...store.inflate import Budget

MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          remove_comments=True, remove_pis=True)


def open_zip(path: Path, kind: str) -> zipfile.ZipFile:
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise ImportFailed(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    if head == OLE_MAGIC:
        raise ImportFailed(str(path), f"this is an old binary or password-protected Office file, not a {kind} "
                                      "file; save it as .docx (without a password) and import again")
    if not head.startswith(b"PK"):
        raise ImportFailed(str(path), f"not a {kind} file (it is not a zip container)")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFailed(str(path), f"damaged or truncated {kind} file ({exc})") from exc


def read_member(path: Path, archive: zipfile.ZipFile, name: str, kind: str, budget: Budget | None = None) -> bytes:
    """One member's bytes, refused when its header or the bytes it actually inflates to are over
    the size limit or compressed suspiciously well; `budget` counts them against what an
    archive holding this one may inflate to in all."""
    try:
        info = archive.getinfo(name)
    except KeyError as exc:
        raise ImportFailed(str(path), f"a zip archive, but not a {kind} document (no {name} inside)") from exc
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 10_000_000:
        raise ImportFailed(str(path), f"{name} inside is compressed suspiciously well (a zip bomb?)")
    try:
        return inflate.read_member(archive, info, MAX_MEMBER_BYTES, ratio=MAX_RATIO, budget=budget)
    except inflate.TooLarge as exc:
        raise ImportFailed(str(path), f"refused: {exc}") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise ImportFailed(str(path), f"damaged or truncated {kind} file ({exc})") from exc


def parse_xml(path: Path, data: bytes, name: str) -> etree._Element:
    try:
        return etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ImportFailed(str(path), f"damaged XML in {name} ({exc})") from exc
