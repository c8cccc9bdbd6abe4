"""The pure core of Article Five: scenario model, run state and the step function.

Nothing here does I/O, reads a clock, touches global randomness or imports
Textual. Same scenario + seed + choices give the same states, bit for bit.

Each name below is imported from its module when first used (`game.lazy`):
importing one module, as the start-up path does, does not import them all.
The function `step` is not among them: it shares its name with its module,
which an import of `game.engine.step` puts in its place. Import it from there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.lazy import lazy_exports

if TYPE_CHECKING:
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
    )
    from game.engine.session import Session
    from game.engine.state import Decision, PendingEffects, PendingEvent, State, state_digest
    from game.engine.step import Env, IllegalMove, Option, Step, environment, new_game, options

__getattr__ = lazy_exports(
    __name__,
    globals(),
    {
        "Cause": "changes",
        "Change": "changes",
        "EndingReached": "changes",
        "EventScheduled": "changes",
        "FlagChange": "changes",
        "MeterChange": "changes",
        "OutcomeDrawn": "changes",
        "PhaseChanged": "changes",
        "TurnBegan": "changes",
        "TurnEnded": "changes",
        "Expr": "expr",
        "ExprError": "expr",
        "Names": "expr",
        "constant": "expr",
        "parse": "expr",
        "Choice": "model",
        "Consequence": "model",
        "Delayed": "model",
        "Derived": "model",
        "Effect": "model",
        "Ending": "model",
        "Event": "model",
        "FollowUp": "model",
        "Meter": "model",
        "Outcome": "model",
        "Phase": "model",
        "Rule": "model",
        "Scenario": "model",
        "Transition": "model",
        "Session": "session",
        "Decision": "state",
        "PendingEffects": "state",
        "PendingEvent": "state",
        "State": "state",
        "state_digest": "state",
        "Env": "step",
        "IllegalMove": "step",
        "Option": "step",
        "Step": "step",
        "environment": "step",
        "new_game": "step",
        "options": "step",
    },
)

__all__ = [
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
    "constant",
    "environment",
    "new_game",
    "options",
    "parse",
    "state_digest",
]
