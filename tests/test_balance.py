"""The campaign's balance targets (issue 4), checked by simulation on the bundled content.

Every number here comes from the simulator with a fixed seed, so a failure is
reproducible: `article-five simulate --runs N --seed 2029 [--strategy S]`.

Sizes: by default the random-play targets use 4,000 terms and the policy sweep
1,000 terms per policy, so this file runs in well under a minute on 2 cores.
Set ARTICLE_FIVE_LONG=1 for the full sizes the targets name (10,000 random
terms; 2,000 per policy). The persona comparison uses 2,000 terms per persona
either way, as its target says.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from game.content.load import Content
from game.sim import build_report, simulate, strategy_tags
from game.sim.runner import default_jobs

LONG = os.environ.get("ARTICLE_FIVE_LONG", "") not in ("", "0")
RANDOM_RUNS = 10_000 if LONG else 4_000
PERSONA_RUNS = 2_000
POLICY_RUNS = 2_000 if LONG else 1_000
SEED = 2029

QUIET = "quiet_term"  # the best ending: nothing happened, and that was the point
TRANSACTIONAL = "prefer:transactional"
REASSURE = "prefer:reassure"

Report = dict[str, Any]


def play(campaign: Content, strategy: str, runs: int) -> Report:
    assert campaign.scenario is not None
    tally = simulate(campaign, runs, strategy, SEED, jobs=default_jobs())
    return build_report(campaign.scenario, tally, strategy=strategy, seed=SEED)


def pct(share: float) -> str:
    return f"{100 * share:.2f} %"


@pytest.fixture(scope="module")
def random_play(campaign: Content) -> Report:
    return play(campaign, "random", RANDOM_RUNS)


@pytest.fixture(scope="module")
def personas(campaign: Content) -> dict[str, Report]:
    return {name: play(campaign, name, PERSONA_RUNS) for name in (TRANSACTIONAL, REASSURE)}


def d_or_f(report: Report) -> float:
    grades = report["grades"]
    return float(grades["D"]["count"] + grades["F"]["count"]) / report["runs"]


# ── random play ──────────────────────────────────────────────────────────


def test_every_event_is_offered_in_at_least_half_a_percent_of_terms(random_play: Report) -> None:
    rare = {e: v["share"] for e, v in random_play["events"].items() if v["share"] < 0.005}
    assert not rare, f"offered in < 0.5 % of {random_play['runs']:,} random terms: " + ", ".join(
        f"{event} {pct(share)}" for event, share in rare.items()
    )


def test_every_ending_is_reached_in_at_least_one_percent_of_terms(random_play: Report) -> None:
    rare = {e: v["share"] for e, v in random_play["endings"].items() if v["share"] < 0.01}
    assert not rare, f"reached in < 1 % of {random_play['runs']:,} random terms: " + ", ".join(
        f"{ending} {pct(share)}" for ending, share in rare.items()
    )


def test_no_ending_is_reached_in_more_than_half_of_terms(random_play: Report) -> None:
    common = {e: v["share"] for e, v in random_play["endings"].items() if v["share"] > 0.5}
    assert not common, f"reached in > 50 % of {random_play['runs']:,} random terms: " + ", ".join(
        f"{ending} {pct(share)}" for ending, share in common.items()
    )


def test_the_median_term_lasts_at_least_12_quarters(random_play: Report) -> None:
    turns = random_play["turns"]
    assert turns["median"] >= 12, f"median term {turns['median']} quarters: {turns['histogram']}"


def test_no_term_gets_stuck_without_a_choice(random_play: Report) -> None:
    assert random_play["stuck"]["count"] == 0, random_play["stuck"]


# ── the argument, in numbers ─────────────────────────────────────────────


def test_a_transactional_president_fails_at_least_twice_as_often(
    personas: dict[str, Report],
) -> None:
    transactional, reassure = d_or_f(personas[TRANSACTIONAL]), d_or_f(personas[REASSURE])
    assert transactional >= 2 * reassure, (
        f"D/F over {PERSONA_RUNS:,} terms: {TRANSACTIONAL} {pct(transactional)}, "
        f"{REASSURE} {pct(reassure)} (ratio {transactional / reassure if reassure else 0:.2f}, "
        "needs ≥ 2)"
    )


def test_reassurance_costs_support_at_home(personas: dict[str, Report]) -> None:
    transactional = personas[TRANSACTIONAL]["meters"]["support"]["mean"]
    reassure = personas[REASSURE]["meters"]["support"]["mean"]
    assert reassure < transactional, (
        f"mean support at the end: {REASSURE} {reassure:.2f}, {TRANSACTIONAL} {transactional:.2f}"
    )


# ── the game is not solved ───────────────────────────────────────────────


def test_no_policy_wins_the_quiet_term_more_than_80_percent(
    campaign: Content, random_play: Report
) -> None:
    assert campaign.scenario is not None
    assert QUIET in campaign.scenario.ending_by_id, f"the campaign has no '{QUIET}' ending"
    wins = {"random": random_play["endings"][QUIET]["share"]}
    for tag in strategy_tags(campaign.scenario):
        name = f"prefer:{tag}"
        wins[name] = play(campaign, name, POLICY_RUNS)["endings"][QUIET]["share"]
    solved = {name: share for name, share in wins.items() if share > 0.8}
    assert not solved, f"{QUIET} share by policy: " + ", ".join(
        f"{name} {pct(share)}" for name, share in wins.items()
    )
