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
    """The session as far as it replays identically, and the first divergence (or None).

    When a state digest differs, the recording is followed further (without
    digests) to say where a recorded choice stops being possible: a changed
    agenda shows there as "the event is no longer offered".
    """
    steps: list[Step] = [new_game(scenario, record.seed)]
    opening = state_digest(steps[0].state)
    if record.opening is not None and opening != record.opening:
        message = f"the opening of the {scenario.words.term} differs (digest {opening}, "
        message += f"the recording says {record.opening})"
        message += _then(scenario, steps[0].state, record, 1)
        return _session(scenario, record, steps), Divergence(0, "opening", message, turn=1)
    for index, decision in enumerate(record.decisions, start=1):
        result = _replay_one(scenario, steps[-1].state, index, decision)
        if isinstance(result, Divergence):
            if result.kind == "state":
                state = step(scenario, steps[-1].state, decision.choice).state
                message = result.message + _then(scenario, state, record, index + 1)
                result = attrs.evolve(result, message=message)
            return _session(scenario, record, steps), result
        steps.append(result)
    return _session(scenario, record, steps), None


def _then(scenario: Scenario, state: State, record: SaveRecord, start: int) -> str:
    """After a state difference: the first later decision that can no longer be followed."""
    for index in range(start, len(record.decisions) + 1):
        result = _replay_one(scenario, state, index, record.decisions[index - 1], digest=False)
        if isinstance(result, Divergence):
            return f"; then {result.message}"
        state = result.state
    return ""


def _session(scenario: Scenario, record: SaveRecord, steps: list[Step]) -> Session:
    return Session(scenario, record.seed, tuple(steps))


def _replay_one(
    scenario: Scenario, state: State, index: int, decision: RecordedDecision, *, digest: bool = True
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
            "event",
            f"the event is no longer offered: the {scenario.words.term} now ends before it{title}",
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
    now = state_digest(result.state) if digest else d.digest
    if now != d.digest:
        return diverged("state", f"the state after it differs{_what_differs(scenario, result, d)}")
    return result


def _what_differs(scenario: Scenario, result: Step, d: RecordedDecision) -> str:
    """': war_risk 42 (recorded 40), ...' from the meters the recording holds, else the digests."""
    digests = f"digest {state_digest(result.state)}, the recording says {d.digest}"
    if d.meters is None:
        return f" ({digests}; this save does not record meter values)"
    now = dict(zip((m.id for m in scenario.meters), result.state.meters, strict=True))
    changed = [
        f"{meter} {now[meter]:g} (recorded {value:g})"
        for meter, value in d.meters.items()
        if meter in now and now[meter] != value
    ]
    changed += [f"{meter} is new" for meter in now if meter not in d.meters]
    changed += [f"{meter} is gone" for meter in d.meters if meter not in now]
    if not changed:
        return f" (the meters agree; {digests}: the flags, phase or agenda differ)"
    return f": {', '.join(changed)}"
