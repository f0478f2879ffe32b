"""Reshaping the cross-site outline as the analysis matures: renaming, moving and deleting themes
and claims, withdrawing or re-reading evidence, and the codes made for a theme.

Claims get rewritten as the evidence comes in and themes get merged and split, so every change
here is one undoable action, and a deletion leaves tombstones so that merging another laptop's
copy of the study does not bring the item back.
"""

from __future__ import annotations

from ..store.changes import Changes
from ..store.errors import ConflictError, NotFoundError
from ..store.paths import clean_name
from ..store.text import short
from ..store.trees import child_id


class OutlineEdits:
    """Mixed into CrossOutline (coder/cross_outline.py), which supplies study, conn, get and items."""

    def rename(self, *, item_id: str, name: str) -> Changes:
        """A theme's new name, or a claim's rewritten statement."""
        item = self.get(item_id)
        name = clean_name(" ".join(name.split()), item.kind)
        clash = child_id(self.conn, "outline_items", item.parent_id, name)
        if clash and clash != item_id:
            raise ConflictError(f"{name!r} is already there")
        with self.study.operation("outline_rename", f"Rename {short(item.name)}") as rec:
            self.study.db["outline_items"].update(item_id, {"name": name, **self.study.modified()})
            rec.touch("outline", item_id)
        return self.study.changes_of(rec)

    def move(self, *, item_id: str, parent_id: str | None, position: int | None = None) -> Changes:
        """Put an item under another theme (None: the top, for a theme), at `position` among its
        new siblings (default: last); the siblings after it shift down."""
        item = self.get(item_id)
        if parent_id is not None:
            parent = self.get(parent_id)
            if parent.kind != "theme":
                raise ConflictError(f"{parent.name!r} is a claim: only themes hold items")
            if parent.path == item.path or parent.path.startswith(item.path + "/"):
                raise ConflictError(f"cannot move {item.name!r} inside itself")
        elif item.kind == "claim":
            raise ConflictError("a claim belongs under a theme")
        clash = child_id(self.conn, "outline_items", parent_id, item.name)
        if clash and clash != item_id:
            raise ConflictError(f"the new place already holds {item.name!r}")
        with self.study.operation("outline_move", f"Move {short(item.name)}") as rec:
            siblings = [r[0] for r in self.conn.execute(
                "SELECT id FROM outline_items WHERE ifnull(parent_id, '') = ifnull(?, '') AND id != ? "
                "ORDER BY position, rowid", (parent_id, item_id))]
            at = len(siblings) if position is None else max(0, min(position, len(siblings)))
            siblings.insert(at, item_id)
            for index, sibling in enumerate(siblings):
                self.conn.execute("UPDATE outline_items SET position = ? WHERE id = ? AND position != ?",
                                  (index, sibling, index))
            self.study.db["outline_items"].update(item_id, {"parent_id": parent_id, **self.study.modified()})
            rec.touch("outline", item_id)
        return self.study.changes_of(rec)

    def shift(self, *, item_id: str, by: int) -> Changes:
        """Move an item up (by < 0) or down among its siblings."""
        item = self.get(item_id)
        siblings = [i.id for i in self.items() if i.parent_id == item.parent_id]
        return self.move(item_id=item_id, parent_id=item.parent_id, position=siblings.index(item_id) + by)

    def delete(self, *, item_id: str) -> Changes:
        """Delete a theme with everything under it, or a claim, with their evidence, stances and
        code links (the codes themselves stay)."""
        item = self.get(item_id)
        doomed = [i.id for i in self.items() if i.path == item.path or i.path.startswith(item.path + "/")]
        with self.study.operation("outline_delete", f"Delete {short(item.name)}") as rec:
            marks = ",".join("?" * len(doomed))
            self.study.delete_entities("claim_evidence", "claim_evidence", "claim_id", doomed)
            self.conn.execute(f"DELETE FROM claim_stances WHERE claim_id IN ({marks})", doomed)
            self.conn.execute(f"DELETE FROM theme_codes WHERE theme_id IN ({marks})", doomed)
            for iid in reversed(doomed):  # children first: parent_id references its parent
                self.conn.execute("DELETE FROM outline_items WHERE id = ?", (iid,))
                self.study.tombstone("outline_item", iid)
            rec.touch("outline", *doomed)
        return self.study.changes_of(rec)

    # ------------------------------------------------------------------ evidence
    def _evidence_row(self, evidence_id: str) -> tuple[str, str]:
        row = self.conn.execute("SELECT claim_id, quote FROM claim_evidence WHERE id = ?", (evidence_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no evidence link {evidence_id}")
        return row

    def uncite(self, *, evidence_id: str) -> Changes:
        """Withdraw a piece of evidence from its claim."""
        claim_id, quote = self._evidence_row(evidence_id)
        with self.study.operation("outline_uncite", f"Withdraw “{short(quote)}”") as rec:
            self.conn.execute("DELETE FROM claim_evidence WHERE id = ?", (evidence_id,))
            self.study.tombstone("claim_evidence", evidence_id)
            rec.touch("outline", claim_id, evidence_id)
        return self.study.changes_of(rec)

    def set_evidence_stance(self, *, evidence_id: str, stance: str) -> Changes:
        """Re-read a piece of evidence as supporting or contradicting its claim."""
        if stance not in ("supports", "contradicts"):
            raise ConflictError(f"evidence supports or contradicts a claim, not {stance!r}")
        claim_id, quote = self._evidence_row(evidence_id)
        with self.study.operation("outline_evidence_stance", f"“{short(quote)}” {stance}") as rec:
            self.study.db["claim_evidence"].update(evidence_id, {"stance": stance, **self.study.modified()})
            rec.touch("outline", claim_id, evidence_id)
        return self.study.changes_of(rec)

    def forget_sources(self, source_ids: list[str]) -> None:
        """Inside a deleting operation: withdraw the evidence taken from these sources."""
        self.study.delete_entities("claim_evidence", "claim_evidence", "source_id", source_ids)

    # ------------------------------------------------------------------ a theme's codes
    def _theme(self, theme_id: str):
        item = self.get(theme_id)
        if item.kind != "theme":
            raise ConflictError(f"{item.name!r} is a claim; codes are made for themes")
        return item

    def theme_codes(self, theme_id: str) -> list[str]:
        """The ids of the codes made for (or linked to) a theme, in codebook order."""
        linked = {r[0] for r in self.conn.execute("SELECT code_id FROM theme_codes WHERE theme_id = ?", (theme_id,))}
        return [c.id for c in self.study.codes.all() if c.id in linked]

    def link_code(self, *, theme_id: str, code_id: str, linked: bool = True) -> Changes:
        """Tie a code to a theme (or untie it): its data run becomes part of the theme's data."""
        theme = self._theme(theme_id)
        code = self.study.codes.get(code_id)
        with self.study.operation("outline_link_code", f"{code.name} {'for' if linked else 'off'} {theme.name}") as rec:
            self.conn.execute("DELETE FROM theme_codes WHERE theme_id = ? AND code_id = ?", (theme_id, code_id))
            if linked:
                self.conn.execute("INSERT INTO theme_codes (theme_id, code_id, modified_at, modified_by) "
                                  "VALUES (?, ?, ?, ?)", (theme_id, code_id, *self.study.modified().values()))
            rec.touch("outline", theme_id)
            rec.touch("codes", code_id)
        return self.study.changes_of(rec)

    def new_code(self, *, theme_id: str, path: str, color: str | None = None) -> Changes:
        """A new code (path like 'Parent/Child') made for a theme, in one action; the result is the
        code's id. Apply it in the documents and its data run feeds the theme."""
        theme = self._theme(theme_id)
        with self.study.operation("outline_new_code", f"New code for {theme.name}") as rec:
            code_id = self.study.codes.add_code(path=path, color=color,
                                                definition=f"Made for the cross-site theme “{theme.name}”.").result
            self.link_code(theme_id=theme_id, code_id=code_id)
            rec.result = code_id
        return self.study.changes_of(rec)
