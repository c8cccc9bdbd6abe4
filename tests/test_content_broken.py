"""Broken content: each fixture in tests/broken has one mistake and exactly these problems.

`events__NAME.toml` is dropped into a copy of the harbour pack as
events/broken.toml; `scenario__NAME.toml` is a whole scenario on its own.
The expected lines were reviewed by hand: file, line (and column where it
is known), key path, message, suggestion.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.content.load import load_content
from tests.conftest import HARBOUR, TESTS

BROKEN = TESTS / "broken"

EXPECTED: dict[str, list[str]] = {
    "events__all_choices_conditional": [
        "events/broken.toml:6:1: warning: event[1].choice[1]: every choice of 'bad' has a condition: the player may have none to pick",
    ],
    "events__always_true_choice": [
        "events/broken.toml:9:9: warning: event[1].choice[1].when: `storm <= 10` is always true (storm is 0 to 10): the condition does nothing",
        "events/broken.toml:14:7: warning: event[1].choice[2].id: choice 'b' is at least as good as 'a' on every meter (direct, scheduled and chance-weighted effects): no player would ever take 'a'",
    ],
    "events__bad_expression": [
        "events/broken.toml:4:16: error: event[1].when: expected a value, found '>' at column 8",
    ],
    "events__bad_id": [
        "events/broken.toml:2:7: error: event[1].id: id 'bad id' must start with a letter and use only letters, digits and _",
    ],
    "events__bidi_override": [
        "events/broken.toml:4:1: error: event[1].text: text contains a control character (U+202E); remove it",
    ],
    "events__bool_for_amount": [
        "events/broken.toml:9:13: error: event[1].choice[1].effects.catch: expected a number, got true/false; write a number, or an expression in quotes",
    ],
    "events__byte_order_mark": [],
    "events__choice_without_effect": [
        "events/broken.toml:7:1: warning: event[1].choice[1].id: choice 'a' has no effect at all",
        "events/broken.toml:12:7: warning: event[1].choice[2].id: choice 'b' is at least as good as 'a' on every meter (direct, scheduled and chance-weighted effects): no player would ever take 'a'",
    ],
    "events__free_lunch": [
        "events/broken.toml:13:7: warning: event[1].choice[2].id: choice 'dredge_and_mend' is at least as good as 'dredge' on every meter (direct, scheduled and chance-weighted effects): no player would ever take 'dredge'",
    ],
    "events__dangling_followup": [
        "events/broken.toml:11:22: error: event[1].choice[1].follow[1].event: unknown event 'markt_day' (did you mean 'market_day'?)",
    ],
    "events__duplicate_choice_id": [
        "events/broken.toml:13:1: error: event[1].choice[2].id: duplicate choice id 'a' (first defined on line 7)",
    ],
    "events__duplicate_event_id": [
        "events/season.toml:50:1: error: event[3].id: duplicate event id 'shoal' (also in events/broken.toml:2)",
    ],
    "events__duplicate_key": [
        "events/broken.toml:11:1: error: invalid TOML: duplicate key 'label': a key may stand once in a table",
    ],
    "events__duplicate_label": [
        "events/broken.toml:14:10: error: event[1].choice[2].label: two choices are labelled 'Wait' (the other on line 8): the player cannot tell them apart",
    ],
    "events__effect_on_derived": [
        "events/broken.toml:9:13: error: event[1].choice[1].effects.safety: 'safety' is a derived value, computed as `wall / 10 - storm`: it cannot be changed itself; change what it is computed from (storm, wall)",
    ],
    "events__empty_file": [
        "events/broken.toml: warning: this file has no [[event]]",
    ],
    "events__explain_on_chance": [
        "events/broken.toml:15:1: error: event[1].choice[1].chance[1].explain: unknown key 'explain': a chance outcome tells what happened in `text` (did you mean 'text'?)",
    ],
    "events__flag_never_read": [
        "events/broken.toml:11:9: warning: event[1].choice[1].set[1]: flag 'lonely' is set but no condition reads it",
    ],
    "events__flag_nobody_sets": [
        "events/broken.toml:4:9: error: event[1].when: flag 'menderd' is read but nothing sets it (did you mean 'mended'?)",
    ],
    "events__fractional_after": [
        "events/broken.toml:11:12: error: event[1].choice[1].later[1].after: after counts turns: expected a whole number, got 1.5 (write 1, 2, ...)",
    ],
    "events__infinite_amount": [
        "events/broken.toml:9:13: error: event[1].choice[1].effects.catch: expected a finite number, got inf or nan; write a number, or an expression in quotes",
    ],
    "events__missing_explain": [
        "events/broken.toml:6:1: error: event[1].choice[1].explain: a choice with effects needs an explain line: it is the why players see",
    ],
    "events__missing_text": [
        "events/broken.toml:1:1: error: event[1].text: missing required key 'text'",
    ],
    "events__misspelt_meter": [
        "events/broken.toml:9:13: error: event[1].choice[1].effects.cath: unknown meter 'cath' (did you mean 'catch'?)",
    ],
    "events__negative_weight": [
        "events/broken.toml:4:1: error: event[1].weight: must be 0 or more, got -1",
    ],
    "events__never_true_condition": [
        "events/broken.toml:4:9: warning: event[1].when: `catch < 0` is never true (catch is 0 to 50): event 'bad' can never be offered",
    ],
    "events__never_true_derived": [
        "events/broken.toml:4:9: warning: event[1].when: `safety > 10 and flag.mended` is never true (safety is -10 to 10): event 'bad' can never be offered",
    ],
    "events__not_utf8": [
        "events/broken.toml:4:13: error: not valid UTF-8 text (save the file as UTF-8)",
    ],
    "events__number_not_condition": [
        "events/broken.toml:4:9: error: event[1].when: expected a true/false condition, got a number at column 1",
    ],
    "events__probability_above_one": [
        "events/broken.toml:14:1: error: event[1].choice[1].chance[1].p: a probability must be between 0 and 1, got 1.5",
        "events/broken.toml:6:1: error: event[1].choice[1].chance: the chances add up to 1.5, more than 1",
    ],
    "events__recover_missing_text": [
        "events/broken.toml:1:1: error: event[1].text: missing required key 'text'",
        "events/broken.toml:21:25: error: event[2].choice[1].effects.cath: unknown meter 'cath' (did you mean 'catch'?)",
    ],
    "events__recover_syntax_error": [
        'events/broken.toml:4:8: error: invalid TOML: unterminated string: close it with a quote on the same line, or use """triple quotes""" for text over several lines',
        "events/broken.toml:22:25: error: event[2].choice[1].effects.cath: unknown meter 'cath' (did you mean 'catch'?)",
    ],
    "events__string_for_array": [
        "events/broken.toml:11:1: error: event[1].choice[1].tags: expected an array, got text",
    ],
    "events__syntax_error": [
        'events/broken.toml:10:11: error: invalid TOML: unterminated string: close it with a quote on the same line, or use """triple quotes""" for text over several lines',
    ],
    "events__table_for_array": [
        "events/broken.toml:1:1: error: event: expected an array, got a table",
    ],
    "events__terminal_escape": [
        "events/broken.toml:4:1: error: event[1].text: text contains a terminal escape (U+001B); remove it",
    ],
    "events__terminal_phase_only": [
        "events/broken.toml:2:1: warning: event[1].id: event 'bad' can never be offered: no transition reaches its phases (wrecked)",
    ],
    "events__too_deep": [
        "events/broken.toml:4:59: error: event[1].when: expression is nested too deeply (at most 50 levels) at column 51",
    ],
    "events__turn_out_of_range": [
        "events/broken.toml:4:9: warning: event[1].when: `turn > 6` is never true (turn is 1 to 6): event 'bad' can never be offered",
    ],
    "events__unknown_choice_key": [
        "events/broken.toml:9:1: error: event[1].choice[1].efects: unknown key 'efects' (did you mean 'effects'?)",
    ],
    "events__unknown_event_key": [
        "events/broken.toml:3:1: error: event[1].titel: unknown key 'titel' (did you mean 'title'?)",
    ],
    "events__unknown_name": [
        "events/broken.toml:4:9: error: event[1].when: unknown name 'cach' at column 1 (did you mean 'catch'?)",
    ],
    "events__unknown_phase": [
        "events/broken.toml:4:12: error: event[1].phases[1]: unknown phase 'gael' (did you mean 'gale'?)",
    ],
    "events__wrong_type": [
        "events/broken.toml:3:1: error: event[1].title: expected text in quotes, got a number",
    ],
    "events__zero_delay": [
        "events/broken.toml:11:12: error: event[1].choice[1].later[1].after: must be 1 or more quarters, got 0",
    ],
    "scenario__dead_transition": [
        "scenario.toml:24:9: warning: transition[1].when: `m * 2 > 20 or phase.storm` is never true (m is 0 to 10; phase 'storm' is never entered): the move from 'calm' to 'storm' never happens",
    ],
    "scenario__four_headline_meters": [
        "scenario.toml:36:1: warning: meter[4].headline: more than 3 headline meters: the sidebar shows 3 as bars at 80x24, and this one would push the others out",
    ],
    "scenario__grade_out_of_range": [
        "scenario.toml:20:1: error: ending[1].grade: expected one of 'A', 'B', 'C', 'D', 'F', got 'E'",
    ],
    "scenario__initial_out_of_bounds": [
        "scenario.toml:11:1: error: meter[1].initial: initial 50 is outside 0..10",
    ],
    "scenario__last_ending_conditional": [
        "scenario.toml:22:1: error: ending[1].when: the last ending is the fallback when the term ends: it must have no `when`",
    ],
    "scenario__long_meter_label": [
        "scenario.toml:8:10: warning: meter[1].label: label 'Harbour improvement fund' is 24 characters; the sidebar shows 17 at 80 columns and cuts the rest",
    ],
    "scenario__missing_meters": [
        "scenario.toml:1:1: error: meter: missing required key 'meter'",
    ],
    "scenario__rule_without_explain": [
        "scenario.toml:26:1: error: rule[1].explain: a rule needs an explain line: players see it",
    ],
    "scenario__transition_unknown_phase": [
        "scenario.toml:25:7: error: transition[1].to: unknown phase 'storm'",
    ],
    "scenario__unknown_start_phase": [
        "scenario.toml:4:16: error: start_phase: unknown phase 'clam' (did you mean 'calm'?)",
    ],
    "scenario__unreachable_ending": [
        "scenario.toml:21:9: warning: ending[1].when: `m > 10` is never true (m is 0 to 10): ending 'triumph' can never be reached",
    ],
    "scenario__unreachable_phase": [
        "scenario.toml:24:1: warning: phase[2].id: no transition leads to phase 'lost'",
    ],
}


def place(fixture: Path, tmp_path: Path) -> Path:
    kind = fixture.stem.split("__")[0]
    pack = tmp_path / "pack"
    if kind == "events":
        shutil.copytree(HARBOUR, pack)
        shutil.copy(fixture, pack / "events" / "broken.toml")
    else:
        pack.mkdir()
        shutil.copy(fixture, pack / "scenario.toml")
    return pack


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(f.stem for f in BROKEN.glob("*.toml")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_fixture_gives_exactly_the_expected_problems(name: str, tmp_path: Path) -> None:
    content = load_content(place(BROKEN / f"{name}.toml", tmp_path))
    harbour = {p.render() for p in load_content(HARBOUR).problems}  # the pack's own warnings
    assert [p.render() for p in content.problems if p.render() not in harbour] == EXPECTED[name]
    if any(": error: " in line for line in EXPECTED[name]):
        assert content.scenario is None
