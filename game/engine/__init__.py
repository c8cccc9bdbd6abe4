"""The pure core of Article Five: scenario model, run state and the step function.

Nothing here does I/O, reads a clock, touches global randomness or imports
Textual. Same scenario + seed + choices give the same states, bit for bit.

The function `step` is not exported here: its module has the same name, so
`game.engine.step` is the module. Import the function from there.
"""

from __future__ import annotations

from game.engine.changes import (
    Cause,
    Change,
    EndingReached,
    EventScheduled,
    FlagChange,
    MeterChange,
    OutcomeDrawn,
    PhaseChanged,
    TurnBegan,
    TurnEnded,
)
from game.engine.expr import Expr, ExprError, Names, constant, parse
from game.engine.model import (
    Calendar,
    Choice,
    Consequence,
    Delayed,
    Derived,
    Effect,
    Ending,
    Event,
    FollowUp,
    Meter,
    Outcome,
    Phase,
    Rule,
    Scenario,
    Transition,
    Words,
)
from game.engine.session import Session
from game.engine.state import Decision, PendingEffects, PendingEvent, State, state_digest
from game.engine.step import (
    Env,
    IllegalMove,
    Option,
    Step,
    available,
    environment,
    new_game,
    options,
)

__all__ = [
    "Calendar",
    "Cause",
    "Change",
    "Choice",
    "Consequence",
    "Decision",
    "Delayed",
    "Derived",
    "Effect",
    "Ending",
    "EndingReached",
    "Env",
    "Event",
    "EventScheduled",
    "Expr",
    "ExprError",
    "FlagChange",
    "FollowUp",
    "IllegalMove",
    "Meter",
    "MeterChange",
    "Names",
    "Option",
    "Outcome",
    "OutcomeDrawn",
    "PendingEffects",
    "PendingEvent",
    "Phase",
    "PhaseChanged",
    "Rule",
    "Scenario",
    "Session",
    "State",
    "Step",
    "Transition",
    "TurnBegan",
    "TurnEnded",
    "Words",
    "available",
    "constant",
    "environment",
    "new_game",
    "options",
    "parse",
    "state_digest",
]
