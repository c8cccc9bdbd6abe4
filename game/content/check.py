"""Checks across files: flags, reachability, dead choices and endings."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from game.content.intervals import Ranges, Truth, Value, analyse, ranges_of
from game.content.locate import KeyPath
from game.content.problems import suggest
from game.content.schema import ScenarioDoc
from game.content.source import Source
from game.engine.expr import FUNCTIONS
from game.engine.model import Event

if TYPE_CHECKING:
    from game.content.compile import Compiler


def reachable_phases(doc: ScenarioDoc, ranges: Ranges | None = None) -> set[str]:
    """Phases some path of transitions enters (given `ranges`: of transitions that can happen)."""
    live = [
        t
        for t in doc.transition
        if ranges is None or _can_be_true(analyse(t.when, ranges)) is not False
    ]
    reached = {doc.start_phase}
    frontier = [doc.start_phase]
    while frontier:
        phase = frontier.pop()
        for transition in live:
            if transition.source == phase and transition.to not in reached:
                reached.add(transition.to)
                frontier.append(transition.to)
    return reached


def cross_check(
    compiler: Compiler,
    doc: ScenarioDoc,
    events: list[Event],
    placed: dict[str, tuple[Source, KeyPath]],
) -> None:
    _check_flags(compiler)
    ranges = _ranges(doc)
    _check_reachability(compiler, doc, events, placed, ranges)
    _check_meaning(compiler, doc, events, placed, ranges)
    _check_choices(events, placed)
    _check_endings(compiler, doc)


def _check_flags(compiler: Compiler) -> None:
    set_flags = {f.flag for f in compiler.flags_set}
    read_flags: set[str] = set()
    for use in compiler.exprs:
        read_flags |= use.expr.flags
        for flag in sorted(use.expr.flags - set_flags):
            if compiler.shadow.mentions(flag):
                continue  # perhaps set by a table left out for an error of its own
            use.source.add(
                use.path,
                f"flag '{flag}' is read but nothing sets it{suggest(flag, set_flags)}",
                fragment=f"flag.{flag}",
            )
    warned: set[str] = set()
    for flag_set in compiler.flags_set:
        if (
            flag_set.flag not in read_flags
            and flag_set.flag not in warned
            and not compiler.shadow.mentions(flag_set.flag)
        ):
            warned.add(flag_set.flag)
            flag_set.source.add(
                flag_set.path,
                f"flag '{flag_set.flag}' is set but no condition reads it",
                "warning",
                fragment=flag_set.flag,
            )


def _check_reachability(
    compiler: Compiler,
    doc: ScenarioDoc,
    events: list[Event],
    placed: dict[str, tuple[Source, KeyPath]],
    ranges: Ranges,
) -> None:
    declared = {p.id for p in doc.phase}
    if doc.start_phase not in declared:
        return  # already an error; reachability would only add noise
    reached = set(ranges.phases_entered)
    open_phases = {p.id for p in doc.phase if not p.terminal}
    scheduled = {ref.event for ref in compiler.event_refs}
    for event in events:
        source, path = placed[event.id]
        phases = set(event.phases) if event.phases else open_phases
        if not phases <= declared:
            continue  # an unknown phase is already an error
        if not phases & reached & open_phases:
            source.add(
                path,
                f"event '{event.id}' can never be offered: no transition reaches its phases "
                f"({', '.join(sorted(phases))})",
                "warning",
            )
        elif event.followup_only and event.id not in scheduled:
            source.add(
                path,
                f"event '{event.id}' is followup_only, but no choice or `start` schedules it",
                "warning",
            )
    src = compiler.scenario_source
    targets = {t.to for t in doc.transition}  # a dead one is reported where it stands
    for i, phase in enumerate(doc.phase):
        if phase.id not in reached and phase.id not in targets:
            message = f"no transition leads to phase '{phase.id}'"
            src.add((*compiler.at("phase", i), "id"), message, "warning")


def _check_choices(events: list[Event], placed: dict[str, tuple[Source, KeyPath]]) -> None:
    for event in events:
        source, path = placed[event.id]
        event_path = path[:-1]
        for i, choice in enumerate(event.choices):
            if choice.consequence.is_empty and not choice.outcomes:
                source.add(
                    (*event_path, "choice", i, "id"),
                    f"choice '{choice.id}' has no effect at all",
                    "warning",
                )
        if event.choices and all(c.when is not None for c in event.choices):
            source.add(
                (*event_path, "choice", 0),
                f"every choice of '{event.id}' has a condition: the player may have none to pick",
                "warning",
            )


def _check_endings(compiler: Compiler, doc: ScenarioDoc) -> None:
    src = compiler.scenario_source
    for i, ending in enumerate(doc.ending[:-1]):
        if ending.when is None:
            for j in range(i + 1, len(doc.ending)):
                src.add(
                    (*compiler.at("ending", j), "id"),
                    f"ending '{doc.ending[j].id}' can never be reached: "
                    f"'{ending.id}' before it has no condition",
                    "warning",
                )
            return


# ── meaning: what conditions can be, given the meters' bounds (intervals.py) ──


def _ranges(doc: ScenarioDoc) -> Ranges:
    meters = {m.id: (m.min, m.max) for m in doc.meter}
    derived = [(d.id, d.formula) for d in doc.derived]
    every_phase = frozenset(p.id for p in doc.phase)
    if doc.start_phase not in every_phase:
        return ranges_of(meters, derived, doc.turns, every_phase)
    # The least fixed point: a phase is entered if a transition that can happen, given the
    # phases entered so far (`phase.x` reads them), leads there.
    entered = frozenset({doc.start_phase})
    while True:
        ranges = ranges_of(meters, derived, doc.turns, entered)
        grown = frozenset(reachable_phases(doc, ranges))
        if grown == entered:
            return ranges
        entered = grown


def _can_be_true(value: Value | None) -> bool | None:
    """False: never true; True: always true; None: either, or unknown."""
    if not isinstance(value, Truth):
        return None
    if not value.can_be_true:
        return False
    return True if not value.can_be_false else None


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_WORDS = frozenset({"and", "or", "not", "true", "false", *FUNCTIONS})


def _reason(text: str, ranges: Ranges) -> str:
    """What the names `text` reads can be: the why of "never" or "always"."""
    parts = []
    for name in dict.fromkeys(_NAME.findall(text)):
        if name in _WORDS:
            continue
        if name.startswith("phase.") and name[6:] not in ranges.phases_entered:
            parts.append(f"phase '{name[6:]}' is never entered")
        elif name in ranges.numbers:
            span = ranges.numbers[name]
            if math.isfinite(span.lo) and math.isfinite(span.hi):
                shown = f"{span.lo:g}" if span.lo == span.hi else f"{span.lo:g} to {span.hi:g}"
                parts.append(f"{name} is {shown}")
    return f" ({'; '.join(parts)})" if parts else ""


def _condition(source: Source, path: KeyPath, text: str | None, ranges: Ranges, dead: str) -> bool:
    """Warn at a condition that is never or always true; True if it is never true."""
    if text is None or not any(n not in _WORDS for n in _NAME.findall(text)):
        return False  # no condition, or a deliberate `true`/`false`
    verdict = _can_be_true(analyse(text, ranges))
    if verdict is None:
        return False
    reason = _reason(text, ranges)
    if verdict is False:
        message = f"`{text}` is never true{reason}: {dead}"
    else:
        message = f"`{text}` is always true{reason}: the condition does nothing"
    source.add(path, message, "warning", fragment=text)
    return verdict is False


def _check_meaning(
    compiler: Compiler,
    doc: ScenarioDoc,
    events: list[Event],
    placed: dict[str, tuple[Source, KeyPath]],
    ranges: Ranges,
) -> None:
    src = compiler.scenario_source
    for event in events:
        source, id_path = placed[event.id]
        path = id_path[:-1]
        when = event.when.text if event.when else None
        dead = f"event '{event.id}' can never be offered"
        _condition(source, (*path, "when"), when, ranges, dead)
        for j, choice in enumerate(event.choices):
            text = choice.when.text if choice.when else None
            dead = f"choice '{choice.id}' can never be picked"
            _condition(source, (*path, "choice", j, "when"), text, ranges, dead)
    for i, ending in enumerate(doc.ending):
        dead = f"ending '{ending.id}' can never be reached"
        _condition(src, (*compiler.at("ending", i), "when"), ending.when, ranges, dead)
    for i, transition in enumerate(doc.transition):
        dead = f"the move from '{transition.source}' to '{transition.to}' never happens"
        _condition(src, (*compiler.at("transition", i), "when"), transition.when, ranges, dead)
    for i, rule in enumerate(doc.rule):
        dead = f"rule '{rule.id}' never runs"
        _condition(src, (*compiler.at("rule", i), "when"), rule.when, ranges, dead)
