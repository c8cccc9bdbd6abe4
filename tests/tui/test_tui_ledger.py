"""The grouping of engine records that the screens show (no Textual involved)."""

from __future__ import annotations

import pytest

from game.content.load import Content
from game.engine.changes import MeterChange
from game.engine.session import Session
from game.narrate import shown
from game.report.ledger import (
    decision_of,
    drift_sentence,
    history,
    impacts,
    ledger,
    sections,
    top_impacts,
)
from game.tui.glyphs import bar, signed, spark
from game.tui.text import one_line, safe


@pytest.fixture
def term(lighthouse: Content) -> Session:
    assert lighthouse.scenario is not None
    return Session.replay(lighthouse.scenario, 1, ["trim", "horn", "horn", "horn", "horn"])


def test_a_decision_then_the_end_of_its_quarter_then_the_next_quarter(term: Session) -> None:
    scenario = term.scenario
    found = sections(scenario, term.steps[2], decision_of(term, 2))
    assert [(s.kind, s.title) for s in found] == [
        ("decision", "Your decision: Sound the horn all night"),
        ("quarter_end", "End of Q1 1901"),
        ("quarter_begin", "Q2 1901 begins"),
    ]
    assert all(e.change.cause.kind == "choice" for e in found[0].entries)  # type: ignore[union-attr]
    assert not found[1].entries  # the steady rules are the quarter's drift, apart
    assert {e.change.cause.kind for e in found[1].drift} == {"rule"}  # type: ignore[union-attr]


def test_a_delayed_effect_lands_at_the_end_of_its_quarter(term: Session) -> None:
    scenario = term.scenario
    found = sections(scenario, term.steps[3], decision_of(term, 3))
    end = next(s for s in found if s.kind == "quarter_end")
    delayed = [e for e in end.entries if e.change.cause.kind == "delayed"]  # type: ignore[union-attr]
    rum = "Keeper rose by 10 to 50: The captains send a barrel of rum."
    assert [e.text for e in delayed] == [rum]
    # the engine names the decision that scheduled it: the first horn, decision 2
    assert delayed[0].change.cause.decision == 2  # type: ignore[union-attr]
    assert delayed[0].tag == "delayed: your decision of Q1 1901: Sound the horn all night"


def test_a_phase_change_comes_first_as_a_banner(term: Session) -> None:
    scenario = term.scenario
    found = sections(scenario, term.steps[3], decision_of(term, 3))
    assert [s.kind for s in found] == ["phase", "decision", "quarter_end", "quarter_begin"]
    assert found[0].title == "The phase changed: Calm → Gale"


def test_the_drift_of_a_quarter_is_one_sentence(term: Session) -> None:
    scenario = term.scenario
    end = sections(scenario, term.steps[3], decision_of(term, 3))[2]
    assert drift_sentence(scenario, end) == ("Drift: Storm +5, Oil −0.1 percentage points.")


def test_the_ledger_of_a_quarter_adds_up_as_shown(term: Session) -> None:
    for turn in range(1, len(term.state.quarter_starts) + 1):
        book = ledger(term, turn)
        for line in book.meters:
            meter = line.meter
            moves = sum(v for _, v in line.by_cause)
            assert round(shown(meter, line.start) + moves, 6) == shown(meter, line.end)


def test_a_delayed_effect_counts_for_the_decision_that_caused_it(term: Session) -> None:
    second = impacts(term)[1]  # the first horn: its rum lands a quarter later
    moves = {meter.id: delta for meter, delta in second.moves}
    assert moves == {"keeper": 5.0, "light": 5.0}  # -5 at once, +10 later


def test_top_impacts_are_biggest_first(term: Session) -> None:
    ranked = top_impacts(term, 3)
    assert ranked[0].choice == "Trim the wick and light it [now]"
    assert [i.score for i in ranked] == sorted((i.score for i in ranked), reverse=True)


def test_history_has_every_quarter_start_and_the_end(term: Session) -> None:
    for meter, values in history(term):
        assert len(values) == len(term.state.quarter_starts) + 1
        assert values[-1] == term.state.meters[term.scenario.meter_index[meter.id]]


def test_every_meter_change_of_a_term_is_shown_somewhere(term: Session) -> None:
    scenario = term.scenario
    shown = [
        e.change
        for i, step in enumerate(term.steps)
        for s in sections(scenario, step, decision_of(term, i))
        for e in (*s.entries, *s.drift)
    ]
    recorded = [c for step in term.steps for c in step.changes if isinstance(c, MeterChange)]
    assert [c for c in shown if isinstance(c, MeterChange)] == recorded


def test_glyphs() -> None:
    assert bar(0.5, 8) == ("████", "    ")
    assert bar(1 / 16, 2) == ("▏", " ")
    assert spark([0, 50, 100], 0, 100, 3) == "▁▅█"
    assert len(set(spark([50, 51, 50], 0, 100, 3))) > 1  # small moves still show, gently
    assert spark([], 0, 100, 5) == ""


def test_signed_moves(lighthouse: Content) -> None:
    assert lighthouse.scenario is not None
    oil = lighthouse.scenario.meter("oil")
    assert signed(oil, -1.0) == "▼1.0pt"  # percentage points, not per cent
    assert signed(oil, 0.001) == "·"
    assert signed(oil, 0.3, unit=False) == "▲0.3"


def test_untrusted_text_loses_escapes_and_controls() -> None:
    assert safe("a\x1b[31mred\x1b[0m\x07 b") == "ared b"
    assert one_line("two\nlines\u202e") == "two lines"
