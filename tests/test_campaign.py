"""The bundled campaign meets its brief: size, shape, writing rules, and the
dilemmas of docs/campaign-design.md that can be checked without a simulator.

Balance (endings, personas, coverage) is claimed in content/targets.toml, which
tests/test_sim_targets.py checks.
"""

from __future__ import annotations

import random
import re
from collections import Counter

from game.content.dominance import dominated_pairs, signs, start_env, totals
from game.content.load import Content
from game.engine import Scenario
from game.engine.step import new_game, options, step
from game.sim.strategies import resolve
from game.sim.term import play_term

PERSONAS = {"transactional", "reassure", "hawk", "dove", "domestic"}


def scenario_of(campaign: Content) -> Scenario:
    assert campaign.scenario is not None
    return campaign.scenario


def test_check_is_clean(campaign: Content) -> None:
    assert [p.render() for p in campaign.problems] == []


def test_a_four_year_term_with_enough_events_arcs_and_endings(campaign: Content) -> None:
    scenario = scenario_of(campaign)
    assert scenario.turns == 16
    assert len(scenario.events) >= 59
    assert len({e.arc for e in scenario.events} - {"opening"}) >= 6
    assert len(scenario.endings) >= 10
    assert {e.grade for e in scenario.endings} >= {"A", "B", "C", "D", "F"}


def test_the_term_opens_with_the_article_5_briefing(campaign: Content) -> None:
    scenario = scenario_of(campaign)
    (opening,) = scenario.start
    event = scenario.event_by_id[opening]
    assert "Article 5" in event.title + event.text
    assert "Lithuania" in event.text


def test_every_event_has_a_narrative_of_60_to_200_words(campaign: Content) -> None:
    lengths = {e.id: len(e.text.split()) for e in scenario_of(campaign).events}
    assert {k: n for k, n in lengths.items() if not 60 <= n <= 200} == {}
    again = {e.id: len(e.again.split()) for e in scenario_of(campaign).events if e.again}
    assert {k: n for k, n in again.items() if not 60 <= n <= 200} == {}


def test_an_event_that_comes_back_in_a_term_never_reads_word_for_word_the_same(
    campaign: Content,
) -> None:
    """Played by a random and by a steadfast president (who meets the domestic
    events most), every event offered twice in a term has its `again` text."""
    scenario = scenario_of(campaign)
    steadfast = resolve("persona:steadfast", scenario, campaign.balance)
    came_back: set[str] = set()
    for seed in range(150):
        for strategy in (resolve("random", scenario), steadfast):
            term = play_term(scenario, seed, strategy, random.Random(seed))
            came_back |= {e for e, n in Counter(term.offered).items() if n > 1}
    assert came_back  # the check has something to check
    assert {e for e in came_back if not scenario.event_by_id[e].again} == set()
    event = scenario.event_by_id[sorted(came_back)[0]]
    assert event.text_for([]) == event.text
    assert event.text_for(["other", event.id]) == event.again != event.text


def test_every_event_offers_two_to_four_tagged_explained_choices(campaign: Content) -> None:
    for event in scenario_of(campaign).events:
        assert 2 <= len(event.choices) <= 4, event.id
        for choice in event.choices:
            assert set(choice.tags) & PERSONAS, f"{event.id}.{choice.id} has no persona tag"
            assert choice.explain.strip(), f"{event.id}.{choice.id} has no explain"


def test_most_events_cite_their_facts(campaign: Content) -> None:
    events = scenario_of(campaign).events
    cited = [e for e in events if e.briefing.strip() and e.sources]
    assert len(cited) >= 0.8 * len(events)


def test_delayed_consequences_are_used(campaign: Content) -> None:
    choices = [c for e in scenario_of(campaign).events for c in e.choices]
    delayed = [c for c in choices if c.consequence.later or c.consequence.follow]
    assert len(delayed) >= 20


def test_the_text_names_offices_not_people(campaign: Content) -> None:
    """A spot check for names of living office-holders, and for honorifics before a name."""
    scenario = scenario_of(campaign)
    texts = [
        e.text + e.briefing + " ".join(c.label + c.explain for c in e.choices)
        for e in scenario.events
    ] + [e.epilogue for e in scenario.endings]
    honorific = re.compile(r"\b(President|Chancellor|Senator|Secretary|Minister) [A-Z][a-z]+ [A-Z]")
    names = re.compile(
        r"\b(Putin|Trump|Biden|Zelensk|Stoltenberg|Rutte|Scholz|Merz|Macron|Nausėda|Tusk)"
    )
    for text in texts:
        assert not names.search(text), names.search(text)
        assert not honorific.search(text), honorific.search(text)


# ── the dilemmas (docs/campaign-design.md) ──────────────────────────────


def random_terms(scenario: Scenario, runs: int) -> list[frozenset[str]]:
    """Flags and grade of `runs` terms played by a seeded random player."""
    grade = {e.id: e.grade for e in scenario.endings}
    terms = []
    for seed in range(runs):
        pick = random.Random(seed)
        state = new_game(scenario, seed).state
        while not state.over:
            available = [o.choice.id for o in options(scenario, state) if o.available]
            state = step(scenario, state, pick.choice(available)).state
        assert state.ending is not None
        terms.append(state.flags | {"grade:" + grade[state.ending]})
    return terms


def test_every_war_ends_at_c_or_worse_and_the_only_a_is_a_tested_peace(
    campaign: Content,
) -> None:
    terms = random_terms(scenario_of(campaign), 300)
    wars = [t for t in terms if "moscow_moved" in t]
    best = [t for t in terms if "grade:A" in t]
    assert wars and best, "300 random terms should see both a war and an A"
    assert not [t for t in wars if {"grade:A", "grade:B"} & t]
    assert all("tested" in t and "probe_answered_softly" not in t for t in best)


def test_moscow_tests_every_president_from_the_opening(campaign: Content) -> None:
    scenario = scenario_of(campaign)
    opening = scenario.event_by_id[scenario.start[0]]
    for choice in opening.choices:
        assert {"hybrid_probe", "zapad_2029"} <= {f.event for f in choice.consequence.follow}


def test_no_free_lunch_no_choice_is_at_least_as_good_as_a_sibling_everywhere(
    campaign: Content,
) -> None:
    scenario = scenario_of(campaign)
    pairs = [f"{e.id}: {a.id} >= {b.id}" for e, a, b in dominated_pairs(scenario)]
    assert pairs == []


def test_in_at_most_half_of_the_events_one_choice_is_best_on_all_three_headlines(
    campaign: Content,
) -> None:
    """A choice best on credibility, cohesion and war risk at once is the obvious answer;
    at most half of the events may have one (direct, scheduled, chance-weighted effects)."""
    scenario = scenario_of(campaign)
    env, sign = start_env(scenario), signs(scenario)
    headline = [m.id for m in scenario.headline_meters]
    assert len(headline) == 3
    obvious = []
    for event in scenario.events:
        scored = [totals(scenario, env, c) for c in event.choices]
        best = {m: max(sign[m] * t[m] for t in scored) for m in headline}
        if any(all(sign[m] * t[m] == best[m] for m in headline) for t in scored):
            obvious.append(event.id)
    assert len(obvious) <= len(scenario.events) / 2, obvious


def test_war_is_a_ladder_of_three_decisions(campaign: Content) -> None:
    """From Moscow's move to the ending: the Council, the Gap, then the battle and its terms;
    and the attack leaves room for all three before the term ends."""
    scenario = scenario_of(campaign)
    conflict = [e for e in scenario.events if "conflict" in e.phases]
    assert {e.id for e in conflict} >= {"nac_meets", "gap_reinforcement"}
    rungs = [e for e in conflict if e.id not in ("nac_meets", "gap_reinforcement")]
    assert rungs and all(e.when is not None and "gap_decided" in e.when.flags for e in rungs)
    gap = scenario.event_by_id["gap_reinforcement"]
    assert gap.when is not None and "nac_met" in gap.when.flags
    moves = next(r for r in scenario.rules if "moscow_moved" in r.consequence.set_flags)
    assert moves.when is not None and "turns - 2" in moves.when.text
