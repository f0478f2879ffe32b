"""The settings a study keeps (and its copies exchange), each declared once with the shape of its
value, so that a value from anywhere — another copy's package, a file edited by hand — is
checked before it is kept, and `check` can say which stored value is not what its readers expect."""

from __future__ import annotations

import json
from collections.abc import Callable


def _names(value: str) -> str | None:
    """The pseudonym list: [{"real": ..., "alias": ...}, ...], each real name once."""
    items = json.loads(value)
    if not isinstance(items, list):
        return "not a list of names"
    seen = set()
    for item in items:
        if not isinstance(item, dict) or set(item) != {"real", "alias"} \
                or not all(isinstance(item[k], str) and item[k].strip() for k in ("real", "alias")):
            return "an entry that is not a name with its pseudonym"
        if item["real"].casefold() in seen:
            return f"{item['real']!r} listed twice"
        seen.add(item["real"].casefold())
    return None


def _count(value: str) -> str | None:
    """A triangulation threshold: a whole number from 1."""
    number = json.loads(value)
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 1000:
        return "not a whole number from 1 to 1000"
    return None


def _ids(value: str) -> str | None:
    """Dismissed conflicts: a list of their ids."""
    items = json.loads(value)
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        return "not a list of conflict ids"
    return None


SETTINGS: dict[str, tuple[Callable[[str], str | None], str]] = {
    "pseudonyms": (_names, "names and their pseudonyms for a shared copy"),
    "triangulation_types": (_count, "source types a claim's evidence needs to count as triangulated"),
    "triangulation_roles": (_count, "respondent roles a claim's evidence needs to count as triangulated"),
    "sync.dismissed": (_ids, "conflicts of team exchange the user dismissed"),
}


def setting_problem(key: object, value: object) -> str | None:
    """Why `value` cannot be the study setting `key`; None when it can. Settings this version
    does not know (from a newer one) are kept as long as they are text."""
    if not isinstance(key, str) or not isinstance(value, str):
        return "a study setting that is not text"
    declared = SETTINGS.get(key)
    if declared is None:
        return None
    try:
        problem = declared[0](value)
    except (ValueError, RecursionError):
        problem = "not readable"
    return f"the study setting {key!r} ({declared[1]}): {problem}" if problem else None
