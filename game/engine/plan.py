"""What the step function can know about a scenario before the first quarter.

Built once per scenario (it is a lookup on `Scenario`, like `event_by_id`):
which events may be drawn in each phase (with what their draw reads), which
endings may end a term early, which derived values go stale when a meter (or
the quarter) changes, and every consequence of a choice, an outcome or a rule
with its cause and its effects resolved to meter positions and bounds. A term
spends its time applying these, so what does not change is worked out here once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

import attrs

from game.engine.changes import Cause

if TYPE_CHECKING:
    from game.engine.expr import Env, Expr
    from game.engine.model import (
        Consequence,
        Delayed,
        Effect,
        Ending,
        Event,
        FollowUp,
        Meter,
        Rule,
        Scenario,
        Transition,
    )

# Meter values (and the deltas a change records) are rounded to this many places,
# so that float noise (0.30000000000000004) never reaches a screen or a save.
PLACES = 6


class Drawable(NamedTuple):
    """An event as the quarter's draw reads it (a tuple, unpacked in the draw's loop)."""

    event: Event
    id: str
    once: bool
    cooldown: int
    when: Callable[[Env], bool] | None  # the condition's test; None: always
    weight_of: Callable[[Env], float] | None  # the weight's formula; None: `weight` is constant
    weight: float  # the constant weight (when `weight_of` is None)


class PlannedEffect(NamedTuple):
    """An effect with its meter looked up: where it is, its bounds, what goes stale."""

    meter: str
    position: int  # in the scenario's meter order
    low: float
    high: float
    stale: tuple[str, ...]  # derived values that read the meter
    amount_of: Callable[[Env], float] | None  # the amount's formula; None: constant
    amount: float  # the constant amount (when `amount_of` is None)
    requested: float  # the constant amount rounded to PLACES, as a change records it


class Planned(NamedTuple):
    """A consequence with its cause and its effects planned."""

    cause: Cause
    effects: tuple[PlannedEffect, ...]
    set_flags: tuple[str, ...]
    clear_flags: tuple[str, ...]
    follow: tuple[FollowUp, ...]
    later: tuple[Delayed, ...]
    only_effects: bool  # no flags, follow-ups or delayed effects (most rules)


class PlannedRule(NamedTuple):
    rule: Rule
    when: Callable[[Env], bool] | None
    chance: Callable[[Env], float] | None
    planned: Planned


@attrs.frozen
class Plan:
    drawable: Mapping[str, tuple[Drawable, ...]]  # phase -> events a quarter may draw, in order
    early_endings: tuple[Ending, ...]  # the `at = "any"` endings, in order
    formulas: Mapping[str, Expr]  # derived id -> formula
    stale: Mapping[str, tuple[str, ...]]  # meter id or "turn" -> derived ids that read it
    meter_at: Mapping[str, tuple[int, Meter]]  # meter id -> (index, meter)
    consequences: Mapping[str, Planned]  # "event.choice" and "event.choice.outcome" -> planned
    rules: tuple[PlannedRule, ...]  # in the order of `scenario.rules`
    transitions_from: Mapping[str, tuple[tuple[Transition, Cause], ...]]  # phase -> in order


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


def plan_effects(
    effects: tuple[Effect, ...],
    meter_at: Mapping[str, tuple[int, Meter]],
    stale: Mapping[str, tuple[str, ...]],
) -> tuple[PlannedEffect, ...]:
    planned = []
    for effect in effects:
        index, meter = meter_at[effect.meter]
        amount = constant_value(effect.amount)
        planned.append(
            PlannedEffect(
                effect.meter,
                index,
                meter.min,
                meter.max,
                stale[effect.meter],
                effect.amount.number if amount is None else None,
                0.0 if amount is None else amount,
                0.0 if amount is None else round(amount, PLACES),
            )
        )
    return tuple(planned)


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
    meter_at = {m.id: (i, m) for i, m in enumerate(scenario.meters)}

    def planned(consequence: Consequence, cause: Cause) -> Planned:
        return Planned(
            cause,
            plan_effects(consequence.effects, meter_at, stale),
            consequence.set_flags,
            consequence.clear_flags,
            consequence.follow,
            consequence.later,
            not (consequence.set_flags or consequence.clear_flags)
            and not (consequence.follow or consequence.later),
        )

    consequences = {}
    for event in scenario.events:
        for choice in event.choices:
            source = f"{event.id}.{choice.id}"
            cause = Cause("choice", source, choice.explain)
            consequences[source] = planned(choice.consequence, cause)
            for outcome in choice.outcomes:
                cause = Cause("chance", f"{source}.{outcome.id}", outcome.text)
                consequences[cause.source] = planned(outcome.consequence, cause)
    rules = tuple(
        PlannedRule(
            rule,
            None if rule.when is None else rule.when.test,
            None if rule.chance is None else rule.chance.number,
            planned(rule.consequence, Cause("rule", rule.id, rule.explain)),
        )
        for rule in scenario.rules
    )
    return Plan(
        drawable=MappingProxyType(drawable),
        early_endings=tuple(e for e in scenario.endings if e.at == "any"),
        formulas=MappingProxyType({d.id: d.formula for d in scenario.derived}),
        stale=MappingProxyType(stale),
        # Plain dicts where the step looks up on every change (a proxy costs a call).
        meter_at=meter_at,
        consequences=consequences,
        rules=rules,
        transitions_from={
            phase.id: tuple(
                (t, Cause("transition", f"{t.source}->{t.target}", t.explain))
                for t in scenario.transitions
                if t.source == phase.id
            )
            for phase in scenario.phases
        },
    )


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
