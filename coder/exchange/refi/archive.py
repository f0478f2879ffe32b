"""Reading a REFI-QDA archive (.qdpx) as the untrusted input it is.

Nothing is ever extracted to disk: members are read into memory by name, so a member called
`../../etc/passwd` has nowhere to escape to, and a path inside the project XML is resolved only
against the archive's own names or, for files kept outside it, against the one media folder the
user named (by default `<archive name> Media` beside the archive). Entry count, member sizes, the
total read and the compression ratio are capped against zip bombs, counting the bytes actually
inflated rather than trusting the headers.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from pathlib import Path
from urllib.parse import unquote

from ...store.errors import ImportFailed
from ...store.inflate import Budget, TooLarge, read_member

MAX_ENTRIES = 100_000
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
MAX_RATIO = 200  # for members over 10 MB: text compresses ~5-10x, a bomb thousands of times
RATIO_FLOOR = 10_000_000
SOURCE_FOLDERS = ("sources", "Sources")


class RefiArchive:
    """The members of one .qdpx, and the files its project refers to."""

    def __init__(self, path: Path, media_dir: Path | None = None) -> None:
        self.path = Path(path)
        default_media = self.path.with_name(f"{self.path.stem} Media")
        chosen = media_dir if media_dir is not None else (default_media if default_media.is_dir() else None)
        self.media_dir = Path(chosen).resolve() if chosen is not None else None
        self.read_bytes = 0
        self.budget = Budget(MAX_TOTAL_BYTES)  # every member, and every archive inside one (a .docx source)
        self.zip = self._open()
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            self.zip.close()
            self._fail(f"the archive holds {len(infos)} entries, over the limit of {MAX_ENTRIES}")
        self.members: dict[str, zipfile.ZipInfo] = {}
        self.unsafe: list[str] = []
        for info in infos:
            name = _clean_member(info.filename)
            if name is None:
                self.unsafe.append(info.filename)  # never read: it could only be an attack
            elif not info.is_dir():
                self.members.setdefault(name.lower(), info)

    def _fail(self, reason: str) -> None:
        raise ImportFailed(str(self.path), reason)

    def _open(self) -> zipfile.ZipFile:
        try:
            with open(self.path, "rb") as handle:
                head = handle.read(4)
        except OSError as exc:
            raise ImportFailed(str(self.path), f"cannot read the file ({exc.strerror or exc})") from exc
        if not head.startswith(b"PK"):
            self._fail("not a REFI-QDA project: a .qdpx is a zip archive, and this file is not one")
        try:
            return zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ImportFailed(str(self.path), f"damaged or truncated archive ({exc})") from exc

    def close(self) -> None:
        self.zip.close()

    # ------------------------------------------------------------------ members
    def project_name(self) -> str:
        """The project XML: the single *.qde at the archive's root (project.qde when several)."""
        roots = [info.filename for key, info in self.members.items() if "/" not in key and key.endswith(".qde")]
        if not roots:
            self._fail("no project file (*.qde) at the root of the archive: is this a REFI-QDA project?")
        if len(roots) > 1:
            named = [r for r in roots if r.lower() == "project.qde"]
            if not named:
                self._fail(f"several project files at the root of the archive ({', '.join(sorted(roots))})")
            return named[0]
        return roots[0]

    def member(self, name: str) -> bytes:
        """A member's bytes, inflated under the size, total and ratio limits."""
        info = self.members[name.lower()]
        try:
            data = read_member(self.zip, info, MAX_MEMBER_BYTES, ratio=MAX_RATIO, floor=RATIO_FLOOR,
                               budget=self.budget)
        except TooLarge as exc:
            self._fail(f"refused: {exc}")
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
            raise ImportFailed(str(self.path), f"{info.filename} inside is damaged ({exc})") from exc
        self.read_bytes += len(data)
        return data

    def resolve(self, ref: str) -> tuple[str, bytes | None, str]:
        """Find a file the project refers to: (where it was looked for, its bytes or None, why
        not). internal:// and bare names are archive members; relative:/// and absolute:///
        files are read only from inside the media folder."""
        ref = (ref or "").strip()
        lowered = ref.lower()
        if lowered.startswith("internal://"):
            return self._internal(unquote(ref[len("internal://"):]))
        if lowered.startswith(("relative://", "absolute://")):
            scheme, rest = ref.split("://", 1)
            return self._outside(unquote(rest), relative=scheme.lower() == "relative")
        if "://" in ref:
            return ref, None, "an unknown kind of path"
        return self._internal(ref)

    def _internal(self, name: str) -> tuple[str, bytes | None, str]:
        clean = _clean_member(name)
        if clean is None:
            return name, None, "the path points outside the archive"
        for candidate in (*(f"{folder}/{clean}" for folder in SOURCE_FOLDERS), clean):
            if candidate.lower() in self.members:
                return candidate, self.member(candidate), ""
        return name, None, "not in the archive"

    def _outside(self, rest: str, relative: bool) -> tuple[str, bytes | None, str]:
        if self.media_dir is None:
            return rest, None, "kept outside the archive and no media folder was given (--media-dir)"
        rest = rest.lstrip("/") if relative else rest
        if not relative and len(rest) > 2 and rest[0] == "/" and rest[2] == ":":  # /C:/... on Windows paths
            rest = rest[1:]
        target = (self.media_dir / rest) if relative else Path(rest)
        try:
            resolved = target.resolve()
        except (OSError, RuntimeError):
            return str(target), None, "cannot be resolved"
        if not resolved.is_relative_to(self.media_dir):
            return str(target), None, f"outside the media folder {self.media_dir}, which is the only place read"
        if not resolved.is_file():
            return str(target), None, "not found in the media folder"
        size = resolved.stat().st_size
        if size > MAX_MEMBER_BYTES:
            return str(target), None, "larger than the size limit"
        try:
            data = resolved.read_bytes()
        except OSError as exc:
            return str(target), None, f"cannot be read ({exc.strerror or exc})"
        self.read_bytes += len(data)
        try:
            self.budget.spend(len(data))
        except TooLarge as exc:
            self._fail(f"refused: {exc}")
        return str(target), data, ""


def _clean_member(name: str) -> str | None:
    """A member name as a plain relative path, or None when it is absolute or climbs out."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    normal = posixpath.normpath(name)
    if normal == "." or normal.startswith("../") or normal == "..":
        return None
    return normal
