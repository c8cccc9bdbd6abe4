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
from game.engine.model import Choice, Event, Scenario
from game.engine.plan import PLACES, Planned, PlannedEffect, plan_effects
from game.engine.rng import draw
from game.engine.state import Decision, PendingEffects, PendingEvent, State


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
    open_ids = {choice.id for choice in available(scenario, state)}
    return tuple(
        Option(choice, True)
        if choice.id in open_ids
        else Option(choice, False, choice.unavailable or "Not available now.")
        for choice in event.choices
        if choice.id in open_ids or not choice.hidden
    )


def available(scenario: Scenario, state: State) -> tuple[Choice, ...]:
    """The current event's choices the player may pick now, in order (what a player
    picks from: `options` without the unavailable ones)."""
    if state.current_event is None:
        return ()
    choices = scenario.event_by_id[state.current_event].choices
    for choice in choices:
        if choice.when is not None:
            break
    else:
        return choices  # no conditions: every choice (most events)
    # Derived values are computed only if a condition reads them.
    env = _env(scenario, state.meters, state.flags, state.phase, state.turn, complete=False)
    return tuple(choice for choice in choices if choice.when is None or choice.when.test(env))


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
    run.apply(scenario.plan.consequences[source])
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
    *,
    complete: bool = True,
) -> Env:
    """The environment; `complete=False` leaves derived values to be computed on first read."""
    values = _Values(scenario)
    values.update(zip(scenario.plan.stale, meters, strict=False))
    values["turn"] = float(turn)
    values["turns"] = float(scenario.turns)
    env = Env(values, flags, phase)
    values.env = env
    if complete:
        for derived in scenario.derived:
            values[derived.id]  # computed now, so that the mapping holds every name
    return env


class _Values(dict[str, float]):
    """The numbers an expression reads; a derived value is computed on first read.

    A step keeps one of these and updates it in place: a meter change drops the
    derived values that read the meter (`Plan.stale`), and the next read
    computes them again from the same numbers as before.
    """

    __slots__ = ("env", "formulas")

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.formulas = scenario.plan.formulas
        self.env: Env | None = None

    def __missing__(self, name: str) -> float:
        formula = self.formulas.get(name)
        if formula is None or self.env is None:
            raise KeyError(name)
        value = self[name] = formula.number(self.env)
        return value


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
        self.quarter_starts = list(state.quarter_starts)
        self.ending = state.ending
        self.changes: list[Change] = []
        self.plan = scenario.plan
        # One environment for the whole step, updated in place as meters, flags,
        # the phase and the quarter change (`apply_effects`, `set_phase`, `next_turn`).
        self._env = _env(scenario, self.meters, self.flags, self.phase, self.turn, complete=False)
        assert isinstance(self._env.values, _Values)
        self._values: _Values = self._env.values

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
            quarter_starts=tuple(self.quarter_starts),
            ending=self.ending,
        )

    def env(self) -> Env:
        return self._env

    def set_phase(self, phase: str) -> None:
        self.phase = phase
        self._env = attrs.evolve(self._env, phase=phase)
        self._values.env = self._env

    def next_turn(self) -> None:
        self.turn += 1
        values = self._values
        values["turn"] = float(self.turn)
        for stale in self.plan.stale["turn"]:
            values.pop(stale, None)

    # ── effects ──────────────────────────────────────────────────────────

    def apply(self, planned: Planned) -> None:
        cause = planned.cause
        self.apply_effects(planned.effects, cause)
        if planned.only_effects:
            return
        for flag in planned.set_flags:
            if flag not in self.flags:
                self.flags.add(flag)
                self.changes.append(FlagChange(flag, True, cause))
        for flag in planned.clear_flags:
            if flag in self.flags:
                self.flags.discard(flag)
                self.changes.append(FlagChange(flag, False, cause))
        for follow in planned.follow:
            due = self.turn + follow.after
            self.pending_events.append(PendingEvent(due, follow.event, cause.source))
            self.changes.append(EventScheduled(follow.event, due, cause))
        # A choice's or outcome's effects apply before its decision is recorded,
        # so the decision that schedules them is the next one.
        by = len(self.decisions) + 1 if cause.kind in ("choice", "chance") else None
        for delayed in planned.later:
            self.pending_effects.append(
                PendingEffects(
                    self.turn + delayed.after, delayed.effects, delayed.explain, cause.source, by
                )
            )

    def apply_effects(self, effects: tuple[PlannedEffect, ...], cause: Cause) -> None:
        # All amounts are computed from the same values, then applied together.
        env = self._env
        amounts = []
        for _, _, _, _, _, amount_of, amount, _ in effects:  # a loop: most have one effect
            amounts.append(amount if amount_of is None else amount_of(env))
        meters, values, changes = self.meters, self._values, self.changes
        for (meter, index, low, high, stale, amount_of, _, requested), amount in zip(
            effects, amounts, strict=True
        ):
            if amount == 0:
                continue
            before = meters[index]
            wanted = before + amount
            clamped = not low <= wanted <= high
            after = round((low if wanted < low else high) if clamped else wanted, PLACES)
            meters[index] = values[meter] = after
            for name in stale:
                values.pop(name, None)
            if amount_of is not None:
                requested = round(amount, PLACES)
            changes.append(MeterChange(meter, before, after, requested, cause, clamped))

    def draw_outcome(self, event: Event, choice: Choice, source: str) -> str | None:
        if not choice.outcomes:
            return None
        env = self.env()
        roll = draw(self.seed, self.turn, source, "chance")
        threshold = 0.0
        for outcome in choice.outcomes:
            threshold += min(max(outcome.p.number(env), 0.0), 1.0)
            if roll < threshold:
                planned = self.plan.consequences[f"{source}.{outcome.id}"]
                self.changes.append(OutcomeDrawn(outcome.id, outcome.text, planned.cause))
                self.apply(planned)
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
        self.quarter_starts.append(tuple(self.meters))
        env = self.env()
        due = [p for p in self.pending_events if p.turn == self.turn]
        if due:
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
        # `eligible(event, env, drawn=True)` for each event, written out: this
        # loop is where a simulated term spends most of its time. The plan has
        # already kept only the phase's events that are not follow-up only.
        candidates: list[tuple[Event, float]] = []
        total = 0.0  # the weights summed left to right (sum() compensates since Python 3.12)
        agenda, last_offered, turn = self.agenda, self.last_offered, self.turn
        for event, event_id, once, cooldown, when, weight_of, weight in self.plan.drawable[
            self.phase
        ]:
            # Every event on the agenda was offered this quarter, so is in `last_offered`.
            if event_id in last_offered and (
                once or turn - last_offered[event_id] <= cooldown or event_id in agenda
            ):
                continue
            if when is not None and not when(env):
                continue
            if weight_of is not None:
                weight = weight_of(env)
            if weight > 0:
                candidates.append((event, weight))
                total += weight
        if not candidates:
            return None
        target = draw(self.seed, self.turn, str(slot), "agenda") * total
        for event, weight in candidates:
            target -= weight
            if target < 0:
                return event
        return candidates[-1][0]

    def eligible(self, event: Event, env: Env, *, drawn: bool) -> bool:
        """May `event` go on this quarter's agenda (`drawn`: by the draw, not as a follow-up)?"""
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
        if due:
            self.pending_effects = [p for p in self.pending_effects if p.turn != self.turn]
        for pending in due:
            cause = Cause("delayed", pending.source, pending.explain, pending.decision)
            effects = plan_effects(pending.effects, self.plan.meter_at, self.plan.stale)
            self.apply_effects(effects, cause)
        env = self.env()  # updated in place by the rules' effects; no rule changes the phase
        for rule, when, chance, planned in self.plan.rules:
            if when is not None and not when(env):
                continue
            if chance is not None and draw(self.seed, self.turn, rule.id, "rule") >= chance(env):
                continue
            self.apply(planned)
        self.transition()
        self.changes.append(TurnEnded(self.turn))

        if self.scenario.phase_by_id[self.phase].terminal or self.turn >= self.scenario.turns:
            self.finish(self.final_ending())
        elif (ending := self.ending_now()) is not None:
            self.finish(ending)
        else:
            self.next_turn()

    def transition(self) -> None:
        env = self.env()
        for transition, cause in self.plan.transitions_from[self.phase]:
            if transition.when.test(env):
                self.changes.append(PhaseChanged(self.phase, transition.target, cause))
                self.set_phase(transition.target)
                return

    def ending_now(self) -> str | None:
        """The first `at = "any"` ending that holds mid-term, if one does."""
        env = self.env()
        for ending in self.plan.early_endings:
            if ending.when is None or ending.when.test(env):
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
