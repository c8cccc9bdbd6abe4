"""The scenario: everything a content pack declares, as frozen values.

The loader (`game.content`) builds these from TOML; tests may build them by
hand. The engine reads them and never changes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal, get_args

import attrs

from game.engine.expr import Expr
from game.engine.plan import Plan
from game.engine.plan import plan as build_plan

Better = Literal["higher", "lower", "neither"]
EndingAt = Literal["end", "any"]
Grade = Literal["A", "B", "C", "D", "F"]
# The grades, best first: the one order every ranking and comparison of grades uses.
GRADES: tuple[str, ...] = get_args(Grade)
Unit = Literal["quarters", "months", "weeks", "rounds"]

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
PER_YEAR: Mapping[Unit, int] = MappingProxyType({"quarters": 4, "months": 12, "weeks": 52})


def _printable(word: str) -> str:
    """The loader admits letters only; whoever builds a scenario by hand, no control
    character reaches the dozens of sentences a word is put into."""
    return "".join(ch for ch in word if ch.isprintable())


@attrs.frozen
class Words:
    """What the scenario calls one turn and one whole game, in its own words."""

    turn: str = attrs.field(default="quarter", converter=_printable)
    turns: str = attrs.field(default="quarters", converter=_printable)
    term: str = attrs.field(default="term", converter=_printable)
    terms: str = attrs.field(default="terms", converter=_printable)


@attrs.frozen
class Calendar:
    """How turns are named: quarters, months or weeks of years from `first_year`,
    or plain numbered rounds. `start` is the first turn's quarter (1-4), month
    (1-12), week (1-52) or round number."""

    unit: Unit = "quarters"
    first_year: int = 1
    start: int = 1

    def label(self, turn: int, words: Words) -> str:
        """'Q1 2029', 'March 1890', 'Week 3, 1890' or 'Round 3' for `turn` (1-based)."""
        index = self.start - 1 + turn - 1
        if self.unit == "rounds":
            return f"{words.turn.capitalize()} {index + 1}"
        per_year = PER_YEAR[self.unit]
        year = self.first_year + index // per_year
        within = index % per_year
        if self.unit == "quarters":
            return f"Q{within + 1} {year}"
        if self.unit == "months":
            return f"{MONTHS[within]} {year}"
        return f"{words.turn.capitalize()} {within + 1}, {year}"


@attrs.frozen
class Meter:
    id: str
    label: str
    min: float
    max: float
    initial: float
    description: str = ""
    headline: bool = False
    better: Better = "higher"
    decimals: int = 0
    unit: str = ""

    def format(self, value: float) -> str:
        """The value as the player sees it, e.g. '62' or '2.4%'."""
        return f"{value:.{self.decimals}f}{self.unit}"


@attrs.frozen
class Derived:
    id: str
    formula: Expr
    label: str = ""
    description: str = ""


@attrs.frozen
class Effect:
    """A change (delta) to one meter: a constant or a computed amount."""

    meter: str
    amount: Expr


@attrs.frozen
class FollowUp:
    """An event put on the agenda `after` quarters from now."""

    event: str
    after: int


@attrs.frozen
class Delayed:
    """Effects that land `after` quarters from now, at the end of that quarter."""

    after: int
    effects: tuple[Effect, ...]
    explain: str


@attrs.frozen
class Consequence:
    """What happens when a choice, a chance outcome or a rule applies."""

    effects: tuple[Effect, ...] = ()
    set_flags: tuple[str, ...] = ()
    clear_flags: tuple[str, ...] = ()
    follow: tuple[FollowUp, ...] = ()
    later: tuple[Delayed, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.effects or self.set_flags or self.clear_flags or self.follow or self.later)


@attrs.frozen
class Outcome:
    """A seeded chance outcome of a choice; `p` is its probability."""

    id: str
    p: Expr
    text: str
    consequence: Consequence


@attrs.frozen
class Choice:
    id: str
    label: str
    explain: str = ""
    consequence: Consequence = Consequence()
    outcomes: tuple[Outcome, ...] = ()
    tags: tuple[str, ...] = ()
    when: Expr | None = None
    hidden: bool = False
    unavailable: str = ""


@attrs.frozen
class Event:
    id: str
    title: str
    text: str
    choices: tuple[Choice, ...]
    weight: Expr
    arc: str = ""
    phases: tuple[str, ...] = ()  # empty: every non-terminal phase
    when: Expr | None = None
    once: bool = False
    cooldown: int = 0
    followup_only: bool = False
    briefing: str = ""
    sources: tuple[str, ...] = ()
    again: str = ""  # the text when it comes back in the same term (empty: `text` again)

    def text_for(self, decided: Iterable[str]) -> str:
        """The text to show when the events `decided` earlier in the term were decided:
        `again` once this event has been decided before, so a return never reads
        word for word like the first time."""
        if self.again and self.id in decided:
            return self.again
        return self.text

    def choice(self, choice_id: str) -> Choice | None:
        for choice in self.choices:
            if choice.id == choice_id:
                return choice
        return None


@attrs.frozen
class Rule:
    id: str
    explain: str
    consequence: Consequence
    when: Expr | None = None
    chance: Expr | None = None


@attrs.frozen
class Phase:
    id: str
    label: str
    description: str = ""
    terminal: bool = False


@attrs.frozen
class Transition:
    source: str
    target: str
    when: Expr
    explain: str = ""


@attrs.frozen
class Ending:
    id: str
    title: str
    grade: str
    epilogue: str
    when: Expr | None = None
    at: EndingAt = "end"


@attrs.frozen
class Scenario:
    id: str
    title: str
    turns: int
    meters: tuple[Meter, ...]
    phases: tuple[Phase, ...]
    start_phase: str
    endings: tuple[Ending, ...]
    events: tuple[Event, ...]
    subtitle: str = ""
    description: str = ""
    calendar: Calendar = Calendar()
    words: Words = Words()
    events_per_turn: int = 1
    start: tuple[str, ...] = ()
    derived: tuple[Derived, ...] = ()
    rules: tuple[Rule, ...] = ()
    transitions: tuple[Transition, ...] = ()

    # Lookups built once; not part of equality.
    event_by_id: Mapping[str, Event] = attrs.field(init=False, eq=False, repr=False)
    meter_index: Mapping[str, int] = attrs.field(init=False, eq=False, repr=False)
    phase_by_id: Mapping[str, Phase] = attrs.field(init=False, eq=False, repr=False)
    ending_by_id: Mapping[str, Ending] = attrs.field(init=False, eq=False, repr=False)
    # What `step` precomputes: built on first use, as content with errors (an
    # effect on an unknown meter, say) is loaded and reported, never stepped.
    _plan: Plan | None = attrs.field(init=False, default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        lookups: dict[str, dict[str, object]] = {
            "event_by_id": {e.id: e for e in self.events},
            "meter_index": {m.id: i for i, m in enumerate(self.meters)},
            "phase_by_id": {p.id: p for p in self.phases},
            "ending_by_id": {e.id: e for e in self.endings},
        }
        for name, table in lookups.items():
            object.__setattr__(self, name, MappingProxyType(table))

    @property
    def plan(self) -> Plan:
        planned = self._plan
        if planned is None:
            planned = build_plan(self)
            object.__setattr__(self, "_plan", planned)
        return planned

    def meter(self, meter_id: str) -> Meter:
        return self.meters[self.meter_index[meter_id]]

    def turn_label(self, turn: int) -> str:
        """'Q1 2029' for the first quarter of a term starting then (see `Calendar`)."""
        return self.calendar.label(turn, self.words)

    @property
    def grades(self) -> tuple[str, ...]:
        """The grades this scenario's endings give, best first."""
        used = {ending.grade for ending in self.endings}
        return tuple(grade for grade in GRADES if grade in used)

    @property
    def headline_meters(self) -> tuple[Meter, ...]:
        return tuple(m for m in self.meters if m.headline)
