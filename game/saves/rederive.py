"""Re-deriving a recorded session: fold the engine's `step` over its decisions.

Every state is recomputed from content + seed + choices and compared with the
digest the save recorded. The first decision that no longer replays is
reported with the reason: the event is no longer offered, the choice is gone
or unavailable, or the state after it differs.
"""

from __future__ import annotations

from typing import Literal

import attrs

from game.engine.model import Scenario
from game.engine.session import Session
from game.engine.state import State, state_digest
from game.engine.step import IllegalMove, Step, new_game, step
from game.saves.format import RecordedDecision, SaveRecord

DivergenceKind = Literal["opening", "event", "choice", "state"]


@attrs.frozen
class Divergence:
    """Where a recording stops matching the content, and why (one line)."""

    index: int  # 1-based number of the decision; 0 for the opening of the term
    kind: DivergenceKind
    message: str
    turn: int | None = None
    event: str | None = None
    choice: str | None = None


def rederive(record: SaveRecord, scenario: Scenario) -> tuple[Session, Divergence | None]:
    """The session as far as it replays identically, and the first divergence (or None)."""
    steps: list[Step] = [new_game(scenario, record.seed)]
    if record.opening is not None and state_digest(steps[0].state) != record.opening:
        message = (
            "the opening of the term differs (the start state's digest is "
            f"{state_digest(steps[0].state)}, the recording says {record.opening})"
        )
        return _session(scenario, record, steps), Divergence(0, "opening", message, turn=1)
    for index, decision in enumerate(record.decisions, start=1):
        result = _replay_one(scenario, steps[-1].state, index, decision)
        if isinstance(result, Divergence):
            return _session(scenario, record, steps), result
        steps.append(result)
    return _session(scenario, record, steps), None


def _session(scenario: Scenario, record: SaveRecord, steps: list[Step]) -> Session:
    return Session(scenario, record.seed, tuple(steps))


def _replay_one(
    scenario: Scenario, state: State, index: int, decision: RecordedDecision
) -> Step | Divergence:
    d = decision
    where = (
        f"decision {index} ({scenario.turn_label(d.turn)}, event '{d.event}', choice '{d.choice}')"
    )

    def diverged(kind: DivergenceKind, why: str) -> Divergence:
        return Divergence(index, kind, f"{where}: {why}", d.turn, d.event, d.choice)

    if state.over:
        ending = scenario.ending_by_id.get(state.ending or "")
        title = f" ({ending.title})" if ending else ""
        return diverged(
            "event", f"the event is no longer offered: the term now ends before it{title}"
        )
    if d.event not in scenario.event_by_id:
        return diverged(
            "event", f"the event is no longer offered: no event '{d.event}' in the content"
        )
    if state.current_event != d.event or state.turn != d.turn:
        now = f"'{state.current_event}' in {scenario.turn_label(state.turn)}"
        return diverged("event", f"the event is no longer offered at this point (now: {now})")
    event = scenario.event_by_id[d.event]
    choice = event.choice(d.choice)
    if choice is None:
        offered = ", ".join(c.id for c in event.choices)
        return diverged("choice", f"the choice is gone (event '{d.event}' now offers: {offered})")
    try:
        result = step(scenario, state, d.choice)
    except IllegalMove:
        why = f": {choice.unavailable}" if choice.unavailable else ""
        return diverged("choice", f"the choice is no longer available here{why}")
    digest = state_digest(result.state)
    if digest != d.digest:
        return diverged(
            "state",
            f"the state after it differs (digest {digest}, the recording says {d.digest}): "
            "effects, chances or rules have changed",
        )
    return result
