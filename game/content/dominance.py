"""No free lunch: a choice at least as good as a sibling on every meter is no decision.

A choice's worth here is what it does for certain and on average: its direct
effects, its scheduled (`later`) effects and its chance outcomes' effects
weighted by their probability, with computed amounts evaluated at the start
of the term. If one choice of an event is at least as good as another on every
meter (each by its `better`; meters that are `neither` do not count), no
sensible player would ever take the other: the pair is a free lunch, and
`check` warns at the better choice. A pack with fewer than two meters that
have a `better` is not checked: with one scale, every pair is ordered.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from game.engine.expr import Env
from game.engine.model import Choice, Event, Scenario
from game.engine.step import environment, new_game

Totals = dict[str, float]


def start_env(scenario: Scenario) -> Env:
    """The values expressions see at the start of a term (seed 1; no draw is read)."""
    return environment(scenario, new_game(scenario, 1).state)


def totals(scenario: Scenario, env: Env, choice: Choice) -> Totals:
    """Direct, scheduled and chance-weighted effects of `choice`, per meter."""
    total = {m.id: 0.0 for m in scenario.meters}
    parts = [(choice.consequence, 1.0)] + [
        (o.consequence, min(1.0, max(0.0, o.p.number(env)))) for o in choice.outcomes
    ]
    for consequence, weight in parts:
        effects = list(consequence.effects) + [e for d in consequence.later for e in d.effects]
        for effect in effects:
            total[effect.meter] += weight * effect.amount.number(env)
    return total


def signs(scenario: Scenario) -> dict[str, int]:
    """+1 for a meter where higher is better, -1 where lower is; `neither` left out."""
    sign = {"higher": 1, "lower": -1}
    return {m.id: sign[m.better] for m in scenario.meters if m.better in sign}


def at_least_as_good(a: Totals, b: Totals, sign: Mapping[str, int]) -> bool:
    return all(s * a[meter] >= s * b[meter] for meter, s in sign.items())


def dominated_pairs(scenario: Scenario) -> Iterator[tuple[Event, Choice, Choice]]:
    """(event, better, worse) for every ordered pair where `better` is a free lunch.

    Two choices with the same totals are reported once, in their order in the event.
    """
    sign = signs(scenario)
    if len(sign) < 2:
        return  # one meter to judge by: every pair is ordered, and there is no trade-off to check
    env = start_env(scenario)
    for event in scenario.events:
        scored = [(c, totals(scenario, env, c)) for c in event.choices]
        for i, (a, ta) in enumerate(scored):
            for j, (b, tb) in enumerate(scored):
                if i == j or not at_least_as_good(ta, tb, sign):
                    continue
                if ta == tb and j < i:
                    continue  # the same pair, already reported the other way round
                yield event, a, b
