"""Building small scenarios in Python for engine tests (no TOML involved)."""

from __future__ import annotations

from typing import Any

from game.engine import (
    Choice,
    Consequence,
    Effect,
    Ending,
    Event,
    Expr,
    Meter,
    Names,
    Phase,
    Scenario,
    constant,
    parse,
)

NAMES = Names(
    numbers=frozenset({"a", "b", "turn", "turns"}),
    phases=frozenset({"low", "high", "over"}),
)


def num(text: str | float) -> Expr:
    return constant(float(text)) if isinstance(text, int | float) else parse(text, "number", NAMES)


def cond(text: str) -> Expr:
    return parse(text, "bool", NAMES)


def effects(**amounts: str | float) -> tuple[Effect, ...]:
    return tuple(Effect(meter, num(amount)) for meter, amount in amounts.items())


def choice(id: str, explain: str = "because", **kw: Any) -> Choice:
    return Choice(id=id, label=id.title(), explain=explain, **kw)


def event(id: str, *choices: Choice, weight: float | str = 10, **kw: Any) -> Event:
    return Event(id=id, title=id.title(), text="", choices=choices, weight=num(weight), **kw)


def scenario(*events: Event, **kw: Any) -> Scenario:
    base: dict[str, Any] = {
        "id": "kit",
        "title": "Kit",
        "turns": 4,
        "meters": (
            Meter("a", "A", 0, 10, 5),
            Meter("b", "B", -5, 5, 0, decimals=1),
        ),
        "phases": (
            Phase("low", "Low"),
            Phase("high", "High"),
            Phase("over", "Over", terminal=True),
        ),
        "start_phase": "low",
        "endings": (Ending("fallback", "Fallback", "C", "The end."),),
        "events": events,
    }
    base.update(kw)
    return Scenario(**base)


def plain(**amounts: str | float) -> Consequence:
    return Consequence(effects=effects(**amounts))
