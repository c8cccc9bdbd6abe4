"""How a simulated player picks: plain functions of (state, offered choices, rng).

A strategy receives the run state, the choices the player may pick now (never
empty, in the event's order) and a `random.Random` seeded for this term, and
returns one of those choices. It must use only `rng.random()` for randomness:
that is the one sequence Python keeps stable across versions, so a report made
today is reproduced by tomorrow's interpreter. A new strategy is a few lines:

    def cautious(state, offered, rng):
        return min(offered, key=lambda c: "hawk" in c.tags)

Strategies are named on the command line: `random`, or `prefer:TAG` (pick
among the choices tagged TAG when there are any, otherwise at random).
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Callable, Sequence

from game.engine import Choice, Scenario, State

Strategy = Callable[[State, Sequence[Choice], random.Random], Choice]

_TAG = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")


class StrategyError(ValueError):
    """An unknown or malformed strategy name."""


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


NAMED: dict[str, Strategy] = {"random": random_choice}
FAMILIES = ("prefer:TAG",)


def resolve(name: str, scenario: Scenario | None = None) -> Strategy:
    """The strategy called `name`; with a scenario, `prefer:TAG` must name a tag it uses."""
    if name in NAMED:
        return NAMED[name]
    family, sep, tag = name.partition(":")
    if family == "prefer" and sep:
        if not _TAG.match(tag):
            raise StrategyError(f"strategy {name!r}: give a tag after 'prefer:', e.g. prefer:hawk")
        if scenario is not None:
            tags = strategy_tags(scenario)
            if tag not in tags:
                raise StrategyError(
                    f"strategy {name!r}: no choice in the content is tagged {tag!r}"
                    f"{_hint(tag, tags)}"
                )
        return functools.partial(prefer, tag)
    known = ", ".join([*NAMED, *FAMILIES])
    raise StrategyError(f"unknown strategy {name!r} (known: {known})")


def strategy_tags(scenario: Scenario) -> tuple[str, ...]:
    """Every persona tag the content's choices carry, sorted."""
    return tuple(sorted({tag for e in scenario.events for c in e.choices for tag in c.tags}))


def _hint(tag: str, tags: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(tag, tags, n=1)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" (tags: {', '.join(tags)})" if tags else " (no choice carries any tag)"
