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
from game.engine.model import Scenario


def amount(scenario: Scenario, meter_id: str, value: float) -> str:
    """A delta as the player sees it: '6', '0.2', '0.03' (no sign; more digits when tiny)."""
    meter = scenario.meter(meter_id)
    text = f"{abs(value):.{meter.decimals}f}"
    for places in range(meter.decimals + 1, meter.decimals + 3):
        if float(text) != 0 or value == 0:
            break
        text = f"{abs(value):.{places}f}"  # too small to show at the meter's precision
    return text


def meter_sentence(scenario: Scenario, change: MeterChange) -> str:
    meter = scenario.meter(change.meter)
    verb = "rose" if change.delta > 0 else "fell"
    if change.delta == 0:
        return f"{meter.label} stayed at {meter.format(change.after)} (already at its limit)"
    by = amount(scenario, change.meter, change.delta)
    size = "slightly" if float(by) == 0 else f"by {by}{meter.unit}"
    text = f"{meter.label} {verb} {size} to {meter.format(change.after)}"
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
