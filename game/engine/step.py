"""The transition function: one decision in, the next state and its changes out.

`new_game` opens a term, `step` applies one decision, `options` lists what the
player may choose now. All three are pure: the same scenario, state and choice
always give the same result.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet

import attrs

from game.engine.changes import (
    Cause,
    Change,
    EndingReached,
    EventScheduled,
    FlagChange,
    MeterChange,
    OutcomeDrawn,
    PhaseChanged,
    TurnBegan,
    TurnEnded,
)
from game.engine.model import Choice, Consequence, Effect, Event, Scenario
from game.engine.rng import draw
from game.engine.state import Decision, PendingEffects, PendingEvent, State

# Meter values are rounded to this many places after every change, so that
# float noise (0.30000000000000004) never reaches a screen or a save.
_PLACES = 6


class IllegalMove(Exception):
    """A choice that the current state does not offer."""


@attrs.frozen
class Step:
    state: State
    changes: tuple[Change, ...]


@attrs.frozen
class Option:
    choice: Choice
    available: bool
    reason: str = ""


@attrs.frozen
class Env:
    """What expressions read: numeric names, set flags, the phase."""

    values: Mapping[str, float]
    flags: AbstractSet[str]
    phase: str


def environment(scenario: Scenario, state: State) -> Env:
    """Meters, derived values, `turn` and `turns` as an expression sees them."""
    return _env(scenario, state.meters, state.flags, state.phase, state.turn)


def new_game(scenario: Scenario, seed: int) -> Step:
    state = State(
        seed=seed,
        turn=1,
        phase=scenario.start_phase,
        meters=tuple(float(m.initial) for m in scenario.meters),
        pending_events=tuple(PendingEvent(1, event, "start") for event in scenario.start),
    )
    run = _Run(scenario, state)
    run.begin_turn()
    run.advance()
    return Step(run.freeze(), tuple(run.changes))


def options(scenario: Scenario, state: State) -> tuple[Option, ...]:
    """The current event's choices: available ones, and unavailable ones not hidden."""
    if state.current_event is None:
        return ()
    event = scenario.event_by_id[state.current_event]
    env = environment(scenario, state)
    result = []
    for choice in event.choices:
        if choice.when is None or choice.when.test(env):
            result.append(Option(choice, True))
        elif not choice.hidden:
            result.append(Option(choice, False, choice.unavailable or "Not available now."))
    return tuple(result)


def step(scenario: Scenario, state: State, choice_id: str) -> Step:
    if state.current_event is None:
        raise IllegalMove("the term is over")
    event = scenario.event_by_id[state.current_event]
    choice = event.choice(choice_id)
    if choice is None:
        raise IllegalMove(f"event {event.id!r} has no choice {choice_id!r}")
    run = _Run(scenario, state)
    if choice.when is not None and not choice.when.test(run.env()):
        raise IllegalMove(f"choice {choice_id!r} of event {event.id!r} is not available")
    run.agenda.pop(0)
    source = f"{event.id}.{choice.id}"
    run.apply(choice.consequence, Cause("choice", source, choice.explain))
    outcome = run.draw_outcome(event, choice, source)
    run.decisions.append(Decision(state.turn, event.id, choice.id, outcome))
    ending = run.ending_now()
    if ending is not None:
        run.finish(ending)
    else:
        run.advance()
    return Step(run.freeze(), tuple(run.changes))


def _env(
    scenario: Scenario,
    meters: tuple[float, ...] | list[float],
    flags: AbstractSet[str],
    phase: str,
    turn: int,
) -> Env:
    values: dict[str, float] = {m.id: v for m, v in zip(scenario.meters, meters, strict=True)}
    values["turn"] = float(turn)
    values["turns"] = float(scenario.turns)
    env = Env(values, flags, phase)
    for derived in scenario.derived:
        values[derived.id] = derived.formula.number(env)
    return env


class _Run:
    """A mutable working copy of a state for the length of one step."""

    def __init__(self, scenario: Scenario, state: State) -> None:
        self.scenario = scenario
        self.seed = state.seed
        self.turn = state.turn
        self.phase = state.phase
        self.meters = list(state.meters)
        self.flags = set(state.flags)
        self.agenda = list(state.agenda)
        self.pending_events = list(state.pending_events)
        self.pending_effects = list(state.pending_effects)
        self.last_offered = dict(state.last_offered)
        self.decisions = list(state.decisions)
        self.trace = list(state.trace)
        self.ending = state.ending
        self.changes: list[Change] = []
        self._env: Env | None = None  # cached until meters, flags, phase or turn change

    def freeze(self) -> State:
        return State(
            seed=self.seed,
            turn=self.turn,
            phase=self.phase,
            meters=tuple(self.meters),
            flags=frozenset(self.flags),
            agenda=tuple(self.agenda),
            pending_events=tuple(self.pending_events),
            pending_effects=tuple(self.pending_effects),
            last_offered=tuple(sorted(self.last_offered.items())),
            decisions=tuple(self.decisions),
            trace=tuple(self.trace),
            ending=self.ending,
        )

    def env(self) -> Env:
        if self._env is None:
            self._env = _env(self.scenario, self.meters, self.flags, self.phase, self.turn)
        return self._env

    # ── effects ──────────────────────────────────────────────────────────

    def apply(self, consequence: Consequence, cause: Cause) -> None:
        self.apply_effects(consequence.effects, cause)
        for flag in consequence.set_flags:
            if flag not in self.flags:
                self._env = None
                self.flags.add(flag)
                self.changes.append(FlagChange(flag, True, cause))
        for flag in consequence.clear_flags:
            if flag in self.flags:
                self._env = None
                self.flags.discard(flag)
                self.changes.append(FlagChange(flag, False, cause))
        for follow in consequence.follow:
            due = self.turn + follow.after
            self.pending_events.append(PendingEvent(due, follow.event, cause.source))
            self.changes.append(EventScheduled(follow.event, due, cause))
        for delayed in consequence.later:
            self.pending_effects.append(
                PendingEffects(
                    self.turn + delayed.after, delayed.effects, delayed.explain, cause.source
                )
            )

    def apply_effects(self, effects: tuple[Effect, ...], cause: Cause) -> None:
        # All amounts are computed from the same values, then applied together.
        env = self.env()
        amounts = [(e.meter, e.amount.number(env)) for e in effects]
        for meter_id, amount in amounts:
            if amount == 0:
                continue
            index = self.scenario.meter_index[meter_id]
            meter = self.scenario.meters[index]
            before = self.meters[index]
            wanted = before + amount
            after = round(min(max(wanted, meter.min), meter.max), _PLACES)
            self.meters[index] = after
            self._env = None
            clamped = not meter.min <= wanted <= meter.max
            change = MeterChange(meter_id, before, after, round(amount, _PLACES), cause, clamped)
            self.changes.append(change)

    def draw_outcome(self, event: Event, choice: Choice, source: str) -> str | None:
        if not choice.outcomes:
            return None
        env = self.env()
        roll = draw(self.seed, self.turn, source, "chance")
        threshold = 0.0
        for outcome in choice.outcomes:
            threshold += min(max(outcome.p.number(env), 0.0), 1.0)
            if roll < threshold:
                cause = Cause("chance", f"{source}.{outcome.id}", outcome.text)
                self.changes.append(OutcomeDrawn(outcome.id, outcome.text, cause))
                self.apply(outcome.consequence, cause)
                return outcome.id
        return None

    # ── quarters ─────────────────────────────────────────────────────────

    def advance(self) -> None:
        """Run quarters until there is a decision to make or the term is over."""
        while not self.agenda and self.ending is None:
            self.end_turn()
            if self.ending is None:
                self.begin_turn()

    def begin_turn(self) -> None:
        self.trace.append(tuple(self.meters))
        env = self.env()
        due = [p for p in self.pending_events if p.turn == self.turn]
        self.pending_events = [p for p in self.pending_events if p.turn != self.turn]
        for pending in due:
            event = self.scenario.event_by_id[pending.event]
            if self.eligible(event, env, drawn=False):
                self.offer(event)
        for slot in range(self.scenario.events_per_turn):
            drawn = self.draw_event(env, slot)
            if drawn is None:
                break
            self.offer(drawn)
        self.changes.append(TurnBegan(self.turn, tuple(self.agenda)))

    def draw_event(self, env: Env, slot: int) -> Event | None:
        candidates: list[tuple[Event, float]] = []
        for event in self.scenario.events:
            if self.eligible(event, env, drawn=True):
                weight = event.weight.number(env)
                if weight > 0:
                    candidates.append((event, weight))
        if not candidates:
            return None
        target = draw(self.seed, self.turn, str(slot), "agenda") * sum(w for _, w in candidates)
        for event, weight in candidates:
            target -= weight
            if target < 0:
                return event
        return candidates[-1][0]

    def eligible(self, event: Event, env: Env, *, drawn: bool) -> bool:
        if event.phases:
            if self.phase not in event.phases:
                return False
        elif self.scenario.phase_by_id[self.phase].terminal:
            return False
        if event.id in self.agenda:
            return False
        last = self.last_offered.get(event.id)
        if event.once and last is not None:
            return False
        if drawn:
            if event.followup_only:
                return False
            if last is not None and self.turn - last <= event.cooldown:
                return False
        return event.when is None or event.when.test(env)

    def offer(self, event: Event) -> None:
        self.agenda.append(event.id)
        self.last_offered[event.id] = self.turn

    def end_turn(self) -> None:
        due = [p for p in self.pending_effects if p.turn == self.turn]
        self.pending_effects = [p for p in self.pending_effects if p.turn != self.turn]
        for pending in due:
            self.apply_effects(pending.effects, Cause("delayed", pending.source, pending.explain))
        for rule in self.scenario.rules:
            if rule.when is not None and not rule.when.test(self.env()):
                continue
            if rule.chance is not None:
                p = rule.chance.number(self.env())
                if draw(self.seed, self.turn, rule.id, "rule") >= p:
                    continue
            self.apply(rule.consequence, Cause("rule", rule.id, rule.explain))
        self.transition()
        self.changes.append(TurnEnded(self.turn))

        if self.scenario.phase_by_id[self.phase].terminal or self.turn >= self.scenario.turns:
            self.finish(self.final_ending())
        elif (ending := self.ending_now()) is not None:
            self.finish(ending)
        else:
            self.turn += 1
            self._env = None

    def transition(self) -> None:
        env = self.env()
        for transition in self.scenario.transitions:
            if transition.source == self.phase and transition.when.test(env):
                cause = Cause(
                    "transition", f"{transition.source}->{transition.target}", transition.explain
                )
                self.changes.append(PhaseChanged(self.phase, transition.target, cause))
                self.phase = transition.target
                self._env = None
                return

    def ending_now(self) -> str | None:
        """The first `at = "any"` ending that holds mid-term, if one does."""
        env = self.env()
        for ending in self.scenario.endings:
            if ending.at == "any" and (ending.when is None or ending.when.test(env)):
                return ending.id
        return None

    def final_ending(self) -> str:
        """The first ending of any kind that holds; the last one is the fallback."""
        env = self.env()
        for ending in self.scenario.endings:
            if ending.when is None or ending.when.test(env):
                return ending.id
        return self.scenario.endings[-1].id

    def finish(self, ending: str) -> None:
        self.ending = ending
        self.agenda.clear()
        self.changes.append(EndingReached(ending))
