"""The decisions of the term so far, quarter by quarter, newest at the bottom."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content

from game.engine.model import Scenario
from game.engine.state import Decision
from game.report.ledger import choice_label
from game.tui.text import one_line
from game.tui.widgets.hanging_list import HangingList, Row


def log_rows(scenario: Scenario, decisions: Sequence[Decision]) -> list[Row]:
    rows: list[Row] = []
    turn = 0
    for number, decision in enumerate(decisions, start=1):
        if decision.turn != turn:
            turn = decision.turn
            rows.append(Row(Content.styled(scenario.turn_label(turn), "bold $text-muted")))
        label = one_line(choice_label(scenario, decision))
        rows.append(Row(Content(label), Content.styled(str(number), "$text-muted")))
    if not rows:
        rows.append(Row(Content.styled("No decisions yet.", "italic $text-muted")))
    return rows


class DecisionLog(VerticalScroll, can_focus=False):
    def compose(self) -> ComposeResult:
        yield HangingList(marker_width=2, wrap=False, id="log-lines")

    shown: tuple[Decision, ...] | None = None

    def show(self, scenario: Scenario, decisions: Sequence[Decision]) -> None:
        if tuple(decisions) == self.shown:
            return
        self.shown = tuple(decisions)
        self.query_one(HangingList).set_rows(log_rows(scenario, decisions))
        self.call_after_refresh(self.scroll_end, animate=False)
