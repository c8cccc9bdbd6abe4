"""Engine values as plain lines of text: no escape sequences, no box drawing, no colour.

Every function here is pure: it reads the scenario and a state (or a step's
changes) and returns lines. Change sentences come from `game.narrate`, so
plain mode explains a change exactly as the Textual game does.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from game.engine.changes import Cause, MeterChange, OutcomeDrawn, TurnBegan
from game.engine.model import Scenario
from game.engine.session import Session
from game.engine.state import Decision, State
from game.engine.step import Option, Step, environment, options
from game.narrate import cause_label, describe, grouped, meter_sentence, together
from game.plain.text import WIDTH, one_line, paragraphs
from game.report.ledger import Entry, drift_sentence, scheduled_by, sections
from game.words import counted, counted_in

END_OF_QUARTER = frozenset({"rule", "delayed", "transition"})


def help_lines(scenario: Scenario) -> list[str]:
    """The commands, in the content's words, with a meter of this content as the example."""
    term = scenario.words.term
    example = (scenario.headline_meters or scenario.meters)[0].label.lower()
    return [
        "Type the number of a choice to make it. Commands:",
        "  why         what your last decision changed, and why",
        f"  why METER   the changes to one meter this {term} "
        f"(for example: why {one_line(example)})",
        "  briefing    the facts behind the current event, with sources",
        "  meters      every meter, with what it means",
        f"  save NAME   keep this {term} under NAME",
        f"  load NAME   go back to a saved {term}",
        f"  continue    resume the {term} that was saved automatically",
        "  undo        take back your last decision",
        "  help        this list",
        "  quit        save automatically and stop (end of input does the same)",
    ]


def title_lines(scenario: Scenario, seed: int) -> list[str]:
    lines = [one_line(scenario.title)]
    if scenario.subtitle:
        lines.append(one_line(scenario.subtitle))
    if scenario.description:
        lines += ["", *paragraphs(scenario.description)]
    lines += [
        "",
        f"A {scenario.words.term} of {counted_in(scenario.turns, scenario.words)}, seed {seed}. "
        "Choose by number; "
        "type help for the commands.",
    ]
    return lines


def headline(scenario: Scenario, state: State) -> str:
    """'Catch 20, Storm 2.0, Sea wall 60%.' — the headline meters (all meters if none)."""
    meters = scenario.headline_meters or scenario.meters
    return ", ".join(f"{one_line(m.label)} {value(scenario, state, m.id)}" for m in meters) + "."


def value(scenario: Scenario, state: State, meter_id: str) -> str:
    """A meter's current value as the player sees it: '62', '2.4%'."""
    return scenario.meter(meter_id).format(state.meters[scenario.meter_index[meter_id]])


def quarter_lines(scenario: Scenario, state: State) -> list[str]:
    phase = scenario.phase_by_id[state.phase]
    label = scenario.turn_label(state.turn)
    return [
        f"{label}, {scenario.words.turn} {state.turn} of {scenario.turns}. "
        f"Phase: {one_line(phase.label)}.",
        headline(scenario, state),
    ]


def shown_options(scenario: Scenario, state: State) -> tuple[Option, ...]:
    return options(scenario, state)


def event_lines(scenario: Scenario, state: State) -> list[str]:
    """The current event: title, text and numbered choices."""
    if state.current_event is None:
        return []
    event = scenario.event_by_id[state.current_event]
    lines = [one_line(event.title), ""]
    for paragraph in paragraphs(event.text_for(d.event for d in state.decisions)):
        lines += [paragraph, ""]
    if event.briefing:
        lines += ["A briefing is available: type briefing.", ""]
    lines.append("Your choices:")
    for number, option in enumerate(shown_options(scenario, state), start=1):
        label = one_line(option.choice.label)
        if option.available:
            lines.append(f"{number}. {label}")
        else:
            lines.append(f"{number}. {label} (not available: {one_line(option.reason)})")
    return lines


def change_lines(
    scenario: Scenario, step: Step, decision: Decision | None, before: State | None = None
) -> list[str]:
    """What a step did, in the sections the Textual game shows: a phase change first,
    the decision's consequences, then each quarter's end with its drift in one line.

    Every change is the sentence `game.narrate` gives it, the same words the
    Textual game and replay transcripts use.
    """
    lines: list[str] = []
    for section in sections(scenario, step, decision, before):
        if section.kind == "phase":
            for item in section.entries:  # said first, whatever else the step did
                lines += [*wrap(_sentence(f"PHASE CHANGE. {one_line(item.text)}")), ""]
        elif section.kind == "reach":
            lines += [
                *wrap(f"{one_line(section.title)} (if the {scenario.words.term} ended now)."),
                "",
            ]
        elif section.kind == "decision":
            lines += entry_lines(scenario, section.entries)
            if section.note:
                lines.append(section.note)
        elif section.kind == "quarter_end":
            quarter = section.title.removeprefix("End of ")
            lines += ["", f"{quarter} ends."]
            lines += entry_lines(scenario, section.entries)
            if section.drift:
                lines += wrap(drift_sentence(scenario, section) + " Type why for every move.")
            elif section.note:
                lines.append(section.note)
        elif section.kind == "quarter_begin" and section.note:
            lines += ["", f"{one_line(section.title)}. {section.note}"]
    return lines


def entry_lines(scenario: Scenario, entries: Sequence[Entry]) -> list[str]:
    """Entries as sentences: the moves of one cause together, its reason said once, a
    chance outcome's text once, then its moves; an end-of-quarter line with its source."""
    lines: list[str] = []
    told: Cause | None = None  # a chance outcome whose text was just said
    for item in grouped(e.change for e in entries):
        if isinstance(item, tuple):
            if item[0].cause == told:
                parts = [meter_sentence(scenario, change) for change in item]
                text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
            else:
                text = together(scenario, item)
            source = next(e.tag for e in entries if e.change is item[0])
            text = _sentence(one_line(text))
            lines.extend(wrap(f"{text} ({source})" if source else text))
            continue
        told = item.cause if isinstance(item, OutcomeDrawn) else None
        sentence = describe(scenario, item)
        if sentence is not None:
            lines.extend(wrap(_sentence(one_line(sentence))))
    return lines


def wrap(text: str) -> list[str]:
    """A long sentence as lines of at most WIDTH characters, continuation lines indented."""
    return textwrap.wrap(text, width=WIDTH, subsequent_indent="  ", break_on_hyphens=False) or [""]


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", ":", "…", '"', "”", ")")) else text + "."


def decision_lines(scenario: Scenario, session: Session) -> list[str]:
    """`why`: the last decision and everything it changed, each with its cause."""
    if not session.can_undo:
        return ["No decision yet: make a choice, then type why to see what it changed."]
    decision = session.state.decisions[-1]
    event = scenario.event_by_id[decision.event]
    choice = event.choice(decision.choice)
    label = one_line(choice.label) if choice else decision.choice
    lines = [
        f"In {scenario.turn_label(decision.turn)}, on {one_line(event.title)}, you chose: {label}."
    ]
    changes = session.steps[-1].changes
    meter_changes = [c for c in changes if isinstance(c, MeterChange)]
    if not meter_changes:
        lines.append("No meter changed.")
    for change in meter_changes:
        why = one_line(change.cause.explain) or "no reason given"
        source = cause_label(change, scenario)
        if change.cause.kind == "delayed":
            source = scheduled_by(scenario, session.state.decisions, change.cause)
        text = f"{meter_sentence(scenario, change)}, from {source}: {why}"
        lines.append(_sentence(text))
    return lines


def find_meter(scenario: Scenario, name: str) -> str | None:
    """The id of the meter called `name` (by id or label, any case, spaces or underscores)."""
    wanted = _key(name)
    for meter in scenario.meters:
        if wanted in (_key(meter.id), _key(meter.label)):
            return meter.id
    matches = [m.id for m in scenario.meters if wanted and wanted in _key(m.label)]
    return matches[0] if len(matches) == 1 else None


def _key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def meter_history_lines(
    scenario: Scenario, session: Session, meter_id: str, limit: int = 12
) -> list[str]:
    """`why METER`: that meter's last changes this term, with the quarter and cause of each."""
    meter = scenario.meter(meter_id)
    found: list[str] = []
    for before, step in zip(session.steps, session.steps[1:], strict=False):
        turn = before.state.turn
        for change in step.changes:
            if isinstance(change, TurnBegan):
                turn = change.turn
            if isinstance(change, MeterChange) and change.meter == meter_id:
                quarter = scenario.turn_label(turn)
                why = one_line(change.cause.explain) or "no reason given"
                found.append(_sentence(f"{quarter}: {meter_sentence(scenario, change)}: {why}"))
    now = value(scenario, session.state, meter_id)
    lines = [f"{one_line(meter.label)} is {now}: {one_line(meter.description)}".rstrip(": ")]
    if not found:
        return [*lines, f"It has not changed this {scenario.words.term}."]
    if len(found) > limit:
        lines.append(f"Its last {limit} changes of {len(found)}:")
    return lines + found[-limit:]


def meters_lines(scenario: Scenario, state: State) -> list[str]:
    lines = []
    for meter in scenario.meters:
        text = f"{one_line(meter.label)}: {value(scenario, state, meter.id)}"
        if meter.description:
            text += f". {one_line(meter.description)}"
        lines.append(_sentence(text))
    env = environment(scenario, state)
    for derived in scenario.derived:
        label = one_line(derived.label) or derived.id
        text = f"{label}: {env.values[derived.id]:.1f}"
        if derived.description:
            text += f". {one_line(derived.description)}"
        lines.append(_sentence(text))
    phase = scenario.phase_by_id[state.phase]
    text = f"Phase: {one_line(phase.label)}"
    if phase.description:
        text += f". {one_line(phase.description)}"
    return [*lines, _sentence(text)]


def briefing_lines(scenario: Scenario, state: State) -> list[str]:
    if state.current_event is None:
        return ["There is no event on the table."]
    event = scenario.event_by_id[state.current_event]
    if not event.briefing:
        return [f"{one_line(event.title)} has no briefing."]
    lines = [f"Briefing: {one_line(event.title)}", ""]
    for paragraph in paragraphs(event.briefing):
        lines += [paragraph, ""]
    if event.sources:
        lines.append("Sources:")
        lines += [f"- {one_line(source)}" for source in event.sources]
    return lines


def ending_lines(scenario: Scenario, state: State) -> list[str]:
    if state.ending is None:
        return []
    ending = scenario.ending_by_id[state.ending]
    decisions = len(state.decisions)
    lines = [
        f"The {scenario.words.term} is over: {one_line(ending.title)}. "
        f"Grade: {one_line(ending.grade)}.",
        "",
    ]
    for paragraph in paragraphs(ending.epilogue):
        lines += [paragraph, ""]
    when = scenario.turn_label(state.turn)
    summary = f"After {counted(decisions, 'decision')}, in {when}: "
    lines += wrap(summary + headline(scenario, state))
    return lines
