"""One term played headlessly by one strategy, boiled down to what the report needs."""

from __future__ import annotations

import random
from typing import cast

import attrs

from game.engine.changes import FlagChange, MeterChange, PhaseChanged, TurnBegan
from game.engine.model import Scenario
from game.engine.step import Step, available, new_game, step
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
    phases: frozenset[str] = frozenset()  # every phase the term was in
    war: bool = False  # the content's war marker (flag set or phase entered) happened


def play_term(
    scenario: Scenario, seed: int, strategy: Strategy, rng: random.Random, war: str = ""
) -> TermRecord:
    """Play a whole term from `seed`, letting `strategy` (with `rng`) pick every choice.

    `war` is the content's marker, "flag.NAME" or "phase.NAME" (balance.py).
    """
    return play_on(scenario, new_game(scenario, seed), strategy, rng, war)


def play_on(
    scenario: Scenario,
    current: Step,
    strategy: Strategy,
    rng: random.Random,
    war: str = "",
    phases_before: frozenset[str] = frozenset(),
    war_before: bool = False,
) -> TermRecord:
    """Play on from the step `current` to the end of the term (`play_term` from its opening).

    `phases_before` and `war_before` are what the term had been through before
    `current` (a what-if continuation starts mid-term); the record's offered
    events and decisions are those from `current` on.
    """
    marker_kind, _, marker = war.partition(".")
    offered: list[str] = []
    decisions: list[tuple[str, str]] = []
    phases = {*phases_before, current.state.phase, scenario.start_phase}
    at_war = war_before
    while True:
        for change in current.changes:
            kind = type(change)  # most changes are meter changes: skip them cheaply
            if kind is MeterChange:
                continue
            if kind is TurnBegan:
                offered.extend(cast(TurnBegan, change).agenda)
            elif kind is PhaseChanged:
                phases.add(cast(PhaseChanged, change).after)
            elif kind is FlagChange and marker_kind == "flag":
                flag = cast(FlagChange, change)
                at_war = at_war or (flag.flag == marker and flag.value)
        state = current.state
        event = state.current_event
        if event is None:
            break
        choices = available(scenario, state)
        if not choices:
            return TermRecord(
                None,
                state.turn,
                state.meters,
                tuple(offered),
                tuple(decisions),
                event,
                frozenset(phases),
                at_war or (marker_kind == "phase" and marker in phases),
            )
        choice = strategy(state, choices, rng)
        decisions.append((event, choice.id))
        current = step(scenario, state, choice.id)
    return TermRecord(
        current.state.ending,
        current.state.turn,
        current.state.meters,
        tuple(offered),
        tuple(decisions),
        phases=frozenset(phases),
        war=at_war or (marker_kind == "phase" and marker in phases),
    )
