"""Strategies: plain functions of (state, offered choices, rng)."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from game.content.load import Content
from game.engine import Choice, State, new_game
from game.sim import StrategyError, resolve, simulate, strategy_tags
from game.sim.strategies import random_choice

A = Choice("a", "A", tags=("hawk",))
B = Choice("b", "B", tags=("dove", "reassure"))
C = Choice("c", "C", tags=("hawk", "dove"))


@pytest.fixture
def state(harbour: Content) -> State:
    assert harbour.scenario is not None
    return new_game(harbour.scenario, 1).state


def test_random_is_roughly_uniform_over_the_offered_choices(state: State) -> None:
    rng = random.Random(1)
    picks = Counter(random_choice(state, (A, B, C), rng).id for _ in range(3000))
    assert set(picks) == {"a", "b", "c"}
    assert all(800 < n < 1200 for n in picks.values())


def test_random_picks_the_only_choice(state: State) -> None:
    assert random_choice(state, (B,), random.Random(5)) is B


def test_prefer_picks_only_tagged_choices_when_there_are_any(state: State) -> None:
    hawk = resolve("prefer:hawk")
    rng = random.Random(2)
    picks = Counter(hawk(state, (A, B, C), rng).id for _ in range(500))
    assert set(picks) == {"a", "c"}


def test_prefer_falls_back_to_random(state: State) -> None:
    reassure = resolve("prefer:reassure")
    rng = random.Random(3)
    picks = Counter(reassure(state, (A, C), rng).id for _ in range(500))
    assert set(picks) == {"a", "c"}


def test_a_strategy_is_determined_by_its_rng(state: State) -> None:
    play = resolve("random")
    first = [play(state, (A, B, C), random.Random(9)).id for _ in range(20)]
    second = [play(state, (A, B, C), random.Random(9)).id for _ in range(20)]
    assert first == second


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("greedy", "strategy 'greedy' plays on the content: load it first"),
        ("cautious", "unknown strategy 'cautious' (known: random, prefer:TAG, greedy"),
        ("expert:0", "give rollouts per decision"),
        ("random --force x", "only '--force EVENT=CHOICE' may follow"),
        ("prefer:", "give a tag after 'prefer:'"),
        ("prefer", "give a tag after 'prefer:'"),
        ("avoid:hawk", "unknown strategy"),
        ("prefer:two words", "only '--force EVENT=CHOICE' may follow"),
        ("prefer:-x", "give a tag"),
    ],
)
def test_bad_strategy_names_are_refused(name: str, message: str) -> None:
    with pytest.raises(StrategyError, match=re.escape(message)):
        resolve(name)


def test_a_tag_the_content_does_not_use_is_refused_with_a_hint(harbour: Content) -> None:
    assert harbour.scenario is not None
    assert strategy_tags(harbour.scenario) == ("careful", "greedy")
    with pytest.raises(StrategyError, match="did you mean 'greedy'"):
        resolve("prefer:greedi", harbour.scenario)
    resolve("prefer:greedy", harbour.scenario)


def test_the_simulator_never_touches_the_module_level_random(
    harbour: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("module-level random used")

    for name in (
        "random",
        "choice",
        "choices",
        "randrange",
        "randint",
        "shuffle",
        "sample",
        "seed",
    ):
        monkeypatch.setattr(random, name, forbidden)
    assert simulate(harbour, 20, "prefer:greedy", seed=1).runs == 20
