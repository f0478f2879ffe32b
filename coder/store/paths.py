"""Names joined into paths with '/', a literal '/' inside a name written '\\/'."""

from __future__ import annotations

from .errors import ConflictError


def split_path(path: str) -> list[str]:
    """'Parent/Child\\/Sub' -> ['Parent', 'Child/Sub']; blank parts are refused."""
    parts, current, i = [], [], 0
    while i < len(path):
        ch = path[i]
        if ch == "\\" and i + 1 < len(path) and path[i + 1] in "/\\":
            current.append(path[i + 1])
            i += 2
            continue
        if ch == "/":
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current).strip())
    if any(not p for p in parts):
        raise ConflictError(f"{path!r}: a path has an empty name in it")
    return parts


def join_path(names: list[str]) -> str:
    return "/".join(n.replace("\\", "\\\\").replace("/", "\\/") for n in names)


def clean_name(name: str, what: str) -> str:
    """Trim a user-typed name; refuse an empty one."""
    name = " ".join((name or "").split())
    if not name:
        raise ConflictError(f"a {what} needs a name")
    return name
