"""What the step function can know about a scenario before the first quarter.

Built once per scenario (it is a lookup on `Scenario`, like `event_by_id`):
which events may be drawn in each phase, which endings may end a term early,
and which derived values go stale when a meter (or the quarter) changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from game.engine.expr import Expr
    from game.engine.model import Ending, Event, Meter, Scenario


@attrs.frozen
class Plan:
    drawable: Mapping[str, tuple[Event, ...]]  # phase -> events a quarter may draw, in order
    early_endings: tuple[Ending, ...]  # the `at = "any"` endings, in order
    formulas: Mapping[str, Expr]  # derived id -> formula
    stale: Mapping[str, tuple[str, ...]]  # meter id or "turn" -> derived ids that read it
    meter_at: Mapping[str, tuple[int, Meter]]  # meter id -> (index, meter)


def plan(scenario: Scenario) -> Plan:
    drawable = {
        phase.id: tuple(
            event
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
    return Plan(
        drawable=MappingProxyType(drawable),
        early_endings=tuple(e for e in scenario.endings if e.at == "any"),
        formulas=MappingProxyType({d.id: d.formula for d in scenario.derived}),
        stale=MappingProxyType(stale),
        # Plain dicts where the step looks up on every change (a proxy costs a call).
        meter_at={m.id: (i, m) for i, m in enumerate(scenario.meters)},
    )
