"""A search hit between the words around it, as a concordance line shows it.

The window's results, the Word export and the CSV all show a hit this way, so a list of hits can
be read without opening each: "…before «hit» after…". Guillemets mark the hit (transcripts use
square brackets themselves, for times and [laughs]). The context stays inside the hit's own turn
or paragraph (what its segment carries), starts and ends on whole words, and keeps the text's own
spacing at the hit: "our own «PLC». I note", not "«PLC» . I".
"""

from __future__ import annotations

CONTEXT = 40  # characters each side in the window's list
READING = 160  # each side in an export, where a reader wants the sentence around the hit


def concordance(segment, width: int = CONTEXT) -> str:
    """The hit of `segment` (a coder.coding.runs.Segment) in its context, `width` characters
    each side at most, cut back to whole words."""
    context = segment.context or {}
    text, base = context.get("text") or "", context.get("start", segment.start)
    if not text:
        return " ".join(segment.text.split())
    a, b = max(0, segment.start - base), max(0, segment.end - base)
    left_from = max(0, a - width)
    if left_from > 0 and not text[left_from - 1].isspace():  # not from inside a word
        space = text.find(" ", left_from, a)
        left_from = a if space < 0 else space + 1
    right_to = min(len(text), b + width)
    if right_to < len(text) and not text[right_to].isspace():
        space = text.rfind(" ", b, right_to)
        right_to = b if space < 0 else space
    before, after = " ".join(text[left_from:a].split()), " ".join(text[b:right_to].split())
    gap_before = " " if before and text[a - 1:a].isspace() else ""
    gap_after = " " if after and text[b:b + 1].isspace() else ""
    hit = " ".join(text[a:b].split())
    return (f"{'…' if left_from > 0 else ''}{before}{gap_before}«{hit}»{gap_after}{after}"
            f"{'…' if right_to < len(text) else ''}").strip()
