"""A recorded session in words (`replay FILE`) or as JSON (`replay FILE --json`).

Every consequence is told by `game.narrate.describe`, the same sentence the
game shows, with its cause. Nothing here computes a game rule: it reads the
re-derived steps of a session.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from game.engine.changes import (
    Change,
    EndingReached,
    MeterChange,
    OutcomeDrawn,
    PhaseChanged,
    TurnBegan,
    TurnEnded,
)
from game.engine.model import Scenario
from game.engine.session import Session
from game.engine.state import state_digest
from game.narrate import describe
from game.safe_text import clean
from game.saves.format import SaveRecord, show_path
from game.words import counted

_DECISION_CAUSES = {"choice", "chance"}


def transcript_lines(
    session: Session, record: SaveRecord, path: Path, fingerprint_matches: bool
) -> Iterator[str]:
    """The session as readable text, one line at a time, safe for a terminal."""
    for line in _lines(session, record, path, fingerprint_matches):
        yield clean(line)


def _lines(
    session: Session, record: SaveRecord, path: Path, fingerprint_matches: bool
) -> Iterator[str]:
    scenario = session.scenario
    yield f"{scenario.title}: a recorded {scenario.words.term}"
    yield f"  file     {show_path(path)}"
    if record.label:
        yield f"  label    {record.label}"
    yield f"  saved    {record.saved_at}"
    note = (
        "matches"
        if fingerprint_matches
        else "differs from the recording; every state still matches"
    )
    yield f"  content  {scenario.id} (fingerprint {note})"
    yield f"  seed     {session.seed}"
    phase = scenario.start_phase
    later: list[str] = []
    ending: str | None = None
    for index, step in enumerate(session.steps):
        if index:
            decision = step.state.decisions[index - 1]
            event = scenario.event_by_id[decision.event]
            choice = event.choice(decision.choice)
            yield f"  {index}. {event.title}"
            yield f"     You chose: {choice.label if choice else decision.choice}"
        for change in step.changes:
            if isinstance(change, PhaseChanged):
                phase = change.after
            if isinstance(change, EndingReached):
                ending = change.ending
                continue
            if isinstance(change, TurnEnded):
                if later:
                    yield f"  End of {scenario.turn_label(change.turn)}"
                    yield from later
                    later = []
                continue
            if isinstance(change, TurnBegan):
                yield ""
                yield f"{scenario.turn_label(change.turn)} · {scenario.phase_by_id[phase].label}"
                continue
            text = describe(scenario, change)
            if text is None:
                continue
            if index and _from_decision(change):
                yield f"       {text}"
            else:
                later.append(f"       {text}")
    if later:
        yield "  Then"
        yield from later
    yield ""
    state = session.state
    meters = " · ".join(
        f"{m.label} {m.format(v)}" for m, v in zip(scenario.meters, state.meters, strict=True)
    )
    decisions = len(session.steps) - 1
    made = counted(decisions, "decision")
    if ending is not None or state.ending is not None:
        end = scenario.ending_by_id[state.ending or ending or ""]
        yield f"The {scenario.words.term} is over after {made}: {end.title} (grade {end.grade})."
    else:
        where = f"{scenario.turn_label(state.turn)} ({scenario.phase_by_id[state.phase].label})"
        yield f"The recording stops after {made}, in {where}."
    yield f"Meters: {meters}"


def _from_decision(change: Change) -> bool:
    if isinstance(change, OutcomeDrawn):
        return True
    if isinstance(change, MeterChange):
        return change.cause.kind in _DECISION_CAUSES
    cause = getattr(change, "cause", None)
    return cause is not None and cause.kind in _DECISION_CAUSES


def transcript_json(
    session: Session, record: SaveRecord, path: Path, fingerprint_matches: bool
) -> dict[str, Any]:
    """The session for machines: every decision with its changes, their causes and sentences."""
    scenario = session.scenario
    decisions = []
    for index, step in enumerate(session.steps[1:], start=1):
        decision = step.state.decisions[index - 1]
        event = scenario.event_by_id[decision.event]
        choice = event.choice(decision.choice)
        decisions.append(
            {
                "index": index,
                "turn": decision.turn,
                "turn_label": scenario.turn_label(decision.turn),
                "event": decision.event,
                "event_title": event.title,
                "choice": decision.choice,
                "choice_label": choice.label if choice else decision.choice,
                "outcome": decision.outcome,
                "digest": state_digest(step.state),
                "changes": [_change_json(scenario, c) for c in step.changes],
            }
        )
    state = session.state
    ending = scenario.ending_by_id.get(state.ending) if state.ending else None
    return {
        "file": str(path),
        "format_version": record.version,
        "content": {
            "id": scenario.id,
            "fingerprint": record.fingerprint,
            "fingerprint_matches": fingerprint_matches,
        },
        "seed": session.seed,
        "label": record.label,
        "created_at": record.created_at,
        "saved_at": record.saved_at,
        "opening": {
            "digest": state_digest(session.steps[0].state),
            "changes": [_change_json(scenario, c) for c in session.steps[0].changes],
        },
        "decisions": decisions,
        "final": {
            "turn": state.turn,
            "turn_label": scenario.turn_label(state.turn),
            "phase": state.phase,
            "meters": {m.id: v for m, v in zip(scenario.meters, state.meters, strict=True)},
            "flags": sorted(state.flags),
            "over": state.over,
        },
        "ending": None
        if ending is None
        else {"id": ending.id, "title": ending.title, "grade": ending.grade},
    }


def _change_json(scenario: Scenario, change: Change) -> dict[str, Any]:
    data: dict[str, Any] = {"type": type(change).__name__}
    data.update(attrs.asdict(change))
    data["text"] = describe(scenario, change)
    return data
