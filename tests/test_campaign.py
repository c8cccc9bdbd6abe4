"""The bundled campaign meets its brief: size, shape and writing rules.

Balance (endings, personas, coverage) is pinned in test_balance.py.
"""

from __future__ import annotations

import re

from game.content.load import Content
from game.engine import Scenario

PERSONAS = {"transactional", "reassure", "hawk", "dove", "domestic"}


def scenario_of(campaign: Content) -> Scenario:
    assert campaign.scenario is not None
    return campaign.scenario


def test_check_is_clean(campaign: Content) -> None:
    assert [p.render() for p in campaign.problems] == []


def test_a_four_year_term_with_enough_events_arcs_and_endings(campaign: Content) -> None:
    scenario = scenario_of(campaign)
    assert scenario.turns == 16
    assert len(scenario.events) >= 45
    assert len({e.arc for e in scenario.events} - {"opening"}) >= 6
    assert len(scenario.endings) >= 7
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
