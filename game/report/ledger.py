"""What happened, grouped for the screens.

The engine records every change with its cause; this module only sorts those
records into what a player reads: the sections of one decision's
consequences, a quarter's "why" ledger (each meter's start, its moves by
cause, its end), and the decisions that moved the term most. It decides
nothing and imports no Textual, so a transcript could use it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import attrs

from game.engine.changes import (
    Change,
    EndingReached,
    MeterChange,
    OutcomeDrawn,
    TurnBegan,
    TurnEnded,
)
from game.engine.model import Meter, Scenario
from game.engine.session import Session
from game.engine.state import Decision
from game.engine.step import Step
from game.narrate import describe

SectionKind = Literal["start", "decision", "quarter_end", "quarter_begin", "ending"]
Tone = Literal["good", "bad", "neutral"]

# The causes a meter can move for, in the order a ledger shows them.
CAUSES: tuple[tuple[str, str], ...] = (
    ("choice", "choices"),
    ("chance", "chance"),
    ("delayed", "delayed"),
    ("rule", "rules"),
    ("transition", "phase"),
)


@attrs.frozen
class Entry:
    """One change as a line: its sentence and, for a meter, its signed move."""

    change: Change
    text: str
    meter: str | None = None
    delta: float = 0.0
    tone: Tone = "neutral"


@attrs.frozen
class Section:
    kind: SectionKind
    title: str
    turn: int
    entries: tuple[Entry, ...] = ()
    note: str = ""  # shown when there are no entries, or under the title


def tone(meter: Meter, delta: float) -> Tone:
    """Whether a move is good news for the player, by the meter's declared `better`."""
    if delta == 0 or meter.better == "neither":
        return "neutral"
    return "good" if (delta > 0) == (meter.better == "higher") else "bad"


def entry(scenario: Scenario, change: Change) -> Entry | None:
    text = describe(scenario, change)
    if text is None:
        return None
    if isinstance(change, MeterChange):
        meter = scenario.meter(change.meter)
        return Entry(change, text, change.meter, change.delta, tone(meter, change.delta))
    return Entry(change, text)


def decision_of(session: Session, index: int) -> Decision | None:
    """The decision made at step `index` (None for step 0, the opening of the term)."""
    return session.steps[index].state.decisions[-1] if index > 0 else None


def choice_label(scenario: Scenario, decision: Decision) -> str:
    choice = scenario.event_by_id[decision.event].choice(decision.choice)
    return choice.label if choice is not None else decision.choice


def sections(scenario: Scenario, step: Step, decision: Decision | None) -> tuple[Section, ...]:
    """A step's changes in the order they happened, cut where a quarter ends or begins."""
    result: list[Section] = []
    first: list[Entry] = []  # the decision's own consequences
    pending: list[Entry] = []  # end-of-quarter changes, until TurnEnded says which quarter
    for change in step.changes:
        if isinstance(change, TurnEnded):
            label = scenario.turn_label(change.turn)
            note = "" if pending else "Nothing else moved."
            result.append(
                Section("quarter_end", f"End of {label}", change.turn, tuple(pending), note)
            )
            pending = []
        elif isinstance(change, TurnBegan):
            note = "" if change.agenda else "A quiet quarter: nothing reached your desk."
            label = scenario.turn_label(change.turn)
            result.append(Section("quarter_begin", f"{label} begins", change.turn, (), note))
        elif isinstance(change, EndingReached):
            found = entry(scenario, change)
            assert found is not None
            turn = step.state.turn
            result.append(Section("ending", "The term is over", turn, (found,)))
        else:
            found = entry(scenario, change)
            if found is None:
                continue
            at_once = isinstance(change, MeterChange | OutcomeDrawn) and change.cause.kind in (
                "choice",
                "chance",
                "start",
            )
            (first if at_once else pending).append(found)
    if decision is not None:
        title = f"Your decision: {choice_label(scenario, decision)}"
        note = "" if first else "Nothing moved at once."
        result.insert(0, Section("decision", title, decision.turn, tuple(first), note))
    elif first:
        result.insert(0, Section("start", "The term opens", 1, tuple(first)))
    return tuple(result)


@attrs.frozen
class MeterLine:
    """One meter over one quarter: where it started, what moved it, where it is."""

    meter: Meter
    start: float
    end: float
    by_cause: tuple[tuple[str, float], ...]  # (cause kind, summed delta), in CAUSES order

    @property
    def delta(self) -> float:
        return self.end - self.start


@attrs.frozen
class Ledger:
    """Everything that moved in one quarter, and why."""

    turn: int
    label: str
    in_progress: bool
    meters: tuple[MeterLine, ...]
    sections: tuple[Section, ...]


def quarters_played(session: Session) -> int:
    """How many quarters have begun (the current one included)."""
    return len(session.state.trace)


def all_sections(session: Session) -> list[tuple[int, Section]]:
    """Every step's sections, each tagged with the step it came from."""
    scenario = session.scenario
    found: list[tuple[int, Section]] = []
    for index, step in enumerate(session.steps):
        for section in sections(scenario, step, decision_of(session, index)):
            found.append((index, section))
    return found


def ledger(session: Session, turn: int) -> Ledger:
    """The "why" ledger of quarter `turn` (1-based), complete or in progress."""
    scenario = session.scenario
    state = session.state
    trace = state.trace
    start = trace[turn - 1]
    done = len(trace) > turn
    end = trace[turn] if done else state.meters
    picked = [
        section
        for _, section in all_sections(session)
        if section.turn == turn and section.kind in ("decision", "quarter_end", "ending", "start")
    ]
    totals: dict[tuple[str, str], float] = {}
    for section in picked:
        for item in section.entries:
            if isinstance(item.change, MeterChange):
                key = (item.change.meter, item.change.cause.kind)
                totals[key] = totals.get(key, 0.0) + item.delta
    lines = []
    for index, meter in enumerate(scenario.meters):
        by_cause = tuple((kind, totals.get((meter.id, kind), 0.0)) for kind, _ in CAUSES)
        lines.append(MeterLine(meter, start[index], end[index], by_cause))
    in_progress = not done and not state.over
    return Ledger(turn, scenario.turn_label(turn), in_progress, tuple(lines), tuple(picked))


@attrs.frozen
class Impact:
    """How much one decision moved the meters, at once and later."""

    index: int  # 1-based decision number
    decision: Decision
    title: str
    choice: str
    moves: tuple[tuple[Meter, float], ...]  # meters it moved, in scenario order
    score: float  # moves summed, each as a share of its meter's range


def impacts(session: Session) -> list[Impact]:
    """Each decision with what it moved: at once (choice, chance) and later (delayed effects)."""
    scenario = session.scenario
    decisions = session.state.decisions
    moved: list[dict[str, float]] = [{} for _ in decisions]
    for index, step in enumerate(session.steps):
        changes = step.changes
        for position, change in enumerate(changes):
            if not isinstance(change, MeterChange):
                continue
            owner: int | None = None
            if change.cause.kind in ("choice", "chance") and index > 0:
                owner = index - 1
            elif change.cause.kind == "delayed":
                landed = next(
                    (c.turn for c in changes[position:] if isinstance(c, TurnEnded)), None
                )
                owner = _delayed_owner(scenario, decisions[:index], change.cause.source, landed)
            if owner is not None:
                moves = moved[owner]
                moves[change.meter] = moves.get(change.meter, 0.0) + change.delta
    result = []
    for number, (decision, moves) in enumerate(zip(decisions, moved, strict=True), start=1):
        meters = tuple((m, moves[m.id]) for m in scenario.meters if moves.get(m.id))
        score = sum(abs(delta) / ((m.max - m.min) or 1.0) for m, delta in meters)
        event = scenario.event_by_id[decision.event]
        label = choice_label(scenario, decision)
        result.append(Impact(number, decision, event.title, label, meters, score))
    return result


def _delayed_owner(
    scenario: Scenario, decisions: Sequence[Decision], source: str, landed: int | None
) -> int | None:
    """The decision whose choice (or chance outcome) scheduled a delayed effect that landed
    at the end of quarter `landed`: the latest one with that source and a matching delay."""
    fallback: int | None = None
    for index in range(len(decisions) - 1, -1, -1):
        decision = decisions[index]
        base = f"{decision.event}.{decision.choice}"
        if source != base and not source.startswith(base + "."):
            continue
        if fallback is None:
            fallback = index
        choice = scenario.event_by_id[decision.event].choice(decision.choice)
        if choice is None or landed is None:
            continue
        delays = [d.after for d in choice.consequence.later]
        delays += [d.after for o in choice.outcomes for d in o.consequence.later]
        if landed - decision.turn in delays:
            return index
    return fallback


def top_impacts(session: Session, count: int = 5) -> list[Impact]:
    """The `count` decisions that moved things most, biggest first (ties: earliest first)."""
    ranked = sorted(impacts(session), key=lambda i: (-i.score, i.index))
    return [i for i in ranked[:count] if i.score > 0]


def history(session: Session) -> list[tuple[Meter, tuple[float, ...]]]:
    """Each meter's value at the start of every quarter played, then its value now."""
    state = session.state
    points = [*state.trace, state.meters]
    scenario = session.scenario
    return [(m, tuple(p[i] for p in points)) for i, m in enumerate(scenario.meters)]
