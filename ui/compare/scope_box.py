"""Where a compare view counts: "In" the whole study, a district or a site, "narrowed to" any of
the data run's other filters — roles, waves, source types, coders, attribute values, sets of
sources — kept across refreshes, as a data run's scope (`coder.coding.run_spec.RunSpec`).

Within one kind the values ticked are alternatives (principal or assistant principal); kinds
all apply (those roles in wave 1), as in the data-run panel and `casecoder run`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from coder.coding.run_spec import NO_SOURCE, RunSpec

from ..widgets.multi_choice import MultiChoice


class ScopeBox(QComboBox):
    """The place: the whole study, a district or a site."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setToolTip("Count in the whole study, one district or one site")
        self.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)

    def fill(self, study) -> None:
        current = self.currentData()
        self.blockSignals(True)
        try:
            self.clear()
            self.addItem("the whole study", None)
            for case in study.cases.all():
                self.addItem(("    " if case.kind == "site" else "") + case.name, case.id)
            self.setCurrentIndex(max(0, self.findData(current)))
        finally:
            self.blockSignals(False)


class ScopeBar(QWidget):
    """The place and the narrowing filters, side by side; `changed` when either changes."""

    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.study = None
        self.place = ScopeBox()
        self.narrow = MultiChoice("Count only sources with these roles, waves, source types, attribute values or "
                                  "in these sets, and only these coders' codings (values of one kind: any of them; "
                                  "kinds chosen: all apply)", nothing="(no filter)")
        self.narrow.setMinimumContentsLength(12)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for text, widget in (("In", self.place), ("&narrowed to", self.narrow)):
            label = QLabel(text)
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget)
        self.place.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.narrow.changed.connect(self.changed.emit)

    def fill(self, study) -> None:
        """Offer the study's places and values, keeping what was chosen where still offered."""
        self.study = study
        self.place.fill(study)
        choices = [(r, ("role", r), r, "Role") for r in study.sources.roles()]
        choices += [(f"wave {w}", ("wave", w), str(w), "Wave") for w in study.sources.waves()]
        choices += [(t, ("type", t), t, "Source type") for t in ("interview", "observation", "artifact")]
        choices += [(c, ("coder", c), c, "Coder") for c in study.codings.coders()]
        choices += [(value, ("attr", name, value), value, name)
                    for name, values in study.attributes.values_in_use() for value in values]
        choices += [(s.name, ("set", s.id), s.name, "Set") for s in study.sets.all() if s.members.get("source")]
        self.narrow.blockSignals(True)
        try:
            self.narrow.set_choices(choices)
        finally:
            self.narrow.blockSignals(False)

    def spec(self, **more) -> RunSpec:
        """The scope as a data run's filters (its codes empty); `more` overrides a filter."""
        place = self.place.currentData()
        fields: dict = {"roles": [], "waves": [], "types": [], "coders": [], "attrs": {}, "sources": []}
        for value in self.narrow.values():
            kind = value[0]
            if kind == "attr":
                fields["attrs"].setdefault(value[1], []).append(value[2])
            elif kind == "set":
                members = self.study.sets.find(value[1]).members.get("source", ()) if self.study else ()
                fields["sources"] += [m for m in members if m not in fields["sources"]]
            else:
                fields[{"role": "roles", "wave": "waves", "type": "types", "coder": "coders"}[kind]].append(value[1])
        if any(v[0] == "set" for v in self.narrow.values()) and not fields["sources"]:
            fields["sources"] = [NO_SOURCE]  # an empty set holds nothing, never everything
        fields.update(more)
        return RunSpec(codes=[], sites=[place] if place else [], **fields)

    def summary(self) -> str:
        """The scope in words, for a view's summary line."""
        where = self.place.currentText().strip()
        narrowed = self.narrow.summary()
        return where + ("" if narrowed == self.narrow.nothing else f" ({narrowed})")
