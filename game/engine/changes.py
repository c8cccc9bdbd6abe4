"""What a step did, record by record, each with its cause.

Screens, transcripts and the simulator read these; nothing here computes.
"""

from __future__ import annotations

from typing import Literal

import attrs

CauseKind = Literal["choice", "chance", "rule", "delayed", "transition"]


@attrs.frozen
class Cause:
    kind: CauseKind
    source: str  # "event.choice", "event.choice.outcome", a rule id, "from->to"
    explain: str
    # For a delayed change: the number (1-based) of the decision that scheduled
    # it; None for a change no decision scheduled (a rule's delayed effect).
    decision: int | None = None


# A term makes a few hundred of these: without slots, attrs fills the instance's
# dict directly, which builds a frozen record in about two thirds of the time.
@attrs.frozen(slots=False)
class MeterChange:
    meter: str
    before: float
    after: float
    requested: float  # the delta asked for, before clamping to the meter's bounds
    cause: Cause
    clamped: bool = False  # the meter's bounds cut the change short

    @property
    def delta(self) -> float:
        return self.after - self.before


@attrs.frozen
class FlagChange:
    flag: str
    value: bool
    cause: Cause


@attrs.frozen
class OutcomeDrawn:
    """A chance outcome happened (its meter changes follow as MeterChanges)."""

    outcome: str
    text: str
    cause: Cause


@attrs.frozen
class EventScheduled:
    event: str
    turn: int
    cause: Cause


@attrs.frozen
class PhaseChanged:
    before: str
    after: str
    cause: Cause


@attrs.frozen
class TurnEnded:
    turn: int


@attrs.frozen
class TurnBegan:
    turn: int
    agenda: tuple[str, ...]


@attrs.frozen
class EndingReached:
    ending: str


Change = (
    MeterChange
    | FlagChange
    | OutcomeDrawn
    | EventScheduled
    | PhaseChanged
    | TurnEnded
    | TurnBegan
    | EndingReached
)
