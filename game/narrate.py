"""Changes in words: the sentences every front end shows ("War risk rose by 6 to 48: …").

Shared by the Textual game, plain mode and replay transcripts so that all
three explain a change the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from game.engine.changes import (
    Change,
    EndingReached,
    MeterChange,
    OutcomeDrawn,
    PhaseChanged,
)
from game.engine.model import Meter, Scenario

# A meter measured in per cent moves by percentage points, not by per cent.
PERCENT = "%"


def shown(meter: Meter, value: float) -> float:
    """The value as the player sees it, at the meter's precision (2.349 -> 2.3)."""
    return float(f"{value:.{meter.decimals}f}")


def shown_delta(meter: Meter, before: float, after: float) -> float:
    """A move as the difference of the two values shown, so that shown moves add up:
    2.34 -> 2.36 shows as 2.3 -> 2.4, a move of 0.1, whatever the exact delta."""
    return round(shown(meter, after) - shown(meter, before), meter.decimals)


def delta_unit(meter: Meter, *, short: bool = False) -> str:
    """The unit of a move: 'pt'/' percentage points' for a meter in %, else the meter's unit."""
    if meter.unit.strip() == PERCENT:
        return "pt" if short else " percentage points"
    return meter.unit


def amount(meter: Meter, delta: float) -> str:
    """A shown move without its sign or unit, at the meter's precision: '6', '0.1'."""
    return f"{abs(delta):.{meter.decimals}f}"


def meter_sentence(scenario: Scenario, change: MeterChange) -> str:
    """'War risk rose by 6 to 48', the move computed from the values shown."""
    meter = scenario.meter(change.meter)
    now = meter.format(change.after)
    if change.delta == 0:
        return f"{meter.label} stayed at {now} (already at its limit)"
    verb = "rose" if change.delta > 0 else "fell"
    moved = shown_delta(meter, change.before, change.after)
    if moved == 0:
        return f"{meter.label} {verb} slightly, still {now}"
    text = f"{meter.label} {verb} by {amount(meter, moved)}{delta_unit(meter)} to {now}"
    if change.clamped:
        text += " (its limit)"
    return text


def describe(scenario: Scenario, change: Change) -> str | None:
    """One sentence for a change, with its cause; None for bookkeeping records."""
    if isinstance(change, MeterChange):
        why = change.cause.explain
        return (
            f"{meter_sentence(scenario, change)}: {why}"
            if why
            else meter_sentence(scenario, change)
        )
    if isinstance(change, OutcomeDrawn):
        return f"Chance: {change.text}"
    if isinstance(change, PhaseChanged):
        before = scenario.phase_by_id[change.before].label
        after = scenario.phase_by_id[change.after].label
        why = f": {change.cause.explain}" if change.cause.explain else ""
        return f"The phase changed from {before} to {after}{why}"
    if isinstance(change, EndingReached):
        return f"The {scenario.words.term} is over: {scenario.ending_by_id[change.ending].title}."
    # Flags, quarter boundaries and scheduled events go untold: a follow-up
    # announced in advance would spoil the surprise.
    return None


def together(scenario: Scenario, changes: Sequence[MeterChange]) -> str:
    """Meter changes with one cause as one sentence, the reason said once:
    'Eastern posture rose by 5 to 27 and War risk rose by 2 to 24: <explain>'."""
    if len(changes) == 1:
        return describe(scenario, changes[0]) or ""
    parts = [meter_sentence(scenario, change) for change in changes]
    text = ", ".join(parts[:-1]) + " and " + parts[-1]
    why = changes[0].cause.explain
    return f"{text}: {why}" if why else text


def grouped(changes: Iterable[Change]) -> Iterator[Change | tuple[MeterChange, ...]]:
    """The changes in order, with each run of meter changes of one cause gathered."""
    run: list[MeterChange] = []
    for change in changes:
        if isinstance(change, MeterChange) and (not run or run[0].cause == change.cause):
            run.append(change)
            continue
        if run:
            yield tuple(run)
            run = []
        if isinstance(change, MeterChange):
            run.append(change)
        else:
            yield change
    if run:
        yield tuple(run)


def cause_label(change: MeterChange, scenario: Scenario) -> str:
    """Where a change came from, in a word or two: 'your choice', 'a rule', …"""
    return {
        "choice": "your choice",
        "chance": "chance",
        "rule": f"this {scenario.words.turn}",
        "delayed": "an earlier decision",
        "transition": "the phase",
    }[change.cause.kind]
