"""What a search player maximises: a utility over the state a term is in or ended in.

The default objective is the scenario's own: the grade of the ending the state
is heading for (the ending that would hold if the term ended now), with the
headline meters, each by its `better` direction, as a small tie-breaker. A
procedural persona (declared in content) replaces it with its own weights on
meters, grades, endings and the tags of the choices taken (Holmgård et al.,
"Monte-Carlo Tree Search for Persona Based Player Modeling", AIIDE 2015).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from game.engine.model import Scenario
from game.engine.state import State
from game.engine.step import environment

# The headline meters only break ties between states heading for the same grade.
TIE_BREAK = 0.05


def grade_order(scenario: Scenario) -> tuple[str, ...]:
    """The scenario's grades, best first."""
    return scenario.grades


def grade_points(scenario: Scenario) -> dict[str, float]:
    """Each grade as points: the best is len - 1 (4 for A..F), the worst 0."""
    order = grade_order(scenario)
    return {grade: float(len(order) - 1 - i) for i, grade in enumerate(order)}


def heading_for(scenario: Scenario, state: State) -> str:
    """The ending the term has, or the one that would hold if it ended now."""
    if state.ending is not None:
        return state.ending
    env = environment(scenario, state)
    for ending in scenario.endings:
        if ending.when is None or ending.when.test(env):
            return ending.id
    return scenario.endings[-1].id


@attrs.frozen
class Objective:
    """Weights: a procedural persona's utility (all empty: the scenario's default)."""

    meters: Mapping[str, float] = MappingProxyType({})  # on each meter, scaled to 0..1
    grades: Mapping[str, float] = MappingProxyType({})
    endings: Mapping[str, float] = MappingProxyType({})
    tags: Mapping[str, float] = MappingProxyType({})  # per choice taken with the tag

    @property
    def is_default(self) -> bool:
        return not (self.meters or self.grades or self.endings or self.tags)


DEFAULT = Objective()


def score(scenario: Scenario, objective: Objective, state: State) -> float:
    """How much `objective` likes `state` (higher is better)."""
    ending = scenario.ending_by_id[heading_for(scenario, state)]
    if objective.is_default:
        points = grade_points(scenario)[ending.grade]
        return points + TIE_BREAK * _headline(scenario, state)
    total = objective.grades.get(ending.grade, 0.0) + objective.endings.get(ending.id, 0.0)
    for meter_id, weight in objective.meters.items():
        meter = scenario.meter(meter_id)
        value = state.meters[scenario.meter_index[meter_id]]
        total += weight * _scaled(value, meter.min, meter.max)
    if objective.tags:
        for decision in state.decisions:
            choice = scenario.event_by_id[decision.event].choice(decision.choice)
            if choice is not None:
                total += sum(objective.tags.get(tag, 0.0) for tag in choice.tags)
    return total


def _scaled(value: float, low: float, high: float) -> float:
    return (value - low) / (high - low) if high > low else 0.0


def _headline(scenario: Scenario, state: State) -> float:
    """The headline meters' mean, each scaled to 0..1 with 1 the better end."""
    parts = []
    for meter in scenario.headline_meters:
        if meter.better == "neither":
            continue
        scaled = _scaled(state.meters[scenario.meter_index[meter.id]], meter.min, meter.max)
        parts.append(scaled if meter.better == "higher" else 1.0 - scaled)
    return sum(parts) / len(parts) if parts else 0.0
