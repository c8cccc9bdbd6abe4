"""What if?: counterfactuals of every decision of a recorded term (game/sim/whatif.py)."""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pytest

from game.content.load import Content, load_content
from game.engine import Session, State
from game.engine.step import Step
from game.engine.step import step as real_step
from game.saves import load_save
from game.sim.strategies import Strategy
from game.sim.term import TermRecord
from game.sim.term import play_on as real_play_on
from game.sim.whatif import WhatIf, continuation_seeds, significant, what_if
from game.sim.whatif_text import as_json, render_lines
from tests.savekit import EXAMPLES, TEST_SAVES, play

QUAY = Path(__file__).resolve().parent / "packs" / "quay"


@functools.cache
def quay() -> Content:
    content = load_content(QUAY)
    assert content.scenario is not None
    return content


def quay_session() -> Session:
    return play(quay(), 5, [1, 0, 2, 1, 0, 1, 2, 0, 1])


def test_every_available_choice_of_every_decision_is_played_on(harbour: Content) -> None:
    session = load_save(TEST_SAVES / "harbour-careful.json", harbour)
    result = what_if(harbour, session, runs=6)
    assert [d.chosen for d in result.decisions] == [d.choice for d in session.state.decisions]
    for d in result.decisions:
        assert sum(a.taken for a in d.alternatives) == 1
        assert all(a.runs == 6 for a in d.alternatives)
        taken = d.alternative(d.chosen)
        assert taken is not None and taken.delta_grade.value == 0.0
        for a in d.alternatives:
            assert sum(e.value for e in a.grades.values()) == pytest.approx(1.0)
            assert a.mean_grade.low <= a.mean_grade.value <= a.mean_grade.high


def test_the_same_report_for_any_number_of_jobs(harbour: Content) -> None:
    session = load_save(TEST_SAVES / "harbour-greedy.json", harbour)
    one = what_if(harbour, session, runs=9, seed=4, jobs=1)
    two = what_if(harbour, session, runs=9, seed=4, jobs=2)
    three = what_if(harbour, session, runs=9, seed=4, jobs=3)
    assert as_json(one) == as_json(two) == as_json(three)
    other = what_if(harbour, session, runs=9, seed=5, jobs=1)
    assert as_json(other) != as_json(one)  # the seed matters


def test_the_alternatives_of_one_decision_meet_the_same_dice(
    harbour: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Common random numbers: continuation j of every alternative of a decision has the
    same engine seed and the same strategy RNG; decisions differ."""
    seen: dict[tuple[int, str], list[tuple[int, float]]] = {}
    current: list[tuple[int, str]] = []

    def spy_step(scenario: object, state: State, choice: str) -> Step:
        index = len(state.decisions)
        current[:] = [(index, choice)]
        seen.setdefault((index, choice), []).append((state.seed, 0.0))
        return real_step(scenario, state, choice)  # type: ignore[arg-type]

    def spy_play_on(
        scenario: object, first: Step, play: Strategy, rng: random.Random, *rest: object
    ) -> TermRecord:
        key = current[0]
        draw = random.Random()
        draw.setstate(rng.getstate())
        seed, _ = seen[key][-1]
        seen[key][-1] = (seed, draw.random())
        return real_play_on(scenario, first, play, rng, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr("game.sim.whatif.step", spy_step)
    monkeypatch.setattr("game.sim.whatif.play_on", spy_play_on)
    session = load_save(TEST_SAVES / "harbour-careful.json", harbour)
    result = what_if(harbour, session, runs=5)
    several = [d for d in result.decisions if len(d.alternatives) > 1]
    assert several
    for d in result.decisions:
        draws = [seen[(d.index, a.choice)] for a in d.alternatives]
        assert all(len(runs) == 5 for runs in draws)
        assert all(runs == draws[0] for runs in draws)  # the same worlds, in the same order
        assert len(set(draws[0])) == 5  # and five different ones
    assert seen[(0, result.decisions[0].chosen)] != seen[(1, result.decisions[1].chosen)]


def test_continuation_seeds_depend_on_seed_decision_and_run() -> None:
    seeds = {continuation_seeds(s, d, r) for s in (1, 2) for d in (0, 1) for r in (0, 1)}
    assert len(seeds) == 8


def test_war_share_and_turning_points_need_an_interval_clear_of_zero() -> None:
    content = quay()
    result = what_if(content, quay_session(), runs=30)
    assert result.war_marker == "flag.squall_hit"
    for d in result.decisions:
        for a in d.alternatives:
            assert a.war is not None and a.delta_war is not None
    for d in result.better:
        assert d.effect is not None and d.effect.low > 0
    for d in result.worse:
        assert d.effect is not None and d.effect.high < 0
    shown = {t["index"] for t in as_json(result)["turning_points"]}
    assert shown == {d.index for d in (*result.better, *result.worse)}
    noise = [d for d in result.decisions if d.effect is not None and not significant(d.effect)]
    assert not shown & {d.index for d in noise}


def test_the_text_says_what_a_continuation_assumes_and_never_calls_noise_a_difference(
    harbour: Content,
) -> None:
    session = load_save(TEST_SAVES / "harbour-careful.json", harbour)
    result = what_if(harbour, session, runs=8)
    assert harbour.scenario is not None
    lines = render_lines(result, harbour.scenario, "harbour-careful.json")
    text = "\n".join(lines)
    assert "played on by random" in text
    assert "\x1b" not in text and "│" not in text  # plain sentences, no escapes, no tables
    for d in result.decisions:
        for a in d.alternatives:
            if not a.taken and not significant(a.delta_grade):
                assert a.delta_grade.low <= 0 <= a.delta_grade.high


@pytest.mark.parametrize("name", sorted(p.name for p in TEST_SAVES.glob("harbour-*.json")))
def test_every_save_of_a_second_content_pack(harbour: Content, name: str) -> None:
    session = load_save(TEST_SAVES / name, harbour)  # older formats too (migrated)
    result = what_if(harbour, session, runs=3, jobs=2)
    assert [d.chosen for d in result.decisions] == [d.choice for d in session.state.decisions]
    assert harbour.scenario is not None
    assert render_lines(result, harbour.scenario, name)


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_every_example_save(campaign: Content, name: str) -> None:
    session = load_save(EXAMPLES / name, campaign)
    result: WhatIf = what_if(campaign, session, runs=2)
    assert len(result.decisions) == len(session.state.decisions)
    assert campaign.scenario is not None
    assert render_lines(result, campaign.scenario, name)


def test_a_cancelled_run_stops_with_the_exception(harbour: Content) -> None:
    session = load_save(TEST_SAVES / "harbour-careful.json", harbour)

    class Cancelled(Exception):
        pass

    calls: list[int] = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if done * 2 >= total:
            raise Cancelled

    with pytest.raises(Cancelled):
        what_if(harbour, session, runs=20, jobs=2, progress=progress)
    assert calls and calls[-1] < 20 * sum(1 for _ in session.state.decisions) * 3
