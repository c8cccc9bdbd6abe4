"""Plain mode's building blocks: cleaning content text, Markdown as paragraphs, reading a line."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.content.load import Content
from game.engine.state import Decision
from game.engine.step import new_game
from game.plain import render
from game.plain.commands import Bad, Command, Pick, parse
from game.plain.text import clean, one_line, paragraphs, unmark

ESC = "\x1b"


# ── clean: the second line of defence against terminal injection ────────


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("red \x1b[31mALERT\x1b[0m", "red ALERT"),
        ("clear\x1b[2J\x1b[H screen", "clear screen"),
        ("title \x1b]0;pwned\x07 bar", "title  bar"),
        ("title \x1b]0;pwned\x1b\\ bar", "title  bar"),
        ("dcs \x1bPq#0;2;0;0;0\x1b\\ end", "dcs  end"),
        ("8-bit \x9b31m csi", "8-bit  csi"),
        ("bell\x07 and nul\x00 and del\x7f", "bell and nul and del"),
        ("tab\there", "tab here"),
        ("back\rspace", "back\nspace"),
        ("bidi \u202egnirts\u202c here", "bidi gnirts here"),
        ("plain — “quotes”, Šiauliai, 2 %", "plain — “quotes”, Šiauliai, 2 %"),
    ],
)
def test_clean_strips_escape_sequences_and_controls(hostile: str, expected: str) -> None:
    assert clean(hostile) == expected


@given(st.text())
def test_clean_leaves_no_control_character_but_newline(text: str) -> None:
    cleaned = clean(text)
    assert ESC not in cleaned
    assert all(ch == "\n" or not (ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F) for ch in cleaned)


def test_one_line_joins_lines_and_spaces() -> None:
    assert one_line("  The \n new\tharbour   master ") == "The new harbour master"


# ── Markdown as plain paragraphs ─────────────────────────────────────────


def test_unmark_drops_emphasis_and_keeps_link_targets() -> None:
    text = "**Vilnius, 07:40.** A *morning* flight, `code`, [RAND](https://rand.org) and snake_case"
    assert unmark(text) == (
        "Vilnius, 07:40. A morning flight, code, RAND (https://rand.org) and snake_case"
    )


def test_paragraphs_are_wrapped_and_separated() -> None:
    text = "First " + "word " * 40 + "\n\nSecond paragraph."
    first, second = paragraphs(text, width=40)
    assert all(len(line) <= 40 for line in first.splitlines())
    assert len(first.splitlines()) > 1
    assert second == "Second paragraph."


def test_list_items_keep_a_plain_bullet_and_hang() -> None:
    text = "Facts:\n- **The Gap** is sixty-five kilometres " + "long " * 12 + "\n* second\n1. third"
    (block,) = paragraphs(text, width=40)
    lines = block.splitlines()
    assert lines[0] == "Facts:"
    assert lines[1].startswith("- The Gap is")
    assert lines[2].startswith("  ")
    assert "- second" in lines
    assert "1. third" in lines


def test_headings_lose_their_hashes() -> None:
    assert paragraphs("## After action\nText follows.") == ["After action\nText follows."]


def test_paragraphs_of_hostile_text_are_clean() -> None:
    (block,) = paragraphs("Look \x1b[5mhere\x1b[0m\x07")
    assert block == "Look here"


# ── reading a typed line ─────────────────────────────────────────────────


@pytest.mark.parametrize("line", ["2", " 2 ", "2.", "2)", "2\n"])
def test_a_number_picks_a_choice(line: str) -> None:
    assert parse(line, 3) == Pick(2)


@pytest.mark.parametrize(
    ("line", "command"),
    [
        ("why", Command("why")),
        ("WHY war risk", Command("why", "war risk")),
        ("briefing", Command("briefing")),
        ("meters", Command("meters")),
        ("m", Command("meters")),
        ("save before the summit", Command("save", "before the summit")),
        ("load q3", Command("load", "q3")),
        ("continue", Command("continue")),
        ("undo", Command("undo")),
        ("help", Command("help")),
        ("?", Command("help")),
        ("quit", Command("quit")),
        ("exit", Command("quit")),
    ],
)
def test_commands_are_words(line: str, command: Command) -> None:
    assert parse(line, 3) == command


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("", "Type a number from 1 to 3"),
        ("0", "There is no choice 0"),
        ("4", "There is no choice 4"),
        ("-1", "Unknown command"),
        ("banana", 'Unknown command "banana". Type'),
        ("hepl", "Unknown command \"hepl\" (did you mean 'help'?). Type"),
        ("save", "Give a name: save NAME"),
        ("undo now", "undo takes no argument"),
        ("1 2", "One choice at a time"),
        ("²", "Unknown command"),
        ("9" * 5000, "There is no choice 9999"),
    ],
)
def test_bad_lines_get_a_one_line_hint(line: str, fragment: str) -> None:
    result = parse(line, 3)
    assert isinstance(result, Bad)
    assert fragment in result.hint
    assert "\n" not in result.hint


def test_a_huge_word_is_shortened_in_the_hint() -> None:
    result = parse("x" * 5000, 2)
    assert isinstance(result, Bad)
    assert len(result.hint) < 200


@given(st.text(max_size=300), st.integers(min_value=0, max_value=5))
def test_any_line_parses_to_something(line: str, choices: int) -> None:
    result = parse(line, choices)
    if isinstance(result, Pick):
        assert 1 <= result.number <= choices


def test_an_event_that_comes_back_shows_its_again_text(campaign: Content) -> None:
    scenario = campaign.scenario
    assert scenario is not None
    event = scenario.event_by_id["troop_ceiling"]
    state = attrs.evolve(new_game(scenario, 1).state, agenda=(event.id,), decisions=())
    first = " ".join(render.event_lines(scenario, state))
    earlier = Decision(turn=1, event=event.id, choice=event.choices[0].id)
    again = " ".join(render.event_lines(scenario, attrs.evolve(state, decisions=(earlier,))))
    assert "The rider is back." not in first and "House Appropriations" in first
    assert "The rider is back." in again
