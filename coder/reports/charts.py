"""Charts a researcher can put in a report: a crosstab as grouped or stacked bars, code
co-occurrence as a network (codes round a circle, sized by their passages, joined by lines as
thick as the passages they share). Drawn by matplotlib on its Agg backend (no screen, no
network), written as PNG or SVG by the file's ending, atomically; the same pictures for the
command line, the window and the Word exports."""

from __future__ import annotations

import math
from pathlib import Path

from ..compare.cooccurrence import Cooccurrence
from ..compare.crosstabs import Crosstab
from ..store.errors import ConflictError
from ..store.files import save_atomically

FORMATS = (".png", ".svg")
COLOURS = ("#2f6f9f", "#d9822b", "#3c8d50", "#b6465f", "#7a4f9f", "#8c6d31", "#4f9da6", "#6b6b66")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)  # pictures, never a window
    import matplotlib.pyplot as plt

    return plt


def _format(out: str | Path) -> str:
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise ConflictError(f"{out}: a chart is written as .png or .svg")
    return suffix[1:]


def _save(fig, out: str | Path) -> Path:
    kind = _format(out)
    plt = _pyplot()
    try:
        return save_atomically(out, lambda path: fig.savefig(path, format=kind, dpi=200, bbox_inches="tight"))
    finally:
        plt.close(fig)


def _colours(plt, n: int) -> list:
    """`n` colours no two alike: ours up to eight, then matplotlib's twenty (tab20), then its
    continuous map sampled evenly (a legend of thirty still tells its series apart by order)."""
    if n <= len(COLOURS):
        return list(COLOURS[:n])
    if n <= 20:
        return [plt.get_cmap("tab20")(i) for i in range(n)]
    return [plt.get_cmap("turbo")(i / (n - 1)) for i in range(n)]


def crosstab_chart(table: Crosstab, out: str | Path, *, stacked: bool = False, title: str = "") -> Path:
    """Bars of passages: one group per row (code), one bar per column value; stacked: one bar
    per row, its parts the columns. Past eight rows the bars lie down, a row's name beside its
    bars, so thirty codes stay readable."""
    _format(out)
    plt = _pyplot()
    rows = [label.rsplit("/", 1)[-1] for _k, label in table.rows]
    lying = len(rows) > 8
    groups = 1 if stacked else max(1, len(table.cols))
    length = max(4.8, min(40.0, 0.32 * len(rows) * groups ** 0.5 + 1.5))
    fig, ax = plt.subplots(figsize=(9, length) if lying else (max(6.0, 0.9 * len(rows) * groups ** 0.5 + 2), 4.8))
    positions = list(range(len(rows)))
    under = [0] * len(rows)
    bar = 0.8 / groups
    draw = ax.barh if lying else ax.bar
    colours = _colours(plt, len(table.cols))
    for i, col in enumerate(table.cols):
        values = [table.cell(key, col).passages for key, _l in table.rows]
        colour = colours[i]
        if stacked:
            draw(positions, values, 0.8, **({"left": under} if lying else {"bottom": under}), label=col, color=colour)
            under = [b + v for b, v in zip(under, values, strict=True)]
        else:
            draw([p - 0.4 + bar * (i + 0.5) for p in positions], values, bar, label=col, color=colour)
    if lying:
        ax.set_yticks(positions)
        ax.set_yticklabels(rows)
        ax.invert_yaxis()  # the first row on top, as in the table
        ax.set_xlabel("passages")
    else:
        ax.set_xticks(positions)
        ax.set_xticklabels(rows, rotation=30 if len(rows) > 4 else 0, ha="right" if len(rows) > 4 else "center")
        ax.set_ylabel("passages")
    ax.set_title(title or f"Passages by {' within '.join(reversed(table.by))}", loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    # beside the bars, never over them
    ax.legend(frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _save(fig, out)


def network_chart(table: Cooccurrence, out: str | Path, *, top: int = 30, title: str = "") -> Path:
    """The `top` codes by passages round a circle, each pair that meets joined by a line as
    thick as its passages; the layout is the same every time (no random placement)."""
    _format(out)
    plt = _pyplot()
    codes = sorted((c for c in table.codes if table.passages.get(c[0])), key=lambda c: -table.passages[c[0]])[:top]
    fig, ax = plt.subplots(figsize=(8, 8))
    ax.set_aspect("equal")
    ax.axis("off")
    if not codes:
        ax.text(0.5, 0.5, "No passages in this scope", ha="center", va="center")
        return _save(fig, out)
    place = {key: (math.cos(2 * math.pi * i / len(codes)), math.sin(2 * math.pi * i / len(codes)))
             for i, (key, _p) in enumerate(codes)}
    keys = [k for k, _p in codes]
    peak = max((max(table.count(a, b), table.count(b, a)) for a in keys for b in keys if a != b), default=0) or 1
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            n = max(table.count(a, b), table.count(b, a))
            if n:
                (x1, y1), (x2, y2) = place[a], place[b]
                ax.plot([x1, x2], [y1, y2], color="#7a4f9f", alpha=0.25 + 0.6 * n / peak,
                        linewidth=0.5 + 5 * n / peak, zorder=1)
    most = max(table.passages[k] for k in keys)
    for key, path in codes:
        x, y = place[key]
        ax.scatter([x], [y], s=60 + 900 * table.passages[key] / most, color="#2f6f9f", zorder=2)
        ax.text(x * 1.13, y * 1.13, path.rsplit("/", 1)[-1], ha="left" if x > 0.01 else "right" if x < -0.01
                else "center", va="center", fontsize=8)
    ax.set_xlim(-1.7, 1.7)
    ax.set_ylim(-1.4, 1.4)
    ax.set_title(title or "Codes that meet (lines as thick as the passages they share)", loc="left")
    return _save(fig, out)


def frequency_chart(counts, out: str | Path, *, top: int = 25, title: str = "") -> Path:
    """The `top` words as bars lying down, the most frequent on top (a word's bar as long as its
    count), so the words read as a list."""
    _format(out)
    plt = _pyplot()
    shown = list(counts)[:top]
    fig, ax = plt.subplots(figsize=(7.5, max(3.0, 0.28 * len(shown) + 1.2)))
    ax.barh(range(len(shown)), [c.count for c in shown], 0.7, color=COLOURS[0])
    ax.set_yticks(range(len(shown)))
    ax.set_yticklabels([c.word for c in shown])
    ax.invert_yaxis()
    ax.set_xlabel("occurrences")
    ax.set_title(title or f"The {len(shown)} most frequent words", loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, out)


def keyness_chart(ranked, out: str | Path, *, here: str, there: str, top: int = 12, title: str = "") -> Path:
    """The words each side uses more than the other, by log-likelihood: `here`'s to the right,
    `there`'s to the left, the strongest at the top of each."""
    _format(out)
    plt = _pyplot()
    more_here = [k for k in ranked if k.more_here][:top]
    more_there = [k for k in ranked if not k.more_here][:top]
    shown = more_here + more_there[::-1]
    fig, ax = plt.subplots(figsize=(7.5, max(3.0, 0.28 * len(shown) + 1.2)))
    values = [abs(k.log_likelihood) if k.more_here else -abs(k.log_likelihood) for k in shown]
    ax.barh(range(len(shown)), values, 0.7, color=[COLOURS[0] if v >= 0 else COLOURS[1] for v in values])
    ax.set_yticks(range(len(shown)))
    ax.set_yticklabels([k.word for k in shown])
    ax.invert_yaxis()
    ax.axvline(0, color="#6b6b66", linewidth=0.8)
    ax.set_xlabel(f"G²: ← more in {there} · more in {here} →")
    ax.set_title(title or f"Words {here} and {there} use more than each other", loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, out)
