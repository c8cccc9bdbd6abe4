"""The after-action report (game.report): what decided the grade, the ranking, shown moves."""

from __future__ import annotations

import random

import attrs
import pytest

from game.content.load import Content
from game.engine.model import GRADES
from game.engine.session import Session
from game.engine.state import State
from game.engine.step import options
from game.narrate import shown_delta
from game.plain.render import change_lines
from game.report.after_action import better, margin_lines, rank_ending, report_lines
from game.report.ledger import decision_of, grade_rank, reach, sections


@pytest.fixture
def ended(lighthouse: Content) -> Session:
    """A whole lighthouse term: trim the wick, then tend the light (A Beacon on the Coast)."""
    assert lighthouse.scenario is not None
    session = Session.start(lighthouse.scenario, 1)
    while not session.state.over:
        first = next(o for o in options(session.scenario, session.state) if o.available)
        session = session.choose(first.choice.id)
    return session


def with_meters(session: Session, ending: str, **values: float) -> Session:
    """The same term, as if it had ended in `ending` with these meters."""
    scenario = session.scenario
    meters = list(session.state.meters)
    for name, value in values.items():
        meters[scenario.meter_index[name]] = value
    state = attrs.evolve(session.state, meters=tuple(meters), ending=ending)
    return attrs.evolve(
        session, steps=(*session.steps[:-1], attrs.evolve(session.steps[-1], state=state))
    )


def test_the_grade_order_is_declared_once_best_first(ended: Session) -> None:
    scenario = ended.scenario
    assert GRADES == ("A", "B", "C", "D", "F")
    assert scenario.grades == ("A", "C", "F")  # the grades the lighthouse's endings give
    assert grade_rank("A") < grade_rank("C") < grade_rank("F")
    worst = scenario.ending_by_id["shipwreck"]
    assert [e.grade for e in better(scenario, worst)] == ["A", "C"]


def test_the_best_ending_has_nothing_above_it(ended: Session) -> None:
    assert ended.state.ending == "beacon"
    assert margin_lines(ended.scenario, ended.state) == [
        "A: A Beacon on the Coast.",
        "No ending gives a better grade.",
    ]


def test_a_near_miss_names_the_meter_and_how_far(ended: Session) -> None:
    # the beacon needs light >= 70 and keeper >= 50
    dim = with_meters(ended, "dim", light=67.0, keeper=50.0)
    lines = margin_lines(dim.scenario, dim.state)
    assert lines[1] == "A (A Beacon on the Coast) was 3 more Light away."
    both = with_meters(ended, "dim", light=67.4, keeper=48.0)
    lines = margin_lines(both.scenario, both.state)
    assert lines[1] == "A (A Beacon on the Coast) was 3 more Light and 2 more Keeper away."


def test_the_best_grade_and_the_next_one_up_are_both_told(ended: Session) -> None:
    wreck = with_meters(ended, "shipwreck", light=0.0, keeper=50.0)
    lines = margin_lines(wreck.scenario, wreck.state)
    assert lines[0] == "F: Ships on the Rocks."
    assert lines[1] == "A (A Beacon on the Coast) was 70 more Light away."
    assert lines[2].startswith("C (A Dim Year) was 1 more Light away")


def test_the_ranking_counts_every_simulated_term(ended: Session) -> None:
    ranking = rank_ending(ended.scenario, ended.seed, "beacon", runs=20)
    assert ranking is not None
    assert sum(count for _, count in ranking.counts) == ranking.runs == 20
    assert ranking.better == 0
    assert ranking.verdict == "None of them earned a better grade than yours."
    assert rank_ending(ended.scenario, ended.seed, "beacon", lambda: True) is None


def test_the_plain_report_has_every_part(ended: Session) -> None:
    ranking = rank_ending(ended.scenario, ended.seed, "beacon", runs=10)
    text = "\n".join(report_lines(ended, ranking))
    for part in (
        "What decided the grade",
        "The meters over the term",
        "Oil: 10.0% → 8.8% (−1.2 percentage points)",
        "The decisions that moved things most",
        "How this ending ranks",
        "Out of 10 terms from the same seed",
    ):
        assert part in text
    assert not any(line.lstrip().startswith("%") for line in text.splitlines())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shown_moves_add_up_to_the_step(campaign: Content, seed: int) -> None:
    """Each meter's moves as shown in a step's sections sum to its shown before → after."""
    scenario = campaign.scenario
    assert scenario is not None
    session = Session.start(scenario, seed)
    rng = random.Random(seed)
    while not session.state.over:
        open_ = [o for o in options(scenario, session.state) if o.available]
        session = session.choose(rng.choice(open_).choice.id)
    for index in range(1, len(session.steps)):
        before, step = session.steps[index - 1].state, session.steps[index]
        totals = dict.fromkeys((m.id for m in scenario.meters), 0.0)
        for section in sections(scenario, step, decision_of(session, index)):
            for item in (*section.entries, *section.drift):
                if item.meter is not None:
                    totals[item.meter] += item.delta
        for i, meter in enumerate(scenario.meters):
            expected = shown_delta(meter, before.meters[i], step.state.meters[i])
            assert round(totals[meter.id], meter.decimals) == expected, (index, meter.id)


def test_plain_mode_says_a_phase_change_first(lighthouse: Content) -> None:
    scenario = lighthouse.scenario
    assert scenario is not None
    term = Session.replay(scenario, 1, ["trim", "horn", "horn"])
    lines = change_lines(scenario, term.steps[3], decision_of(term, 3), term.steps[2].state)
    assert lines[0].startswith("PHASE CHANGE. The phase changed from Calm to Gale")
    assert lines.index("Q2 1901 ends.") > 0
    assert "Drift: Storm +5, Oil −0.1 percentage points. Type why for every move." in lines
    delayed = "(delayed: your decision of Q1 1901: Sound the horn all night)"
    assert delayed in " ".join(" ".join(lines).split())


def test_a_grade_coming_into_reach_is_a_banner(ended: Session) -> None:
    scenario = ended.scenario
    middle = ended.steps[1].state
    assert not middle.over
    light, keeper = scenario.meter_index["light"], scenario.meter_index["keeper"]

    def at(light_value: float) -> State:
        meters = list(middle.meters)
        meters[light], meters[keeper] = light_value, 50.0
        return attrs.evolve(middle, meters=tuple(meters))

    news = reach(scenario, at(60.0), at(75.0))
    assert news is not None and news.kind == "reach"
    assert news.title == "Within reach now: A Beacon on the Coast (A), not C"
    slipping = reach(scenario, at(75.0), at(60.0))
    assert slipping is not None and slipping.title == "Now heading for: A Dim Year (C), not A"
    assert reach(scenario, at(60.0), at(65.0)) is None  # the same grade: no news
