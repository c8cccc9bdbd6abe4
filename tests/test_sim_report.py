"""The report: statistics, a stuck term, and text that shows the JSON's numbers."""

from __future__ import annotations

import math
import random

import pytest

from game.content.load import Content
from game.engine import Words
from game.sim import build_report, play_term, render_compare, render_report, resolve, simulate
from game.sim.stats import deciles, stdev, summary, wilson
from game.sim.tally import Tally
from tests.kit import choice, cond, event, plain, scenario


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (0, 10, 0.0, 0.277533),
        (5, 10, 0.236593, 0.763407),
        (10, 10, 0.722467, 1.0),
        (340, 1000, 0.311302, 0.369923),
    ],
)
def test_wilson_interval_matches_published_values(k: int, n: int, low: float, high: float) -> None:
    lo, hi = wilson(k, n)
    assert lo == pytest.approx(low, abs=1e-6)
    assert hi == pytest.approx(high, abs=1e-6)


def test_wilson_without_trials_knows_nothing() -> None:
    assert wilson(0, 0) == (0.0, 1.0)


def test_quantiles_and_spread() -> None:
    assert deciles([1.0, 2.0, 3.0, 4.0])[4] == 2.5
    assert deciles([1.0, 11.0])[0] == 2.0  # linear between ranks
    assert deciles([5.0])[8] == 5.0
    assert stdev([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]) == pytest.approx(2.13809, abs=1e-5)
    assert summary([3.0, 1.0, 2.0])["median"] == 2.0
    assert math.isfinite(summary([])["mean"])


def test_a_term_with_no_available_choice_is_reported_as_stuck() -> None:
    sc = scenario(
        event("trap", choice("locked", consequence=plain(a=1), when=cond("a > 100"))),
    )
    record = play_term(sc, 1, resolve("random"), random.Random(1))
    assert (record.ending, record.stuck_on) == (None, "trap")
    tally = Tally()
    tally.add(record)
    report = build_report(sc, tally, strategy="random", seed=1)
    assert report["stuck"] == {"count": 1, "share": 1.0, "events": {"trap": 1}}
    assert report["endings"]["fallback"]["count"] == 0
    assert "STUCK: 1 terms (100.0 %) reached an event with no available choice: trap (1)" in (
        render_report(report, Words())
    )


def test_the_text_report_shows_the_numbers_of_the_json(harbour: Content) -> None:
    assert harbour.scenario is not None
    tally = simulate(harbour, 250, "random", seed=2)
    report = build_report(harbour.scenario, tally, strategy="random", seed=2)
    text = render_report(report, Words())
    lines = text.splitlines()
    for ending_id, e in report["endings"].items():
        low, high = e["ci95"]
        line = next(line for line in lines if line.startswith(f"{e['grade']}  {ending_id} "))
        assert line.split()[2:5] == [f"{e['count']:,}", f"{100 * e['share']:.1f}", "%"]
        assert f"{100 * low:4.1f}–{100 * high:4.1f} %" in line
    for event_id, e in report["events"].items():
        line = next(line for line in lines if line.startswith(f"  {event_id} "))
        assert line.split()[1:] == [e["arc"], f"{e['offered']:,}", f"{100 * e['share']:.1f}", "%"]
    assert f"median {report['turns']['median']:g}" in text
    assert "timing" not in report


def test_compare_puts_strategies_side_by_side(harbour: Content) -> None:
    assert harbour.scenario is not None
    reports = [
        build_report(harbour.scenario, simulate(harbour, 100, name, seed=1), strategy=name, seed=1)
        for name in ("random", "prefer:greedy", "prefer:careful")
    ]
    text = render_compare(reports, Words())
    header = next(line for line in text.splitlines() if "prefer:greedy" in line)
    assert header.index("random") < header.index("prefer:greedy") < header.index("prefer:careful")
    bumper = next(line for line in text.splitlines() if "bumper" in line)
    cells = [f"({r['endings']['bumper']['count']:,})" for r in reports]
    assert all(cell in bumper for cell in cells)
    assert "D or F" in text
