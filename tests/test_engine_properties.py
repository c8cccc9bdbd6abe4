"""Properties of the engine over many seeds and choice sequences."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from game.content.load import Content
from game.engine import Session, options, state_digest
from tests.conftest import HARBOUR, ROOT


def play(content: Content, seed: int, picks: list[int]) -> Session:
    """Play a term, taking available choice number picks[i] % n at decision i."""
    assert content.scenario is not None
    session = Session.start(content.scenario, seed)
    i = 0
    while not session.state.over:
        available = [o for o in options(content.scenario, session.state) if o.available]
        pick = picks[i % len(picks)] if picks else 0
        session = session.choose(available[pick % len(available)].choice.id)
        i += 1
    return session


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), picks=st.lists(st.integers(0, 3), max_size=30))
def test_meters_always_within_bounds(harbour: Content, seed: int, picks: list[int]) -> None:
    assert harbour.scenario is not None
    meters = harbour.scenario.meters
    for step in play(harbour, seed, picks).steps:
        for meter, value in zip(meters, step.state.meters, strict=True):
            assert meter.min <= value <= meter.max


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32), picks=st.lists(st.integers(0, 3), max_size=30))
def test_replaying_the_same_seed_and_choices_gives_equal_states(
    harbour: Content, seed: int, picks: list[int]
) -> None:
    assert harbour.scenario is not None
    first = play(harbour, seed, picks)
    choices = [d.choice for d in first.state.decisions]
    again = Session.replay(harbour.scenario, seed, choices)
    assert [s.state for s in again.steps] == [s.state for s in first.steps]
    assert [s.changes for s in again.steps] == [s.changes for s in first.steps]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32), picks=st.lists(st.integers(0, 3), min_size=1, max_size=30))
def test_undo_then_redo_gives_the_same_state(harbour: Content, seed: int, picks: list[int]) -> None:
    session = play(harbour, seed, picks)
    last = session.state.decisions[-1].choice
    assert session.undo().choose(last).state == session.state


_DIGEST_SCRIPT = """
import sys
from pathlib import Path
from game.content.load import load_content
from game.engine import Session, options, state_digest
content = load_content(Path(sys.argv[1]))
session = Session.start(content.scenario, 12345)
while not session.state.over:
    offered = options(content.scenario, session.state)
    session = session.choose([o for o in offered if o.available][-1].choice.id)
print(state_digest(session.state))
"""


def test_same_digest_in_another_process_with_another_hash_seed(harbour: Content) -> None:
    assert harbour.scenario is not None
    session = Session.start(harbour.scenario, 12345)
    while not session.state.over:
        available = [o for o in options(harbour.scenario, session.state) if o.available]
        session = session.choose(available[-1].choice.id)
    out = subprocess.run(
        [sys.executable, "-c", _DIGEST_SCRIPT, str(HARBOUR)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONHASHSEED": "987", "PATH": ""},
    )
    assert out.stdout.strip() == state_digest(session.state)
