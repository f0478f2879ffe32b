"""Review comments on a range of a memo's text: question, correction, elaboration or
corroboration, with replies; the drafter accepts or resolves them.

A comment keeps the words it was made on. When a new version changes the text, each comment is
moved with its words by the same alignment that keeps codings on a corrected transcript
(coder.anchoring); a comment whose words were deleted stays, collapsed to where they were, and
goes back onto them when they come back there (a reconciliation that takes the version that has
them).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sources.anchoring import PositionMap, anchor_range
from ..store.changes import Changes
from ..store.errors import ConflictError, NotFoundError

KINDS = ("question", "correction", "elaboration", "corroboration")
STATES = ("open", "accepted", "resolved")


@dataclass(frozen=True)
class Comment:
    id: str
    memo_id: str
    parent_id: str | None
    author: str
    kind: str
    start: int
    end: int
    quote: str
    text: str
    state: str
    created_at: str


class MemoComments:
    def __init__(self, study) -> None:
        self.study = study
        self.conn = study.conn

    def for_memo(self, memo_id: str) -> list[Comment]:
        """Every comment and reply, in the order they were made."""
        return [Comment(*r) for r in self.conn.execute(
            "SELECT id, memo_id, parent_id, author, kind, start, end, quote, text, state, created_at "
            "FROM memo_comments WHERE memo_id = ? ORDER BY created_at, rowid", (memo_id,))]

    def get(self, comment_id: str) -> Comment:
        row = self.conn.execute(
            "SELECT id, memo_id, parent_id, author, kind, start, end, quote, text, state, created_at "
            "FROM memo_comments WHERE id = ?", (comment_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no comment with id {comment_id}")
        return Comment(*row)

    def comment(self, *, memo_id: str, author: str, kind: str, start: int, end: int, text: str) -> Changes:
        """Attach a comment to memo text [start, end) of the current version."""
        if kind not in KINDS:
            raise ConflictError(f"unknown comment kind {kind!r} (use {', '.join(KINDS)})")
        if not text.strip():
            raise ConflictError("the comment is empty")
        memo_text = self.study.memos.text(memo_id)
        if not (0 <= start <= end <= len(memo_text)):
            raise ConflictError(f"range [{start}, {end}) is not inside the memo (0 to {len(memo_text)})")
        info = self.study.memos.get(memo_id)
        with self.study.operation("comment_memo", f"{kind.capitalize()} on {info.title}") as rec:
            comment_id = self._insert(memo_id, None, author, kind, start, end, memo_text[start:end], text)
            rec.touch("memos", memo_id, comment_id)
            rec.result = comment_id
        return self.study.changes_of(rec)

    def reply(self, *, comment_id: str, author: str, text: str) -> Changes:
        parent = self.get(comment_id)
        if parent.parent_id:
            parent = self.get(parent.parent_id)  # replies hang off the thread's first comment
        if not text.strip():
            raise ConflictError("the reply is empty")
        with self.study.operation("reply_comment", "Reply to a comment") as rec:
            reply_id = self._insert(parent.memo_id, parent.id, author, "reply", parent.start, parent.end,
                                    parent.quote, text)
            rec.touch("memos", parent.memo_id, reply_id)
            rec.result = reply_id
        return self.study.changes_of(rec)

    def set_state(self, *, comment_id: str, state: str, by: str) -> Changes:
        """Accept or resolve a comment thread (or reopen it)."""
        if state not in STATES:
            raise ConflictError(f"unknown comment state {state!r} (use {', '.join(STATES)})")
        comment = self.get(comment_id)
        if comment.parent_id:
            comment = self.get(comment.parent_id)
        with self.study.operation("comment_state", f"Comment {state}") as rec:
            self.conn.execute("UPDATE memo_comments SET state = ?, modified_at = ?, modified_by = ? WHERE id = ?",
                              (state, *self.study.modified().values(), comment.id))
            rec.touch("memos", comment.memo_id, comment.id)
            rec.result = comment.id
        return self.study.changes_of(rec)

    def _insert(self, memo_id: str, parent_id: str | None, author: str, kind: str, start: int, end: int,
                quote: str, text: str) -> str:
        comment_id = self.study.new_id()
        self.study.db["memo_comments"].insert({
            "id": comment_id, "memo_id": memo_id, "parent_id": parent_id, "author": author, "kind": kind,
            "start": start, "end": end, "quote": quote, "text": text.strip(), **self.study.stamps()})
        return comment_id

    def reanchor(self, memo_id: str, old: str, new: str, mapping: PositionMap | None = None) -> None:
        """Move every comment of the memo onto `new` with its words (inside the caller's
        operation, so undo puts them back with the text). `mapping` says where old positions
        went when the caller knows (a reconciliation does); else the texts are aligned."""
        comments = self.for_memo(memo_id)
        if not comments:
            return
        mapping = PositionMap(old, new) if mapping is None else mapping
        for c in comments:
            if c.end > len(old):
                continue
            s, e, _how = anchor_range(mapping, old, new, c.start, c.end)
            if s == e and c.quote.strip():  # its words were gone: back when they come back close by
                s, e = _nearby(new, c.quote, s) or (s, e)
            if (s, e) != (c.start, c.end):
                self.conn.execute("UPDATE memo_comments SET start = ?, end = ? WHERE id = ?", (s, e, c.id))


def _nearby(text: str, words: str, at: int, reach: int = 200) -> tuple[int, int] | None:
    """The occurrence of `words` in `text` nearest `at`, starting within `reach` of it."""
    lo, hi = max(0, at - reach - len(words)), min(len(text), at + reach + len(words))
    found, pos = None, text.find(words, lo, hi)
    while pos >= 0:
        if found is None or abs(pos - at) < abs(found - at):
            found = pos
        pos = text.find(words, pos + 1, hi)
    return (found, found + len(words)) if found is not None else None
