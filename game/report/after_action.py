"""The after-action report: what decided the grade, and how the ending ranks.

Both are questions about other terms. `grade_margin` asks the smallest change
of the meters that would have earned a better grade ("A was 3 more US
credibility away"), by moving meters and asking the endings again, so it works
for any content without reading the expressions. `rank_ending` plays terms
from the same seed with random choices and places this ending among theirs.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Sequence

import attrs

from game.engine.model import Ending, Meter, Scenario, Words
from game.engine.session import Session
from game.engine.state import State
from game.engine.step import environment
from game.narrate import amount, delta_unit, shown_delta
from game.report.ledger import grade_rank, history, signed_words, top_impacts
from game.safe_text import clean, one_line
from game.sim import Tally, play_term, resolve, term_seeds

# Terms simulated to rank an ending: enough for shares to the nearest few per cent.
SIMULATED_TERMS = 200
# The cells of the longest bar in a ranking (a share of 100 %).
RANKING_BAR = 24
# The most meters one better ending may need moved for the report to name them;
# past that, "out of reach of the meters" says more than a list would.
MOST_MOVED = 3


def better(scenario: Scenario, ending: Ending) -> list[Ending]:
    """The scenario's endings that give a better grade than `ending`, best first."""
    mine = grade_rank(ending.grade)
    found = [e for e in scenario.endings if grade_rank(e.grade) < mine]
    return sorted(found, key=lambda e: grade_rank(e.grade))


# ── what decided the grade ───────────────────────────────────────────────


@attrs.frozen
class Miss:
    """A better ending, and the smallest moves of the meters that would have given it
    (empty when no moves of at most MOST_MOVED meters would)."""

    ending: Ending
    moves: tuple[tuple[Meter, float], ...]


def ending_with(scenario: Scenario, state: State, meters: Sequence[float]) -> Ending:
    """The ending the term would have had with these meters (the first that holds)."""
    env = environment(scenario, attrs.evolve(state, meters=tuple(meters)))
    for ending in scenario.endings:
        if ending.when is None or ending.when.test(env):
            return ending
    return scenario.endings[-1]


def inputs(scenario: Scenario, target: Ending) -> list[int]:
    """The indexes of the meters that decide whether the term ends in `target`: those
    read, directly or through a derived value, by its condition and by the conditions
    of the endings before it (any of which would come first)."""
    names: set[str] = set()
    for ending in scenario.endings[: scenario.endings.index(target) + 1]:
        if ending.when is not None:
            names |= ending.when.numbers
    stale = scenario.plan.stale
    return [
        index
        for index, meter in enumerate(scenario.meters)
        if meter.id in names or names & set(stale.get(meter.id, ()))
    ]


def miss(scenario: Scenario, state: State, target: Ending) -> Miss:
    """The smallest moves (by share of each meter's range) that would have ended the
    term in `target`'s grade or better; none if it needs more than the meters."""
    wanted = grade_rank(target.grade)

    def earns(meters: Sequence[float]) -> bool:
        return grade_rank(ending_with(scenario, state, meters).grade) <= wanted

    best: tuple[float, tuple[tuple[Meter, float], ...]] | None = None
    indexes = inputs(scenario, target)
    for count in range(1, min(MOST_MOVED, len(indexes)) + 1):
        for chosen in itertools.combinations(indexes, count):
            for ends in itertools.product(("min", "max"), repeat=count):
                meters = list(state.meters)
                for index, end in zip(chosen, ends, strict=True):
                    meters[index] = getattr(scenario.meters[index], end)
                if not earns(meters):
                    continue
                for index in chosen:  # back off each move to the least that still earns it
                    meters[index] = least_move(scenario.meters[index], state, meters, index, earns)
                moves = tuple(
                    (scenario.meters[i], meters[i] - state.meters[i])
                    for i in chosen
                    if meters[i] != state.meters[i]
                )
                size = sum(abs(d) / ((m.max - m.min) or 1.0) for m, d in moves)
                if moves and (best is None or size < best[0]):
                    best = (size, moves)
        if best is not None:
            break  # fewer meters moved beats a smaller total over more meters
    return Miss(target, best[1] if best is not None else ())


def least_move(
    meter: Meter,
    state: State,
    meters: list[float],
    index: int,
    earns: Callable[[Sequence[float]], bool],
) -> float:
    """The value of meter `index` nearest where the term left it, in steps the player
    can see (1, or 0.1 for a meter shown to one place), that still `earns` the grade."""
    start, far = state.meters[index], meters[index]
    step = 10.0**-meter.decimals
    low, high = 0, max(round(abs(far - start) / step + 0.5), 1)  # steps: high earns it
    direction = 1.0 if far > start else -1.0

    def at(steps: int) -> float:
        return min(max(start + direction * steps * step, meter.min), meter.max)

    while high - low > 1:
        middle = (low + high) // 2
        trial = list(meters)
        trial[index] = at(middle)
        if earns(trial):
            high = middle
        else:
            low = middle
    return at(high)


def move_words(meter: Meter, delta: float) -> str:
    """'3 more US credibility', '0.2 percentage points more European defence'."""
    more = "more" if delta > 0 else "less"
    return f"{amount(meter, delta)}{clean(delta_unit(meter))} {more} {one_line(meter.label)}"


def margin_lines(scenario: Scenario, state: State) -> list[str]:
    """What decided the grade: how near the term came to the best grade, and to the
    next one up."""
    if state.ending is None:
        return []
    ending = scenario.ending_by_id[state.ending]
    lines = [f"{one_line(ending.grade)}: {one_line(ending.title)}."]
    targets = better(scenario, ending)
    if not targets:
        return [*lines, "No ending gives a better grade."]
    grades = list(dict.fromkeys(e.grade for e in targets))
    told: set[tuple[tuple[Meter, float], ...]] = set()
    for grade in dict.fromkeys([grades[0], grades[-1]]):  # the best grade, then the next up
        misses = [miss(scenario, state, e) for e in targets if e.grade == grade]
        near = [m for m in misses if m.moves]
        if not near:
            titles = " or ".join(one_line(m.ending.title) for m in misses)
            lines.append(
                f"{one_line(grade)} ({titles}) was out of reach of the meters alone: "
                f"it depends on what happened in the {scenario.words.term}."
            )
            continue
        found = min(near, key=lambda m: sum(abs(d) / ((x.max - x.min) or 1.0) for x, d in m.moves))
        if found.moves in told:
            continue  # the same moves earn the better grade, said already
        told.add(found.moves)
        words = " and ".join(move_words(m, d) for m, d in found.moves)
        lines.append(f"{one_line(grade)} ({one_line(found.ending.title)}) was {words} away.")
    return lines


# ── how the ending ranks ─────────────────────────────────────────────────


@attrs.frozen
class Ranking:
    """Where one term's ending stands among terms played from its seed at random."""

    runs: int
    counts: tuple[tuple[Ending, int], ...]  # every ending, commonest first
    mine: str  # this term's ending
    better: int  # simulated terms that earned a better grade
    words: Words  # the scenario's words for a turn and a term

    @property
    def verdict(self) -> str:
        own = dict((e.id, n) for e, n in self.counts).get(self.mine, 0)
        if own == 0:
            return f"None of them ended as yours did: a rare {self.words.term}."
        if self.better == 0:
            return "None of them earned a better grade than yours."
        share = f"{self.better / self.runs:.0%}" if self.better * 100 >= self.runs else "under 1%"
        return f"{share} of them earned a better grade than yours."

    @property
    def heading(self) -> str:
        return (
            f"Out of {self.runs} {self.words.terms} from the same seed, "
            "with every choice made at random:"
        )


def rank_ending(
    scenario: Scenario,
    seed: int,
    ending: str,
    cancelled: Callable[[], bool] = lambda: False,
    runs: int = SIMULATED_TERMS,
) -> Ranking | None:
    """Play `runs` terms from `seed` with random choices (None if `cancelled` says stop)."""
    strategy = resolve("random", scenario)
    tally = Tally()
    for index in range(runs):
        if cancelled():
            return None
        _, strategy_seed = term_seeds(seed, index)
        tally.add(play_term(scenario, seed, strategy, random.Random(strategy_seed)))
    if not tally.runs:
        return None
    counts = sorted(
        ((e, tally.endings.get(e.id, 0)) for e in scenario.endings), key=lambda pair: -pair[1]
    )
    mine = scenario.ending_by_id[ending]
    beaten = sum(n for e in better(scenario, mine) for n in [tally.endings.get(e.id, 0)])
    return Ranking(tally.runs, tuple(counts), ending, beaten, scenario.words)


def ranking_lines(ranking: Ranking, width: int = RANKING_BAR) -> list[str]:
    """The ranking as plain lines: each ending's share, a bar, yours marked."""
    lines = [ranking.heading]
    for ending, count in ranking.counts:
        share = count / ranking.runs
        mark = ">" if ending.id == ranking.mine else " "
        title = one_line(ending.title)[:30]
        bar = "#" * round(share * width)
        lines.append(f"{mark} {one_line(ending.grade):<2} {title:<31}{share:>5.0%} {bar}")
    lines.append(ranking.verdict)
    return lines


# ── the report as plain lines ────────────────────────────────────────────


def history_lines(session: Session) -> list[str]:
    """Each meter over the term: 'US credibility: 60 → 57 (−3)'."""
    lines = []
    for meter, values in history(session):
        start, end = values[0], values[-1]
        moved = shown_delta(meter, start, end)
        change = signed_words(meter, moved) if moved else "no change"
        lines.append(
            f"{one_line(meter.label)}: {meter.format(start)} → {meter.format(end)} ({change})"
        )
    return lines


def impact_lines(session: Session) -> list[str]:
    """The decisions that moved things most, each with its moves at once and later."""
    scenario = session.scenario
    lines = []
    for impact in top_impacts(session):
        when = scenario.turn_label(impact.decision.turn)
        moves = ", ".join(
            f"{one_line(m.label)} {signed_words(m, round(d, m.decimals))}" for m, d in impact.moves
        )
        lines.append(f"{when}, {one_line(impact.title)}: {one_line(impact.choice)}. {moves}.")
    return lines or ["No decision moved a meter."]


def report_lines(session: Session, ranking: Ranking | None) -> list[str]:
    """The whole after-action report as plain text, as plain mode prints it."""
    lines = ["After-action report", "", "What decided the grade"]
    lines += margin_lines(session.scenario, session.state)
    lines += ["", f"The meters over the {session.scenario.words.term}", *history_lines(session)]
    lines += ["", "The decisions that moved things most", *impact_lines(session)]
    if ranking is not None:
        lines += ["", "How this ending ranks", *ranking_lines(ranking)]
    return lines
