"""Checks across files: flags, reachability, dead choices and endings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.content.locate import KeyPath
from game.content.problems import suggest
from game.content.schema import ScenarioDoc
from game.content.source import Source
from game.engine.model import Event

if TYPE_CHECKING:
    from game.content.compile import Compiler


def reachable_phases(doc: ScenarioDoc) -> set[str]:
    reached = {doc.start_phase}
    frontier = [doc.start_phase]
    while frontier:
        phase = frontier.pop()
        for transition in doc.transition:
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
    _check_reachability(compiler, doc, events, placed)
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
) -> None:
    declared = {p.id for p in doc.phase}
    if doc.start_phase not in declared:
        return  # already an error; reachability would only add noise
    reached = reachable_phases(doc)
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
    for i, phase in enumerate(doc.phase):
        if phase.id not in reached:
            src.add(
                (*compiler.at("phase", i), "id"),
                f"no transition leads to phase '{phase.id}'",
                "warning",
            )


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
