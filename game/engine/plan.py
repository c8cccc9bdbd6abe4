"""What the step function can know about a scenario before the first quarter.

Built once per scenario (it is a lookup on `Scenario`, like `event_by_id`):
which events may be drawn in each phase (with what their draw reads), which
endings may end a term early, which derived values go stale when a meter (or
the quarter) changes, and the causes of choices, outcomes, rules and
transitions (the same values every time, so they are made once and shared).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

import attrs

from game.engine.changes import Cause

if TYPE_CHECKING:
    from game.engine.expr import Env, Expr
    from game.engine.model import Ending, Event, Meter, Scenario


class Drawable(NamedTuple):
    """An event as the quarter's draw reads it (a tuple, unpacked in the draw's loop)."""

    event: Event
    id: str
    once: bool
    cooldown: int
    when: Callable[[Env], bool] | None  # the condition's test; None: always
    weight_of: Callable[[Env], float] | None  # the weight's formula; None: `weight` is constant
    weight: float  # the constant weight (when `weight_of` is None)


@attrs.frozen
class Plan:
    drawable: Mapping[str, tuple[Drawable, ...]]  # phase -> events a quarter may draw, in order
    early_endings: tuple[Ending, ...]  # the `at = "any"` endings, in order
    formulas: Mapping[str, Expr]  # derived id -> formula
    stale: Mapping[str, tuple[str, ...]]  # meter id or "turn" -> derived ids that read it
    meter_at: Mapping[str, tuple[int, Meter]]  # meter id -> (index, meter)
    causes: Mapping[str, Cause]  # "event.choice" and "event.choice.outcome" -> its cause
    rule_causes: tuple[Cause, ...]  # in the order of `scenario.rules`
    transition_causes: tuple[Cause, ...]  # in the order of `scenario.transitions`


class _NoValues:
    """The environment of a constant: it reads nothing."""

    values: Mapping[str, float] = MappingProxyType({})
    flags: frozenset[str] = frozenset()
    phase = ""


def constant_value(expr: Expr) -> float | None:
    """The value of a number expression that reads no name; None if it reads one."""
    if expr.numbers or expr.flags or expr.phases:
        return None
    return expr.number(_NoValues())


def _drawable(event: Event) -> Drawable:
    weight = constant_value(event.weight)
    return Drawable(
        event,
        event.id,
        event.once,
        event.cooldown,
        None if event.when is None else event.when.test,
        event.weight.number if weight is None else None,
        0.0 if weight is None else weight,
    )


def plan(scenario: Scenario) -> Plan:
    drawable = {
        phase.id: tuple(
            _drawable(event)
            for event in scenario.events
            if not event.followup_only
            and (phase.id in event.phases if event.phases else not phase.terminal)
        )
        for phase in scenario.phases
    }
    # A derived value reads meters directly or through earlier derived values.
    reads: dict[str, set[str]] = {}
    for derived in scenario.derived:
        names = set(derived.formula.numbers)
        for name in derived.formula.numbers:
            names |= reads.get(name, set())
        reads[derived.id] = names
    inputs = [m.id for m in scenario.meters] + ["turn"]
    stale = {name: tuple(d for d, names in reads.items() if name in names) for name in inputs}
    causes = {}
    for event in scenario.events:
        for choice in event.choices:
            source = f"{event.id}.{choice.id}"
            causes[source] = Cause("choice", source, choice.explain)
            for outcome in choice.outcomes:
                causes[f"{source}.{outcome.id}"] = Cause(
                    "chance", f"{source}.{outcome.id}", outcome.text
                )
    return Plan(
        drawable=MappingProxyType(drawable),
        early_endings=tuple(e for e in scenario.endings if e.at == "any"),
        formulas=MappingProxyType({d.id: d.formula for d in scenario.derived}),
        stale=MappingProxyType(stale),
        # Plain dicts where the step looks up on every change (a proxy costs a call).
        meter_at={m.id: (i, m) for i, m in enumerate(scenario.meters)},
        causes=causes,
        rule_causes=tuple(Cause("rule", r.id, r.explain) for r in scenario.rules),
        transition_causes=tuple(
            Cause("transition", f"{t.source}->{t.target}", t.explain) for t in scenario.transitions
        ),
    )
