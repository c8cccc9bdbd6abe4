"""Coverage, endings and popularity on packs whose counts are known by hand.

tests/packs/clockwork/scenario.toml explains the expected numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from game.content.load import Content, load_content
from game.sim import build_report, simulate

CLOCKWORK = Path(__file__).resolve().parent / "packs" / "clockwork"
RUNS = 60


@pytest.fixture(scope="module")
def clockwork() -> Content:
    content = load_content(CLOCKWORK)
    assert content.scenario is not None, [p.render() for p in content.problems]
    # `never` is dead on purpose, and `check` says so (the interval analysis)
    assert [p.message for p in content.problems] == [
        "`progress > 1000` is never true (progress is 0 to 100): event 'never' can never be offered"
    ]
    return content


def report(content: Content, strategy: str, runs: int = RUNS, jobs: int = 1) -> dict[str, Any]:
    assert content.scenario is not None
    tally = simulate(content, runs, strategy, seed=7, jobs=jobs)
    return build_report(content.scenario, tally, strategy=strategy, seed=7)


def offered(rep: dict[str, Any]) -> dict[str, tuple[int, float]]:
    return {event: (e["offered"], e["share"]) for event, e in rep["events"].items()}


def test_prefer_left_offers_every_event_but_one_a_known_number_of_times(
    clockwork: Content,
) -> None:
    rep = report(clockwork, "prefer:left")
    assert offered(rep) == {
        "never": (0, 0.0),
        "echo": (RUNS, 1.0),
        "late": (RUNS, 1.0),
        "opening": (RUNS, 1.0),
        "routine": (3 * RUNS, 1.0),
    }


def test_never_offered_events_are_listed_first(clockwork: Content) -> None:
    rep = report(clockwork, "prefer:right")
    assert list(rep["events"])[:3] == ["echo", "late", "never"]
    assert all(rep["events"][e]["offered"] == 0 for e in ("echo", "late", "never"))
    assert rep["events"]["routine"]["offered"] == 3 * RUNS


def test_endings_count_every_term_once(clockwork: Content) -> None:
    left, right = report(clockwork, "prefer:left"), report(clockwork, "prefer:right")
    assert {e: v["count"] for e, v in left["endings"].items()} == {
        "rushed": 0,
        "driven": RUNS,
        "idle": 0,
    }
    assert right["endings"]["rushed"]["count"] == RUNS
    assert right["endings"]["rushed"]["share"] == 1.0
    assert right["grades"]["F"] == {"count": RUNS, "share": 1.0}
    low, high = left["endings"]["driven"]["ci95"]
    assert 0.9 < low < 1.0 and high == 1.0


def test_term_length_and_final_meters(clockwork: Content) -> None:
    left, right = report(clockwork, "prefer:left"), report(clockwork, "prefer:right")
    assert (left["turns"]["median"], left["turns"]["full_term"]) == (4, 1.0)
    assert right["turns"]["histogram"] == {"3": RUNS}
    assert right["turns"]["full_term"] == 0.0
    assert left["meters"]["progress"]["mean"] == 6.0
    assert left["meters"]["progress"]["stdev"] == 0.0
    assert right["meters"]["progress"]["max"] == 8.0


def test_choice_popularity_counts_decisions(clockwork: Content) -> None:
    choices = report(clockwork, "prefer:left")["choices"]
    assert choices["routine"]["decided"] == 3 * RUNS
    assert choices["routine"]["choices"]["tick"] == {
        "count": 3 * RUNS,
        "share": 1.0,
        "tags": ["left"],
    }
    assert choices["routine"]["choices"]["tock"]["count"] == 0
    assert choices["never"] == {
        "decided": 0,
        "choices": {
            "a": {"count": 0, "share": 0.0, "tags": []},
            "b": {"count": 0, "share": 0.0, "tags": []},
        },
    }


def test_random_play_keeps_the_invariants(clockwork: Content) -> None:
    rep = report(clockwork, "random", runs=400)
    events, choices = rep["events"], rep["choices"]
    assert events["opening"]["offered"] == 400
    assert events["routine"]["offered"] == 1200
    # echo follows every `left` answer to the opening, two quarters later
    assert events["echo"]["offered"] == choices["opening"]["choices"]["left"]["count"]
    # late is offered in every term that reaches the fourth quarter
    assert events["late"]["offered"] == rep["turns"]["histogram"]["4"]
    assert 0 < choices["opening"]["choices"]["left"]["count"] < 400
    assert sum(e["count"] for e in rep["endings"].values()) == 400
    assert all(e["count"] > 0 for e in rep["endings"].values())


def test_harbour_counts_are_consistent(harbour: Content) -> None:
    rep = report(harbour, "random", runs=300)
    events, choices = rep["events"], rep["choices"]
    assert events["arrival"] == {"arc": "season", "offered": 300, "terms": 300, "share": 1.0}
    # market_day follows every `fish`; the pack has no ending that cuts a term short
    assert events["market_day"]["offered"] == choices["arrival"]["choices"]["fish"]["count"]
    assert events["inspector"]["offered"] == events["inspector"]["terms"]  # once = true
    for event_id, e in events.items():
        assert choices[event_id]["decided"] <= e["offered"]
        assert e["terms"] <= min(e["offered"], 300)
