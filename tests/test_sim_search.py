"""Strategies that play on the content: greedy, expert, personas, --force, common random numbers."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from game.content.load import Content, load_content
from game.sim import simulate, term_seeds
from game.sim.metrics import paired_difference
from game.sim.strategies import resolve
from game.sim.tally import Tally
from game.sim.term import play_term

QUAY = Path(__file__).resolve().parent / "packs" / "quay"


@pytest.fixture(scope="module")
def quay() -> Content:
    content = load_content(QUAY)
    assert content.scenario is not None, [p.render() for p in content.problems]
    return content


@pytest.mark.parametrize(
    "strategy",
    [
        "greedy",
        "greedy:skipper",
        "expert:4",
        "persona:careful",
        "persona:skipper",
        "random --force market_day=hold",
    ],
)
def test_every_strategy_gives_the_same_terms_for_a_seed_with_any_jobs(
    quay: Content, strategy: str
) -> None:
    one = simulate(quay, 40, strategy, seed=3, jobs=1)
    again = simulate(quay, 40, strategy, seed=3, jobs=2)
    assert one == again
    assert simulate(quay, 40, strategy, seed=4, jobs=1) != one


def test_the_same_term_of_two_strategies_meets_the_same_dice(quay: Content) -> None:
    """A strategy forced at one event plays exactly like the unforced one in every term
    where that event never came up: same seeds, same draws, same term."""
    assert quay.scenario is not None
    plain, forced = (
        resolve("random", quay.scenario),
        resolve("random --force market_day=hold", quay.scenario, quay.balance),
    )
    same = differ = 0
    for index in range(80):
        engine_seed, strategy_seed = term_seeds(9, index)
        a = play_term(quay.scenario, engine_seed, plain, random.Random(strategy_seed))
        b = play_term(quay.scenario, engine_seed, forced, random.Random(strategy_seed))
        if "market_day" not in a.offered:
            assert a == b
            same += 1
        else:
            differ += a != b
    assert same and differ  # both kinds of term occurred


def test_force_takes_the_choice_whenever_the_event_offers_it(quay: Content) -> None:
    tally = simulate(quay, 100, "expert:2 --force market_day=hold", seed=5)
    assert tally.chosen[("market_day", "hold")] == tally.decided["market_day"] > 0
    assert tally.chosen[("market_day", "sell")] == 0


def test_rule_persona_follows_its_preferences_in_order(quay: Content) -> None:
    netter = simulate(quay, 60, "persona:netter", seed=2)
    assert netter.chosen[("arrival", "fish")] == 60
    careful = simulate(quay, 60, "persona:careful", seed=2)
    # careful prefers mending while the catch is at least 20 (it starts at 20)
    assert careful.chosen[("arrival", "mend")] == 60


def test_procedural_persona_values_what_it_declares(quay: Content) -> None:
    """The skipper's utility values a sound wall: it keeps the wall higher than the netter."""
    assert quay.scenario is not None
    wall = quay.scenario.meter_index["wall"]
    skipper = simulate(quay, 60, "persona:skipper", seed=2)
    netter = simulate(quay, 60, "persona:netter", seed=2)

    def mean(tally: Tally) -> float:
        return sum(m[wall] for m in tally.meters) / tally.runs

    assert mean(skipper) > mean(netter) + 5


def test_greedy_and_expert_beat_random_on_a_pack_with_other_meters(quay: Content) -> None:
    assert quay.scenario is not None
    chance = simulate(quay, 100, "random", seed=1)
    for strategy in ("greedy", "expert:6"):
        better = paired_difference(
            "mean_grade", quay.scenario, simulate(quay, 100, strategy, seed=1), chance
        )
        assert better.low > 0, strategy


def test_coverage_metrics_over_the_whole_content(quay: Content) -> None:
    from game.sim.metrics import estimate

    assert quay.scenario is not None
    tally = simulate(quay, 200, "random", seed=1)
    rarest = min(tally.terms_offered[e.id] for e in quay.scenario.events)
    assert estimate("offered_min", quay.scenario, tally).value == rarest / 200
    assert estimate("events_offered_0.5", quay.scenario, tally).value == 0.8  # 4 of 5 events
    assert estimate("events_offered_0", quay.scenario, tally).value == 1.0
    netter = simulate(quay, 50, "persona:netter", seed=1)
    assert estimate("ending_min", quay.scenario, netter).value == 0.0  # never flooded


def test_per_term_metrics_for_balance_claims(quay: Content) -> None:
    """`stuck`, `turns`, `meter_ID` and `ending_max`, each against the tally it summarises."""
    from statistics import fmean

    from game.sim.metrics import estimate

    assert quay.scenario is not None
    tally = simulate(quay, 200, "random", seed=1)
    assert estimate("turns", quay.scenario, tally).value == fmean(tally.turns)
    wall = quay.scenario.meter_index["wall"]
    ends = estimate("meter_wall", quay.scenario, tally)
    assert ends.value == fmean(m[wall] for m in tally.meters)
    assert ends.value > 1  # an average of the meter, not a share of terms
    assert ends.low < ends.value < ends.high
    assert estimate("ending_max", quay.scenario, tally).value == max(tally.endings.values()) / 200
    stuck = sum(tally.stuck.values())
    assert estimate("stuck", quay.scenario, tally).value == stuck / 200
