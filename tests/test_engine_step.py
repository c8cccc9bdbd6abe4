"""The step function: every kind of change and cause, clamping, phases, scheduling."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from game.content.load import load_content
from game.engine import (
    Calendar,
    Cause,
    Consequence,
    Delayed,
    Ending,
    EndingReached,
    EventScheduled,
    FlagChange,
    FollowUp,
    IllegalMove,
    MeterChange,
    Outcome,
    OutcomeDrawn,
    PhaseChanged,
    Rule,
    Session,
    Transition,
    TurnBegan,
    available,
    new_game,
    options,
    state_digest,
)
from game.engine.step import step
from tests.kit import choice, cond, effects, event, num, plain, scenario


def meter_changes(changes: tuple[object, ...]) -> list[MeterChange]:
    return [c for c in changes if isinstance(c, MeterChange)]


def test_choice_effect_is_recorded_with_its_explain() -> None:
    sc = scenario(event("e", choice("up", "a reason", consequence=plain(a=2))))
    result = step(sc, new_game(sc, 1).state, "up")
    first = meter_changes(result.changes)[0]
    assert (first.meter, first.before, first.after) == ("a", 5.0, 7.0)
    assert first.cause == Cause("choice", "e.up", "a reason")
    assert not first.clamped


def test_computed_effects_all_read_the_values_before_the_choice() -> None:
    sc = scenario(event("e", choice("swap", consequence=plain(a="b - a", b="a"))))
    result = step(sc, new_game(sc, 1).state, "swap")
    a, b = meter_changes(result.changes)[:2]
    assert (a.after, b.after) == (0.0, 5.0)  # b took the old a (5), not the new one


def test_clamping_is_recorded() -> None:
    sc = scenario(event("e", choice("big", consequence=plain(a=100))))
    change = meter_changes(step(sc, new_game(sc, 1).state, "big").changes)[0]
    assert change.after == 10.0
    assert change.requested == 100.0
    assert change.clamped


def test_flags_set_and_cleared() -> None:
    sc = scenario(
        event(
            "e",
            choice("flip", consequence=Consequence(set_flags=("x",), clear_flags=("y",))),
        )
    )
    state = attrs.evolve(new_game(sc, 1).state, flags=frozenset({"y"}))
    result = step(sc, state, "flip")
    flags = [c for c in result.changes if isinstance(c, FlagChange)]
    assert [(f.flag, f.value) for f in flags] == [("x", True), ("y", False)]
    assert result.state.flags == frozenset({"x"})


def test_rules_run_at_the_end_of_the_quarter_in_order() -> None:
    rules = (
        Rule("double", "doubling", plain(a="a")),
        Rule("minus", "minus one", plain(a=-1), when=cond("a > 6")),
    )
    sc = scenario(event("e", choice("noop", consequence=plain(b=1))), rules=rules)
    result = step(sc, new_game(sc, 1).state, "noop")
    rule_changes = [c for c in meter_changes(result.changes) if c.cause.kind == "rule"]
    assert [(c.cause.source, c.before, c.after) for c in rule_changes] == [
        ("double", 5.0, 10.0),
        ("minus", 10.0, 9.0),
    ]


def test_chance_rules_follow_the_seed() -> None:
    rule = Rule("coin", "a coin", Consequence(set_flags=("heads",)), chance=num(0.5))
    sc = scenario(event("e", choice("noop", consequence=plain(b=1))), rules=(rule,))
    outcomes = set()
    for seed in range(40):
        outcomes.add("heads" in step(sc, new_game(sc, seed).state, "noop").state.flags)
    assert outcomes == {True, False}


def test_chance_outcome_is_drawn_recorded_and_applied() -> None:
    sure = Outcome("boom", num(1), "It went off.", plain(a=-3))
    sc = scenario(event("e", choice("risk", consequence=plain(b=1), outcomes=(sure,))))
    result = step(sc, new_game(sc, 1).state, "risk")
    drawn = [c for c in result.changes if isinstance(c, OutcomeDrawn)]
    assert [d.outcome for d in drawn] == ["boom"]
    change = next(c for c in meter_changes(result.changes) if c.cause.kind == "chance")
    assert (change.meter, change.delta, change.cause.explain) == ("a", -3.0, "It went off.")
    assert result.state.decisions[-1].outcome == "boom"


def test_impossible_outcome_never_happens() -> None:
    never = Outcome("never", num(0), "No.", plain(a=-3))
    sc = scenario(event("e", choice("risk", consequence=plain(b=1), outcomes=(never,))))
    for seed in range(20):
        result = step(sc, new_game(sc, seed).state, "risk")
        assert result.state.decisions[-1].outcome is None


def test_delayed_effects_land_after_the_stated_quarters() -> None:
    later = Delayed(2, effects(a=3), "It arrived.")
    sc = scenario(
        event("e", choice("order", consequence=Consequence(later=(later,)))),
        event("filler", choice("noop", consequence=plain(b=0.1))),
    )
    session = Session.start(sc, 1).choose("order")
    arrivals = []
    while not session.state.over:
        current = session.state.current_event
        session = session.choose("order" if current == "e" else "noop")
        arrivals += [
            (session.state.turn, c.cause.source)
            for c in meter_changes(session.steps[-1].changes)
            if c.cause.kind == "delayed"
        ]
    assert arrivals and arrivals[0][1] == "e.order"


def test_follow_up_is_scheduled_and_offered_on_time() -> None:
    sc = scenario(
        event("start", choice("go", consequence=Consequence(follow=(FollowUp("next", 2),)))),
        event("next", choice("done", consequence=plain(b=1)), followup_only=True),
        event("filler", choice("noop", consequence=plain(b=0.1))),
        start=("start",),
        events_per_turn=0,
    )
    first = new_game(sc, 1)
    assert first.state.agenda == ("start",)
    result = step(sc, first.state, "go")
    scheduled = [c for c in result.changes if isinstance(c, EventScheduled)]
    assert [(s.event, s.turn) for s in scheduled] == [("next", 3)]
    began = [c for c in result.changes if isinstance(c, TurnBegan)]
    assert [b.turn for b in began] == [2, 3]  # quarter 2 had nothing to decide
    assert result.state.current_event == "next" and result.state.turn == 3


def test_once_only_events_are_offered_once() -> None:
    sc = scenario(
        event("one", choice("x", consequence=plain(b=1)), once=True, weight=1000),
        event("filler", choice("noop", consequence=plain(b=0.1))),
        turns=6,
    )
    session = Session.start(sc, 3)
    seen = []
    while not session.state.over:
        seen.append(session.state.current_event)
        session = session.choose("x" if seen[-1] == "one" else "noop")
    assert seen.count("one") == 1


def test_cooldown_keeps_an_event_away_for_its_quarters() -> None:
    sc = scenario(
        event("hot", choice("x", consequence=plain(b=1)), cooldown=2, weight=1000),
        event("filler", choice("noop", consequence=plain(b=0.1))),
        turns=7,
    )
    session = Session.start(sc, 5)
    turns = []
    while not session.state.over:
        if session.state.current_event == "hot":
            turns.append(session.state.turn)
            session = session.choose("x")
        else:
            session = session.choose("noop")
    assert turns == [1, 4, 7]


def test_phase_transitions_fire_in_declared_order_one_per_quarter() -> None:
    transitions = (
        Transition("low", "high", cond("a >= 7"), "rising"),
        Transition("low", "over", cond("a >= 7"), "never first"),
        Transition("high", "low", cond("a < 3"), "falling"),
    )
    endings = (
        Ending("ended", "Ended", "F", "", when=cond("phase.over")),
        Ending("fallback", "Fallback", "C", ""),
    )
    sc = scenario(
        event("e", choice("up", consequence=plain(a=3)), choice("down", consequence=plain(a=-6))),
        transitions=transitions,
        endings=endings,
    )
    result = step(sc, new_game(sc, 1).state, "up")
    phases = [c for c in result.changes if isinstance(c, PhaseChanged)]
    assert [(p.before, p.after, p.cause.explain) for p in phases] == [("low", "high", "rising")]
    result = step(sc, result.state, "down")
    assert result.state.phase == "low"


def test_a_terminal_phase_ends_the_term() -> None:
    transitions = (Transition("low", "over", cond("a >= 7"), "done"),)
    endings = (
        Ending("ended", "Ended", "F", "", when=cond("phase.over")),
        Ending("fallback", "Fallback", "C", ""),
    )
    sc = scenario(
        event("e", choice("up", consequence=plain(a=3))),
        transitions=transitions,
        endings=endings,
        turns=10,
    )
    result = step(sc, new_game(sc, 1).state, "up")
    assert result.state.over and result.state.ending == "ended"
    assert result.state.turn == 1
    assert isinstance(result.changes[-1], EndingReached)


def test_any_endings_are_checked_after_every_decision() -> None:
    endings = (
        Ending("broke", "Broke", "F", "", when=cond("a <= 0"), at="any"),
        Ending("late", "Late", "A", "", when=cond("a <= 0")),
        Ending("fallback", "Fallback", "C", ""),
    )
    sc = scenario(event("e", choice("crash", consequence=plain(a=-10))), endings=endings)
    result = step(sc, new_game(sc, 1).state, "crash")
    assert result.state.ending == "broke"
    assert options(sc, result.state) == ()


def test_end_endings_wait_for_the_end_of_the_term() -> None:
    endings = (
        Ending("high", "High", "A", "", when=cond("a >= 9")),
        Ending("fallback", "Fallback", "C", ""),
    )
    sc = scenario(event("e", choice("up", consequence=plain(a=5))), endings=endings, turns=3)
    session = Session.start(sc, 1).choose("up")
    assert not session.state.over
    session = session.choose("up").choose("up")
    assert session.state.ending == "high"
    assert len(session.state.quarter_starts) == 3


def test_unavailable_choices_are_shown_with_a_reason_or_hidden() -> None:
    sc = scenario(
        event(
            "e",
            choice("open", consequence=plain(b=1)),
            choice("shown", consequence=plain(b=1), when=cond("a > 8"), unavailable="Too low."),
            choice("secret", consequence=plain(b=1), when=cond("a > 8"), hidden=True),
        )
    )
    state = new_game(sc, 1).state
    listed = [(o.choice.id, o.available, o.reason) for o in options(sc, state)]
    assert listed == [("open", True, ""), ("shown", False, "Too low.")]
    assert [c.id for c in available(sc, state)] == ["open"]
    with pytest.raises(IllegalMove):
        step(sc, state, "shown")
    with pytest.raises(IllegalMove):
        step(sc, state, "nonexistent")


def test_available_is_what_options_offers_along_whole_terms() -> None:
    frozen_campaign = Path(__file__).parent / "data" / "campaign-8ee8e5e"
    scenario_ = load_content(frozen_campaign).scenario
    assert scenario_ is not None
    conditional = 0
    for seed in range(15):
        state = new_game(scenario_, seed).state
        while state.current_event is not None:
            offered = tuple(o.choice for o in options(scenario_, state) if o.available)
            assert available(scenario_, state) == offered
            conditional += len(offered) < len(scenario_.event_by_id[state.current_event].choices)
            state = step(scenario_, state, offered[seed % len(offered)].id).state
    assert conditional > 0  # some choice was closed by its condition along the way


def test_no_move_after_the_end() -> None:
    endings = (Ending("now", "Now", "F", "", when=cond("true"), at="any"),)
    sc = scenario(event("e", choice("x", consequence=plain(b=1))), endings=endings)
    state = step(sc, new_game(sc, 1).state, "x").state
    with pytest.raises(IllegalMove):
        step(sc, state, "x")


def test_weights_steer_the_draw() -> None:
    sc = scenario(
        event("heavy", choice("x", consequence=plain(b=1)), weight=99),
        event("light", choice("x", consequence=plain(b=1)), weight=1),
        event("never", choice("x", consequence=plain(b=1)), weight="a - 100"),
    )
    drawn = [new_game(sc, seed).state.current_event for seed in range(200)]
    assert drawn.count("never") == 0
    assert 170 <= drawn.count("heavy") <= 200
    assert drawn.count("light") >= 1


def test_turn_labels() -> None:
    sc = scenario(
        event("e", choice("x", consequence=plain(b=1))),
        calendar=Calendar(first_year=2029, start=3),
    )
    assert [sc.turn_label(t) for t in (1, 2, 3)] == ["Q3 2029", "Q4 2029", "Q1 2030"]


def test_rounding_is_not_mistaken_for_clamping() -> None:
    sc = scenario(event("e", choice("tenth", consequence=plain(b=-0.3))))
    state = attrs.evolve(new_game(sc, 1).state, meters=(5.0, 2.2))
    change = meter_changes(step(sc, state, "tenth").changes)[0]
    assert change.after == 1.9
    assert not change.clamped


def test_states_with_delayed_effects_have_a_digest() -> None:
    later = Delayed(2, effects(a="a / 2"), "Later.")
    sc = scenario(event("e", choice("order", consequence=Consequence(later=(later,)))))
    state = step(sc, new_game(sc, 1).state, "order").state
    assert state.pending_effects
    assert len(state_digest(state)) == 16


def test_the_digest_covers_where_the_term_stands_not_its_history() -> None:
    sc = scenario(event("e", choice("x", consequence=plain(a=1))))
    state = new_game(sc, 1).state
    assert state_digest(attrs.evolve(state, decisions=(), quarter_starts=())) == state_digest(state)
    assert state_digest(attrs.evolve(state, meters=(5.5, 0.0))) != state_digest(state)
    assert state_digest(attrs.evolve(state, flags=frozenset({"f"}))) != state_digest(state)
