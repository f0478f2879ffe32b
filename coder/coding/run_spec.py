"""What a data run asks for, read back from a saved run, and said in words for an export.

Every filter takes several values. Within a filter the values are alternatives (roles principal
*or* assistant principal, waves 1 *or* 2, level elementary *or* middle); different filters all
apply (those roles *in* those waves). So for every filter on the sources a run's segments are the
union of the runs for each of its values. The coder filter chooses whose codings take part in
the run: with AND or NOT a passage by one chosen coder may meet a coding by another.

A saved run is JSON written by whichever version saved it: one value where a list is expected,
or an attribute's single value, is read as a list of that one value.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..store.errors import CaseCoderError, ConflictError

NO_SOURCE = "(no source)"  # a source filter that keeps nothing: an empty list would keep every source
NO_SPEAKER = "(no speaker)"  # in a speaker filter: passages outside any speaker's turn (notes, documents)


LIST_FIELDS = ("codes", "not_codes", "districts", "sites", "roles", "waves", "types", "coders", "sources", "speakers")


@dataclass
class RunSpec:
    """What to retrieve. Code and case arguments are ids; see Runs.spec_from_names for names."""

    codes: list[str]
    op: str = "or"
    and_scope: str = "overlap"
    not_codes: list[str] = field(default_factory=list)
    descendants: bool = False
    districts: list[str] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    waves: list[int] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    coders: list[str] = field(default_factory=list)
    attrs: dict[str, list[str]] = field(default_factory=dict)  # attribute name: any of these values
    sources: list[str] = field(default_factory=list)
    # speaker ids: only passages that begin in one of their turns (a segment's speaker column)
    speakers: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for name in LIST_FIELDS:
            setattr(self, name, _as_list(getattr(self, name)))
        self.waves = [_wave(w) for w in self.waves]
        self.attrs = {str(k): [str(v) for v in _as_list(values)] for k, values in (self.attrs or {}).items()}

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> RunSpec:
        """A spec from saved JSON, old (one value per filter) or new; unknown keys are ignored."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known.setdefault("codes", [])
        return cls(**known)


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return list(value)
    return [value]


def _wave(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ConflictError(f"wave {value!r} is not a wave number") from exc


def parse_waves(text: str) -> list[int]:
    """Waves as a person writes them: "2", "1-2", "1,3" or "1-2,4"."""
    out: list[int] = []
    for part in str(text).split(","):
        first, dash, last = part.strip().partition("-")
        try:
            low = int(first)
            high = int(last) if dash else low
        except ValueError:
            raise ConflictError(f"wave {text!r}: write a wave number, a range such as 1-2, or a list such as 1,3") \
                from None
        if high < low:
            raise ConflictError(f"wave range {part.strip()!r} runs backwards (write {high}-{low})")
        out += [w for w in range(low, high + 1) if w not in out]
    return out


def wave_text(waves: list[int]) -> str:
    """Waves as a person reads them: "1-3", "1, 3"."""
    ordered = sorted(set(waves))
    runs: list[list[int]] = []
    for wave in ordered:
        if runs and wave == runs[-1][-1] + 1:
            runs[-1].append(wave)
        else:
            runs.append([wave])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def describe(study, spec: RunSpec) -> list[tuple[str, str]]:
    """The run in words, one (what, which) pair a line, for the head of an exported run: the
    codes and how they combine, then every filter that narrows it (values of one filter joined
    by commas: any of them)."""
    def code(code_id: str) -> str:
        return _name(lambda: study.codes.get(code_id).path, code_id)

    def case(case_id: str) -> str:
        return _name(lambda: study.cases.get(case_id).path, case_id)

    def speaker(speaker_id: str) -> str:
        return study.speakers.name_of(speaker_id) or speaker_id

    lines: list[tuple[str, str]] = []
    if spec.codes:
        joiner = " or " if spec.op == "or" else (" and " if spec.and_scope == "overlap" else " and, in the same turn, ")
        lines.append(("Codes", joiner.join(code(c) for c in spec.codes)
                      + (" (with sub-codes)" if spec.descendants else " (not its sub-codes)")))
    if spec.not_codes:
        lines.append(("Leaving out passages that meet", ", ".join(code(c) for c in spec.not_codes)))
    for label, values in (("Districts", [case(c) for c in spec.districts]), ("Sites", [case(c) for c in spec.sites]),
                          ("Roles", spec.roles), ("Waves", [wave_text(spec.waves)] if spec.waves else []),
                          ("Source types", spec.types), ("Coders", spec.coders),
                          ("Speakers", [speaker(s) for s in spec.speakers])):
        if values:
            lines.append((label, ", ".join(values)))
    for name, values in spec.attrs.items():
        lines.append((name, ", ".join(values)))
    if spec.sources:
        lines.append(("Sources", f"{len(spec.sources)} chosen (a set)"))
    if len(lines) == (1 if spec.codes else 0):
        lines.append(("Filters", "none: every source and coder"))
    return lines


def describe_text(study, spec: RunSpec) -> str:
    """`describe` on one line: "Roles: principal, assistant principal; Waves: 1-2"."""
    return "; ".join(f"{what}: {which}" for what, which in describe(study, spec))


def _name(read, fallback: str) -> str:
    try:
        return read()
    except CaseCoderError:  # deleted since the run was saved: its id is all there is
        return fallback
