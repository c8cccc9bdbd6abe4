"""What if? Every decision of a recorded term, re-opened along each road not taken.

For decision k of a session, every choice available then (the one taken
included) is played on from the state just before it, `runs` times, to the end
of the term by a strategy. Continuation j of decision k plays in a world of
its own: the state's seed is replaced by one derived from (seed, k, j), and
the strategy's RNG is seeded from the same coordinates. Every alternative of
one decision meets those same worlds (common random numbers), so the
difference between two alternatives is estimated from run-by-run differences,
and it is the choices' difference, not the dice's. Results depend on
(session, content, strategy, runs, seed) only, never on how many processes
computed them.

A continuation assumes that the rest of the term is played by the strategy,
not by the player: the report says so ("played on by STRATEGY").

A difference counts as a finding only when its 95 % interval excludes zero.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence
from statistics import fmean

import attrs

from game.content.balance import Balance
from game.content.load import Content
from game.engine.changes import FlagChange, PhaseChanged
from game.engine.model import Scenario
from game.engine.session import Session
from game.engine.step import options, step
from game.sim.metrics import Estimate, mean_interval
from game.sim.objective import grade_order, grade_points
from game.sim.runner import in_workers
from game.sim.stats import wilson
from game.sim.strategies import resolve
from game.sim.term import play_on

Progress = Callable[[int, int], None]  # (continuations done, continuations in all)

# `random` plays a 16-decision term's 200 continuations per alternative in well
# under 10 s on two cores; `expert` (8 rollouts a decision) would take minutes.
DEFAULT_STRATEGY = "random"
DEFAULT_RUNS = 200
DEFAULT_SEED = 1
MAX_RUNS = 10_000  # continuations per alternative; every outcome is kept until the end
_CHUNK = 50  # continuations per task at most

Outcome = tuple[str | None, bool]  # (ending, war) of one continuation


def continuation_seeds(seed: int, decision: int, run: int) -> tuple[int, int]:
    """(engine seed, strategy seed) of continuation `run` of decision `decision`."""
    text = f"article-five-whatif\x1f{seed}\x1f{decision}\x1f{run}"
    digest = hashlib.sha256(text.encode()).digest()
    return int.from_bytes(digest[:7], "big"), int.from_bytes(digest[8:16], "big")


@attrs.frozen
class Alternative:
    choice: str
    taken: bool
    runs: int
    mean_grade: Estimate  # grade points, the best grade = len(grades) - 1, stuck terms 0
    grades: dict[str, Estimate]  # grade -> share of continuations
    endings: dict[str, Estimate]  # ending id -> share (endings no continuation reached left out)
    war: Estimate | None  # share with the content's war marker; None when undeclared
    delta_grade: Estimate  # this alternative's mean grade − the choice taken's, paired
    delta_war: Estimate | None

    @property
    def finding(self) -> bool:
        """The grade difference from the choice taken is larger than its interval."""
        return significant(self.delta_grade)


@attrs.frozen
class DecisionWhatIf:
    index: int  # 0-based, in the session's order
    turn: int
    event: str
    chosen: str
    alternatives: tuple[Alternative, ...]  # in the event's order
    effect: Estimate | None  # the choice taken − the others on average; None if it was the only

    def alternative(self, choice: str) -> Alternative | None:
        return next((a for a in self.alternatives if a.choice == choice), None)


@attrs.frozen
class WhatIf:
    content_id: str
    fingerprint: str
    strategy: str
    runs: int
    seed: int
    grades: tuple[str, ...]  # best first
    war_marker: str  # "" when the content declares none
    decisions: tuple[DecisionWhatIf, ...]

    @property
    def better(self) -> tuple[DecisionWhatIf, ...]:
        """Turning points for the better: the choice taken clearly raised the expected grade."""
        found = [d for d in self.decisions if d.effect is not None and d.effect.low > 0]
        return tuple(sorted(found, key=lambda d: (-_value(d), d.index)))

    @property
    def worse(self) -> tuple[DecisionWhatIf, ...]:
        """Turning points for the worse: the choice taken clearly lowered it."""
        found = [d for d in self.decisions if d.effect is not None and d.effect.high < 0]
        return tuple(sorted(found, key=lambda d: (_value(d), d.index)))


def _value(decision: DecisionWhatIf) -> float:
    return decision.effect.value if decision.effect is not None else 0.0


def significant(estimate: Estimate) -> bool:
    """The interval excludes zero: a difference that is not noise at 95 %."""
    return estimate.low > 0 or estimate.high < 0


@attrs.frozen
class _Opening:
    """Decision k as a continuation needs it: what had happened before it."""

    index: int
    choices: tuple[str, ...]  # available then, in the event's order
    phases: frozenset[str]
    war: bool


def openings(session: Session, war: str) -> list[_Opening]:
    """Every recorded decision, with the choices available then and the term's past."""
    scenario = session.scenario
    kind, _, marker = war.partition(".")
    phases = {scenario.start_phase}
    at_war = False
    result = []
    for index, done in enumerate(session.steps[:-1]):
        for change in done.changes:
            if isinstance(change, PhaseChanged):
                phases.add(change.after)
            elif isinstance(change, FlagChange) and kind == "flag":
                at_war = at_war or (change.flag == marker and change.value)
        state = done.state
        phases.add(state.phase)
        available = tuple(o.choice.id for o in options(scenario, state) if o.available)
        result.append(
            _Opening(
                index,
                available,
                frozenset(phases),
                at_war or (kind == "phase" and marker in phases),
            )
        )
    return result


# A task: (seed and choices of the session, strategy, run seed, decision, choice, first, stop)
_Task = tuple[int, tuple[str, ...], str, int, int, str, int, int]

_SESSIONS: dict[tuple[int, tuple[str, ...]], tuple[Session, list[_Opening]]] = {}


def _continuations(scenario: Scenario, balance: Balance, task: _Task) -> list[Outcome]:
    """Continuations `first` .. `stop - 1` of one alternative of one decision."""
    session_seed, choices, strategy, seed, index, choice, first, stop = task
    key = (session_seed, choices)
    known = _SESSIONS.get(key)
    if known is None or known[0].scenario is not scenario:  # replayed once, not once a task
        _SESSIONS.clear()
        session = Session.replay(scenario, session_seed, choices)
        known = _SESSIONS[key] = (session, openings(session, balance.war))
    session, opened = known
    before, opening = session.steps[index].state, opened[index]
    play = resolve(strategy, scenario, balance)
    result: list[Outcome] = []
    for run in range(first, stop):
        engine_seed, strategy_seed = continuation_seeds(seed, index, run)
        first_step = step(scenario, attrs.evolve(before, seed=engine_seed), choice)
        record = play_on(
            scenario,
            first_step,
            play,
            random.Random(strategy_seed),
            balance.war,
            opening.phases,
            opening.war,
        )
        result.append((record.ending, record.war))
    return result


def what_if(
    content: Content,
    session: Session,
    *,
    runs: int = DEFAULT_RUNS,
    strategy: str = DEFAULT_STRATEGY,
    seed: int = DEFAULT_SEED,
    jobs: int = 1,
    progress: Progress | None = None,
) -> WhatIf:
    """The counterfactuals of every decision of `session` (see the module's docstring).

    `progress` is called after each batch of continuations; an exception it
    raises (a cancelled run) stops the workers and propagates.
    """
    scenario = content.scenario
    if scenario is None:
        raise ValueError("content has errors; nothing to play on")
    if not 0 < runs <= MAX_RUNS or jobs <= 0:
        raise ValueError("runs and jobs must be positive")
    resolve(strategy, scenario, content.balance)  # fail here, not in a worker
    war = content.balance.war
    opened = openings(session, war)
    choices = tuple(d.choice for d in session.state.decisions)
    size = max(1, min(_CHUNK, -(-runs // 4)))
    tasks: list[_Task] = [
        (session.seed, choices, strategy, seed, o.index, choice, first, min(first + size, runs))
        for o in opened
        for choice in o.choices
        for first in range(0, runs, size)
    ]
    total = runs * sum(len(o.choices) for o in opened)
    outcomes: dict[tuple[int, str], list[Outcome]] = {}
    done = 0
    for task, part in zip(tasks, in_workers(content, _continuations, tasks, jobs), strict=False):
        outcomes.setdefault((task[4], task[5]), []).extend(part)
        done += len(part)
        if progress is not None:
            progress(done, total)
    decisions = tuple(_decision(scenario, war, session, o, outcomes, runs) for o in opened)
    return WhatIf(
        scenario.id,
        content.fingerprint,
        strategy,
        runs,
        seed,
        grade_order(scenario),
        war,
        decisions,
    )


def _decision(
    scenario: Scenario,
    war: str,
    session: Session,
    opening: _Opening,
    outcomes: dict[tuple[int, str], list[Outcome]],
    runs: int,
) -> DecisionWhatIf:
    taken = session.state.decisions[opening.index]
    points = grade_points(scenario)

    def grade_of(ending: str | None) -> float:
        return points[scenario.ending_by_id[ending].grade] if ending is not None else 0.0

    scores = {c: [grade_of(e) for e, _ in outcomes[(opening.index, c)]] for c in opening.choices}
    wars = {c: [float(w) for _, w in outcomes[(opening.index, c)]] for c in opening.choices}
    chosen = scores[taken.choice]
    alternatives = []
    for choice in opening.choices:
        ran = outcomes[(opening.index, choice)]
        endings: dict[str, int] = {}
        grades = dict.fromkeys(grade_order(scenario), 0)
        for ending, _ in ran:
            if ending is not None:
                endings[ending] = endings.get(ending, 0) + 1
                grades[scenario.ending_by_id[ending].grade] += 1
        alternatives.append(
            Alternative(
                choice=choice,
                taken=choice == taken.choice,
                runs=len(ran),
                mean_grade=mean_interval(scores[choice]),
                grades={g: share(n, len(ran)) for g, n in grades.items()},
                endings={
                    e.id: share(endings[e.id], len(ran))
                    for e in scenario.endings
                    if e.id in endings
                },
                war=share(round(sum(wars[choice])), len(ran)) if war else None,
                delta_grade=paired(scores[choice], chosen),
                delta_war=paired(wars[choice], wars[taken.choice]) if war else None,
            )
        )
    others = [c for c in opening.choices if c != taken.choice]
    effect = None
    if others:
        mean_others = [fmean(scores[c][j] for c in others) for j in range(runs)]
        effect = paired(chosen, mean_others)
    return DecisionWhatIf(
        opening.index, taken.turn, taken.event, taken.choice, tuple(alternatives), effect
    )


def share(count: int, runs: int) -> Estimate:
    low, high = wilson(count, runs)
    return Estimate(count / runs if runs else 0.0, low, high)


def paired(values: Sequence[float], against: Sequence[float]) -> Estimate:
    """Mean of the run-by-run differences (common random numbers), with its interval."""
    return mean_interval([a - b for a, b in zip(values, against, strict=True)])
