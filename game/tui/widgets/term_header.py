"""The top line of the game: the pack's title, the quarter, the phase."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label

from game.engine.model import Scenario
from game.engine.state import State
from game.tui.text import one_line
from game.tui.widgets.phase_badge import PhaseBadge


class TermHeader(Horizontal):
    def compose(self) -> ComposeResult:
        yield Label(id="header-title")
        yield Label(id="header-quarter")
        yield PhaseBadge(id="header-phase")

    def show(self, scenario: Scenario, state: State, *, note: str = "") -> None:
        title = one_line(scenario.title)
        self.query_one("#header-title", Label).update(Content.styled(title, "bold"))
        quarter = f"{scenario.turn_label(state.turn)} · quarter {state.turn} of {scenario.turns}"
        if note:
            quarter = f"{quarter} · {note}"
        self.query_one("#header-quarter", Label).update(Content(quarter))
        self.query_one(PhaseBadge).show(scenario, state.phase)
