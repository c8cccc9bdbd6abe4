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

FLASH_SECONDS = 1.5  # how long the header stays lit after the phase changed


class TermHeader(Horizontal):
    shown: tuple[str, str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Label(id="header-title")
        yield Label(id="header-quarter")
        yield PhaseBadge(id="header-phase")

    def show(
        self, scenario: Scenario, state: State, *, note: str = "", turn: int | None = None
    ) -> None:
        """`turn`: the quarter to name, when not the state's (a replay names the decision's)."""
        turn = state.turn if turn is None else turn
        quarter = f"{scenario.turn_label(turn)} · {scenario.words.turn} {turn} of {scenario.turns}"
        if note:
            quarter = f"{quarter} · {note}"
        shown = (scenario.title, quarter, state.phase)
        if shown == self.shown:
            return  # unchanged: no repaint
        self.shown = shown
        title = one_line(scenario.title)
        self.query_one("#header-title", Label).update(Content.styled(title, "bold"))
        self.query_one("#header-quarter", Label).update(Content(quarter))
        self.query_one(PhaseBadge).show(scenario, state.phase)

    def flash(self) -> None:
        """Light the header for a moment: the phase just changed."""
        self.add_class("-flash")
        self.set_timer(FLASH_SECONDS, lambda: self.remove_class("-flash"))
