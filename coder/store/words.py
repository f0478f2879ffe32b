"""Counted nouns in messages and labels: "1 passage", "3 passages", "2 codings" — one helper so
the window, the command line and the reports agree on how a count reads."""


def plural(n: int, one: str, many: str | None = None) -> str:
    """`n` and the noun for it: `one` for exactly one, else `many` (default: `one` + "s")."""
    return f"{n} {one if n == 1 else many or one + 's'}"
