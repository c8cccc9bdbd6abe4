"""Search players over the pure `step`: greedy (one decision ahead) and expert (rollouts).

Neither peeks at the future: the term's seed fixes every chance draw to come,
so a look-ahead plays in *imagined* worlds, the current state with a seed of
the player's own, drawn from the strategy's RNG (`rng.random()` only). The
alternatives of one decision are compared in the same imagined worlds (common
random numbers), so a difference between them is the choices', not the dice's.

The expert is a flat Monte-Carlo search (one level of OpenSpiel's MCTSBot
with its random-rollout evaluator): for each available choice it plays
`budget // choices` imagined continuations to the end of the term, choosing
at random after the first choice, scores each final state with the objective
and takes the choice with the best mean. Greedy rollouts were tried: at equal
CPU time (expert:3 with greedy rollouts against expert:12 with random ones on
the bundled campaign) they played worse, being three times as dear.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import attrs

from game.engine.model import Choice, Scenario
from game.engine.state import State
from game.engine.step import available, step
from game.sim.objective import Objective, score

DEFAULT_BUDGET = 8  # rollouts per decision (see benchmarks/README.md for its strength)
_SEED_RANGE = 2**53


def imagined_seed(rng: random.Random) -> int:
    return int(rng.random() * _SEED_RANGE)


def lookahead(
    scenario: Scenario, objective: Objective, state: State, offered: Sequence[Choice], seed: int
) -> Choice:
    """The choice whose next state `objective` likes best, in the world seeded `seed`."""
    world = attrs.evolve(state, seed=seed)
    best, best_score = offered[0], float("-inf")
    for choice in offered:
        value = score(scenario, objective, step(scenario, world, choice.id).state)
        if value > best_score:
            best, best_score = choice, value
    return best


@attrs.frozen
class Greedy:
    """One decision ahead: step every available choice, score the state it leads to."""

    scenario: Scenario
    objective: Objective
    forces: dict[str, str] = attrs.field(factory=dict)

    def __call__(self, state: State, offered: Sequence[Choice], rng: random.Random) -> Choice:
        forced = _forced(self.forces, state, offered)
        if forced is not None:
            return forced
        seed = imagined_seed(rng)  # drawn even for one choice: the sequence stays aligned
        if len(offered) == 1:
            return offered[0]
        return lookahead(self.scenario, self.objective, state, offered, seed)


@attrs.frozen
class Expert:
    """Random rollouts to the end of the term, `budget` of them per decision."""

    scenario: Scenario
    objective: Objective
    budget: int = DEFAULT_BUDGET
    forces: dict[str, str] = attrs.field(factory=dict)

    def __call__(self, state: State, offered: Sequence[Choice], rng: random.Random) -> Choice:
        forced = _forced(self.forces, state, offered)
        if forced is not None:
            return forced
        if len(offered) == 1:
            return offered[0]
        per_choice = max(1, self.budget // len(offered))
        worlds = [(imagined_seed(rng), imagined_seed(rng)) for _ in range(per_choice)]
        best, best_value = offered[0], float("-inf")
        for choice in offered:
            value = sum(self.rollout(state, choice, world, policy) for world, policy in worlds)
            if value > best_value:
                best, best_value = choice, value
        return best

    def rollout(self, state: State, first: Choice, seed: int, policy_seed: int) -> float:
        """The objective at the end of one imagined term that takes `first` now."""
        scenario = self.scenario
        rng = random.Random(policy_seed)
        current = step(scenario, attrs.evolve(state, seed=seed), first.id).state
        while current.current_event is not None:
            choices = available(scenario, current)
            if not choices:
                break
            choice = _forced(self.forces, current, choices)
            if choice is None:
                choice = choices[min(int(rng.random() * len(choices)), len(choices) - 1)]
            current = step(scenario, current, choice.id).state
        return score(scenario, self.objective, current)


def _forced(forces: dict[str, str], state: State, offered: Sequence[Choice]) -> Choice | None:
    wanted = forces.get(state.current_event or "")
    if wanted is None:
        return None
    for choice in offered:
        if choice.id == wanted:
            return choice
    return None
