"""The calendar, the words and set-effects in content: what they compile to, and
the problems a mistake in them gives (file, line, key, a message that says the fix)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.content.load import Content, load_content
from game.engine import Calendar, Words
from tests.wordkit import ORCHARD


def pack_with(tmp_path: Path, file: str, old: str, new: str) -> Content:
    pack = Path(shutil.copytree(ORCHARD, tmp_path / "orchard"))
    path = pack / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return load_content(pack)


def problems(content: Content) -> list[str]:
    return [p.render() for p in content.problems]


def test_the_campaign_keeps_its_quarters_and_words(campaign: Content) -> None:
    assert campaign.scenario is not None
    assert campaign.scenario.calendar == Calendar("quarters", 2029, 1)
    assert campaign.scenario.words == Words("quarter", "quarters", "term", "terms")
    assert campaign.scenario.turn_label(16) == "Q4 2032"


def test_the_orchard_declares_months_and_its_words() -> None:
    scenario = load_content(ORCHARD).scenario
    assert scenario is not None
    assert scenario.calendar == Calendar("months", 1887, 3)
    assert scenario.words == Words("month", "months", "season", "seasons")  # plurals made


@pytest.mark.parametrize(
    ("calendar", "labels"),
    [
        (Calendar("quarters", 2029, 3), ["Q3 2029", "Q4 2029", "Q1 2030"]),
        (Calendar("months", 1887, 11), ["November 1887", "December 1887", "January 1888"]),
        (Calendar("weeks", 1914, 51), ["Week 51, 1914", "Week 52, 1914", "Week 1, 1915"]),
        (Calendar("rounds", start=5), ["Round 5", "Round 6", "Round 7"]),
    ],
)
def test_turn_labels_in_each_unit(calendar: Calendar, labels: list[str]) -> None:
    words = Words(turn=calendar.unit.removesuffix("s"))
    assert [calendar.label(turn, words) for turn in (1, 2, 3)] == labels


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "start = 3  # March",
            "start = 13",
            "scenario.toml:17:1: error: calendar.start: must be 1 to 12 for months, got 13",
        ),
        (
            'unit = "months"',
            'unit = "moons"',
            "scenario.toml:15:1: error: calendar.unit: expected one of 'quarters', 'months', "
            "'weeks', 'rounds', got 'moons'",
        ),
        (
            "turns = 8",
            "turns = 8\nfirst_year = 1887",
            "scenario.toml:10:1: error: first_year: with a [calendar] table, "
            "write this as calendar.first_year",
        ),
        (
            'term = "season"',
            'term = "season\'s end!"',
            "scenario.toml:21:9: error: words.term: 'season's end!' must be a word or two "
            "(up to 20 letters, spaces, - or ')",
        ),
        (
            "turns = 8",
            "turns = 0",
            "scenario.toml:9:1: error: turns: a season must last 1 to 400 months, got 0",
        ),
    ],
)
def test_calendar_and_words_mistakes(tmp_path: Path, old: str, new: str, expected: str) -> None:
    content = pack_with(tmp_path, "scenario.toml", old, new)
    assert problems(content) == [expected]


def test_first_quarter_out_of_range_still_reads_as_quarters(tmp_path: Path) -> None:
    content = pack_with(
        tmp_path,
        "scenario.toml",
        '[calendar]\nunit = "months"\nfirst_year = 1887\nstart = 3  # March',
        "first_quarter = 5",
    )
    assert problems(content) == [
        "scenario.toml:14:1: error: first_quarter: must be 1 to 4 for quarters, got 5"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "effects = { frost = { to = 1 }, coin = -3 }",
            'effects = { frost = { to = "frost +" }, coin = -3 }',
            "events/months.toml:50:36: error: event[3].choice[1].effects.frost.to: "
            "expected a value, found the end of the expression at column 8",
        ),
        (
            "effects = { frost = { to = 1 }, coin = -3 }",
            "effects = { frost = { too = 1 }, coin = -3 }",
            "events/months.toml:50:13: error: event[3].choice[1].effects.frost: expected "
            "{ to = VALUE } (sets the meter), a number or an expression",
        ),
        (
            "effects = { frost = { to = 1 }, coin = -3 }",
            "effects = { forst = { to = 1 }, coin = -3 }",
            "events/months.toml:50:13: error: event[3].choice[1].effects.forst: "
            "unknown meter 'forst' (did you mean 'frost'?)",
        ),
    ],
)
def test_set_effect_mistakes(tmp_path: Path, old: str, new: str, expected: str) -> None:
    content = pack_with(tmp_path, "events/months.toml", old, new)
    # (a wrong shape drops the whole file for now, and the start event with it)
    assert expected in problems(content)
