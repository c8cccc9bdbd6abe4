"""What happened, grouped for every front end.

The engine records every change with its cause; this module only sorts those
records into what a player reads: the sections of one decision's
consequences (a phase change first, a quarter's steady drift apart), a
quarter's "why" ledger (each meter's start, its moves by cause, its end),
and the decisions that moved the term most. Moves are the differences of
the values shown, so that the moves of a meter add up on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import attrs

from game.engine.changes import (
    Cause,
    Change,
    EndingReached,
    MeterChange,
    OutcomeDrawn,
    PhaseChanged,
    TurnBegan,
    TurnEnded,
)
from game.engine.model import GRADES, Meter, Scenario
from game.engine.session import Session
from game.engine.state import Decision, State
from game.engine.step import Step
from game.narrate import amount, delta_unit, describe, shown_delta
from game.safe_text import clean, one_line
from game.sim.objective import heading_for

SectionKind = Literal["phase", "reach", "decision", "quarter_end", "quarter_begin", "ending"]
Tone = Literal["good", "bad", "neutral"]

# The causes a meter can move for, in the order a ledger shows them.
CAUSES: tuple[tuple[str, str], ...] = (
    ("choice", "choices"),
    ("chance", "chance"),
    ("delayed", "delayed"),
    ("rule", "rules"),
    ("transition", "phase"),
)

# What the consequences of a decision show at once, before the quarter ends.
AT_ONCE = ("choice", "chance")


@attrs.frozen
class Entry:
    """One change as a line: its sentence, and for a meter its move as shown
    (the difference of the values shown, so that a meter's moves add up)."""

    change: Change
    text: str
    meter: str | None = None
    delta: float = 0.0
    tone: Tone = "neutral"
    tag: str = ""  # where an end-of-quarter change came from: "rule", "delayed: …"


@attrs.frozen
class Section:
    kind: SectionKind
    title: str
    turn: int
    entries: tuple[Entry, ...] = ()
    note: str = ""  # shown when there are no entries, or under the title
    drift: tuple[Entry, ...] = ()  # the quarter's steady rules: one line on screen, all on why


def grade_rank(grade: str) -> int:
    """0 for the best grade; a grade the engine does not know ranks last."""
    return GRADES.index(grade) if grade in GRADES else len(GRADES)


def tone(meter: Meter, delta: float) -> Tone:
    """Whether a move is good news for the player, by the meter's declared `better`."""
    if delta == 0 or meter.better == "neither":
        return "neutral"
    return "good" if (delta > 0) == (meter.better == "higher") else "bad"


def entry(scenario: Scenario, change: Change, tag: str = "") -> Entry | None:
    text = describe(scenario, change)
    if text is None:
        return None
    if isinstance(change, MeterChange):
        meter = scenario.meter(change.meter)
        moved = shown_delta(meter, change.before, change.after)
        return Entry(change, text, change.meter, moved, tone(meter, change.delta), tag)
    return Entry(change, text, tag=tag)


def decision_of(session: Session, index: int) -> Decision | None:
    """The decision made at step `index` (None for step 0, the opening of the term)."""
    return session.steps[index].state.decisions[-1] if index > 0 else None


def choice_label(scenario: Scenario, decision: Decision) -> str:
    choice = scenario.event_by_id[decision.event].choice(decision.choice)
    return choice.label if choice is not None else decision.choice


def scheduled_by(scenario: Scenario, decisions: Sequence[Decision], cause: Cause) -> str:
    """Which decision a delayed change came from, in words: 'your decision of Q1 2029:
    Say it plainly'; 'an earlier decision' when the engine recorded none."""
    number = cause.decision
    if number is None or not 1 <= number <= len(decisions):
        return "an earlier decision"
    decision = decisions[number - 1]
    when = scenario.turn_label(decision.turn)
    return f"your decision of {when}: {one_line(choice_label(scenario, decision))}"


def tag(scenario: Scenario, decisions: Sequence[Decision], change: Change) -> str:
    """How an end-of-quarter line says where it came from."""
    if not isinstance(change, MeterChange | OutcomeDrawn | PhaseChanged):
        return ""
    cause = change.cause
    if cause.kind == "delayed":
        return f"delayed: {scheduled_by(scenario, decisions, cause)}"
    return {"rule": "rule", "transition": "phase"}.get(cause.kind, "")


def is_drift(steady: frozenset[str], change: Change) -> bool:
    """A meter move by a rule that applies every quarter it holds (no chance): the
    background drift that one summary line stands for on the consequences screen."""
    return (
        isinstance(change, MeterChange)
        and change.cause.kind == "rule"
        and change.cause.source in steady
    )


def steady_rules(scenario: Scenario) -> frozenset[str]:
    return frozenset(rule.id for rule in scenario.rules if rule.chance is None)


def reach(scenario: Scenario, before: State, after: State) -> Section | None:
    """A banner when the grade the term is heading for (the ending that would hold if
    it ended now) changed over a step that did not end it: 'Now heading for: A Dim
    Year (C), not A'."""
    if after.over:
        return None
    was = scenario.ending_by_id[heading_for(scenario, before)]
    now = scenario.ending_by_id[heading_for(scenario, after)]
    if was.grade == now.grade:
        return None
    rose = grade_rank(now.grade) < grade_rank(was.grade)
    words = "Within reach now" if rose else "Now heading for"
    now_is = f"{one_line(now.title)} ({one_line(now.grade)})"
    return Section("reach", f"{words}: {now_is}, not {one_line(was.grade)}", after.turn)


def sections(
    scenario: Scenario, step: Step, decision: Decision | None, before: State | None = None
) -> tuple[Section, ...]:
    """A step's changes cut where a quarter ends or begins; a phase change first of all,
    then (given the state `before` the step) a change of the grade in reach."""
    decisions = step.state.decisions
    steady = steady_rules(scenario)
    result: list[Section] = []
    banners: list[Section] = []
    first: list[Entry] = []  # the decision's own consequences
    pending: list[Entry] = []  # end-of-quarter changes, until TurnEnded says which quarter
    drift: list[Entry] = []
    turn = decision.turn if decision is not None else 1
    for change in step.changes:
        if isinstance(change, TurnEnded):
            label = scenario.turn_label(change.turn)
            note = "" if pending or drift else "Nothing else moved."
            result.append(
                Section(
                    "quarter_end",
                    f"End of {label}",
                    change.turn,
                    tuple(pending),
                    note,
                    tuple(drift),
                )
            )
            pending, drift = [], []
        elif isinstance(change, TurnBegan):
            turn = change.turn
            quiet = f"A quiet {scenario.words.turn}: nothing reached your desk."
            note = "" if change.agenda else quiet
            label = scenario.turn_label(change.turn)
            result.append(Section("quarter_begin", f"{label} begins", change.turn, (), note))
        elif isinstance(change, EndingReached):
            found = entry(scenario, change)
            assert found is not None
            result.append(
                Section("ending", f"The {scenario.words.term} is over", step.state.turn, (found,))
            )
        elif isinstance(change, PhaseChanged):
            found = entry(scenario, change, tag(scenario, decisions, change))
            assert found is not None
            was = one_line(scenario.phase_by_id[change.before].label)
            now = one_line(scenario.phase_by_id[change.after].label)
            banners.append(Section("phase", f"The phase changed: {was} → {now}", turn, (found,)))
        else:
            found = entry(scenario, change, tag(scenario, decisions, change))
            if found is None:
                continue
            at_once = (
                isinstance(change, MeterChange | OutcomeDrawn) and change.cause.kind in AT_ONCE
            )
            if at_once:
                first.append(found)
            elif is_drift(steady, change):
                drift.append(found)
            else:
                pending.append(found)
    if decision is not None:
        title = f"Your decision: {choice_label(scenario, decision)}"
        note = "" if first else "Nothing moved at once."
        result.insert(0, Section("decision", title, decision.turn, tuple(first), note))
    if before is not None and (news := reach(scenario, before, step.state)) is not None:
        banners.append(news)
    return (*banners, *result)


def drift_moves(scenario: Scenario, section: Section) -> list[tuple[Meter, float]]:
    """The net shown move of each meter that the quarter's drift moved, in meter order."""
    totals: dict[str, float] = {}
    for item in section.drift:
        if item.meter is not None:
            totals[item.meter] = totals.get(item.meter, 0.0) + item.delta
    moves = []
    for meter in scenario.meters:
        moved = round(totals.get(meter.id, 0.0), meter.decimals)
        if moved:
            moves.append((meter, moved))
    return moves


def signed_words(meter: Meter, delta: float) -> str:
    """A shown move with its sign and unit, for plain text: '+2', '−0.1 percentage points'."""
    sign = "+" if delta > 0 else "−"
    return f"{sign}{amount(meter, delta)}{clean(delta_unit(meter))}"


def drift_sentence(scenario: Scenario, section: Section) -> str:
    """'Drift: US credibility −2, War risk −3.' — a quarter's steady rules in one line."""
    moves = drift_moves(scenario, section)
    if not moves:
        return "Drift: nothing you would notice."
    parts = [f"{one_line(meter.label)} {signed_words(meter, delta)}" for meter, delta in moves]
    return f"Drift: {', '.join(parts)}."


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
    return len(session.state.quarter_starts)


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
    starts = state.quarter_starts
    start = starts[turn - 1]
    done = len(starts) > turn
    end = starts[turn] if done else state.meters
    picked = [
        section
        for _, section in all_sections(session)
        if section.turn == turn and section.kind in ("phase", "decision", "quarter_end", "ending")
    ]
    totals: dict[tuple[str, str], float] = {}
    for section in picked:
        for item in (*section.entries, *section.drift):
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
    """Each decision with what it moved: at once (choice, chance) and later (delayed effects,
    which the engine credits to the decision that scheduled them)."""
    scenario = session.scenario
    decisions = session.state.decisions
    moved: list[dict[str, float]] = [{} for _ in decisions]
    for index, step in enumerate(session.steps):
        for change in step.changes:
            if not isinstance(change, MeterChange):
                continue
            owner: int | None = None
            if change.cause.kind in AT_ONCE and index > 0:
                owner = index - 1
            elif change.cause.kind == "delayed" and change.cause.decision is not None:
                owner = change.cause.decision - 1
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


def top_impacts(session: Session, count: int = 5) -> list[Impact]:
    """The `count` decisions that moved things most, biggest first (ties: earliest first)."""
    ranked = sorted(impacts(session), key=lambda i: (-i.score, i.index))
    return [i for i in ranked[:count] if i.score > 0]


def history(session: Session) -> list[tuple[Meter, tuple[float, ...]]]:
    """Each meter's value at the start of every quarter played, then its value now."""
    state = session.state
    points = [*state.quarter_starts, state.meters]
    scenario = session.scenario
    return [(m, tuple(p[i] for p in points)) for i, m in enumerate(scenario.meters)]
