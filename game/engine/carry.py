"""A session carried onto changed content: its decisions replayed, as far as they go.

Live reload (`article-five --watch`) calls this after every save of a pack. The
decisions are made again, one by one, on the new scenario with the same seed;
the carry stops at the first one the new content no longer allows (the event
is not offered there, the choice is gone or unavailable), and says which and
why. The meters at the point reached are compared with the old session's at
the same point, so the author sees what the edit changed.
"""

from __future__ import annotations

import attrs

from game.engine.model import Scenario
from game.engine.session import Session
from game.engine.state import Decision, State
from game.engine.step import IllegalMove


@attrs.frozen
class Carried:
    session: Session  # on the new scenario
    replayed: int  # decisions replayed
    stopped: str  # why the rest of the decisions were dropped ("" when none were)
    changed: tuple[str, ...]  # "Apples 26 → 30": what differs at the point reached

    @property
    def summary(self) -> str:
        """One line for the player: how far the carry went, and what differs there."""
        made = f"{self.replayed} decision{'s' * (self.replayed != 1)} replayed"
        if self.stopped:
            made = f"{made}; stopped at decision {self.replayed + 1}: {self.stopped}"
        changed = "; now " + ", ".join(self.changed) if self.changed else "; nothing else differs"
        return made + changed


def carry_over(old: Session, scenario: Scenario) -> Carried:
    """Replay `old`'s decisions on `scenario` (same seed) until one no longer fits."""
    session = Session.start(scenario, old.seed)
    stopped = ""
    for decision in old.state.decisions:
        stopped = _misfit(scenario, session.state, decision)
        if not stopped:
            try:
                session = session.choose(decision.choice)
            except IllegalMove:
                choice = scenario.event_by_id[decision.event].choice(decision.choice)
                reason = choice.unavailable if choice is not None else ""
                stopped = "the choice is no longer available" + (f" ({reason})" if reason else "")
        if stopped:
            break
    replayed = len(session.state.decisions)
    then = old.steps[replayed].state
    return Carried(session, replayed, stopped, _differences(old.scenario, then, scenario, session))


def _misfit(scenario: Scenario, state: State, decision: Decision) -> str:
    """Why `decision` cannot be made again in `state` ("" when it can)."""
    if state.over:
        return f"the {scenario.words.term} now ends before it"
    if state.current_event != decision.event:
        if decision.event not in scenario.event_by_id:
            return f"there is no event '{decision.event}' any more"
        now = scenario.event_by_id[state.current_event or ""].title
        return f"'{decision.event}' is no longer offered here (now: {now})"
    if scenario.event_by_id[decision.event].choice(decision.choice) is None:
        return f"'{decision.event}' no longer has the choice '{decision.choice}'"
    return ""


def _differences(
    old_scenario: Scenario, then: State, scenario: Scenario, session: Session
) -> tuple[str, ...]:
    """Meters (and the phase) that differ between the old and the new state, by label."""
    now = session.state
    found = []
    for meter in scenario.meters:
        if meter.id not in old_scenario.meter_index:
            found.append(
                f"{meter.label} {meter.format(now.meters[scenario.meter_index[meter.id]])}"
            )
            continue
        before = meter.format(then.meters[old_scenario.meter_index[meter.id]])
        after = meter.format(now.meters[scenario.meter_index[meter.id]])
        if before != after:  # as the player sees them: no news of a change in the 9th place
            found.append(f"{meter.label} {before} → {after}")
    if then.phase != now.phase and now.phase in scenario.phase_by_id:
        found.append(f"phase {scenario.phase_by_id[now.phase].label}")
    return tuple(found)
