"""How a simulated player picks: functions of (state, offered choices, rng).

A strategy receives the run state, the choices the player may pick now (never
empty, in the event's order) and a `random.Random` seeded for this term, and
returns one of those choices. It must use only `rng.random()` for randomness:
that is the one sequence Python keeps stable across versions, so a report made
today is reproduced by tomorrow's interpreter. A new strategy is a few lines:

    def cautious(state, offered, rng):
        return min(offered, key=lambda c: "hawk" in c.tags)

Strategies are named on the command line and in targets:

- `random`; `prefer:TAG` (among the choices tagged TAG when there are any,
  otherwise at random);
- `greedy`, `greedy:PERSONA` (one decision ahead, `search.Greedy`), and
  `expert`, `expert:N` (N greedy rollouts per decision, `search.Expert`),
  maximising the scenario's grade or a procedural persona's utility;
- `persona:ID`: a persona declared in the content's personas.toml — a rule
  persona's ordered preferences, or a procedural persona played by the expert;
- any of these followed by `--force EVENT=CHOICE` (repeatable): that choice
  whenever the event offers it, the strategy everywhere else.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Mapping, Sequence

from game.content.balance import NO_BALANCE, Balance, Persona, SpecError, check_spec, parse_spec
from game.engine.model import Choice, Scenario
from game.engine.state import State
from game.engine.step import environment
from game.sim.objective import DEFAULT, Objective
from game.sim.search import DEFAULT_BUDGET, Expert, Greedy

Strategy = Callable[[State, Sequence[Choice], random.Random], Choice]

StrategyError = SpecError  # an unknown or malformed strategy name


def pick(offered: Sequence[Choice], rng: random.Random) -> Choice:
    """One of `offered`, uniformly, drawn with `rng.random()` only."""
    return offered[min(int(rng.random() * len(offered)), len(offered) - 1)]


def random_choice(state: State, offered: Sequence[Choice], rng: random.Random) -> Choice:
    """Uniform over the available choices."""
    return pick(offered, rng)


def prefer(tag: str, state: State, offered: Sequence[Choice], rng: random.Random) -> Choice:
    """Uniform over the choices tagged `tag`; uniform over all when none is."""
    tagged = [choice for choice in offered if tag in choice.tags]
    return pick(tagged or offered, rng)


def rule_persona(
    scenario: Scenario,
    persona: Persona,
    state: State,
    offered: Sequence[Choice],
    rng: random.Random,
) -> Choice:
    """The first preference whose condition holds and whose tag is offered; else at random."""
    for preference in persona.prefer:
        tagged = [choice for choice in offered if preference.tag in choice.tags]
        if not tagged:
            continue
        if preference.when is not None and not preference.when.test(environment(scenario, state)):
            continue
        return pick(tagged, rng)
    return pick(offered, rng)


def forced(forces: Mapping[str, str], play: Strategy) -> Strategy:
    def play_forced(state: State, offered: Sequence[Choice], rng: random.Random) -> Choice:
        wanted = forces.get(state.current_event or "")
        for choice in offered:
            if choice.id == wanted:
                return choice
        return play(state, offered, rng)

    return play_forced


def objective_of(persona: Persona) -> Objective:
    return Objective(persona.meters, persona.grades, persona.endings, persona.tags)


def resolve(name: str, scenario: Scenario | None = None, balance: Balance = NO_BALANCE) -> Strategy:
    """The strategy called `name`. Without a scenario only the syntax is checked, and
    only `random` and `prefer:TAG` can be returned (the others play on the content)."""
    spec = parse_spec(name) if scenario is None else check_spec(name, scenario, balance.personas)
    forces = dict(spec.forces)
    if spec.kind == "random":
        play: Strategy = random_choice
    elif spec.kind == "prefer":
        play = functools.partial(prefer, spec.arg)
    elif scenario is None:
        raise SpecError(f"strategy {name!r} plays on the content: load it first")
    elif spec.kind == "greedy":
        objective = objective_of(balance.personas[spec.arg]) if spec.arg else DEFAULT
        return Greedy(scenario, objective, forces)
    elif spec.kind == "expert":
        budget = int(spec.arg) if spec.arg else DEFAULT_BUDGET
        return Expert(scenario, DEFAULT, budget, forces)
    else:
        persona = balance.personas[spec.arg]
        if persona.procedural:
            budget = persona.budget or DEFAULT_BUDGET
            return Expert(scenario, objective_of(persona), budget, forces)
        play = functools.partial(rule_persona, scenario, persona)
    return forced(forces, play) if forces else play


def strategy_tags(scenario: Scenario) -> tuple[str, ...]:
    """Every persona tag the content's choices carry, sorted."""
    return tuple(sorted({tag for e in scenario.events for c in e.choices for tag in c.tags}))
