"""One term played headlessly by one strategy, boiled down to what the report needs."""

from __future__ import annotations

import random

import attrs

from game.engine import Scenario, TurnBegan, new_game, options
from game.engine.step import step
from game.sim.strategies import Strategy


@attrs.frozen
class TermRecord:
    """What one simulated term did.

    `ending` is None only for a stuck term: an event was on the agenda with no
    choice available (a content bug; `stuck_on` names the event).
    """

    ending: str | None
    turns: int  # the quarter the term ended in
    meters: tuple[float, ...]  # at the end, in the scenario's meter order
    offered: tuple[str, ...]  # every event put on an agenda, in order, repeats included
    decisions: tuple[tuple[str, str], ...]  # (event, choice), in order
    stuck_on: str | None = None


def play_term(scenario: Scenario, seed: int, strategy: Strategy, rng: random.Random) -> TermRecord:
    """Play a whole term from `seed`, letting `strategy` (with `rng`) pick every choice."""
    current = new_game(scenario, seed)
    offered: list[str] = []
    decisions: list[tuple[str, str]] = []
    while True:
        for change in current.changes:
            if type(change) is TurnBegan:
                offered.extend(change.agenda)
        state = current.state
        event = state.current_event
        if event is None:
            break
        available = [o.choice for o in options(scenario, state) if o.available]
        if not available:
            return TermRecord(
                None, state.turn, state.meters, tuple(offered), tuple(decisions), stuck_on=event
            )
        choice = strategy(state, available, rng)
        decisions.append((event, choice.id))
        current = step(scenario, state, choice.id)
    return TermRecord(
        current.state.ending,
        current.state.turn,
        current.state.meters,
        tuple(offered),
        tuple(decisions),
    )
